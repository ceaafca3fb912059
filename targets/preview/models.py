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
from compiler.plan_types import (
    FixedLimit,
    PlannedColumn,
    PlannedList,
    PlannedPivot,
    PlannedSeries,
    PlannedTable,
    SprintFetch,
    VersionFetch,
    sourced_parts,
)
from compiler.views import ordinal
from dsl.resolve import DataKind
from targets.preview import aggregate, charts, expr, history, outcome, releases, sample, series, sprints, units
from targets.preview.measures import PERIODS

ISSUE_WORK = (DataKind.SPRINTS, DataKind.SPRINT_DAYS, DataKind.VERSIONS)
"""Kinds of rows worked out from issues: the cost model counts those issues."""

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
    DataKind.STATUS_PERIODS: "status periods",
    DataKind.PROJECTS: "projects",
    DataKind.FILTERS: "saved filters",
    DataKind.SPRINTS: "sprints",
    DataKind.VERSIONS: "versions",
    DataKind.SPRINT_DAYS: "days of a sprint",
}

Rows = list[dict[str, sample.Cell]]

_COVERAGE_KINDS = {DataKind.WORKLOGS: "worklogs", DataKind.STATUS_PERIODS: "histories"}
"""Sources whose views state coverage in issues read, not in their own rows."""


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
class RowGroup:
    """A group of a grouped table or list: its header, the sentence under it, and its rows shown."""

    label: str
    note: str
    rows: tuple[tuple[sample.Cell, ...], ...]
    marked: tuple[bool, ...]  # which of them the view's highlight rule marks


@dataclass(frozen=True)
class Grouping:
    """What a grouped table or list shows instead of its plain rows: the groups, the grand total's sentence and what
    the app says at scale (None: exact at any size)."""

    groups: tuple[RowGroup, ...]
    note: str
    coverage: str | None


@dataclass(frozen=True)
class RowsView:
    """A table or a list: its columns and the first sample rows (under their groups when it is grouped), with those
    its highlight rule marks."""

    kind: str  # table | list
    title: str | None
    when: Condition | None
    columns: tuple[Column, ...]
    rows: tuple[tuple[sample.Cell, ...], ...]
    total: int
    highlighted: tuple[bool, ...]
    label: str | None  # shown on marked rows
    rule: str | None  # what marks a row, for the reader
    grouping: Grouping | None = None
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
class LegendItem:
    name: str
    color: str


@dataclass(frozen=True)
class ChartView:
    """A chart: what its axes show, its geometry, the legend of its series (empty for one series), the note about
    rows left out (None when none were) and what the app says under it at scale (None: exact at any size)."""

    title: str | None
    when: Condition | None
    chart: str
    axis: Axes
    empty: bool
    svg: dict[str, Any]
    legend: tuple[LegendItem, ...]
    omitted: str | None
    coverage: str | None
    kind: str = "chart"
    rule: None = None


@dataclass(frozen=True)
class PivotRow:
    label: str
    cells: tuple[str, ...]
    total: str


@dataclass(frozen=True)
class PivotView:
    """A pivot: the rows' heading, the column labels, each row with its cells and total, the totals row, and what
    the app says under it at scale (None: exact at any size)."""

    title: str | None
    when: Condition | None
    heading: str
    columns: tuple[str, ...]
    rows: tuple[PivotRow, ...]
    totals: PivotRow
    what: str
    coverage: str | None
    kind: str = "pivot"
    chart: None = None
    rule: None = None


View = RowsView | MetricView | ChartView | PivotView


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
    elif param.type == "board":
        options = tuple(f"{key} board ({key})" for key in sample.PROJECT_KEYS)
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


def _values(rows: Rows) -> list[dict[str, object]]:
    """The sample rows as the app's rows hold them (plain values)."""
    return [_plain(row) for row in rows]


def _suffix(planned: PlannedSeries | PlannedMetric | PlannedPivot) -> str:
    """What follows a value: its duration unit's letter (hours unless another is given) or a number's unit label."""
    return units.value_suffix(planned.field_type, planned.aggregate, planned.unit)


def _what(planned: PlannedSeries | PlannedMetric | PlannedPivot) -> str:
    """``count``, ``sum of timespent``, ``85th percentile of resolution_time in days``."""
    if planned.field is None:
        return planned.aggregate
    unit = f" in {planned.unit}" if planned.unit else ""
    if planned.percent is not None:
        return f"{ordinal(planned.percent)} percentile of {planned.field}{unit}"
    return f"{planned.aggregate} of {planned.field}{unit}"


