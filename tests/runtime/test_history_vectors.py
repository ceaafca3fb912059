"""The shared status-period vectors (tests/vectors/status-periods.json) against the Python reading of the rules
(targets/preview/periods.py), which the preview and the scale benchmark's oracle use; node runs the same file
against the runtime's periods.js (history.test.mjs)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from targets.preview.measures import measure_history
from targets.preview.periods import StatusChange, StatusPeriod, status_periods

VECTORS = json.loads((Path(__file__).resolve().parents[1] / "vectors" / "status-periods.json").read_text("utf-8"))


def _ms(text: str) -> int:
    return round(datetime.fromisoformat(text).timestamp() * 1000)


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: c["name"])
def test_status_periods_in_python(case: dict[str, Any]) -> None:
    listed = {s["id"]: s for s in VECTORS["statuses"]}
    changes = [StatusChange(_ms(c["at"]), c["from"], c["fromString"], c["to"], c["toString"]) for c in case["changes"]]
    found = status_periods(_ms(case["created"]), case["current"], changes, listed, _ms(VECTORS["now"]))
    shown = [
        [
            p.status["id"],
            p.status["name"],
            p.status["statusCategory"]["key"] if p.status["statusCategory"] else None,
            p.entered,
            p.left,
            p.duration,
        ]
        for p in found
    ]
    assert shown == case["periods"]


MEASURES = json.loads((Path(__file__).resolve().parents[1] / "vectors" / "history-measures.json").read_text("utf-8"))


def _periods(rows: list[list[Any]]) -> list[StatusPeriod]:
    return [
        StatusPeriod({"id": name, "name": name, "statusCategory": None if cat is None else {"key": cat}}, a, b, d)
        for name, cat, a, b, d in rows
    ]


@pytest.mark.parametrize("case", MEASURES["cases"], ids=lambda c: c["name"])
def test_history_measures_in_python(case: dict[str, Any]) -> None:
    listed = MEASURES["issues"][case["issue"]]
    assert measure_history(case["measure"], _periods(listed) if listed else None) == case["value"]
