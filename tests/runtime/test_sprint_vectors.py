"""tests/vectors/sprints.json against the preview's sprint rules (node runs them against the runtime:
sprint-vectors.test.mjs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from targets.preview.aggregate import Group, groups_of
from targets.preview.sprints import Change, SprintIssue, SprintSpan, sprint_days, sprint_work
from targets.preview.tables import ordered

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[1] / "vectors" / "sprints.json").read_text(encoding="utf-8")
)
SPRINT_FIELD = "customfield_10020"


def _inputs(case: dict[str, Any]) -> tuple[SprintSpan, list[SprintIssue], dict[str, list[Change]]]:
    """A case's sprint, issues and their changes as the preview takes them."""
    span = SprintSpan(case["sprint"]["id"], case["sprint"]["start"], case["sprint"]["end"])
    issues = [SprintIssue(i["id"], i["created"], i["resolved"], i["value"]) for i in case["issues"]]
    changes = {
        issue: [Change(c["field"], c["at"], c["from"], c["to"]) for c in listed]
        for issue, listed in case["changes"].items()
    }
    return span, issues, changes


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: c["name"])
def test_sprint_work_in_the_preview(case: dict[str, Any]) -> None:
    found = sprint_work(*_inputs(case), SPRINT_FIELD, case["measure"])
    assert found == (case["committed"], case["completed"])


@pytest.mark.parametrize("case", VECTORS["days"], ids=lambda c: c["name"])
def test_sprint_days_in_the_preview(case: dict[str, Any]) -> None:
    span, issues, changes = _inputs(case)
    planned = case["sprint"]["planned"]
    found = sprint_days(span, planned, issues, changes, SPRINT_FIELD, case["measure"], case["timeZone"])
    assert found == case["rows"]


@pytest.mark.parametrize("case", VECTORS["sequences"], ids=lambda c: c["name"])
def test_sequences_in_the_preview(case: dict[str, Any]) -> None:
    groups = [
        Group(*groups_of(value, case["type"], None)[0], size)
        for value, size in zip(case["values"], case["sizes"], strict=True)
    ]
    assert [g.label for g in ordered(groups, case["type"], None, 0)] == case["shown"]