def _chart(view: PlannedChart, rows: Rows, when: Condition | None, coverage: str | None) -> ChartView:
    """A chart's points and geometry, grouped and aggregated by the app's rules."""
    found, omitted = series.chart_outcome(outcome.chart(view), _values(rows))
    suffix = next((_suffix(s) for s in view.series if _suffix(s)), "")
    legend: tuple[LegendItem, ...] = ()
    if len(view.series) > 1 or view.split is not None:
        labels = list(dict.fromkeys(p.label for p in found))
        lines = charts.lines(labels, found, suffix)
        legend = tuple(LegendItem(line.name, line.color) for line in lines)
        stacked = view.chart.startswith("stacked")
        if view.chart == "line":
            svg = charts.series_line_chart(labels, lines, suffix)
        elif view.chart.endswith("horizontal bar"):
            svg = charts.series_horizontal_bar_chart(labels, lines, stacked)
        else:
            svg = charts.series_bar_chart(labels, lines, stacked, suffix)
        empty = not labels
    else:
        points = charts.points(found, suffix)
        if view.chart == "horizontal bar":
            svg = charts.horizontal_bar_chart(points)
        elif view.chart == "line":
            svg = charts.line_chart(points, suffix)
        elif view.chart in ("pie", "donut"):
            svg = charts.pie_chart(points, donut=view.chart == "donut")
        else:
            svg = charts.bar_chart(points, suffix)
        empty = not points
    x = ", ".join(dict.fromkeys(s.x for s in view.series)) + (f" by {view.bucket}" if view.bucket else "")
    split = f", split by {view.split.field}" if view.split is not None else ""
    y = ("cumulative " if view.cumulative else "") + ", ".join(dict.fromkeys(_what(s) for s in view.series))
    note = aggregate.omitted_note(omitted) if omitted else None
    return ChartView(view.title, when, view.chart, Axes(x + split, y), empty, svg, legend, note, coverage)


def _pivot(view: PlannedPivot, rows: Rows, when: Condition | None, coverage: str | None) -> PivotView:
    table = outcome.pivot(view, _values(rows), "UTC")
    suffix = _suffix(view)

    def shown(values: list[float | None] | tuple[float | None, ...]) -> tuple[str, ...]:
        return tuple(charts.display(v, suffix) for v in values)

    lines = tuple(PivotRow(r["label"], shown(r["cells"]), charts.display(r["total"], suffix)) for r in table["rows"])
    totals = PivotRow("Total", shown([c["total"] for c in table["columns"]]), charts.display(table["total"], suffix))
    columns = tuple(c["label"] for c in table["columns"])
    what = f"{_what(view)} by {view.rows.field} and {view.columns.field}"
    return PivotView(view.title, when, view.rows.heading, columns, lines, totals, what, coverage)


def _grouping(
    view: PlannedTable | PlannedList, shown: Rows, rows: Rows, marked: tuple[bool, ...], coverage: str | None
) -> Grouping | None:
    if view.group is None:
        return None
    found = outcome.grouped(view.group, _values(shown), _values(rows), "UTC")
    groups = tuple(
        RowGroup(
            g["label"],
            g["note"],
            tuple(_cells(view, shown[i]) for i in g["rows"]),
            tuple(marked[i] for i in g["rows"]),
        )
        for g in found["groups"]
    )
    return Grouping(groups, found["note"], coverage)


def _cells(view: PlannedTable | PlannedList, row: dict[str, sample.Cell]) -> tuple[sample.Cell, ...]:
    return tuple(_cell(row, c) for c in view.columns if c.field in row)


def _cell(row: dict[str, sample.Cell], column: PlannedColumn) -> sample.Cell:
    """A row's value in a column: as sampled, or a duration in the column's unit."""
    found = row[column.field]
    if column.unit is None or found.value is None:
        return found
    return sample.value_cell(column.type, found.value, column.unit)


AT_SCALE = SIZES[-1]
"""The size whose coverage notes the preview shows: what the app would say at 100,000 matching items."""


