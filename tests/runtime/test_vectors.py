"""The shared behaviour vectors (tests/vectors) run against the Python readings of the app's behaviour.

``node --test tests/runtime`` runs the same files against the runtime the app carries (vectors.test.mjs); here:

* the preview's aggregation (targets/preview/aggregate.py): date buckets and labels (in time zones), the buckets
  between two days, chart points, metrics, and what a view says about how much it covers;
* the test oracle (tests/toolchain_apps/generated_app_support.py), which says what a generated resolver must
  answer: JQL quoting and typed values, JQL date functions, which worklogs a query keeps. (For charts and
  metrics the oracle uses the preview's aggregation, so the vectors above cover it too.)
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from dsl.jql import CurrentUser, DateFunction, DateOffset, JqlPlaceholder, WorklogAuthor, WorklogDate, WorklogFilter
from dsl.span import NO_SPAN
from targets.preview import aggregate, expr, grouping, series, tables, units
from tests.toolchain_apps import generated_app_support as oracle

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / name).read_text(encoding="utf-8"))
    return data


DATES = _load("dates.json")
AGGREGATES = _load("aggregates.json")
VALUES = _load("jql-values.json")
WORKLOGS = _load("worklogs.json")
COVERAGE = _load("coverage.json")
EXPRESSIONS = _load("expressions.json")


@pytest.mark.parametrize("case", DATES["buckets"], ids=lambda c: f"{c['value']}-{c['bucket']}-{c.get('timeZone')}")
def test_buckets_in_the_preview(case: dict[str, Any]) -> None:
    expected = None if case["label"] is None else (case["label"], case["start"])
    assert aggregate.bucket_of(case["value"], case["bucket"], case.get("timeZone", "UTC")) == expected


@pytest.mark.parametrize("case", DATES["ranges"], ids=lambda c: c["name"])
def test_buckets_between_in_the_preview(case: dict[str, Any]) -> None:
    """The labels and first days (the JQL bounds are the runtime's alone: the preview counts nothing in Jira)."""
    found = aggregate.buckets_between(
        date.fromisoformat(case["first"]), date.fromisoformat(case["last"]), case["bucket"]
    )
    assert list(found) == [(b["label"], b["start"]) for b in case["buckets"]]


@pytest.mark.parametrize("case", COVERAGE["notes"], ids=lambda c: c["name"])
def test_coverage_notes_in_the_preview(case: dict[str, Any]) -> None:
    assert aggregate.coverage_note(case["coverage"]) == case["note"]


def _offset(raw: dict[str, Any] | None) -> DateOffset | None:
    return None if raw is None else DateOffset(raw["amount"], raw["unit"])


@pytest.mark.parametrize("case", DATES["functions"], ids=lambda c: f"{c['name']}-{c['now']}")
def test_date_functions_in_the_oracle(case: dict[str, Any]) -> None:
    now = datetime.fromisoformat(case["now"])
    moment = oracle.date_function(DateFunction(case["name"], _offset(case["offset"])), now)
    assert moment.isoformat(timespec="milliseconds").replace("+00:00", "Z") == case["moment"]


def _points(points: list[series.Point]) -> list[dict[str, Any]]:
    return [
        {"label": p.label, **({"series": p.series} if p.series is not None else {}), "value": p.value} for p in points
    ]


@pytest.mark.parametrize("case", AGGREGATES["charts"], ids=lambda c: c["name"])
def test_chart_points_in_the_preview(case: dict[str, Any]) -> None:
    field = "y" if case["fieldType"] else None
    one = series.Series("y", "x", aggregate.Computed(case["aggregate"], field, case["fieldType"]))
    chart = series.Chart(case["xType"], case["bucket"], (one,))
    points, omitted = series.chart_outcome(chart, case["rows"], case.get("timeZone", "UTC"))
    assert _points(points) == case["points"]
    assert omitted == case["omitted"]


@pytest.mark.parametrize("case", AGGREGATES["metrics"], ids=lambda c: c["name"])
def test_metrics_in_the_preview(case: dict[str, Any]) -> None:
    computed = aggregate.Computed(
        case["aggregate"], "y" if case["fieldType"] else None, case["fieldType"], case.get("percent"), case.get("unit")
    )
    assert aggregate.metric_value([{"y": v} for v in case["values"]], computed) == case["value"]


def _computed(raw: dict[str, Any]) -> aggregate.Computed:
    return aggregate.Computed(raw["aggregate"], raw["field"], raw["fieldType"], raw["percent"])


def _dimension(raw: dict[str, Any]) -> aggregate.Dimension:
    return aggregate.Dimension(raw["field"], raw["type"], raw["bucket"])


@pytest.mark.parametrize("case", AGGREGATES["series"], ids=lambda c: c["name"])
def test_series_in_the_preview(case: dict[str, Any]) -> None:
    raw = case["chart"]
    chart = series.Chart(
        raw["xType"],
        raw["bucket"],
        tuple(series.Series(s["label"], s["x"], _computed(s)) for s in raw["series"]),
        _dimension(raw["split"]) if raw["split"] else None,
        raw["cumulative"],
    )
    points, omitted = series.chart_outcome(chart, case["rows"], case.get("timeZone", "UTC"))
    assert _points(points) == case["points"]
    assert omitted == case["omitted"]


@pytest.mark.parametrize("case", AGGREGATES["pivots"], ids=lambda c: c["name"])
def test_pivots_in_the_preview(case: dict[str, Any]) -> None:
    found = tables.pivot(case["data"], _dimension(case["rows"]), _dimension(case["columns"]), _computed(case))
    assert {
        "rows": [{"label": label, "total": total, "cells": list(cells)} for label, total, cells in found.rows],
        "columns": [{"label": label, "total": total} for label, total in found.columns],
        "total": found.total,
    } == case["table"]


@pytest.mark.parametrize("case", AGGREGATES["groupings"], ids=lambda c: c["name"])
def test_groupings_in_the_preview(case: dict[str, Any]) -> None:
    summary = [grouping.Summary(s["label"], _computed(s)) for s in case["summary"]]
    groups, totals, note = grouping.grouped_rows(_dimension(case["by"]), summary, case["shown"], case["every"])
    found = [{"label": g.label, "rows": list(g.rows), "values": list(g.values), "note": g.note} for g in groups]
    assert found == case["groups"]
    assert list(totals) == case["totals"]
    assert note == case["note"]


@pytest.mark.parametrize("case", VALUES["quoting"], ids=lambda c: repr(c["value"])[:40])
def test_quoting_in_the_oracle(case: dict[str, Any]) -> None:
    assert oracle.jql_quote(case["value"]) == case["jql"]


ACCEPTED = [c for c in VALUES["typed"] if not c.get("error")]


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: f"{c['type']}-{c['value']!r}")
def test_typed_values_in_the_oracle(case: dict[str, Any]) -> None:
    """The oracle writes accepted values as the runtime does (it does not model refusals: those are runtime tests)."""
    assert oracle.jql_value(case["type"], case["value"]) == case["jql"]


