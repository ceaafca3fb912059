"""What the ``new`` and ``chat`` commands share: one assistant that builds, sends, reports and repairs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import click

from compiler.build import build
from dsl import ast
from forgewright.assistant import client as client_module
from forgewright.assistant import config, repair, scopes
from forgewright.assistant.audit import AuditLog
from forgewright.assistant.client import Reply
from forgewright.assistant.prompt import (
    AskedQuestion,
    Clarification,
    RequestBody,
    StaticDocs,
    Turn,
    UserText,
    build_request,
)
from forgewright.assistant.spinner import Spinner
from forgewright.assistant.usage import Usage
from forgewright.writer import WriteError, write_drafts

Asker = Callable[[str], str | None]
"""Shows the model's questions and returns the user's answer, or None when there is none."""


def audit_log(option: Path | None) -> AuditLog | None:
    """The audit log from ``--audit-log`` or ``FORGEWRIGHT_AUDIT_LOG``; None when neither is set."""
    import os

    if option is not None:
        return AuditLog(option)
    env = os.environ.get(config.AUDIT_LOG_ENV, "").strip()
    return AuditLog(Path(env)) if env else None


class Assistant:
    """One model, one client, one set of static docs; counts tokens across every call."""

    def __init__(self, model: str, api_key: str, docs: StaticDocs, audit: AuditLog | None = None) -> None:
        self.model = model
        self.docs = docs
        self.client = client_module.make_client(api_key, audit=audit)
        self.total = Usage()
        self.calls = 0

    def build(self, turn: Turn) -> RequestBody:
        return build_request(turn, model=self.model, docs=self.docs, max_tokens=config.MAX_OUTPUT_TOKENS)

    def call(self, body: RequestBody) -> Reply:
        label = "asking Claude…" if self.calls == 0 else "asking Claude again…"
        with Spinner(label):
            reply = client_module.send(self.client, body)
        self.calls += 1
        self.total = self.total + reply.usage
        click.echo(f"request {self.calls}: {reply.usage.line()} ({reply.seconds:.1f} s)", err=True)
        return reply

    def run(self, turn: Turn, file: str) -> repair.Outcome:
        return repair.generate(turn, build=self.build, call=self.call, file=file)

    def resolve(self, turn: Turn, file: str, ask: Asker) -> repair.Outcome:
        """Run a turn; when the model asks, show the questions, take an answer and run it again."""
        outcome = self.run(turn, file)
        rounds = 0
        while outcome.status is repair.Status.QUESTION and rounds < config.MAX_QUESTION_ROUNDS:
            question = "\n".join(outcome.envelope.questions)
            answer = ask(question)
            if answer is None or not answer.strip():
                return outcome
            rounds += 1
            asked = Clarification(AskedQuestion(question), UserText(answer))
            turn = replace(turn, clarifications=(*turn.clarifications, asked))
            outcome = self.run(turn, file)
        return outcome

    def total_line(self) -> str:
        return f"total ({self.total.requests} request{'s' * (self.total.requests != 1)}): {self.total.line()}"


def ask(questions: str) -> str | None:
    """Show the model's questions and read the user's answer; None when they give none (Ctrl-D)."""
    click.echo(click.style("Claude asks:", bold=True))
    for line in questions.splitlines():
        click.echo(f"  {line}")
    try:
        answer: str = click.prompt("your answer", default="", show_default=False)
    except click.Abort:
        return None
    return answer


def describe(outcome: repair.Outcome) -> str:
    """Summary, scope table and assumptions of a valid outcome, for people."""
    parts = []
    if outcome.envelope.summary:
        parts.append(outcome.envelope.summary)
    if outcome.analysis is not None and outcome.analysis.app is not None:
        parts.append(scopes.scope_table(outcome.analysis.app))
    if outcome.envelope.assumptions:
        parts.append("assumptions:\n" + "\n".join(f"  - {a}" for a in outcome.envelope.assumptions))
    return "\n\n".join(parts)


class SetupError(click.ClickException):
    """forgewright itself is incomplete (a part the prompt needs is missing): exit 2."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"forgewright: {self.message}", err=True)


def load_docs() -> StaticDocs:
    """The static docs for the prompt: rules, the language reference, the field catalogue, examples."""
    from forgewright.assistant.prompt import load_static_docs

    return load_static_docs()


def build_app(spec_path: Path, app: ast.App, out_dir: Path) -> None:
    """Build the app for ``new --build DIR`` exactly as ``forgewright build`` would (same atomic writer:
    a new, empty or previously built folder; never a half-written app)."""
    output = build(app, spec_path.read_text(encoding="utf-8"))
    try:
        write_drafts(output.drafts, out_dir)
    except WriteError as exc:
        raise SetupError(f"wrote {spec_path}, but could not build it: {exc}") from None
    click.echo(f"built {len(output.drafts)} files into {out_dir}")
