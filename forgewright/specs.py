"""Specs as commands load them: read, check, compile — and the one way their errors are reported.

Every command that takes a spec goes through here, so a spec with errors looks the same
everywhere (code frames on stderr, a summary line, exit code 1) and nothing is written.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from compiler import BuildOutput, build
from compiler.plan import PlanError
from dsl import analyze, ast
from dsl.analysis import Analysis
from dsl.render import code_frames, summary_line
from forgewright.files import read_spec


class SpecError(Exception):
    """The spec has errors; ``analysis`` holds the diagnostics to show."""

    def __init__(self, analysis: Analysis) -> None:
        super().__init__(f"{analysis.file}: {summary_line(analysis.diagnostics)}")
        self.analysis = analysis

    def render(self) -> str:
        """Code frames for every diagnostic, then the summary line."""
        frames = code_frames(self.analysis.diagnostics, self.analysis.source)
        return f"{frames}\n{self.analysis.file}: failed ({summary_line(self.analysis.diagnostics)})"


def checked_source(source: str, label: str) -> Analysis:
    """The analysis of spec text; raises :class:`SpecError` unless it has a tree and no errors."""
    analysis = analyze(source, label)
    if not analysis.ok:
        raise SpecError(analysis)
    return analysis


def checked_app(source: str, label: str) -> ast.App:
    """The checked tree of spec text (raises :class:`SpecError`)."""
    app = checked_source(source, label).app
    assert app is not None  # guaranteed by checked_source
    return app


def compile_spec(spec_path: Path) -> tuple[Analysis, BuildOutput]:
    """Read, check and compile a spec in memory; writes nothing. Raises SpecError or PlanError."""
    text = read_spec(spec_path)
    analysis = checked_source(text, str(spec_path))
    assert analysis.app is not None
    return analysis, build(analysis.app, text)


@contextmanager
def exit_on_spec_errors() -> Iterator[None]:
    """Inside a command: report a bad spec (or a plan the checker let through) and exit 1."""
    try:
        yield
    except SpecError as error:
        click.echo(error.render(), err=True)
        sys.exit(1)
    except PlanError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
