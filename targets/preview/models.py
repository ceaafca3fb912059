"""What the preview page shows, as typed values made from the plan: the template only lays them out.

One dataclass per thing on the page (a form field, a view of each kind, a module, a group of modules shown as
tabs). Rows and charts come from :mod:`targets.preview.sample` and :mod:`targets.preview.aggregate`, so a view
shows what the app would show for those rows; chart geometry stays the plain data :mod:`targets.preview.charts`
lays out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compiler.costs import SIZES, load_cost
from compiler.fetches import ROWS, VALUES
from compiler.plan import Plan, PlannedChart, PlannedMetric, PlannedModule, PlannedParam, PlannedView
from compiler.plan_types import FixedLimit, PlannedColumn
from dsl.resolve import DataKind
from targets.preview import aggregate, charts, expr, sample

TABLE_ROWS = 8
AGGREGATE_ROWS = 40

KIND_LABELS = {
    "gadget": "Dashboard gadget",
    "issue_panel": "Issue panel",
    "project_page": "Project page",
    "global_page": "Global page (Apps menu)",
    "admin_page": "Admin page (Jira settings)",
}

DATA_LABELS = {
    DataKind.ISSUES: "issues",
    DataKind.WORKLOGS: "work logs",
    DataKind.PROJECTS: "projects",
    DataKind.FILTERS: "saved filters",
}

Rows = list[dict[str, sample.Cell]]


@dataclass(frozen=True)
class Field:
    """One field of a configuration or settings form, with sample choices for pickers."""

    name: str
    type: str
    label: str
    id: str
    default: str | int | float | bool
    options: tuple[str, ...]
    checked: bool
    help: str | None  # under the field: the setting an empty value takes, or that it may stay empty


@dataclass(frozen=True)
class Condition:
    """The boolean parameter that shows a view, and whether it is on by default."""

    label: str
    on: bool


@dataclass(frozen=True)
class Column:
    field: str
    heading: str


@dataclass(frozen=True)
class RowsView:
    """A table or a list: its columns and the first sample rows, with those its highlight rule marks."""

    kind: str  # table | list
    title: str | None
    when: Condition | None
    columns: tuple[Column, ...]
    rows: tuple[tuple[sample.Cell, ...], ...]
    total: int
    highlighted: tuple[bool, ...]
    label: str | None  # shown on marked rows
    rule: str | None  # what marks a row, for the reader
    chart: None = None


@dataclass(frozen=True)
class MetricView:
    """A number, and what the app says under it at scale (None: exact at any size)."""

    title: str | None
    when: Condition | None
    value: str
    what: str
    coverage: str | None
    kind: str = "metric"
    chart: None = None
    rule: None = None


@dataclass(frozen=True)
class Axes:
    x: str
    y: str


@dataclass(frozen=True)
class ChartView:
    """A chart: what its axes show, its geometry, the note about rows left out (None when none were) and what the
    app says under it at scale (None: exact at any size)."""

    title: str | None
    when: Condition | None
    chart: str
    axis: Axes
    empty: bool
    svg: dict[str, Any]
    omitted: str | None
    coverage: str | None
    kind: str = "chart"
    rule: None = None


View = RowsView | MetricView | ChartView


@dataclass(frozen=True)
class Source:
    label: str
    jql: str | None
    order: str
    limit: str


@dataclass(frozen=True)
class ScopeUse:
    scope: str
    why: tuple[str, ...]


@dataclass(frozen=True)
class Text:
    kind: str
    text: str


@dataclass(frozen=True)
class Module:
    key: str
    kind: str
    kind_label: str
    forge_type: str
    title: str
    description: str | None
    line: int
    source: Source | None
    config: tuple[Field, ...]
    settings: tuple[Field, ...]
    views: tuple[View, ...]
    texts: tuple[Text, ...]
    scopes: tuple[ScopeUse, ...]


@dataclass(frozen=True)
class AppSummary:
    name: str
    description: str | None
    scope_style: str
    scopes: tuple[str, ...]
    uses_storage: bool


@dataclass(frozen=True)
class Host:
    """A Forge module and the spec modules it shows: one, or several pages of one kind as tabs."""

    key: str
    modules: tuple[Module, ...]


def _help(param: PlannedParam, settings: dict[str, PlannedParam]) -> str | None:
    """The sentence the app's form shows under a field (config.jsx's fieldHelp)."""
    if param.default_setting is not None:
        setting = settings.get(param.default_setting)
        return f"Leave empty to use the app setting “{setting.label if setting else param.default_setting}”."
    return "Optional: leave it empty to leave this condition out." if param.optional else None


def _field(module: str, param: PlannedParam, settings: dict[str, PlannedParam]) -> Field:
    options = param.options
    if param.type == "project":
        options = tuple(f"{name} ({key})" for name, key in zip(sample.PROJECTS, sample.PROJECT_KEYS, strict=True))
    elif param.type == "filter":
        options = sample.FILTER_NAMES
    elif param.type == "user":
        options = sample.PEOPLE
    default = "" if param.default is None else param.default
    return Field(
        param.name,
        param.type,
        param.label,
        f"fw-{module}-{param.name}",
        default,
        options,
        default is True,
        _help(param, settings),
    )


def _value(row: dict[str, sample.Cell], name: str | None) -> object:
    found = row.get(name) if name is not None else None
    return found.value if found is not None else None


def _chart(view: PlannedChart, rows: Rows, when: Condition | None, coverage: str | None) -> ChartView:
    """A chart's points and geometry, grouped and aggregated by the app's rules."""
    pairs = [(_value(row, view.x), _value(row, view.field)) for row in rows]
    found, omitted = aggregate.chart_points(pairs, view.x_type, view.bucket, view.aggregate, view.field_type)
    duration = view.field_type == "duration"
    points = charts.points(found, duration)
    if view.chart == "horizontal bar":
        svg = charts.horizontal_bar_chart(points)
    elif view.chart == "line":
        svg = charts.line_chart(points, duration)
    elif view.chart in ("pie", "donut"):
        svg = charts.pie_chart(points, donut=view.chart == "donut")
    else:
        svg = charts.bar_chart(points, duration)
    what = view.aggregate if view.field is None else f"{view.aggregate} of {view.field}"
    axis = Axes(view.x + (f" by {view.bucket}" if view.bucket else ""), what)
    note = aggregate.omitted_note(omitted) if omitted else None
    return ChartView(view.title, when, view.chart, axis, not points, svg, note, coverage)


AT_SCALE = SIZES[-1]
"""The size whose coverage notes the preview shows: what the app would say at 100,000 matching items."""


def _at_scale(plan: Plan, module: PlannedModule, view: PlannedView) -> str | None:
    """The sentence the app shows under a view that reads every value, when one load at :data:`AT_SCALE` matching
    items could not read them all (by the cost model); None for a view that is exact at any size."""
    cost = load_cost(module, AT_SCALE, plan.budget)
    if cost is None or cost.covered >= cost.matching or view.sources[-1] not in (VALUES, ROWS):
        return None
    if isinstance(view, PlannedMetric) and view.aggregate == "count":
        return None  # a count reads Jira's total
    assert module.data is not None
    kind = "worklogs" if module.data.kind is DataKind.WORKLOGS else "part"
    unit = DATA_LABELS[module.data.kind] if module.data.kind is not DataKind.WORKLOGS else "issues"
    note = aggregate.coverage_note({"kind": kind, "covered": cost.covered, "total": cost.matching, "unit": unit})
    return f"At {AT_SCALE:,} matching {unit}: {note}"


def _view(plan: Plan, module: PlannedModule, view: PlannedView, rows: Rows) -> View:
    params = {p.name: p for p in module.config}
    param = params.get(view.when) if view.when else None
    when = None if param is None else Condition(param.label, param.default is True)
    if isinstance(view, PlannedChart):
        return _chart(view, rows, when, _at_scale(plan, module, view))
    if isinstance(view, PlannedMetric):
        value = aggregate.metric_value([_value(row, view.field) for row in rows], view.aggregate, view.field_type)
        what = view.aggregate if view.field is None else f"{view.aggregate} of {view.field}"
        number = charts.display(value, view.field_type == "duration")
        return MetricView(view.title, when, number, what, _at_scale(plan, module, view))
    columns = tuple(Column(c.field, c.heading) for c in view.columns)
    shown = tuple(tuple(_cell(row, c) for c in view.columns if c.field in row) for row in rows[:TABLE_ROWS])
    rule = view.highlight
    marked = tuple(
        rule is not None and expr.holds_for(rule.condition, _values(row), sample.AT) for row in rows[:TABLE_ROWS]
    )
    label = rule.label if rule is not None else None
    described = _rule_text(view.span.line) if rule is not None else None
    return RowsView(view.kind, view.title, when, columns, shown, len(rows), marked, label, described)


def _cell(row: dict[str, sample.Cell], column: PlannedColumn) -> sample.Cell:
    """A row's value in a column: as sampled, or a duration in the column's unit."""
    found = row[column.field]
    if column.unit is None or found.value is None:
        return found
    return sample.value_cell(column.type, found.value, column.unit)


def _rule_text(line: int) -> str:
    return f"Rows its highlight rule (spec line {line}) holds for are marked."


def _values(row: dict[str, sample.Cell]) -> dict[str, object]:
    return {name: cell.value for name, cell in row.items()}


def _source(module: PlannedModule) -> tuple[Source | None, Rows]:
    data = module.data
    if data is None:
        return None, []
    limit = data.limit
    count = limit.value if isinstance(limit, FixedLimit) else AGGREGATE_ROWS
    rows = sample.rows(module.key, module.fields, data.kind, max(1, min(count, AGGREGATE_ROWS)))
    for row in rows:
        values = expr.with_computed(module.computed, _values(row), sample.AT)
        row.update((c.name, sample.value_cell(c.type, values[c.name])) for c in module.computed)
    source = Source(
        DATA_LABELS[data.kind],
        data.jql_text or None,
        ", ".join(f"{o.jql} {o.direction}" for o in data.order),
        str(limit.value) if isinstance(limit, FixedLimit) else f"{{{limit.param}}}",
    )
    return source, rows


def module(plan: Plan, planned: PlannedModule) -> Module:
    source, rows = _source(planned)
    app_settings = {p.name: p for p in plan.settings}
    scopes = tuple(
        ScopeUse(g.scope, tuple(sorted({r.why for r in g.reasons if r.module_key == planned.key})))
        for g in plan.scopes
        if any(r.module_key == planned.key for r in g.reasons)
    )
    return Module(
        key=planned.key,
        kind=planned.kind.value,
        kind_label=KIND_LABELS.get(planned.kind.value, planned.kind.value),
        forge_type=planned.forge_type,
        title=planned.title,
        description=planned.description,
        line=planned.span.line,
        source=source,
        config=tuple(_field(planned.key, p, app_settings) for p in planned.config),
        settings=tuple(_field(planned.key, p, app_settings) for p in planned.settings),
        views=tuple(_view(plan, planned, v, rows) for v in planned.views),
        texts=tuple(Text(kind, getattr(planned.texts, kind)) for kind in planned.texts.given),
        scopes=scopes,
    )


def hosts(plan: Plan) -> tuple[Host, ...]:
    """The Forge modules in spec order, each with the spec modules it shows."""
    return tuple(
        Host(m.key, tuple(module(plan, member) for member in plan.hosted_by(m.key)))
        for m in plan.modules
        if m.host_key == m.key
    )


def app_summary(plan: Plan) -> AppSummary:
    return AppSummary(plan.app_name, plan.app_description, plan.scope_style.value, plan.scope_names, plan.uses_storage)
