"""Each value an app showed, beside the true value, with a verdict.

* ``exact``: what the view shows is the true value (numbers to the app's two decimals).
* ``coverage``: it differs, but the view itself says how much it covers (``coverage`` on the view's result;
  for a table or list, the result's "showing the first N" flag).
* ``WRONG``: it differs and nothing says so: a silently sampled number.
* ``failed``: the load failed, so the view showed an error instead of a value.

Reading the app's result is kept to the few functions at the top (``_views``, ``coverage_of``), because the
shape of a load result is the runtime's to change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.fakejira.oracle import Truth
from compiler.plan import PlannedChart, PlannedModule, PlannedView
from dsl.resolve import DataKind

TOLERANCE = 0.011  # apps round to two decimals
SETTLED = ("exact", "coverage")


@dataclass(frozen=True)
class Check:
    view: str  # e.g. 'line chart "Bugs created per week"'
    shown: str
    true: str
    verdict: str  # exact / coverage / WRONG / failed
    detail: str = ""


def _views(result: Any) -> list[dict[str, Any]]:
    views = result.get("views") if isinstance(result, dict) else None
    return [v if isinstance(v, dict) else {} for v in views] if isinstance(views, list) else []


def coverage_of(view_result: dict[str, Any]) -> str | None:
    """What a view says about how much it covers, as text; None when it says nothing."""
    stated = view_result.get("coverage")
    if stated in (None, "", {}, False):
        return None
    if isinstance(stated, dict):
        if isinstance(stated.get("note"), str) and stated["note"]:
            return str(stated["note"])  # the sentence the view shows
        covered, total = stated.get("covered"), stated.get("total")
        if covered is not None and total is not None:
            return f"based on {covered} of {total}"
    return str(stated)


def _label(view: PlannedView) -> str:
    title = f' "{view.title}"' if view.title else ""
    kind = f"{view.chart} chart" if isinstance(view, PlannedChart) else view.kind
    return f"{kind}{title}"


def _number(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}" if isinstance(value, int | float) else str(value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= TOLERANCE
    return bool(a == b)


def _points(data: Any) -> dict[str, Any]:
    """A chart's points by label (and series, for a chart of several)."""
    if not isinstance(data, list):
        return {}
    return {_point_key(p): p.get("value") for p in data if isinstance(p, dict)}


def _point_key(point: dict[str, Any]) -> str:
    series = point.get("series")
    return str(point.get("label")) + (f" · {series}" if series is not None else "")


def _pivot_cells(table: Any) -> dict[str, Any]:
    """A pivot's numbers by row and column (``Total`` for the totals)."""
    if not isinstance(table, dict):
        return {}
    rows, columns = table.get("rows") or [], table.get("columns") or []
    found: dict[str, Any] = {"Total · Total": table.get("total")}
    for column in columns:
        found[f"Total · {column.get('label')}"] = column.get("total")
    for row in rows:
        found[f"{row.get('label')} · Total"] = row.get("total")
        for column, value in zip(columns, row.get("cells") or [], strict=False):
            found[f"{row.get('label')} · {column.get('label')}"] = value
    return found


def _group_values(view: dict[str, Any]) -> dict[str, Any]:
    """A grouped table's summaries by group (``Total`` for the grand totals)."""
    found: dict[str, Any] = {f"Total · {i}": v for i, v in enumerate(view.get("totals") or [])}
    for group in view.get("groups") or []:
        for i, value in enumerate(group.get("values") or []):
            found[f"{group.get('label')} · {i}"] = value
    return found


def _total(points: dict[str, Any]) -> float:
    return sum(v for v in points.values() if isinstance(v, int | float))


def _chart(label: str, shown_view: dict[str, Any], true_view: dict[str, Any]) -> Check:
    return _numbers(label, _points(shown_view.get("data")), _points(true_view.get("data")), shown_view, "points")


def _numbers(label: str, shown: dict[str, Any], true: dict[str, Any], shown_view: dict[str, Any], what: str) -> Check:
    """Numbers by name (a chart's points, a pivot's cells, a grouping's summaries) beside the true ones."""
    missing = [k for k in true if k not in shown]
    extra = [k for k in shown if k not in true]
    differ = [k for k in true if k in shown and not _same(shown[k], true[k])]
    problems = []
    if missing:
        problems.append(f"{len(missing)} missing")
    if extra:
        problems.append(f"{len(extra)} not in the data")
    if differ:
        worst = max(differ, key=lambda k: abs((shown[k] or 0) - (true[k] or 0)))
        problems.append(f"{len(differ)} differ (e.g. {worst}: {_number(shown[worst])} vs {_number(true[worst])})")
    shown_text = f"{len(shown)} {what}, total {_number(_total(shown))}"
    true_text = f"{len(true)} {what}, total {_number(_total(true))}"
    return _judge(label, shown_text, true_text, not problems, "; ".join(problems), coverage_of(shown_view))


def _metric(label: str, shown_view: dict[str, Any], true_view: dict[str, Any]) -> Check:
    shown, true = shown_view.get("value"), true_view.get("value")
    ok = _same(shown, true)
    return _judge(label, _number(shown), _number(true), ok, "" if ok else "differs", coverage_of(shown_view))


def clock_fields(module: PlannedModule) -> frozenset[str]:
    """The fields that run with the clock: computed fields that use now() or measure time in statuses (the present
    stay lasts until the clock), directly or through others, and a status period's duration. They are worked out at
    the app's clock, which runs on during a load, so the truth (at the load's start) may be that many seconds
    behind."""
    periods = module.data is not None and module.data.kind is DataKind.STATUS_PERIODS
    found: set[str] = {"duration"} if periods else set()

    def uses_now(expr: Any) -> bool:
        if expr.kind == "clock":
            return bool(expr.name == "now")
        if expr.kind == "history":
            return bool(expr.measure in ("time", "current"))
        if expr.kind == "field":
            return bool(expr.field in found)
        if expr.kind == "negate":
            return uses_now(expr.operand)
        return expr.kind == "binary" and (uses_now(expr.left) or uses_now(expr.right))

    for field in module.computed:  # in the order they are worked out: what a field uses comes first
        if uses_now(field.expr):
            found.add(field.name)
    return frozenset(found)


def _rows_same(shown: list[Any], expected: list[Any], slack: dict[str, float]) -> bool:
    """Rows alike: every value equal, numbers within the apps' rounding, clock-bound fields within ``slack``."""
    if len(shown) != len(expected):
        return False
    for a, b in zip(shown, expected, strict=True):
        if not isinstance(a, dict) or not isinstance(b, dict) or a.keys() != b.keys():
            return False
        for key, value in b.items():
            other = a[key]
            if isinstance(value, int | float) and isinstance(other, int | float):
                if abs(value - other) > max(TOLERANCE, slack.get(key, 0.0)):
                    return False
            elif value != other:
                return False
    return True


def _table(
    label: str, result: dict[str, Any], shown_view: dict[str, Any], truth: Truth, slack: dict[str, float]
) -> Check:
    rows = result.get("rows")
    shown: list[Any] = rows if isinstance(rows, list) else []
    expected = truth.rows[: truth.limit]
    true_text = f"{len(expected):,} rows" + (f" (of {len(truth.rows):,})" if len(truth.rows) > truth.limit else "")
    if _rows_same(shown, expected, slack):
        return Check(label, f"{len(shown):,} rows", true_text, "exact")
    if not _rows_same(shown, expected[: len(shown)], slack):
        # rows the app works out from part of what they stand for (sprints, versions) may say so on the view
        stated = coverage_of(shown_view)
        detail = "values differ" if stated else "not the first rows of the query"
        return _judge(label, f"{len(shown):,} rows", true_text, False, detail, stated)
    stated = "showing the first rows only" if result.get("truncated") else None
    missing = f"{len(expected) - len(shown):,} rows missing"
    return _judge(label, f"{len(shown):,} rows", true_text, False, missing, stated)


def _judge(label: str, shown: str, true: str, exact: bool, detail: str, stated: str | None) -> Check:
    if exact:
        return Check(label, shown, true, "exact")
    if stated:
        return Check(label, shown, true, "coverage", f"{detail}; the view says: {stated}")
    return Check(label, shown, true, "WRONG", detail)


def check_views(module: PlannedModule, result: Any, truth: Truth, seconds: float = 0.0) -> list[Check]:
    """One check per visible view of the module (charts, metrics, tables and lists); ``seconds``: how long the
    load ran (the slack of values computed from now())."""
    slack = dict.fromkeys(clock_fields(module), seconds + 1.0)
    views = _views(result)
    ok = isinstance(result, dict) and result.get("ok") is True
    checks = []
    for index, view in enumerate(module.views):
        true_view = truth.views[index]
        if not true_view.get("visible", True):
            continue
        label = _label(view)
        if not ok:
            error = result.get("error") if isinstance(result, dict) else None
            message = error.get("message") if isinstance(error, dict) else str(error or result)
            checks.append(Check(label, "error", "-", "failed", str(message)))
            continue
        shown_view = views[index] if index < len(views) else {}
        if view.kind == "chart":
            checks.append(_chart(label, shown_view, true_view))
        elif view.kind == "metric":
            checks.append(_metric(label, shown_view, true_view))
        elif view.kind == "pivot":
            cells = _pivot_cells(shown_view.get("table")), _pivot_cells(true_view.get("table"))
            checks.append(_numbers(label, *cells, shown_view, "cells"))
        else:
            checks.append(_table(label, result, shown_view, truth, slack))
            if "groups" in true_view:
                summaries = _group_values(shown_view), _group_values(true_view)
                checks.append(_numbers(f"{label} groups", *summaries, shown_view, "subtotals"))
    return checks


def unexplained(checks: Iterable[Check]) -> list[Check]:
    """The values that are neither exact nor say how much they cover (the scale work's goal: none)."""
    return [c for c in checks if c.verdict not in SETTLED]


def tally(checks: Sequence[Check]) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in checks:
        out[c.verdict] = out.get(c.verdict, 0) + 1
    return out
