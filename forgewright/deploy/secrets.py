"""The Atlassian email and API token the Forge CLI logs in with, and redacting the token from text.

Rules this module exists to keep (DESIGN.md, promise 5):

- the token comes from ``FORGE_API_TOKEN`` or a hidden prompt, never from a command-line option (argv is
  visible to other users of the machine and lands in shell history);
- it is handed on only as ``FORGE_API_TOKEN`` in the environment built by :meth:`Credentials.child_env`
  for a Forge CLI child process; npm and anything else get an environment without it;
- it is never written to a file or printed: :class:`Credentials` hides it from ``repr``/``str``, and every
  text captured from a child goes through a :class:`~forgewright.deploy.redact.Redactor` before it is
  shown or kept, which masks the token in every form it may take (see :mod:`forgewright.deploy.redact`);
- the caller drops its references when the command ends (``del``; there are no module-level copies).
  Python cannot wipe a ``str`` from memory: the last reference going away is the best it can do.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

import click

from forgewright.deploy.errors import EXIT_USAGE, DeployError
from forgewright.deploy.redact import MASK, Redactor

EMAIL_VAR = "FORGE_EMAIL"
TOKEN_VAR = "FORGE_API_TOKEN"
TOKEN_PAGE = "https://id.atlassian.com/manage-profile/security/api-tokens"


class Credentials:
    """An email and an API token. ``repr`` and ``str`` never show the token."""

    __slots__ = ("_token", "email")

    def __init__(self, email: str, token: str) -> None:
        self.email = email
        self._token = token

    def __repr__(self) -> str:
        return f"Credentials(email={self.email!r}, token={MASK})"

    __str__ = __repr__

    def child_env(self, base: Mapping[str, str]) -> dict[str, str]:
        """The environment for a Forge CLI child: ``base`` plus the email and the token."""
        env = dict(base)
        env[EMAIL_VAR] = self.email
        env[TOKEN_VAR] = self._token
        return env

    def redactor(self) -> Redactor:
        return Redactor([self._token], pairs=[(self.email, self._token)])


def without_credentials(base: Mapping[str, str]) -> dict[str, str]:
    """An environment for a child that has no business with the token (npm)."""
    return {k: v for k, v in base.items() if k not in (TOKEN_VAR, EMAIL_VAR)}


def obtain_credentials(
    environ: Mapping[str, str],
    interactive: bool,
    prompt: Callable[..., object] = click.prompt,
) -> Credentials:
    """Email and token from the environment, else from prompts (the token's hidden), else exit 2."""
    email = environ.get(EMAIL_VAR, "").strip()
    token = environ.get(TOKEN_VAR, "").strip()
    missing = [name for name, value in ((EMAIL_VAR, email), (TOKEN_VAR, token)) if not value]
    if missing and not interactive:
        raise DeployError(
            f"{' and '.join(missing)} not set, and there is no terminal to ask. Set {EMAIL_VAR} to your "
            f"Atlassian account email and {TOKEN_VAR} to an API token (create one at {TOKEN_PAGE}), "
            "or run forgewright deploy --manual for the commands to run yourself.",
            EXIT_USAGE,
        )
    if not email:
        email = str(prompt("Atlassian account email")).strip()
    if not token:
        click.echo(f"An Atlassian API token is needed (create one at {TOKEN_PAGE}); it is not shown or saved.")
        token = str(prompt("API token", hide_input=True)).strip()
    if not email or not token:
        raise DeployError("an email and an API token are both needed to deploy", EXIT_USAGE)
    return Credentials(email, token)


def stdin_is_terminal() -> bool:
    """Whether prompts can be answered (a seam for tests)."""
    try:
        return os.isatty(0)
    except OSError:
        return False