def _at_scale(plan: Plan, module: PlannedModule, view: PlannedView) -> str | None:
    """The sentence the app shows under a view that reads every value, when one load at :data:`AT_SCALE` matching
    items could not read them all (by the cost model); None for a view that is exact at any size."""
    cost = load_cost(module, AT_SCALE, plan.budget)
    parts = [p for p in sourced_parts(view) if not isinstance(p, PlannedTable | PlannedList)]
    if cost is None or cost.covered >= cost.matching or not any(p.sources[-1] in (VALUES, ROWS) for p in parts):
        return None
    assert module.data is not None
    histories = any(f.kind == "issueHistories" for f in module.fetches)
    kind = "histories" if histories else _COVERAGE_KINDS.get(module.data.kind, "part")
    counted = module.data.kind in (*_COVERAGE_KINDS, *ISSUE_WORK)
    unit = "issues" if counted else DATA_LABELS[module.data.kind]
    note = aggregate.coverage_note({"kind": kind, "covered": cost.covered, "total": cost.matching, "unit": unit})
    where = " in the sprints or versions" if module.data.kind in ISSUE_WORK else ""
    return f"At {AT_SCALE:,} matching {unit}{where}: {note}"


def _view(plan: Plan, module: PlannedModule, view: PlannedView, rows: Rows) -> View:
    params = {p.name: p for p in module.config}
    param = params.get(view.when) if view.when else None
    when = None if param is None else Condition(param.label, param.default is True)
    if isinstance(view, PlannedChart):
        return _chart(view, rows, when, _at_scale(plan, module, view))
    if isinstance(view, PlannedPivot):
        return _pivot(view, rows, when, _at_scale(plan, module, view))
    if isinstance(view, PlannedMetric):
        value = aggregate.metric_value(_values(rows), outcome.computed(view))
        number = charts.display(value, _suffix(view))
        return MetricView(view.title, when, number, _what(view), _at_scale(plan, module, view))
    columns = tuple(Column(c.field, c.heading) for c in view.columns)
    shown = rows[:TABLE_ROWS]
    rule = view.highlight
    marked = tuple(rule is not None and expr.holds_for(rule.condition, _plain(row), sample.AT) for row in shown)
    label = rule.label if rule is not None else None
    described = _rule_text(view.span.line) if rule is not None else None
    grouping = _grouping(view, shown, rows, marked, _at_scale(plan, module, view))
    cells = tuple(_cells(view, r) for r in shown)
    return RowsView(view.kind, view.title, when, columns, cells, len(rows), marked, label, described, grouping)


def _rule_text(line: int) -> str:
    return f"Rows its highlight rule (spec line {line}) holds for are marked."


def _plain(row: dict[str, sample.Cell]) -> dict[str, object]:
    """A sample row as the app's row holds it (plain values)."""
    return {name: cell.value for name, cell in row.items()}


def _source(module: PlannedModule) -> tuple[Source | None, Rows]:
    data = module.data
    if data is None:
        return None, []
    limit = data.limit
    count = limit.value if isinstance(limit, FixedLimit) else AGGREGATE_ROWS
    count = max(1, min(count, AGGREGATE_ROWS))
    sprint = next((f for f in module.fetches if isinstance(f, SprintFetch)), None)
    if sprint is not None:
        # as many sprints as the gadget shows by default: the parameter's default, else the most it allows
        if not isinstance(limit, FixedLimit):
            param = next((p for p in module.config if p.name == limit.param), None)
            default = param.default if param is not None else None
            count = int(default) if isinstance(default, int) and not isinstance(default, bool) else limit.max
            count = max(limit.min, min(limit.max, count))
        if sprint.days is not None:
            made = sprints.sample_days(module.key, sprint.days == "active")
        else:
            made = sprints.sample_sprints(module.key, count, sprint.measure.field is not None)
        rows = sprints.sample_rows(module.fields, made)
    elif isinstance(version := module.fetches[0] if module.fetches else None, VersionFetch):
        measured = version.measure.field is not None
        rows = releases.sample_rows(module.key, module.fields, version.state, version.most, measured)
    elif data.kind is DataKind.STATUS_PERIODS:
        rows = history.status_period_rows(module.key, module.fields, count)
    else:
        rows = sample.rows(module.key, module.fields, data.kind, count)
    if any(f.kind == "issueHistories" for f in module.fetches):
        for index, row in enumerate(rows):  # each sample issue moved through the sample workflow
            row[PERIODS] = sample.Cell("", history.issue_periods(module.key, index), "empty")
    for row in rows:
        values = expr.with_computed(module.computed, _plain(row), sample.AT)
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
