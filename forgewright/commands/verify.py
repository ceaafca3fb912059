"""``forgewright verify SPEC DIR``: rebuild in memory and compare with a build folder, file by file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from forgewright.integrity import rebuilt_files, verify_build
from forgewright.specs import compile_spec, exit_on_spec_errors


@click.command("verify")
@click.argument("spec", type=click.Path(path_type=Path))
@click.argument("directory", type=click.Path(path_type=Path))
def command(spec: Path, directory: Path) -> None:
    """Check that DIRECTORY is exactly what SPEC builds to; exit 1 on any missing, extra or edited file.

    Symbolic links, named pipes and other non-regular files are reported, never followed or opened;
    only node_modules/ and package-lock.json at the top (what npm install adds) are left out."""
    if not directory.is_dir():
        raise click.UsageError(f"{directory}: not a folder" if directory.exists() else f"{directory}: no such folder")
    with exit_on_spec_errors():
        _, output = compile_spec(spec)
    try:
        diff = verify_build(directory, rebuilt_files(output))
    except OSError as exc:
        raise click.UsageError(f"{directory}: cannot read ({exc.strerror or exc})") from None
    for line in diff.lines():
        click.echo(line)
    if not diff.ok:
        click.echo(f"{directory} differs from {spec}: {diff.summary()}")
        sys.exit(1)
    click.echo(f"{directory} matches {spec} ({len(output.drafts)} files)")
