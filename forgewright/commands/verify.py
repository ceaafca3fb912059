"""``forgewright verify SPEC DIR``: rebuild in memory and compare with a build folder, file by file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from forgewright.specs import compile_spec, exit_on_spec_errors
from forgewright.writer import read_tree


def compare(expected: dict[str, str], found: dict[str, bytes]) -> tuple[list[str], list[str], list[str]]:
    """(missing, extra, edited) paths, each sorted."""
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    edited = sorted(p for p in set(expected) & set(found) if found[p] != expected[p].encode("utf-8"))
    return missing, extra, edited


@click.command("verify")
@click.argument("spec", type=click.Path(path_type=Path))
@click.argument("directory", type=click.Path(path_type=Path))
def command(spec: Path, directory: Path) -> None:
    """Check that DIRECTORY is exactly what SPEC builds to; exit 1 on any missing, extra or edited file."""
    if not directory.is_dir():
        raise click.UsageError(f"{directory}: no such folder")
    with exit_on_spec_errors():
        _, output = compile_spec(spec)
    missing, extra, edited = compare(output.files(), read_tree(directory))
    for path in missing:
        click.echo(f"missing  {path}")
    for path in extra:
        click.echo(f"extra    {path}")
    for path in edited:
        click.echo(f"edited   {path}")
    if missing or extra or edited:
        click.echo(f"{directory} differs from {spec}: {len(missing)} missing, {len(extra)} extra, {len(edited)} edited")
        sys.exit(1)
    click.echo(f"{directory} matches {spec} ({len(output.drafts)} files)")
