"""Running each child process of a deploy as a named step: progress, redacted output, plain failures.

Output of a child is captured whole (stdout and stderr together), passed through the redactor, and only
then shown (``--verbose``, or the tail of a failed step). Nothing is written to disk. The child's stdin is
closed, so a CLI that unexpectedly asks a question fails at once instead of waiting forever.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from forgewright.deploy.errors import DeployError

TAIL_LINES = 25
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass(frozen=True)
class StepResult:
    returncode: int
    output: str  # already redacted, ANSI colours removed


class StepFailed(DeployError):
    """A step ended badly; the message names the step and holds its redacted output tail."""

    def __init__(self, step: str, message: str, result: StepResult | None = None) -> None:
        super().__init__(message)
        self.step = step
        self.result = result


@dataclass(frozen=True)
class Explanation:
    """A known failure, recognised from the CLI's output, worded for the user."""

    pattern: re.Pattern[str]
    text: str
    verified: bool  # True: the message text is in @forge/cli 13.3.0's sources; False: an educated guess


def _e(pattern: str, text: str, verified: bool = True) -> Explanation:
    return Explanation(re.compile(pattern, re.IGNORECASE), text, verified)


# Messages verified against @forge/cli-shared (the CLI's text table, out/ui/text.js) as served with
# @forge/cli 13.3.0. Those marked verified=False are guesses at wording from the Atlassian services that the
# CLI passes through unchanged; they only add an explanation, never decide success.
EXPLANATIONS: tuple[Explanation, ...] = (
    _e(
        r"Insufficient permissions to install app",
        "Your Atlassian account is not an admin of {site}, and only a site admin can install an app there. "
        "Ask a site admin to run the install, or use an Atlassian site where you are an admin.",
    ),
    _e(
        r"not an Atlassian site|doesn't belong to an Atlassian site|Site URL is invalid|Site is invalid",
        "{site} is not a site Atlassian knows. Check the spelling: it is the host name you open Jira at, "
        "like your-team.atlassian.net.",
    ),
    _e(
        r"Atlassian app is not activated on",
        "Jira is not active on {site}: the site exists, but has no Jira to install into.",
    ),
    _e(
        r"API token on your machine is no longer valid|couldn't log you in|Not logged in",
        "Atlassian did not accept the email and API token. Check FORGE_EMAIL and create a new token if "
        "this one was revoked or has expired.",
    ),
    _e(
        r"must be deployed before installation",
        "The Forge platform has no deployment of this app in that environment yet.",
    ),
    _e(
        r"not currently a member of a Developer Space",
        "Registering an app needs a Developer Space, and your account is in none. Create one (or ask to be "
        "added) at developer.atlassian.com, then deploy again.",
    ),
    _e(
        r"Your response is needed to continue",
        "The Forge CLI stopped to ask a question that forgewright cannot answer for you (for `forge register`: "
        "a Developer Space and Atlassian's developer terms). Run the shown command yourself in the build "
        "folder (forgewright deploy --manual lists them all).",
    ),
    _e(
        r"force closed the prompt|ExitPromptError",
        "The Forge CLI tried to ask a question, but a deploy runs without a terminal. Run the shown command "
        "yourself in the build folder (forgewright deploy --manual lists them all).",
        verified=False,
    ),
    _e(
        r"\b(?:status(?: code)?|HTTP)\s*40[13]\b|\bUnauthori[sz]ed\b|\bForbidden\b",
        "Atlassian refused the request: the account may lack the permission this step needs.",
        verified=False,
    ),
    _e(
        r"ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|getaddrinfo",
        "The Forge CLI could not reach Atlassian: check the network connection (and any proxy settings).",
        verified=False,
    ),
)


def explain(output: str, site: str) -> list[str]:
    """Plain explanations for every known failure found in a step's output."""
    return [e.text.format(site=site or "the site") for e in EXPLANATIONS if e.pattern.search(output)]


class StepRunner:
    """Runs the steps of one deploy in order and reports progress."""

    def __init__(
        self,
        cwd: Path,
        redact: Callable[[str], str],
        total: int,
        site: str = "",
        verbose: bool = False,
        echo: Callable[[str], None] = click.echo,
    ) -> None:
        self.cwd = cwd
        self.redact = redact
        self.total = total
        self.site = site
        self.verbose = verbose
        self.echo = echo
        self.number = 0

    def announce(self, title: str) -> None:
        self.number += 1
        self.echo(f"[{self.number}/{self.total}] {title}")

    def run(
        self,
        title: str,
        argv: Sequence[str],
        env: Mapping[str, str],
        failure_markers: Sequence[str] = (),
        announce: bool = True,
    ) -> StepResult:
        """Run ``argv``; raise :class:`StepFailed` on a non-zero exit or when a failure marker shows up
        (the Forge CLI prints some failures and still exits 0)."""
        if announce:
            self.announce(title)
        shown = " ".join(self.redact(a) for a in argv)
        try:
            completed = subprocess.run(
                list(argv),
                cwd=self.cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                check=False,
            )
        except OSError as exc:
            raise StepFailed(title, f"step failed: {title}\ncould not start `{shown}`: {exc.strerror}") from None
        output = self.redact(_ANSI.sub("", completed.stdout.decode("utf-8", errors="replace")))
        result = StepResult(completed.returncode, output)
        del completed
        if self.verbose and output.strip():
            self.echo(_indent(output.rstrip()))
        marker = next((m for m in failure_markers if m.lower() in output.lower()), None)
        if result.returncode != 0 or marker is not None:
            raise StepFailed(title, self.failure_message(title, shown, result), result)
        return result

    def failure_message(self, title: str, shown: str, result: StepResult) -> str:
        lines = [f"step failed: {title}", f"command: {shown}", f"exit code: {result.returncode}"]
        tail = result.output.rstrip().splitlines()[-TAIL_LINES:]
        if tail:
            lines.append(f"last {len(tail)} lines of its output (the token, if present, is redacted):")
            lines.append(_indent("\n".join(tail)))
        for explanation in explain(result.output, self.site):
            lines.append(f"What this means: {explanation}")
        return "\n".join(lines)


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())
