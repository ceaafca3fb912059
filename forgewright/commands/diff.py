"""``forgewright diff OLD NEW`` and ``forgewright diff --git REV FILE``: what a spec change means.

Output is a plan: modules added, removed and changed, app-level changes, scopes added and removed with
their reasons, a warning when site admins must consent again, and one summary line. ``--format`` picks
text (coloured when stdout is a terminal), Markdown (a PR comment) or JSON; all come from one differ.

Exit codes follow ``git diff``: 0 whether or not the specs differ, unless ``--exit-code`` is given, in
which case 1 means "they differ" and 0 "same meaning". Independently of that, a spec with errors exits
1 with code frames on stderr, and usage problems (missing file, bad revision) exit 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from compiler.diff import diff_apps
from compiler.diff_render import render_json, render_markdown, render_text
from forgewright.files import InputFileError, read_spec
from forgewright.options import REVIEW_FORMATS_HELP, format_option
from forgewright.specs import checked_app, exit_on_spec_errors

_COLOURS = {
    "added": {"fg": "green"},
    "removed": {"fg": "red"},
    "changed": {"fg": "yellow"},
    "warning": {"fg": "yellow", "bold": True},
    "heading": {"bold": True},
    "dim": {"dim": True},
}


def use_colour() -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def paint(text: str, role: str) -> str:
    return click.style(text, **_COLOURS.get(role, {}))  # type: ignore[arg-type]


def git_show(rev: str, path: Path) -> str:
    """The text of ``path`` at git revision ``rev`` (``git show REV:./name`` run beside the file)."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        result = subprocess.run(
            ["git", "show", f"{rev}:./{path.name}"],
            cwd=folder,
            capture_output=True,
            check=False,
            timeout=60,
        )
    except FileNotFoundError:
        raise click.UsageError("`git` is not installed or not on PATH; --git needs it") from None
    except (NotADirectoryError, OSError) as exc:
        raise click.UsageError(f"{path}: cannot run git beside it ({exc})") from None
    except subprocess.TimeoutExpired:
        raise click.UsageError("`git show` did not answer within 60 seconds") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"git exited with {result.returncode}"
        raise click.UsageError(f"cannot read {path} at revision {rev!r}: {detail.removeprefix('fatal: ')}")
    try:
        return result.stdout.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{rev}:{path}: not UTF-8 text (byte {exc.start})") from None


@click.command("diff")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--git", "rev", metavar="REV", help="Compare FILE with its version at git revision REV.")
@format_option(("text", "markdown", "json"), REVIEW_FORMATS_HELP)
@click.option("--exit-code", is_flag=True, help="Exit 1 when the specs differ in meaning, 0 when they do not.")
def command(files: tuple[Path, ...], rev: str | None, output_format: str, exit_code: bool) -> None:
    """Show what changes between two specs: modules, data, views, config and scopes.

    \b
    forgewright diff old.appspec new.appspec
    forgewright diff --git main app.appspec      (the working file against main)
    forgewright diff --git HEAD~1 app.appspec --format markdown
    """
    if rev is not None:
        if len(files) != 1:
            raise click.UsageError("with --git give exactly one FILE: forgewright diff --git REV FILE")
        new_path = files[0]
        new_source = read_spec(new_path)
        old_source = git_show(rev, new_path)
        old_label, new_label = f"{rev}:{new_path}", str(new_path)
    else:
        if len(files) != 2:
            raise click.UsageError("give two specs, OLD and NEW (or --git REV FILE)")
        old_source, new_source = read_spec(files[0]), read_spec(files[1])
        old_label, new_label = str(files[0]), str(files[1])
    with exit_on_spec_errors():
        old_app = checked_app(old_source, old_label)
        new_app = checked_app(new_source, new_label)
        diff = diff_apps(old_app, new_app, old_label, new_label)
    if output_format == "json":
        click.echo(render_json(diff), nl=False)
    elif output_format == "markdown":
        click.echo(render_markdown(diff), nl=False)
    else:
        click.echo(render_text(diff, paint if use_colour() else lambda text, role: text), nl=False)
    sys.exit(1 if exit_code and not diff.empty else 0)
