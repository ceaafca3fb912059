"""Options shared by several commands, so they read and behave the same everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

REVIEW_FORMATS_HELP = "text for a terminal, markdown for a PR comment, json for machines."


def format_option(choices: tuple[str, ...], help_text: str) -> Callable[[F], F]:
    """``--format`` (first choice is the default), passed to the command as ``output_format``."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help_text,
    )
