"""Bad-input fixtures: each ``x.appspec`` sits next to ``x.expected``, its diagnostics one per line.

New fixtures are picked up automatically. To create or refresh an expectation after a
deliberate message change, run with ``FORGEWRIGHT_UPDATE_FIXTURES=1`` and read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dsl import analyze
from dsl.diagnostics import CODES

FIXTURES = Path(__file__).parent / "fixtures"
SPECS = sorted(FIXTURES.glob("*.appspec"))


def _render(path: Path) -> str:
    analysis = analyze(path.read_text(encoding="utf-8"), path.name)
    lines = [
        f"{d.code} {d.severity.value} {d.span.line}:{d.span.column}-{d.span.end_line}:{d.span.end_column} "
        f"{d.message} | hint: {d.hint}"
        for d in analysis.diagnostics
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_fixture_diagnostics(spec: Path) -> None:
    expected_path = spec.with_suffix(".expected")
    actual = _render(spec)
    if os.environ.get("FORGEWRIGHT_UPDATE_FIXTURES") == "1":
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), f"missing {expected_path.name}; run with FORGEWRIGHT_UPDATE_FIXTURES=1"
    assert actual == expected_path.read_text(encoding="utf-8")


def test_every_fixture_reports_something() -> None:
    assert len(SPECS) >= 30
    for spec in SPECS:
        assert analyze(spec.read_text(encoding="utf-8"), spec.name).diagnostics, spec.name


def test_every_code_is_covered_by_a_fixture() -> None:
    covered = {line.split()[0] for p in FIXTURES.glob("*.expected") for line in p.read_text().splitlines() if line}
    assert set(CODES) - covered == set()
