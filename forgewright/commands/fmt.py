"""``forgewright fmt [--check] FILE...``: rewrite specs in the canonical layout."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dsl.formatter import format_app
from dsl.parser import parse
from dsl.render import code_frames
from dsl.strings import visible
from forgewright.files import read_spec, write_text_atomically


@click.command("fmt")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if any file is not formatted.")
def command(files: tuple[Path, ...], check: bool) -> None:
    """Format spec FILES in place (comments are kept; meaning never changes).

    Files with syntax errors (including bad escapes and items given twice, which a reprint would
    silently drop or repair) are reported and left untouched (exit 1).
    """
    status = 0
    for path in files:
        shown = visible(str(path))
        source = read_spec(path)
        parsed = parse(source, str(path))
        if parsed.app is None or not parsed.exact:
            click.echo(code_frames(parsed.diagnostics, source), err=True)
            click.echo(f"{shown}: not formatted; fix the errors above first", err=True)
            status = 1
            continue
        formatted = format_app(parsed.app, parsed.comments)
        if formatted == source:
            continue
        if check:
            click.echo(f"{shown}: not formatted (run `forgewright fmt {shown}`)")
            status = 1
        else:
            write_text_atomically(path, formatted)
            click.echo(f"{shown}: formatted")
    sys.exit(status)
