"""``forgewright new "REQUEST"``: ask Claude for a spec, check and repair it, save it — or save the draft.

Everything that can refuse the command without a call (an empty request, an existing ``-o`` file, a
``--build`` folder that is not ours, a missing key, an unwritable audit log) is checked before the
first call. A request that ends without a valid spec still saves the best draft as
``NAME.draft.appspec`` (never over an existing file) and says how to go on with it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from forgewright.assistant import config, service
from forgewright.assistant.errors import ShellError
from forgewright.assistant.options import assistant_options
from forgewright.assistant.prompt import Turn, UserText
from forgewright.assistant.repair import Outcome, Status
from forgewright.assistant.session import UNNAMED_SPEC, app_name_of, default_file_name, draft_path, free_name, save_spec
from forgewright.writer import WriteError, check_output_folder


@click.command("new", epilog=config.LIMITS_HELP)
@click.argument("request")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Spec file to write.")
@click.option("--build", "build_dir", type=click.Path(path_type=Path, file_okay=False), help="Also build the app.")
@click.option("--show-prompt", is_flag=True, help="Print the exact request body that would be sent; send nothing.")
@click.option("--force", is_flag=True, help="Overwrite the spec file (and its draft) if they exist.")
@assistant_options
def command(
    request: str,
    output: Path | None,
    build_dir: Path | None,
    show_prompt: bool,
    force: bool,
    model: str | None,
    timeout: float | None,
    audit_log: Path | None,
) -> None:
    """Describe a Jira app in plain English; get a checked spec (written only when valid).

    Without -o the spec is named after the app (overdue-tracker.appspec), beside any file of that name.
    When no valid spec comes out, the best draft is saved as NAME.draft.appspec: fix it by hand, or
    continue with `forgewright chat NAME.draft.appspec`.

    \b
    Example:
      forgewright new "a gadget with the overdue issues of a project I pick" -o overdue.appspec
    """
    if not request.strip():
        raise click.UsageError("the request is empty; describe the app you want in a sentence or two")
    docs = service.load_docs()
    turn = Turn(UserText(request))
    if show_prompt:
        assistant = service.Assistant(config.Settings(config.resolve_model(model), api_key=""), docs)
        click.echo(assistant.build(turn).to_json())
        return
    if output is not None and output.exists() and not force:
        raise click.UsageError(f"{output} already exists; use --force to overwrite it, or another -o FILE")
    if build_dir is not None:
        _check_build_folder(build_dir, output if output is not None else Path(UNNAMED_SPEC))
    settings = config.resolve_settings(model, timeout)
    assistant = service.Assistant(settings, docs, service.audit_log(audit_log))
    outcome = assistant.resolve(turn, output.name if output is not None else UNNAMED_SPEC, service.ask)
    if outcome.ok:
        target = _save_valid(outcome, output, force)
        click.echo(assistant.total_line(), err=True)
        if build_dir is not None:
            _build(target, build_dir)
        return
    code = _report_unfinished(outcome, output, force)
    click.echo(assistant.total_line(), err=True)
    sys.exit(code)


def _check_build_folder(folder: Path, spec: Path) -> None:
    """Refuse, before any call, a ``--build`` folder a build may not replace: the writer's own rule,
    ``spec`` standing for where the spec will be written (only its folder matters)."""
    try:
        check_output_folder(folder, spec, option="--build")
    except WriteError as exc:
        raise click.UsageError(str(exc)) from None


def _save_valid(outcome: Outcome, output: Path | None, force: bool) -> Path:
    assert outcome.analysis is not None and outcome.analysis.app is not None
    if output is not None:
        target = output
    else:
        named = Path(default_file_name(outcome.analysis.app.name.value))
        target = named if force else free_name(named)
    click.echo(outcome.spec, nl=False)
    click.echo()
    click.echo(service.describe(outcome))
    click.echo()
    save_spec(target, outcome.spec)
    repaired = f" after {outcome.repairs} repair{'s' * (outcome.repairs != 1)}" if outcome.repairs else ""
    click.echo(f"wrote {target} (valid{repaired})")
    return target


def _build(spec: Path, folder: Path) -> None:
    """``--build``: exactly what ``forgewright build SPEC -o FOLDER`` does."""
    from forgewright.commands.build import build_spec_file

    try:
        result = build_spec_file(spec, folder)
    except WriteError as exc:
        raise ShellError(f"wrote {spec}, but could not build it: {exc}") from None
    click.echo(f"built {len(result.output.drafts)} files into {folder}")


def _save_draft(outcome: Outcome, output: Path | None, force: bool) -> Path | None:
    """Save the best rejected draft beside the target and show its errors there; None when there is none."""
    if outcome.draft is None:
        return None
    named = output if output is not None else Path(default_file_name(app_name_of(outcome.draft.envelope.spec)))
    path = draft_path(named) if force else free_name(draft_path(named))
    service.save_draft(outcome.draft, path)  # its frames point at the file the user now has
    return path


def _report_unfinished(outcome: Outcome, output: Path | None, force: bool) -> int:
    """Say why no valid spec came out, save the draft, say what to do next; the exit code."""
    draft = _save_draft(outcome, output, force)
    saved = f"; saved the draft as {draft}" if draft is not None else "; nothing was written"
    next_step = (
        f"Next: fix it by hand (forgewright check {draft}), or let Claude go on: forgewright chat {draft}"
        if draft is not None
        else ""
    )
    if outcome.status is Status.FAILED and outcome.error is not None:
        outcome.error.show()
        message = f"No valid spec{saved}." if draft is not None else ""
        code = outcome.error.exit_code
    elif outcome.status is Status.INTERRUPTED:
        message, code = f"Interrupted{saved}.", 130
    elif outcome.status is Status.QUESTION:
        message, code = _question_message(outcome, saved), 1
    else:
        errors = outcome.draft.errors if outcome.draft is not None else 0
        repairs = f"{outcome.repairs} repair{'s' * (outcome.repairs != 1)}"
        why = (
            f": the same errors came back after {repairs}"
            if outcome.stopped_early
            else f" after {repairs} ({config.MAX_CALLS} calls, the most one request may use)"
        )
        message, code = f"The spec still has {errors} error{'s' * (errors != 1)}{why}{saved}.", 1
    for line in (message, next_step):
        if line:
            click.echo(line, err=True)
    return code


def _question_message(outcome: Outcome, saved: str) -> str:
    if outcome.calls < config.MAX_CALLS:
        return f"No answer given{saved}. Run again with a more specific request."
    service.show_questions(outcome.questions)
    return (
        f"Claude still has questions after {outcome.calls} calls, the most one request may use{saved}. "
        "Run again with a request that answers them."
    )
