"""A chart's points from its series over rows, as the app's ``series.js`` draws them (tests/vectors pins both).

Dates on x in time order with every bucket between the first and the last of any series; categories by their total
over the series, largest first, then by label. Every series has a point at every x (an empty one counts 0, or has
no value for other aggregates). Series in the spec's order; split series by their total, largest first, then by
name. ``cumulative``: each point adds up the points before it. One series gives points without a series name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from targets.preview.aggregate import Computed, Dimension, Group, Row, empty_value, group_values, round2
from targets.preview.tables import laid_out, ordered, row_table


@dataclass(frozen=True)
class Series:
    """One series of a chart: its label, the field its rows are grouped by, what it computes."""

    label: str
    x: str
    computed: Computed


@dataclass(frozen=True)
class Chart:
    """What the points of a chart depend on (the plan's chart, without its sources)."""

    x_type: str
    bucket: str | None
    series: tuple[Series, ...]
    split: Dimension | None = None
    cumulative: bool = False


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None
    series: str | None = None


@dataclass(frozen=True)
class _Line:
    name: str
    aggregate: str
    groups: tuple[Group, ...]


def drawn(chart: Chart, lines: Sequence[_Line]) -> list[Point]:
    """The points of a chart from its lines, in the order they are shown."""
    xs: dict[str, Group] = {}
    for line in lines:
        for g in line.groups:
            known = xs.get(g.label, Group(g.label, g.order, 0.0))
            xs[g.label] = Group(g.label, known.order, (known.value or 0) + (g.value or 0))
    axis = ordered(list(xs.values()), chart.x_type, chart.bucket, 0.0)
    several = len(lines) > 1 or chart.split is not None
    running = [0.0 for _ in lines]
    points = []
    for x in axis:
        for i, line in enumerate(lines):
            found = next((g for g in line.groups if g.label == x.label), None)
            value = found.value if found is not None else empty_value(line.aggregate)
            if chart.cumulative:
                running[i] = round2(running[i] + (value or 0))
                value = running[i]
            points.append(Point(x.label, value, line.name if several else None))
    return points


def chart_outcome(chart: Chart, rows: Sequence[Row], time_zone: str = "UTC") -> tuple[list[Point], int]:
    """A chart's points over rows, and how many rows a date axis left out."""
    if chart.split is not None:
        series = chart.series[0]
        x = Dimension(series.x, chart.x_type, chart.bucket)
        table = laid_out(
            row_table(rows, x, chart.split, series.computed, time_zone, False),
            x,
            chart.split,
            series.computed.aggregate,
        )
        lines = [
            _Line(
                column.label,
                series.computed.aggregate,
                tuple(Group(row.label, row.order, table.cells[i][j]) for i, row in enumerate(table.rows)),
            )
            for j, column in enumerate(table.columns)
        ]
        lines.sort(key=lambda line: (-sum(g.value or 0 for g in line.groups), line.name))
        return drawn(chart, lines), table.omitted
    lines = []
    omitted = 0
    for series in chart.series:
        groups, omitted = group_values(
            rows, Dimension(series.x, chart.x_type, chart.bucket), series.computed, time_zone, False
        )
        lines.append(_Line(series.label, series.computed.aggregate, tuple(groups)))
    if len({s.x for s in chart.series}) > 1:
        omitted = 0  # several date fields: a row without one date is simply not in that series
    return drawn(chart, lines), omitted
