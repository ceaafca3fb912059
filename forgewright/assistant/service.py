"""What the ``new`` and ``chat`` commands share: one assistant that builds, sends, reports and repairs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dsl import analyze
from dsl.render import code_frames
from forgewright.assistant import config, repair, scopes
from forgewright.assistant.answer import Reply
from forgewright.assistant.audit import AuditLog
from forgewright.assistant.errors import AssistantError
from forgewright.assistant.progress import Progress
from forgewright.assistant.prompt import RequestBody, StaticDocs, Turn, build_request
from forgewright.assistant.session import save_spec
from forgewright.assistant.usage import Usage

if TYPE_CHECKING:
    import anthropic


def audit_log(option: Path | None) -> AuditLog | None:
    """The audit log from ``--audit-log`` or ``FORGEWRIGHT_AUDIT_LOG``, checked writable; None when unset."""
    if option is not None:
        return AuditLog.open(option)
    env = os.environ.get(config.AUDIT_LOG_ENV, "").strip()
    return AuditLog.open(Path(env)) if env else None


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' * (count != 1)}"


class Assistant:
    """One model, one client, one set of static docs; counts calls, requests and tokens across all calls.

    The SDK is imported when the first call is made, not before: ``--help``, ``--show-prompt`` and
    every check that can fail before a call stay fast.
    """

    def __init__(
        self,
        settings: config.Settings,
        docs: StaticDocs,
        audit: AuditLog | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.settings = settings
        self.docs = docs
        self.audit = audit
        self.progress = progress if progress is not None else Progress()
        self.total = Usage()
        self.calls = 0  # in the current request
        self.total_calls = 0
        self._client: anthropic.Anthropic | None = None

    def build(self, turn: Turn) -> RequestBody:
        return build_request(turn, model=self.settings.model, docs=self.docs, max_tokens=config.MAX_OUTPUT_TOKENS)

    def _send(self, body: RequestBody, label: str) -> Reply:
        from forgewright.assistant import client

        if self._client is None:
            self._client = client.make_client(self.settings.api_key, audit=self.audit, timeout=self.settings.timeout)
        return client.send(self._client, body, self.progress, label, self.settings.timeout)

    def call(self, turn: Turn) -> Reply:
        """Build and send one request; report its usage (also when it failed but was billed)."""
        self.calls += 1
        self.total_calls += 1
        label = f"asking Claude (call {self.calls} of at most {config.MAX_CALLS})"
        try:
            reply = self._send(self.build(turn), label)
        except AssistantError as error:
            spent = error.usage if error.usage is not None else Usage(requests=error.requests)
            self.total = self.total + spent
            if error.usage is not None:
                self.progress.note(f"call {self.calls} (not usable): {self._line(error.usage, None)}")
            raise
        self.total = self.total + reply.usage
        self.progress.note(f"call {self.calls}: {self._line(reply.usage, reply.seconds)}")
        return reply

    def _line(self, usage: Usage, seconds: float | None) -> str:
        extra = [f"{seconds:.1f} s"] if seconds is not None else []
        if usage.requests > 1:
            extra.append(f"{usage.requests} requests")
        return usage.line() + (f" ({', '.join(extra)})" if extra else "")

    def resolve(self, turn: Turn, file: str, ask: repair.Asker) -> repair.Outcome:
        """Run one request through the repair loop (questions shown and answered through ``ask``).

        A fresh count of calls per request: the bound of :data:`config.MAX_CALLS` applies to each.
        """
        self.calls = 0
        return repair.generate(turn, call=self.call, ask=ask, tell=self.progress.note, file=file)

    def total_line(self) -> str:
        """``total (2 calls, 3 requests): input … ``: calls answered or failed, HTTP requests sent."""
        counts = f"{_plural(self.total_calls, 'call')}, {_plural(self.total.requests, 'request')}"
        return f"total ({counts}): {self.total.line()}"


def ask(questions: tuple[str, ...]) -> str | None:
    """Show Claude's questions and read the user's answer; None when they give none (Ctrl-D, Ctrl-C)."""
    show_questions(questions)
    try:
        answer: str = click.prompt("your answer", default="", show_default=False)
    except click.Abort:
        click.echo()
        return None
    return answer


def show_questions(questions: tuple[str, ...]) -> None:
    click.echo(click.style("Claude asks:", bold=True))
    for question in questions:
        for line in question.splitlines():
            click.echo(f"  {line}")


def describe(outcome: repair.Outcome) -> str:
    """Summary, scope table and assumptions of a valid outcome, for people."""
    parts = []
    if outcome.envelope is not None and outcome.envelope.summary:
        parts.append(outcome.envelope.summary)
    if outcome.analysis is not None and outcome.analysis.app is not None:
        parts.append(scopes.scope_table(outcome.analysis.app))
    if outcome.envelope is not None and outcome.envelope.assumptions:
        parts.append("assumptions:\n" + "\n".join(f"  - {a}" for a in outcome.envelope.assumptions))
    return "\n\n".join(parts)


def save_draft(draft: repair.Draft, path: Path) -> None:
    """Save a draft the checker rejected, and show its errors as they are in that file."""
    save_spec(path, draft.envelope.spec)
    analysis = analyze(draft.envelope.spec, str(path))
    click.echo(code_frames(analysis.diagnostics, analysis.source), err=True)


def load_docs() -> StaticDocs:
    """The static docs for the prompt: rules, the language reference, the field catalogue, examples."""
    from forgewright.assistant.prompt import load_static_docs

    return load_static_docs()
