"""``forgewright audit SPEC``: what Jira data the generated app reads, how, as whom, and where it goes."""

from __future__ import annotations

from pathlib import Path

import click

from compiler.audit import build_audit, render_json, render_markdown, render_text
from forgewright.files import read_spec
from forgewright.options import REVIEW_FORMATS_HELP, format_option
from forgewright.specs import checked_app, exit_on_spec_errors


@click.command("audit")
@click.argument("spec", type=click.Path(path_type=Path))
@format_option(("text", "markdown", "json"), REVIEW_FORMATS_HELP)
def command(spec: Path, output_format: str) -> None:
    """Report, per module, the Jira data SPEC's app reads and through which operations (as the viewing
    user), every scope and why, egress, storage, and whether it declares itself fit to run entirely on
    Atlassian. Exit 1 when the spec has errors."""
    source = read_spec(spec)
    with exit_on_spec_errors():
        audit = build_audit(checked_app(source, str(spec)))
    renderer = {"json": render_json, "markdown": render_markdown, "text": render_text}[output_format]
    click.echo(renderer(audit), nl=False)
