"""The language reference cannot drift: its examples check clean, its tables match the code.

Every ```appspec block in dsl/language_reference.md must be a complete spec with no diagnostics
at all (a warning in the reference would teach the LLM a bad habit); docs/language.md must be what
scripts/gen_docs.py generates; every diagnostic code must be documented. The bundled examples are
held to the same standard.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dsl.analysis import analyze
from dsl.diagnostics import CODES, Diagnostic
from dsl.reference import examples_in, language_reference, reference_examples

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "dsl" / "language_reference.md"
PUBLISHED = ROOT / "docs" / "language.md"
EXAMPLES = sorted((ROOT / "examples").glob("*.appspec"))

_BLOCKS = reference_examples()


def _describe(diagnostics: tuple[Diagnostic, ...], first_line: int = 1) -> str:
    """Diagnostics as `line:col CODE message`, lines shifted to the markdown file's numbering."""
    return "\n".join(f"{d.span.line + first_line - 1}:{d.span.column} {d.code} {d.message}" for d in diagnostics)


def test_reference_has_examples() -> None:
    assert len(_BLOCKS) >= 15


@pytest.mark.parametrize(("line", "text"), _BLOCKS, ids=[f"line{line}" for line, _ in _BLOCKS])
def test_reference_example_checks_clean(line: int, text: str) -> None:
    analysis = analyze(text, f"dsl/language_reference.md:{line}")
    assert analysis.app is not None, _describe(analysis.diagnostics, line)
    assert analysis.diagnostics == (), _describe(analysis.diagnostics, line)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_bundled_example_checks_clean(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith('# "'), "an example starts with the English request it answers"
    analysis = analyze(text, str(path))
    assert analysis.app is not None, _describe(analysis.diagnostics)
    # W104 (a second page of one kind becomes a tab) is information the examples show on purpose.
    remaining = tuple(d for d in analysis.diagnostics if d.code != "W104")
    assert remaining == (), _describe(remaining)


def test_enough_bundled_examples() -> None:
    assert len(EXAMPLES) >= 8


def test_reference_is_packaged_text() -> None:
    assert language_reference() == REFERENCE.read_text(encoding="utf-8")


def test_examples_in_reports_first_spec_line() -> None:
    markdown = 'intro\n```appspec\napp "A" {\n}\n```\n```text\nno\n```\n'
    assert examples_in(markdown) == [(3, 'app "A" {\n}\n')]


def test_generated_docs_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_diagnostic_code_is_documented(code: str) -> None:
    docs = PUBLISHED.read_text(encoding="utf-8")
    assert code in docs
    assert CODES[code] in docs
