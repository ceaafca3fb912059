"""Each view in the frontend's terms: the planned table, list, chart, metric or pivot, built from the view, the
row fields the module reads and the sources chosen for each of the view's parts (:mod:`compiler.parts`).

Series get the label their legend shows: the spec's, else one made from the aggregate and the field's heading
("Sum of time spent", "85th percentile of time spent"), or, for several dates on x, the date's heading.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from compiler.calculations import CalculationError, Groups, planned_condition
from compiler.parts import GroupBy, Part, PartKind, summed_columns
from compiler.plan_types import (
    PlannedAxis,
    PlannedChart,
    PlannedColumn,
    PlannedGrouping,
    PlannedHighlight,
    PlannedList,
    PlannedMetric,
    PlannedPivot,
    PlannedSeries,
    PlannedTable,
    PlannedView,
)
from dsl import ast
from dsl.resolve import ResolvedField
from dsl.span import Span
from dsl.types import Aggregation, FieldType


class PlanError(ValueError):
    """The app is inconsistent in a way the checker should have reported."""

    def __init__(self, span: Span, message: str) -> None:
        super().__init__(f"{span}: {message}")
        self.span = span


ITEM_WORDS = {
    "issues": "Issues",
    "worklogs": "Worklogs",
    "status periods": "Status periods",
    "projects": "Projects",
    "filters": "Filters",
}
"""What a grouped table's count is of, by the kind of data."""


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th``, ``85th``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def aggregate_label(aggregate: Aggregation, heading: str | None, percent: int | None) -> str:
    """How a series or value is named when the spec gives no label: ``Median of time spent``, ``Count``."""
    if heading is None:
        return "Count"
    field = heading[:1].lower() + heading[1:]
    words = {
        Aggregation.SUM: "Sum of",
        Aggregation.AVG: "Average of",
        Aggregation.MIN: "Minimum of",
        Aggregation.MAX: "Maximum of",
        Aggregation.MEDIAN: "Median of",
        Aggregation.DISTINCT: "Distinct values of",
    }
    if aggregate is Aggregation.PERCENTILE:
        return f"{ordinal(percent or 0)} percentile of {field}"
    return f"{words.get(aggregate, 'Count of')} {field}"


class _Fields:
    """The module's row fields by name (computed ones too), failing with the spec position of a name the checker
    let through."""

    def __init__(self, fields: Mapping[str, ResolvedField], span: Span) -> None:
        self.by_name = fields
        self.span = span

    def __getitem__(self, name: str) -> ResolvedField:
        found = self.by_name.get(name)
        if found is None:
            raise PlanError(self.span, f"unknown field `{name}`")
        return found

    def type_of(self, name: str | None) -> str | None:
        return None if name is None else self[name].type.value

    def axis(self, by: GroupBy) -> PlannedAxis:
        field = self[by.field]
        return PlannedAxis(field.name, field.type.value, by.bucket, field.heading)

    @property
    def types(self) -> Mapping[str, str]:
        return {name: f.type.value for name, f in self.by_name.items()}


def _columns(items: tuple[ast.Column, ...], fields: _Fields) -> tuple[PlannedColumn, ...]:
    columns = []
    for column in items:
        found = fields[column.field.value]
        heading = column.heading.value if column.heading is not None else found.heading
        unit = column.unit.value if column.unit is not None else found.unit
        columns.append(PlannedColumn(found.name, heading, found.type.value, unit, column.span))
    return tuple(columns)


def _highlight(view: ast.TableView | ast.ListView, fields: _Fields, groups: Groups) -> PlannedHighlight | None:
    rule = view.highlight
    if rule is None:
        return None
    try:
        condition = planned_condition(rule.condition, fields.by_name, groups)
    except CalculationError as exc:
        raise PlanError(exc.span, str(exc)) from exc
    return PlannedHighlight(rule.label.value if rule.label is not None else None, condition)


Sources = Sequence[tuple[str, ...]]
"""The sources of each part of a view, cheapest first."""


