"""``forgewright chat [FILE]``: refine a spec turn by turn, seeing each change and its scopes.

A turn is one request with the same bound on calls as ``new``. Nothing ends the session but ``quit``
or Ctrl-D: a failed call, an answer with errors, Ctrl-C while Claude works or a file that cannot be
saved each end only the turn, with a message, and the last good version stays current (and saved).
A FILE with errors — such as the draft ``new`` saves — is repaired on the first turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from dsl import analyze, ast
from dsl.diagnostics import Severity
from dsl.render import code_frames
from forgewright.assistant import config, scopes, service
from forgewright.assistant.examples import request_of
from forgewright.assistant.options import assistant_options
from forgewright.assistant.prompt import Findings, Repair, SpecText, Turn, UserText
from forgewright.assistant.repair import Outcome, Status, canonical, unchanged_reason
from forgewright.assistant.session import (
    UNNAMED_SPEC,
    ChatState,
    app_name_of,
    default_file_name,
    diff_counts,
    draft_path,
    free_name,
    save_spec,
    spec_diff,
    target_of_draft,
)
from forgewright.files import read_spec

HELP = """Type what you want, in plain English. Commands:
  undo    go back to the previous version
  show    print the current spec
  scopes  print the scopes it needs, with reasons
  prompt REQUEST
          print the exact request body REQUEST would send; send nothing
  help    this text
  quit    leave (or Ctrl-D); every change is saved as it is made
