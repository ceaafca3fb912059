"""How a model call fails: one sentence saying what happened and what to do, never a traceback.

Kept apart from :mod:`forgewright.assistant.client` so that code handling these errors does not import
the Anthropic SDK (which only a call needs).
"""

from __future__ import annotations

import click

from forgewright.assistant.usage import Usage


class ShellError(click.ClickException):
    """A problem of the environment or a setting, shown as one ``forgewright: …`` line; exit 2."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"forgewright: {self.message}", err=True)


class AssistantError(ShellError):
    """A model call failed. Exit 2 (environment or API) unless a subclass says otherwise.

    ``usage`` holds what the failed call was billed (an answer that arrived but cannot be used) and
    ``requests`` how many HTTP requests it sent, so totals stay true when a call fails.
    """

    def __init__(self, message: str, *, usage: Usage | None = None, requests: int = 0) -> None:
        super().__init__(message)
        self.usage = usage
        self.requests = requests


class AnswerError(AssistantError):
    """The model answered, but not with a spec we can use (it refused, was cut off, skipped the envelope).

    Exit 1, like a spec with errors: the request, not the environment, has to change.
    """

    exit_code = 1


class AuditLogError(AssistantError):
    """The audit log cannot be written; nothing is sent unlogged."""
