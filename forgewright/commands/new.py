"""``forgewright new "REQUEST"``: ask Claude for a spec, check and repair it, write it when valid."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dsl.render import code_frames
from forgewright.assistant import config, service
from forgewright.assistant.prompt import Turn, UserText, build_request
from forgewright.assistant.repair import Status
from forgewright.assistant.session import default_file_name, save_spec


@click.command("new")
@click.argument("request")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Spec file to write.")
@click.option("--build", "build_dir", type=click.Path(path_type=Path, file_okay=False), help="Also build the app.")
@click.option("--model", help=f"Model id (default: ${config.MODEL_ENV} or {config.DEFAULT_MODEL}).")
@click.option("--show-prompt", is_flag=True, help="Print the exact request body that would be sent; send nothing.")
@click.option(
    "--audit-log",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"Append each request body sent to this file (or set ${config.AUDIT_LOG_ENV}).",
)
@click.option("--force", is_flag=True, help="Overwrite the spec file if it exists.")
def command(
    request: str,
    output: Path | None,
    build_dir: Path | None,
    model: str | None,
    show_prompt: bool,
    audit_log: Path | None,
    force: bool,
) -> None:
    """Describe a Jira app in plain English; get a checked spec (written only when valid).

    \b
    Example:
      forgewright new "a gadget with the overdue issues of a project I pick" -o overdue.appspec
    """
    if not request.strip():
        raise click.UsageError("the request is empty; describe the app you want in a sentence or two")
    docs = service.load_docs()
    turn = Turn(UserText(request))
    if show_prompt:
        body = build_request(turn, model=config.resolve_model(model), docs=docs, max_tokens=config.MAX_OUTPUT_TOKENS)
        click.echo(body.to_json())
        return
    settings = config.resolve_settings(model)
    if output is not None and output.exists() and not force:
        raise click.UsageError(f"{output} already exists; use --force to overwrite it")
    assistant = service.Assistant(settings.model, settings.api_key, docs, service.audit_log(audit_log))
    file = str(output) if output is not None else "draft.appspec"
    outcome = assistant.resolve(turn, file, service.ask)

    if outcome.status is Status.QUESTION:
        click.echo("No answer given, so no spec was written. Run again with a more specific request.", err=True)
        click.echo(assistant.total_line(), err=True)
        sys.exit(1)
    if outcome.status is Status.INVALID:
        why = "the same errors came back" if outcome.stopped_early else f"{outcome.repairs} repairs"
        click.echo(outcome.spec, nl=False)
        if outcome.analysis is not None:
            click.echo(code_frames(outcome.analysis.diagnostics, outcome.analysis.source), err=True)
        click.echo(f"The spec still has errors after {why}; nothing was written.", err=True)
        click.echo(assistant.total_line(), err=True)
        sys.exit(1)

    assert outcome.analysis is not None and outcome.analysis.app is not None
    target = output if output is not None else Path(default_file_name(outcome.analysis.app.name.value))
    click.echo(outcome.spec, nl=False)
    click.echo()
    click.echo(service.describe(outcome))
    click.echo()
    repaired = f" after {outcome.repairs} repair{'s' * (outcome.repairs != 1)}" if outcome.repairs else ""
    if target.exists() and not force:
        click.echo(assistant.total_line(), err=True)
        raise click.UsageError(f"{target} already exists; use -o FILE or --force (the spec is printed above)")
    save_spec(target, outcome.spec)
    click.echo(f"wrote {target} (valid{repaired})")
    click.echo(assistant.total_line(), err=True)
    if build_dir is not None:
        service.build_app(target, outcome.analysis.app, build_dir)
