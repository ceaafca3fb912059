"""``forgewright build SPEC [-o DIR]``: check a spec and write the Forge app it describes."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from compiler import BuildOutput
from dsl.analysis import Analysis
from dsl.render import code_frames
from dsl.strings import quote
from forgewright.specs import compile_spec, exit_on_spec_errors
from forgewright.writer import WriteError, write_drafts


@dataclass(frozen=True)
class BuildResult:
    spec_path: Path
    out_dir: Path
    output: BuildOutput
    analysis: Analysis


def slug(name: str) -> str:
    """``"Overdue Tracker"`` → ``"overdue-tracker"`` (default output folder name)."""
    kept = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in name.lower())
    return "-".join(filter(None, kept.split("-"))) or "app"


def default_out_dir(app_name: str) -> Path:
    """Where a build goes when no folder is given: ``build/<app-name>`` in the current folder."""
    return Path("build") / slug(app_name)


def build_spec_file(spec_path: Path, out_dir: Path | None = None) -> BuildResult:
    """Check, compile and write atomically (never into a folder holding the spec or files not from the last
    build). Raises :class:`SpecError`, ``WriteError`` or ``click.UsageError``."""
    analysis, output = compile_spec(spec_path)
    target = out_dir if out_dir is not None else default_out_dir(output.plan.app_name)
    write_drafts(output.drafts, target, spec=spec_path)
    return BuildResult(spec_path, target, output, analysis)


@click.command("build")
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), help="Output folder [build/<app-name>].")
def command(spec: Path, out_dir: Path | None) -> None:
    """Compile SPEC into a Forge app folder (replaced atomically; prints modules, files and scopes)."""
    try:
        with exit_on_spec_errors():
            result = build_spec_file(spec, out_dir)
    except WriteError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    plan = result.output.plan
    warnings = result.analysis.diagnostics
    if warnings:
        click.echo(code_frames(warnings, result.analysis.source), err=True)
    click.echo(f"Built {quote(plan.app_name)} into {result.out_dir}")
    click.echo("Modules:")
    for module in plan.modules:
        click.echo(f"  {module.forge_type:22} {module.key}  {quote(module.title)}")
    click.echo(f"Files ({len(result.output.drafts)}):")
    for draft in result.output.drafts:
        click.echo(f"  {draft.path}  ({draft.content.count(chr(10))} lines)")
    click.echo(f"Scopes ({plan.scope_style}):")
    for grant in plan.scopes:
        click.echo(f"  {grant.scope}")
        for reason in grant.reasons:
            click.echo(f"      {reason.describe()}")
