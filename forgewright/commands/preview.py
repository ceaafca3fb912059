"""``forgewright preview SPEC -o preview.html``: one self-contained HTML page showing every module."""

from __future__ import annotations

from pathlib import Path

import click

from compiler.plan import build_plan
from forgewright.files import InputFileError, read_spec, write_text_atomically
from forgewright.specs import checked_app, exit_on_spec_errors
from targets.preview import render_preview


@click.command("preview")
@click.argument("spec", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    default=Path("preview.html"),
    show_default=True,
    help="Where to write the page; `-` writes it to stdout.",
)
def command(spec: Path, output: Path) -> None:
    """Render SPEC's modules as they will look, with synthetic sample data made from the field types,
    their titles and the scopes each needs, into one HTML file (no network, no CDN; opens offline).
    The same spec always gives the same bytes. Exit 1 when the spec has errors."""
    source = read_spec(spec)
    with exit_on_spec_errors():
        app = checked_app(source, str(spec))
        page = render_preview(build_plan(app))
    if str(output) == "-":
        click.echo(page, nl=False)
        return
    if not output.parent.is_dir():
        raise InputFileError(f"{output.parent}: no such folder for the preview")
    write_text_atomically(output, page)
    count = len(app.modules)
    click.echo(f"wrote {output} ({count} module{'s' if count != 1 else ''}, {len(page.encode('utf-8')):,} bytes)")
