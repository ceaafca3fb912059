"""The rules of the views that group rows: charts with their series, pivots, grouped tables and lists, and the
aggregates they compute.

The checker (:mod:`dsl.checker`) hands these functions a way to resolve a field name (reporting unknown ones
itself) and collects what they return. Each rule has its code and a hint naming the form that works.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from dsl import ast
from dsl.diagnostics import Diagnostic, error
from dsl.expressions import type_words
from dsl.field_hints import FieldUse
from dsl.resolve import ResolvedField
from dsl.types import DurationUnit, FieldType

Resolve = Callable[[ast.Name, FieldUse], ResolvedField | None]
"""A field of the module's rows by name; None (and a diagnostic of the checker's) when there is none."""

MIN_PERCENT = 1
MAX_PERCENT = 99

_SERIES_FORMS = (
    "give a chart its series one way: several dates on x (`x created, resolved by week y count`), several "
    'values on y (`y sum(originalestimate) "Estimated", sum(timespent) "Spent"`), or `split FIELD`'
)


def check_aggregate(aggregate: ast.Aggregate, resolve: Resolve) -> list[Diagnostic]:
    """A field aggregate needs a number or duration (``distinct`` takes any field); a percentile 1 to 99."""
    problems: list[Diagnostic] = []
    percent = aggregate.percent
    if percent is not None and not (
        isinstance(percent.value, int) and MIN_PERCENT <= percent.value <= MAX_PERCENT and percent.raw.isdigit()
    ):
        problems.append(
            error(
                "E215",
                percent.span,
                f"percentile {percent.raw} is not a whole number from {MIN_PERCENT} to {MAX_PERCENT}",
                "write the percent as a whole number, e.g. `percentile(timespent, 85)`; `median(F)` is the 50th",
            )
        )
    resolved = resolve(aggregate.field, FieldUse.VALUE) if aggregate.field is not None else None
    if resolved is not None and aggregate.function.needs_numbers and not resolved.type.is_numeric:
        problems.append(
            error(
                "E202",
                aggregate.span,
                f"cannot take the {aggregate.function.value} of `{resolved.name}` ({resolved.type.value})",
                f"{_NUMERIC_WORDS} need a number or a duration; use `count` to count issues, or "
                f"`distinct({resolved.name})` to count its different values",
            )
        )
    return problems + _unit_problems(aggregate, resolved)


def _unit_problems(aggregate: ast.Aggregate, resolved: ResolvedField | None) -> list[Diagnostic]:
    """``in days`` converts a duration; a count, a distinct count or a number has no time unit to show."""
    unit = aggregate.unit
    if unit is None or (aggregate.field is not None and resolved is None):
        return []
    if resolved is not None and aggregate.function.needs_numbers and resolved.type is FieldType.DURATION:
        return []
    what = (
        f"`{aggregate.function.value}` is a count"
        if not aggregate.function.needs_numbers
        else f"`{resolved.name}` is {type_words(resolved.type)}"
        if resolved is not None
        else "this value"
    )
    return [
        error(
            "E211",
            aggregate.span,
            f"{what}, not a duration, so it has no unit to show it in",
            f"remove `in {unit.value}`; units are for durations, e.g. `avg(resolution_time) in days`; a number "
            'field is labelled where it is declared: `field story_points: number = customfield_10016 unit "points"`',
        )
    ]


_NUMERIC_WORDS = "sum, avg, min, max, median and percentile"


def check_group(key: ast.GroupKey, resolve: Resolve, where: str, *, radial: bool = False) -> list[Diagnostic]:
    """Rows are grouped by a category or a date; only a date takes a bucket (``by week``). ``where`` names the place
    with its verb (``a chart's x axis needs``)."""
    problems: list[Diagnostic] = []
    for name in key.fields:
        resolved = resolve(name, FieldUse.CATEGORY if key.bucket is None else FieldUse.DATE)
        if resolved is None:
            continue
        if radial and resolved.type.is_temporal and key.bucket is None:
            problems.append(
                error(
                    "E201",
                    name.span,
                    f"`{name.value}` is a date; a pie or donut needs categories to slice",
                    f"group it, e.g. `slice {name.value} by month`, or slice by a category such as `status`",
                )
            )
        if resolved.type.is_numeric:
            problems.append(
                error(
                    "E201",
                    name.span,
                    f"`{name.value}` is a number; {where} a category or a date",
                    f"aggregate a number instead, e.g. `sum({name.value})`",
                )
            )
        if key.bucket is not None and not resolved.type.is_temporal:
            problems.append(
                error(
                    "E203",
                    key.span,
                    f"`{name.value}` is not a date, so it cannot be grouped by {key.bucket.value}",
                    f"remove `by {key.bucket.value}`, or group a date such as `created`",
                )
            )
    return problems


def one_field(key: ast.GroupKey, where: str) -> list[Diagnostic]:
    """Pivot sides and ``group by`` take one field; several fields on one axis are a chart's series."""
    if not key.also:
        return []
    return [
        error(
            "E218",
            key.also[0].span,
            f"{where} takes one field; `{key.also[0].value}` is a second one",
            "group by one field; for a second grouping use a pivot (`pivot { rows assignee  columns status  "
            "value count }`) or a chart with `split`",
        )
    ]


def check_chart(chart: ast.ChartView, resolve: Resolve) -> list[Diagnostic]:
    """A chart's axes, its series (one way of giving several), stacking and ``cumulative``."""
    problems = check_group(chart.x, resolve, "a chart's x axis needs", radial=chart.kind.is_radial)
    for series in chart.y:
        problems += check_aggregate(series.aggregate, resolve)
    problems += _series_form(chart)
    problems += _several_dates(chart, resolve)
    problems += _split(chart, resolve)
    problems += _stacking(chart)
    problems += _cumulative(chart, resolve)
    problems += _shared_axis(chart, resolve)
    problems += _series_labels(chart)
    return problems


def _series_form(chart: ast.ChartView) -> list[Diagnostic]:
    ways = [
        ("several x fields", chart.x.also[0].span if chart.x.also else None),
        ("several y values", chart.y[1].span if len(chart.y) > 1 else None),
        ("`split`", chart.split.span if chart.split is not None else None),
    ]
    given = [(word, span) for word, span in ways if span is not None]
    if chart.kind.is_radial and given:
        word, span = given[0]
        return [
            error(
                "E217",
                span,
                f"a {chart.kind.value} chart shows one series, and {word} would give it more",
                "use a bar or line chart for several series, e.g. `stacked bar chart { x assignee  y count  split "
                "status }`",
            )
        ]
    if len(given) < 2:
        return []
    first, (word, span) = given[0][0], given[1]
    return [error("E216", span, f"this chart already has series from {first}; {word} would add more", _SERIES_FORMS)]


def _several_dates(chart: ast.ChartView, resolve: Resolve) -> list[Diagnostic]:
    """Several x fields share one time axis: each must be a date."""
    if not chart.x.also:
        return []
    for name in chart.x.fields:
        resolved = resolve(name, FieldUse.DATE)
        if resolved is not None and not resolved.type.is_temporal:
            return [
                error(
                    "E217",
                    name.span,
                    f"`{name.value}` is not a date; several x fields share one time axis, so each must be a date",
                    "compare categories with `split`, e.g. `x assignee y count split status`",
                )
            ]
    return []


def _split(chart: ast.ChartView, resolve: Resolve) -> list[Diagnostic]:
    if chart.split is None:
        return []
    resolved = resolve(chart.split, FieldUse.CATEGORY)
    if resolved is None or resolved.type.is_categorical:
        return []
    return [
        error(
            "E201",
            chart.split.span,
            f"`{chart.split.value}` is a {_type_word(resolved.type)}; `split` makes a series per category",
            "split by a category such as `status`, `priority` or `assignee`",
        )
    ]


def _type_word(field_type: FieldType) -> str:
    return "date" if field_type.is_temporal else "number"


def _stacking(chart: ast.ChartView) -> list[Diagnostic]:
    if not chart.kind.is_stacked or chart.split is not None or len(chart.y) > 1 or chart.x.also:
        return []
    return [
        error(
            "E217",
            chart.span,
            f"a {chart.kind.value} chart stacks several series; this one has one",
            f"add `split FIELD` (e.g. `split status`), or use a `{chart.kind.value.replace('stacked ', '')} chart`",
        )
    ]


def _cumulative(chart: ast.ChartView, resolve: Resolve) -> list[Diagnostic]:
    """A running total needs an order (a date axis) and a value that adds up (count or sum)."""
    if not chart.cumulative:
        return []
    problems: list[Diagnostic] = []
    x = resolve(chart.x.field, FieldUse.DATE)
    if x is not None and not x.type.is_temporal:
        problems.append(
            error(
                "E219",
                chart.x.field.span,
                f"a cumulative chart adds up over time, and `{chart.x.field.value}` is not a date",
                "put a date on x, e.g. `x created by week y cumulative count`, or remove `cumulative`",
            )
        )
    for series in chart.y:
        if not series.aggregate.function.adds_up:
            problems.append(
                error(
                    "E219",
                    series.aggregate.span,
                    f"`cumulative` adds each point to the ones before it: that suits counts and sums, not "
                    f"`{series.aggregate.function.value}`",
                    "use `count` or `sum(FIELD)`, or remove `cumulative`",
                )
            )
    return problems


def _value_kind(aggregate: ast.Aggregate, resolve: Resolve) -> str | None:
    """What a series' values are on the axis: durations in a unit, or plain numbers (counts included), with the
    label a number field is shown with."""
    if aggregate.field is None or not aggregate.function.needs_numbers:
        return "number"
    resolved = resolve(aggregate.field, FieldUse.VALUE)
    if resolved is None or not resolved.type.is_numeric:
        return None
    if resolved.type is FieldType.DURATION:
        return f"duration in {(aggregate.unit or DurationUnit.HOURS).value}"
    return "number" + (f" in {resolved.unit}" if resolved.unit else "")


def _shared_axis(chart: ast.ChartView, resolve: Resolve) -> list[Diagnostic]:
    """Several y values share one axis: durations and plain numbers do not mix."""
    if len(chart.y) < 2:
        return []
    first = _value_kind(chart.y[0].aggregate, resolve)
    for series in chart.y[1:]:
        kind = _value_kind(series.aggregate, resolve)
        if first is not None and kind is not None and kind != first:
            return [
                error(
                    "E220",
                    series.span,
                    f"this series is a {kind} and the first one a {first}; the series of a chart share one axis",
                    "chart durations with durations in one unit (`sum(originalestimate) in days`, `sum(timespent) in "
                    "days`) and numbers with numbers; put the others in a chart of their own",
                )
            ]
    return []


def _series_labels(chart: ast.ChartView) -> list[Diagnostic]:
    seen: dict[str, ast.Text] = {}
    problems: list[Diagnostic] = []
    for label in _labels(chart.y):
        previous = seen.get(label.value.casefold())
        if previous is not None:
            problems.append(
                error(
                    "E104",
                    label.span,
                    f'duplicate series label "{label.value}"',
                    f"it is already used at line {previous.span.line}; each series needs its own label",
                )
            )
        seen.setdefault(label.value.casefold(), label)
    return problems


def _labels(series: Iterable[ast.Series]) -> Iterable[ast.Text]:
    return (s.label for s in series if s.label is not None)


def check_pivot(pivot: ast.PivotView, resolve: Resolve) -> list[Diagnostic]:
    """A pivot's rows and columns are one field each (a category or a date); its value any aggregate."""
    problems = one_field(pivot.rows, "a pivot's `rows`") + one_field(pivot.columns, "a pivot's `columns`")
    problems += check_group(pivot.rows, resolve, "a pivot's rows need") + check_group(
        pivot.columns, resolve, "a pivot's columns"
    )
    if pivot.rows.field.value == pivot.columns.field.value:
        problems.append(
            error(
                "E218",
                pivot.columns.field.span,
                f"rows and columns are both `{pivot.columns.field.value}`",
                "a pivot crosses two different fields, e.g. `rows assignee columns status`",
            )
        )
    return problems + check_aggregate(pivot.value, resolve)


def check_grouping(key: ast.GroupKey, resolve: Resolve) -> list[Diagnostic]:
    """``group by`` one category or date."""
    return one_field(key, "`group by`") + check_group(key, resolve, "`group by` needs")