def _placeholder(raw: dict[str, Any]) -> JqlPlaceholder:
    return JqlPlaceholder(raw["source"], raw["name"], raw["type"], NO_SPAN)


def _user(raw: dict[str, Any]) -> str | CurrentUser | JqlPlaceholder:
    if raw["kind"] == "currentUser":
        return CurrentUser()
    return str(raw["account"]) if raw["kind"] == "account" else _placeholder(raw)


def _day(raw: dict[str, Any]) -> str | DateOffset | DateFunction | JqlPlaceholder:
    if raw["kind"] == "day":
        return str(raw["day"])
    if raw["kind"] == "shift":
        return DateOffset(raw["shift"]["amount"], raw["shift"]["unit"])
    if raw["kind"] == "function":
        return DateFunction(raw["name"], _offset(raw["offset"]))
    return _placeholder(raw)


def _conditions(raw: dict[str, Any]) -> WorklogFilter:
    """The vector's conditions (as the app's plan holds them) in the checker's terms, which the oracle reads."""
    authors = tuple(WorklogAuthor(a["exclude"], tuple(_user(u) for u in a["users"]), NO_SPAN) for a in raw["authors"])
    dates = tuple(WorklogDate(d["op"], _day(d["day"]), NO_SPAN) for d in raw["dates"])
    return WorklogFilter(authors, dates)


@pytest.mark.parametrize("case", WORKLOGS["cases"], ids=lambda c: c["name"][:50])
def test_worklog_conditions_in_the_oracle(case: dict[str, Any]) -> None:
    conditions = _conditions(case["conditions"])
    now = datetime.fromisoformat(case["now"])
    for worklog in case["worklogs"]:
        author = None if worklog["author"] is None else {"accountId": worklog["author"]}
        raw = {"author": author, "started": worklog["started"]}
        assert oracle.keeps_worklog(conditions, case["env"], raw, now) is worklog["kept"], worklog["why"]


def _at(case: dict[str, Any]) -> expr.At:
    """A case's clock and time zone (the file's clock and UTC unless it says)."""
    return expr.At(datetime.fromisoformat(case.get("now", EXPRESSIONS["now"])), case.get("timeZone", "UTC"))


@pytest.mark.parametrize("case", EXPRESSIONS["values"], ids=lambda c: c["name"][:60])
def test_computed_values_in_the_preview(case: dict[str, Any]) -> None:
    assert expr.evaluate(case["expr"], case["row"], _at(case)) == case["value"]


@pytest.mark.parametrize("case", EXPRESSIONS["conditions"], ids=lambda c: c["name"][:60])
def test_highlight_conditions_in_the_preview(case: dict[str, Any]) -> None:
    assert expr.holds_for(case["condition"], case["row"], _at(case)) is case["holds"]


@pytest.mark.parametrize("case", EXPRESSIONS["shown"], ids=lambda c: f"{c['value']}-{c['unit']}")
def test_values_are_shown_in_the_preview_as_in_the_app(case: dict[str, Any]) -> None:
    shown = units.shown_duration(case["value"], case["unit"]) if case["type"] == "duration" else None
    assert (shown or units.shown_number(case["value"])) == case["text"]


def test_the_preview_words_left_out_rows_as_the_app_does() -> None:
    """The note under a date chart is the same sentence in the app (ui.jsx) and in the preview."""
    ui = (Path(__file__).resolve().parents[2] / "targets" / "forge_uikit" / "frontend" / "ui.jsx").read_text("utf-8")
    assert f"'{aggregate.omitted_note(1)}'" in ui
    plural = aggregate.omitted_note(7).removeprefix("7")
    assert f"`${{omitted}}{plural}`" in ui