Ctrl-C while Claude works cancels that turn only."""


def _app_of(spec: str | None) -> ast.App | None:
    """The tree of a version the session holds (always a valid spec), or None before the first."""
    return analyze(spec).app if spec is not None else None


def _colour(diff: str) -> str:
    out = []
    for line in diff.splitlines():
        if line.startswith("+") and not line.startswith("+++"):
            out.append(click.style(line, fg="green"))
        elif line.startswith("-") and not line.startswith("---"):
            out.append(click.style(line, fg="red"))
        else:
            out.append(line)
    return "\n".join(out)


def show_change(old: str | None, new: str, name: str, *, old_is_valid: bool = True) -> None:
    """The spec diff and the scope diff between two versions (``old`` may be a draft with errors,
    which has no scopes to compare with)."""
    diff = spec_diff(old, new, name)
    added, removed = diff_counts(diff)
    click.echo(click.style(f"spec: +{added} -{removed} lines", bold=True))
    if diff:
        click.echo(_colour(diff))
    new_app = _app_of(new)
    if new_app is not None:
        click.echo(scopes.scope_changes(_app_of(old) if old_is_valid else None, new_app))


@dataclass
class Session:
    """A chat: the versions, where they are saved, and a draft with errors still to be repaired."""

    target: Path | None
    state: ChatState = field(default_factory=ChatState)
    on_disk: str | None = None
    pending: Repair | None = None
    request: str = ""
    opened_draft: Path | None = None
    draft_file: Path | None = None

    @property
    def name(self) -> str:
        """The spec's base name: what diffs and the model's diagnostics call it."""
        return self.target.name if self.target is not None else UNNAMED_SPEC

    def save(self, text: str) -> None:
        """Save a valid version to the target (chosen from the app's name on the first save)."""
        if self.target is None:
            app = _app_of(text)
            self.target = free_name(Path(default_file_name(app.name.value if app is not None else "app")))
        if text == self.on_disk:
            return
        save_spec(self.target, text)
        self.on_disk = text
        click.echo(f"saved {self.target}")
        if self.opened_draft is not None and self.opened_draft.exists():
            self.opened_draft.unlink()
            click.echo(f"removed the repaired draft {self.opened_draft}")
        self.opened_draft = None

    def save_draft(self, outcome: Outcome) -> Path | None:
        """Keep a rejected draft of this session in one draft file beside the target."""
        if outcome.draft is None:
            return None
        if self.draft_file is None:
            named = self.target or Path(default_file_name(app_name_of(outcome.draft.envelope.spec)))
            self.draft_file = self.opened_draft or free_name(draft_path(named))
        service.save_draft(outcome.draft, self.draft_file)
        return self.draft_file


def open_session(file: Path | None) -> Session:
    """The session for FILE: empty, a valid spec (compared in canonical layout), or a draft to repair."""
    if file is None or not file.exists():
        return Session(file)
    text = read_spec(file)
    analysis = analyze(text, file.name)
    if analysis.ok:
        session = Session(file, on_disk=text)
        session.state.push(canonical(text, file.name))
        if session.state.current != text:
            click.echo(f"note: {file} is not in the canonical layout; diffs show it formatted, and so will the saves")
        return session
    shown = analyze(text, str(file))
    click.echo(code_frames(shown.diagnostics, shown.source), err=True)
    draft_for = target_of_draft(file)
    session = Session(
        free_name(draft_for) if draft_for is not None else file,
        pending=Repair(SpecText(text), Findings.of(analysis.diagnostics)),
        request=request_of(text),
        opened_draft=file if draft_for is not None else None,
    )
    errors = sum(1 for d in analysis.diagnostics if d.severity is Severity.ERROR)
    how = "press Enter to repair it as it is, or say" if session.request else "say"
    click.echo(f"{file} has {errors} error{'s' * (errors != 1)}; your first turn repairs it: {how} what to change.")
    return session


@click.command("chat", epilog=config.LIMITS_HELP)
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@assistant_options
def command(file: Path | None, model: str | None, timeout: float | None, audit_log: Path | None) -> None:
    """Build a spec by chatting: each turn shows the spec diff and the scope diff; `undo` goes back.

    FILE is read if it exists and saved after every change (keeping its file mode). A FILE with errors,
    such as the NAME.draft.appspec that `new` saves, is repaired on the first turn, and the valid result
    is saved as NAME.appspec.
    """
    settings = config.resolve_settings(model, timeout)
    session = open_session(file)
    assistant = service.Assistant(settings, service.load_docs(), service.audit_log(audit_log))
    start = "repairing" if session.pending else "editing" if session.state.current else "starting"
    where = f" {file}" if session.state.current or session.pending else " a new spec"
    click.echo(f"forgewright chat — {start}{where}; model {settings.model}. Type `help` for commands.")
    while True:
        try:
            line: str = click.prompt(click.style("you", bold=True), prompt_suffix="> ", default="", show_default=False)
        except click.Abort:
            click.echo()
            break
        words = line.strip()
        if words.lower() in ("quit", "exit", ":q"):
            break
        try:
            _handle(words, session, assistant)
        except KeyboardInterrupt:
            click.echo("\ninterrupted; nothing changed")
        except click.ClickException as error:  # a file that cannot be saved: the session goes on
            error.show()
    click.echo(assistant.total_line(), err=True)


def _handle(words: str, session: Session, assistant: service.Assistant) -> None:
    """One line the user typed: a command word, or a request for Claude."""
    state, command_word = session.state, words.lower()
    if not words and session.pending is None:
        return
    if command_word == "help":
        click.echo(HELP)
    elif command_word == "show":
        click.echo(state.current or "(no spec yet)", nl=not state.current)
    elif command_word == "scopes":
        app = _app_of(state.current)
        click.echo(scopes.scope_table(app) if app is not None else "(no spec yet)")
    elif command_word == "prompt" or command_word.startswith("prompt "):
        request = words[len("prompt") :].strip()
        if not request:
            click.echo("usage: prompt REQUEST — prints the request body REQUEST would send; sends nothing")
            return
        click.echo(assistant.build(_turn(session, request)).to_json())
    elif command_word == "undo":
        _undo(session)
    elif not words and not session.request:
        click.echo("say what the app should do: this draft does not start with its request (a # comment)")
    else:
        _run_turn(session, assistant, words or session.request)


def _turn(session: Session, words: str) -> Turn:
    current = SpecText(session.state.current) if session.state.current is not None else None
    return Turn(UserText(words), current=current, repair=session.pending)


def _undo(session: Session) -> None:
    undone = session.state.current
    if undone is None or not session.state.undo():
        click.echo("nothing to undo")
        return
    click.echo("back to the previous version")
    show_change(undone, session.state.current or "", session.name)
    if session.target is not None and session.state.current is not None:
        session.save(session.state.current)


def _run_turn(session: Session, assistant: service.Assistant, words: str) -> None:
    outcome = assistant.resolve(_turn(session, words), session.name, service.ask)
    state = session.state
    if outcome.ok:
        if outcome.spec == state.current:
            click.echo("no change to the spec")
            return
        if outcome.envelope is not None and outcome.envelope.summary:
            click.echo(outcome.envelope.summary)
        if session.pending is not None:  # the change is what the repair did to the draft
            show_change(session.pending.draft.text, outcome.spec, session.name, old_is_valid=False)
        else:
            show_change(state.current, outcome.spec, session.name)
        if outcome.envelope is not None and outcome.envelope.assumptions:
            click.echo("assumptions:\n" + "\n".join(f"  - {a}" for a in outcome.envelope.assumptions))
        state.push(outcome.spec)
        session.pending = None
        session.save(outcome.spec)
        return
    click.echo(_why_unchanged(outcome, "kept the previous version" if state.current is not None else "no spec yet"))
    draft = session.save_draft(outcome)
    if draft is not None and outcome.draft is not None:
        if session.pending is not None:  # repairing a draft: go on from the best one
            session.pending = outcome.draft.to_repair()
        click.echo(f"saved Claude's draft as {draft}")


def _why_unchanged(outcome: Outcome, kept: str) -> str:
    """What ended a turn without a new version (a failed call also shows its one-line message, and
    questions left open after the last call are shown)."""
    if outcome.status is Status.FAILED and outcome.error is not None:
        outcome.error.show()
    if outcome.status is Status.QUESTION and outcome.calls >= config.MAX_CALLS:
        service.show_questions(outcome.questions)
    return unchanged_reason(outcome, kept)
