"""``forgewright chat [FILE]``: refine a spec turn by turn, seeing each change and its scopes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dsl import analyze, ast
from dsl.render import code_frames
from forgewright.assistant import config, scopes, service
from forgewright.assistant.client import AssistantError
from forgewright.assistant.prompt import SpecText, Turn, UserText, build_request
from forgewright.assistant.repair import Status
from forgewright.assistant.session import ChatState, default_file_name, diff_counts, save_spec, spec_diff
from forgewright.files import read_spec

HELP = """Type what you want, in plain English. Commands:
  undo    go back to the previous version
  show    print the current spec
  scopes  print the scopes it needs, with reasons
  prompt REQUEST
          print the exact request body REQUEST would send; send nothing
  help    this text
  quit    save and leave (or Ctrl-D)"""


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


def show_change(old: str | None, new: str, name: str) -> None:
    """The spec diff and the scope diff between two versions."""
    diff = spec_diff(old, new, name)
    added, removed = diff_counts(diff)
    click.echo(click.style(f"spec: +{added} -{removed} lines", bold=True))
    if diff:
        click.echo(_colour(diff))
    new_app = _app_of(new)
    if new_app is not None:
        click.echo(scopes.scope_changes(_app_of(old), new_app))


def _free_name(app_name: str) -> Path:
    base = default_file_name(app_name)
    path, n = Path(base), 2
    while path.exists():
        path, n = Path(base.replace(".appspec", f"-{n}.appspec")), n + 1
    return path


@click.command("chat")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--model", help=f"Model id (default: ${config.MODEL_ENV} or {config.DEFAULT_MODEL}).")
@click.option(
    "--audit-log",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"Append each request body sent to this file (or set ${config.AUDIT_LOG_ENV}).",
)
def command(file: Path | None, model: str | None, audit_log: Path | None) -> None:
    """Build a spec by chatting: each turn shows the spec diff and the scope diff; `undo` goes back.

    FILE is read if it exists and saved after every change.
    """
    state = ChatState()
    if file is not None and file.exists():
        text = read_spec(file)
        analysis = analyze(text, str(file))
        if not analysis.ok:
            click.echo(code_frames(analysis.diagnostics, analysis.source), err=True)
            click.echo(f"{file} has errors; fix them (forgewright check {file}) before chatting.", err=True)
            sys.exit(1)
        state.push(text)
    settings = config.resolve_settings(model)
    docs = service.load_docs()
    assistant = service.Assistant(settings.model, settings.api_key, docs, service.audit_log(audit_log))
    target = file
    start = f"editing {file}" if state.current else "starting a new spec"
    click.echo(f"forgewright chat — {start}; model {settings.model}. Type `help` for commands.")

    while True:
        try:
            line: str = click.prompt(click.style("you", bold=True), prompt_suffix="> ")
        except click.Abort:
            click.echo()
            break
        words = line.strip()
        command_word = words.lower()
        if not words:
            continue
        if command_word in ("quit", "exit", ":q"):
            break
        if command_word == "help":
            click.echo(HELP)
            continue
        if command_word == "show":
            click.echo(state.current or "(no spec yet)", nl=not state.current)
            continue
        if command_word == "scopes":
            app = _app_of(state.current)
            click.echo(scopes.scope_table(app) if app is not None else "(no spec yet)")
            continue
        current = SpecText(state.current) if state.current is not None else None
        if command_word.startswith("prompt "):
            turn = Turn(UserText(words[len("prompt ") :].strip()), current=current)
            body = build_request(turn, model=settings.model, docs=docs, max_tokens=config.MAX_OUTPUT_TOKENS)
            click.echo(body.to_json())
            continue
        name = target.name if target is not None else "spec.appspec"
        if command_word == "undo":
            undone = state.current
            if undone is None or not state.undo():
                click.echo("nothing to undo")
                continue
            click.echo("back to the previous version")
            show_change(undone, state.current or "", name)
            if target is not None:
                save_spec(target, state.current or "")
            continue

        try:
            outcome = assistant.resolve(Turn(UserText(words), current=current), name, service.ask)
        except AssistantError as exc:
            exc.show()
            continue
        if outcome.status is Status.QUESTION:
            click.echo("no answer, nothing changed")
            continue
        if outcome.status is Status.INVALID:
            if outcome.analysis is not None:
                click.echo(code_frames(outcome.analysis.diagnostics, outcome.analysis.source), err=True)
            click.echo("Claude's change still has errors; kept the previous version.")
            continue
        if outcome.spec == state.current:
            click.echo("no change to the spec")
            continue
        if outcome.envelope.summary:
            click.echo(outcome.envelope.summary)
        show_change(state.current, outcome.spec, name)
        if outcome.envelope.assumptions:
            click.echo("assumptions:\n" + "\n".join(f"  - {a}" for a in outcome.envelope.assumptions))
        state.push(outcome.spec)
        if target is None and outcome.analysis is not None and outcome.analysis.app is not None:
            target = _free_name(outcome.analysis.app.name.value)
        if target is not None:
            save_spec(target, outcome.spec)
            click.echo(f"saved {target}")

    if target is not None and state.current is not None:
        save_spec(target, state.current)
        click.echo(f"saved {target}")
    click.echo(assistant.total_line(), err=True)
