"""Helpers shared by the review tests: spec loading and the CLI runner."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import dsl
from dsl import ast
from forgewright.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.appspec"))
PAIRS = Path(__file__).resolve().parent / "pairs"


def load(path: Path) -> ast.App:
    analysis = dsl.analyze(path.read_text(encoding="utf-8"), path.name)
    assert analysis.ok and analysis.app is not None, analysis.diagnostics
    return analysis.app


def parse(text: str, name: str = "spec.appspec") -> ast.App:
    analysis = dsl.analyze(text, name)
    assert analysis.ok and analysis.app is not None, analysis.diagnostics
    return analysis.app


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; a Python exception (other than SystemExit) fails the test."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr
