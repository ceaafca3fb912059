"""What each planned view shows over rows, in the shape the app's resolver answers it (``load.js``'s outcome).

The preview lays these out; the tests' oracle and the scale benchmark hold generated resolvers to them. Everything
here follows the shared vectors (tests/vectors/aggregates.json) through :mod:`targets.preview.aggregate`,
:mod:`targets.preview.series`, :mod:`targets.preview.tables` and :mod:`targets.preview.grouping`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from compiler.plan_types import (
    PlannedAxis,
    PlannedChart,
    PlannedGrouping,
    PlannedMetric,
    PlannedPivot,
    PlannedSeries,
    PlannedView,
)
from targets.preview import aggregate, expr, grouping, series, tables

Row = Mapping[str, object]


def computed(planned: PlannedSeries | PlannedMetric | PlannedPivot) -> aggregate.Computed:
    """What a series, metric or pivot computes."""
    return aggregate.Computed(planned.aggregate, planned.field, planned.field_type, planned.percent, planned.unit)


def dimension(axis: PlannedAxis) -> aggregate.Dimension:
    return aggregate.Dimension(axis.field, axis.type, axis.bucket)


def chart(planned: PlannedChart) -> series.Chart:
    """A planned chart as its points are computed."""
    return series.Chart(
        planned.x_type,
        planned.bucket,
        tuple(series.Series(s.label, s.x, computed(s)) for s in planned.series),
        dimension(planned.split) if planned.split is not None else None,
        planned.cumulative,
    )


def points(found: Sequence[series.Point]) -> list[dict[str, Any]]:
    """Points as the app answers them: ``{label, value}``, with ``series`` when a chart has several."""
    return [
        {"label": p.label, **({"series": p.series} if p.series is not None else {}), "value": p.value} for p in found
    ]


def grouped(group: PlannedGrouping, shown: Sequence[Row], every: Sequence[Row], time_zone: str) -> dict[str, Any]:
    """A grouped table's or list's groups (with the positions of their shown rows) and grand totals."""
    summary = [grouping.Summary(s.label, computed(s)) for s in group.summary]
    found, totals, note = grouping.grouped_rows(dimension(group.by), summary, shown, every, time_zone)
    return {
        "groups": [{"label": g.label, "rows": list(g.rows), "values": list(g.values), "note": g.note} for g in found],
        "totals": list(totals),
        "note": note,
    }


def pivot(planned: PlannedPivot, rows: Sequence[Row], time_zone: str) -> dict[str, Any]:
    found = tables.pivot(rows, dimension(planned.rows), dimension(planned.columns), computed(planned), time_zone)
    return {
        "rows": [{"label": label, "total": total, "cells": list(cells)} for label, total, cells in found.rows],
        "columns": [{"label": label, "total": total} for label, total in found.columns],
        "total": found.total,
    }


def view_outcome(
    view: PlannedView, rows: Sequence[Row], shown: Sequence[Row], count: int | None, at: expr.At
) -> dict[str, Any]:
    """What a visible view shows when its sources cover every row (``shown``: the rows a table or list shows, which
    its highlight rule marks; ``count``: Jira's count of the matching issues, which a count metric shows), at the
    load's clock and in the viewer's time zone."""
    time_zone = at.time_zone
    if isinstance(view, PlannedChart):
        found, omitted = series.chart_outcome(chart(view), rows, time_zone)
        return {"visible": True, "data": points(found), "omitted": omitted}
    if isinstance(view, PlannedMetric):
        if view.aggregate == "count":
            return {"visible": True, "value": count if count is not None else len(rows)}
        return {"visible": True, "value": aggregate.metric_value(rows, computed(view))}
    if isinstance(view, PlannedPivot):
        return {"visible": True, "table": pivot(view, rows, time_zone)}
    rule = view.highlight
    marked = (
        {"highlighted": [i for i, row in enumerate(shown) if expr.holds_for(rule.condition, row, at)]}
        if rule is not None
        else {}
    )
    if view.group is not None:
        return {"visible": True, **grouped(view.group, shown, rows, time_zone), **marked}
    return {"visible": True, **marked}
