"""What each view computes, part by part: the things a fetch result is chosen for.

A table or list shows rows; a count metric shows the number of matching issues; everything else is an aggregate
over the rows, grouped by nothing (a metric), by one field (a chart's series, a grouped table's count and
subtotals) or by two (a pivot, a chart split by a field). The compiler chooses each part's sources (cheapest
first) in :mod:`compiler.fetches` and builds the planned view from its parts in :mod:`compiler.plan`, so the two
always agree on how many parts a view has and in which order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from dsl import ast
from dsl.types import Aggregation, FieldType


class PartKind(Enum):
    ROWS = "rows"  # a table's or list's rows, in the query's order
    TOTAL = "total"  # how many issues match
    AGGREGATE = "aggregate"  # an aggregate over the rows, maybe per group


@dataclass(frozen=True)
class GroupBy:
    """A field the rows are grouped by, with a date's bucket."""

    field: str
    bucket: str | None

    @staticmethod
    def of(name: ast.Name, key: ast.GroupKey) -> GroupBy:
        return GroupBy(name.value, key.bucket.value if key.bucket is not None else None)


@dataclass(frozen=True)
class Part:
    """One thing a view computes from a fetch result (see the module's docstring). ``label`` names a series;
    ``unit`` is the unit a duration is shown in (``in days``; None: hours)."""

    kind: PartKind
    x: GroupBy | None = None
    split: GroupBy | None = None
    aggregate: Aggregation = Aggregation.COUNT
    field: str | None = None
    percent: int | None = None
    label: str | None = None
    unit: str | None = None

    @property
    def counts(self) -> bool:
        """A count of issues per group: Jira can count it without reading any issue."""
        return self.kind is PartKind.AGGREGATE and self.aggregate is Aggregation.COUNT

    @property
    def fields(self) -> tuple[str, ...]:
        """The row fields this part reads."""
        named = (self.x.field if self.x else None, self.split.field if self.split else None, self.field)
        return tuple(n for n in named if n is not None)


ROWS = Part(PartKind.ROWS)
TOTAL = Part(PartKind.TOTAL)


def _aggregate(
    aggregate: ast.Aggregate, x: GroupBy | None = None, split: GroupBy | None = None, label: str | None = None
) -> Part:
    return Part(
        PartKind.AGGREGATE,
        x,
        split,
        aggregate.function,
        aggregate.field.value if aggregate.field is not None else None,
        int(aggregate.percent.value) if aggregate.percent is not None else None,
        label,
        aggregate.unit.value if aggregate.unit is not None else None,
    )


def chart_parts(chart: ast.ChartView) -> tuple[Part, ...]:
    """A chart's series: one per x date field, one per y aggregate, or the one a split shows per value."""
    first = chart.y[0]
    label = first.label.value if first.label is not None else None
    if chart.x.also:
        return tuple(_aggregate(first.aggregate, x=GroupBy.of(name, chart.x)) for name in chart.x.fields)
    x = GroupBy.of(chart.x.field, chart.x)
    if chart.split is not None:
        split = GroupBy(chart.split.value, None)
        return (_aggregate(first.aggregate, x=x, split=split, label=label),)
    return tuple(_aggregate(s.aggregate, x=x, label=s.label.value if s.label is not None else None) for s in chart.y)


def summed_columns(view: ast.TableView | ast.ListView, types: Mapping[str, str]) -> tuple[ast.Column, ...]:
    """The columns a grouped table or list adds up in each group: its numbers and durations."""
    columns = view.columns if isinstance(view, ast.TableView) else view.items
    return tuple(c for c in columns if c.field.value in types and FieldType(types[c.field.value]).is_numeric)


def view_parts(view: ast.View, types: Mapping[str, str]) -> tuple[Part, ...]:
    """Every part of a view, in the order its planned form lists them (``types``: row field types by name)."""
    if isinstance(view, ast.TableView | ast.ListView):
        if view.group is None:
            return (ROWS,)
        by = GroupBy.of(view.group.field, view.group)
        sums = (
            Part(PartKind.AGGREGATE, by, None, Aggregation.SUM, c.field.value, unit=c.unit.value if c.unit else None)
            for c in summed_columns(view, types)
        )
        return (ROWS, Part(PartKind.AGGREGATE, by), *sums)
    if isinstance(view, ast.MetricView):
        return (TOTAL,) if view.value.function is Aggregation.COUNT else (_aggregate(view.value),)
    if isinstance(view, ast.ChartView):
        return chart_parts(view)
    rows, columns = GroupBy.of(view.rows.field, view.rows), GroupBy.of(view.columns.field, view.columns)
    return (_aggregate(view.value, x=rows, split=columns),)
