"""The one exception type of the deploy package: a message for people and the exit code to end with."""

from __future__ import annotations

import click

EXIT_FAILED = 1  # a step failed, the build differs from its lock, the spec does not match the build
EXIT_USAGE = 2  # missing CLI, missing credentials without a terminal, missing --spec or --site


class DeployError(click.ClickException):
    """A deploy problem worded for the user; click prints ``Error: <message>`` and exits with ``exit_code``."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        # click declares exit_code as a class variable; a per-instance value is what click reads too
        setattr(self, "exit_code", exit_code)  # noqa: B010
