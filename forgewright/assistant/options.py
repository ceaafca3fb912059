"""The options ``new`` and ``chat`` share (model, timeout, audit log), so both read and behave the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from forgewright.assistant import config

F = TypeVar("F", bound=Callable[..., Any])


def assistant_options(command: F) -> F:
    """``--model``, ``--timeout`` and ``--audit-log``."""
    for option in reversed(
        (
            click.option("--model", help=f"Model id (default: ${config.MODEL_ENV} or {config.DEFAULT_MODEL})."),
            click.option(
                "--timeout",
                type=click.FloatRange(1, 3600),
                metavar="SECONDS",
                help=(
                    f"How long one call may wait for Claude's answer (default: ${config.TIMEOUT_ENV} or "
                    f"{config.DEFAULT_TIMEOUT_SECONDS:g})."
                ),
            ),
            click.option(
                "--audit-log",
                type=click.Path(path_type=Path, dir_okay=False),
                help=f"Append each request body sent, as JSON lines, to this file (or set ${config.AUDIT_LOG_ENV}).",
            ),
        )
    ):
        command = option(command)
    return command
