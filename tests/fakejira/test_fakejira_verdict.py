"""Verdicts on shown values (exact / coverage / WRONG / failed) and the helper the scale work will switch on:
every value is exact or says how much it covers."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from benchmarks.fakejira import reference
from benchmarks.fakejira.oracle import Truth
from benchmarks.fakejira.verdict import Check, check_views, clock_fields, unexplained
from compiler import build
from compiler.plan import PlannedModule
from dsl import analyze

SPEC = """app "Verdicts" {
  global_page board "Board" {
    issues where "project = DEMO"
      limit 2
    bar chart "By status" { x status y count }
    metric "Points" { value sum(story_points) }
    table { key, status }
  }
  field story_points: number = customfield_10016
}
"""
ROWS = [
    {"key": "DEMO-3", "status": {"name": "Done", "category": "done"}, "story_points": 2.5},
    {"key": "DEMO-2", "status": {"name": "To Do", "category": "new"}, "story_points": 1},
    {"key": "DEMO-1", "status": {"name": "Done", "category": "done"}, "story_points": None},
]


@pytest.fixture(scope="module")
def module() -> PlannedModule:
    analysis = analyze(SPEC, "verdicts.appspec")
    assert analysis.app is not None, analysis.diagnostics
    return build(analysis.app, SPEC).plan.modules[0]


@pytest.fixture(scope="module")
def truth(module: PlannedModule) -> Truth:
    return Truth(ROWS, 2, reference.views(module, ROWS, {}), len(ROWS))


def exact_result(truth: Truth) -> dict[str, Any]:
    return {
        "ok": True,
        "rows": ROWS[:2],
        "truncated": True,
        "views": [*copy.deepcopy(truth.views[:2]), {"visible": True}],
    }


def verdicts(checks: list[Check]) -> list[str]:
    return [c.verdict for c in checks]


def test_true_values_are_exact(module: PlannedModule, truth: Truth) -> None:
    checks = check_views(module, exact_result(truth), truth)
    assert [c.view for c in checks] == ['bar chart "By status"', 'metric "Points"', "table"]
    assert verdicts(checks) == ["exact"] * 3
    assert checks[0].shown == checks[0].true == "2 points, total 3"
    assert checks[2].true == "2 rows (of 3)"
    assert unexplained(checks) == []


def test_a_sampled_chart_is_wrong_unless_the_view_says_so(module: PlannedModule, truth: Truth) -> None:
    sampled = exact_result(truth)
    sampled["views"][0] = reference.views(module, ROWS[:2], {})[0]  # counted over the first page only
    check = check_views(module, sampled, truth)[0]
    assert (check.verdict, check.shown, check.true) == ("WRONG", "2 points, total 2", "2 points, total 3")
    assert check.detail == "1 differ (e.g. Done: 1 vs 2)"
    assert unexplained([check]) == [check]
    sampled["views"][0]["coverage"] = {"covered": 2, "total": 3}
    stated = check_views(module, sampled, truth)[0]
    assert stated.verdict == "coverage" and "based on 2 of 3" in stated.detail
    assert unexplained([stated]) == []


def test_missing_and_extra_points(module: PlannedModule, truth: Truth) -> None:
    result = exact_result(truth)
    result["views"][0]["data"] = [{"label": "Done", "value": 2}, {"label": "Blocked", "value": 1}]
    check = check_views(module, result, truth)[0]
    assert check.verdict == "WRONG" and check.detail == "1 missing; 1 not in the data"


def test_metrics_compare_to_the_apps_two_decimals(module: PlannedModule, truth: Truth) -> None:
    result = exact_result(truth)
    assert truth.views[1]["value"] == 3.5
    result["views"][1]["value"] = 3.504
    assert check_views(module, result, truth)[1].verdict == "exact"
    result["views"][1]["value"] = 3.52
    wrong = check_views(module, result, truth)[1]
    assert (wrong.verdict, wrong.shown, wrong.true) == ("WRONG", "3.52", "3.50")


def test_tables_must_show_their_first_rows_or_say_they_do_not(module: PlannedModule, truth: Truth) -> None:
    result = exact_result(truth)
    result["rows"] = ROWS[:1]
    result["truncated"] = False
    silent = check_views(module, result, truth)[2]
    assert (silent.verdict, silent.detail) == ("WRONG", "1 rows missing")
    result["truncated"] = True
    stated = check_views(module, result, truth)[2]
    assert (stated.verdict, stated.detail) == ("coverage", "1 rows missing; the view says: showing the first rows only")
    result["rows"] = [ROWS[0], ROWS[2]]  # saying "the first rows" does not excuse other rows
    assert check_views(module, result, truth)[2].verdict == "WRONG"


def test_a_failed_load_fails_every_view(module: PlannedModule, truth: Truth) -> None:
    checks = check_views(module, {"ok": False, "error": {"status": 400, "message": "No such project."}}, truth)
    assert verdicts(checks) == ["failed"] * 3 and checks[0].detail == "No such project."
    assert unexplained(checks) == checks


def test_hidden_views_are_not_judged(truth: Truth, module: PlannedModule) -> None:
    hidden = Truth(ROWS, 2, [{"visible": False}, *truth.views[1:]], len(ROWS))
    assert [c.view for c in check_views(module, exact_result(truth), hidden)] == ['metric "Points"', "table"]


@pytest.mark.parametrize(
    ("type_", "raw", "expected"),
    [
        (
            "user",
            {"accountId": "a-1", "displayName": "Ann", "active": True},
            {"accountId": "a-1", "displayName": "Ann"},
        ),
        ("status", {"name": "Done", "statusCategory": {"key": "done"}}, {"name": "Done", "category": "done"}),
        ("status_category", {"statusCategory": {"key": "new", "name": "To Do"}}, {"name": "To Do", "category": "new"}),
        ("number", {"votes": 4, "hasVoted": False}, 4),
        ("number", {"watchCount": 2}, 2),
        ("components", [{"name": "API"}, {"value": "x"}], ["API", "x"]),
        ("text", {"type": "doc", "content": [{"content": [{"text": "a"}, {"text": "b"}]}]}, "a b"),
        ("text", {"value": "Phoenix", "id": "10100"}, "Phoenix"),
        ("duration", "3h", None),
        ("issue", {"key": "DEMO-1"}, "DEMO-1"),
        ("date", "2026-11-18", "2026-11-18"),
        ("user", None, None),
    ],
)
def test_row_values_read_jira_json_like_the_app(type_: str, raw: Any, expected: Any) -> None:
    assert reference.row_value(type_, raw) == expected


CLOCKED = """app "Clocked" {
  global_page ages "Ages" {
    field age = now() - created
    field older = age + 1 day
    field due_in = duedate - today()
    issues where "project = DEMO"
      limit 10
    table { key, age, older, due_in }
  }
}
"""


def test_values_computed_from_now_may_trail_the_truth_by_the_load_time() -> None:
    """The app's clock runs on during a load: a value computed from now() (directly or through another computed
    field) is exact within the load's seconds; other values, and a larger gap, are not."""
    analysis = analyze(CLOCKED, "clocked.appspec")
    assert analysis.app is not None, analysis.diagnostics
    module = build(analysis.app, CLOCKED).plan.modules[0]
    assert clock_fields(module) == {"age", "older"}
    true_rows = [{"key": "DEMO-1", "age": 3600.0, "older": 90000.0, "due_in": 86400}]
    truth = Truth(true_rows, 10, reference.views(module, true_rows, {}), 1)
    later = [{"key": "DEMO-1", "age": 3601.5, "older": 90001.5, "due_in": 86400}]
    assert verdicts(check_views(module, {"ok": True, "rows": later, "views": [{}]}, truth, 1.0)) == ["exact"]
    assert verdicts(check_views(module, {"ok": True, "rows": later, "views": [{}]}, truth, 0.0)) == ["WRONG"]
    shifted = [{**later[0], "due_in": 0}]
    assert verdicts(check_views(module, {"ok": True, "rows": shifted, "views": [{}]}, truth, 9.0)) == ["WRONG"]