def shown_unit(part: Part, fields: _Fields) -> str | None:
    """The unit a part's value is shown in: a duration's (``in days``; None: hours), a number field's label; none
    for a count or a distinct count."""
    if part.field is None or not part.aggregate.needs_numbers:
        return None
    field = fields[part.field]
    return part.unit if field.type is FieldType.DURATION else field.unit


def _series(part: Part, sources: tuple[str, ...], fields: _Fields, label: str | None = None) -> PlannedSeries:
    assert part.x is not None, "a series groups its rows"
    heading = fields[part.field].heading if part.field is not None else None
    shown = label or part.label or aggregate_label(part.aggregate, heading, part.percent)
    field_type = fields.type_of(part.field)
    unit = shown_unit(part, fields)
    return PlannedSeries(shown, part.x.field, part.aggregate.value, part.field, field_type, part.percent, unit, sources)


def _grouping(
    view: ast.TableView | ast.ListView,
    parts: Sequence[Part],
    sources: Sources,
    fields: _Fields,
    data: str,
) -> PlannedGrouping | None:
    if view.group is None:
        return None
    by = parts[1].x
    assert by is not None
    headings = [
        c.heading.value if c.heading is not None else fields[c.field.value].heading
        for c in summed_columns(view, fields.types)
    ]
    labels = [ITEM_WORDS.get(data, "Items"), *headings]
    summary = tuple(_series(p, s, fields, label) for p, s, label in zip(parts[1:], sources[1:], labels, strict=True))
    return PlannedGrouping(fields.axis(by), summary)


def _chart(view: ast.ChartView, parts: Sequence[Part], sources: Sources, fields: _Fields) -> PlannedChart:
    several_dates = len(view.x.fields) > 1
    series = tuple(
        _series(p, s, fields, fields[p.x.field].heading if several_dates and p.x is not None else None)
        for p, s in zip(parts, sources, strict=True)
    )
    split = parts[0].split
    return PlannedChart(
        view.title.value if view.title is not None else None,
        view.when.name.value if view.when is not None else None,
        view.kind.value,
        fields[view.x.field.value].type.value,
        view.x.bucket.value if view.x.bucket is not None else None,
        series,
        fields.axis(split) if split is not None else None,
        view.cumulative,
        view.span,
    )


def planned_view(
    view: ast.View,
    parts: Sequence[Part],
    sources: Sources,
    module_fields: Mapping[str, ResolvedField],
    data: str,
    groups: Groups,
) -> PlannedView:
    """A view in the frontend's terms; ``parts`` and ``sources`` are the view's, in the same order (``groups``: the
    app's status groups, for history measures in a highlight)."""
    fields = _Fields(module_fields, view.span)
    title = view.title.value if view.title is not None else None
    when = view.when.name.value if view.when is not None else None
    if isinstance(view, ast.TableView | ast.ListView):
        columns = _columns(view.columns if isinstance(view, ast.TableView) else view.items, fields)
        group = _grouping(view, parts, sources, fields, data)
        highlight = _highlight(view, fields, groups)
        if isinstance(view, ast.TableView):
            return PlannedTable(sources[0], title, when, columns, highlight, group, view.span)
        return PlannedList(sources[0], title, when, columns, highlight, group, view.span)
    if isinstance(view, ast.ChartView):
        return _chart(view, parts, sources, fields)
    (part,) = parts
    if isinstance(view, ast.PivotView):
        assert part.x is not None and part.split is not None
        return PlannedPivot(
            sources[0],
            title,
            when,
            fields.axis(part.x),
            fields.axis(part.split),
            part.aggregate.value,
            part.field,
            fields.type_of(part.field),
            part.percent,
            shown_unit(part, fields),
            view.span,
        )
    aggregate = view.value.function if part.kind is PartKind.AGGREGATE else Aggregation.COUNT
    return PlannedMetric(
        sources[0],
        title,
        when,
        aggregate.value,
        part.field,
        fields.type_of(part.field),
        part.percent,
        shown_unit(part, fields),
        view.span,
    )
