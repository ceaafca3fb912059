"""``forgewright check FILE...``: parse and check specs, report every diagnostic."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dsl import analyze
from dsl.diagnostics import has_errors
from dsl.render import code_frames, select, summary_line, to_json
from dsl.strings import visible
from forgewright.files import read_spec
from forgewright.options import format_option


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(
    ("text", "json"),
    "text: code frames for people; json: {diagnostics: [...], omitted: [...]} for machines. Both show at "
    "most 20 diagnostics of one code and 100 per file, and say how many of which code they left out.",
)
def command(files: tuple[Path, ...], output_format: str) -> None:
    """Check spec FILES for errors; exit 1 if any file has an error, 0 if all are clean."""
    analyses = [analyze(read_spec(path), str(path)) for path in files]
    failed = any(has_errors(a.diagnostics) or a.app is None for a in analyses)
    if output_format == "json":
        selections = [(a.file, select(a.diagnostics)) for a in analyses]
        payload = {
            "diagnostics": [d.to_json() for _, s in selections for d in s.shown],
            "omitted": [
                {"file": file, "count": s.omitted_count, "codes": s.omitted} for file, s in selections if s.omitted
            ],
        }
        click.echo(to_json(payload))
    else:
        for analysis in analyses:
            if analysis.diagnostics:
                click.echo(code_frames(analysis.diagnostics, analysis.source), err=True)
                click.echo(err=True)
            status = "ok" if analysis.ok else "failed"
            click.echo(f"{visible(analysis.file)}: {status} ({summary_line(analysis.diagnostics)})")
    sys.exit(1 if failed else 0)
