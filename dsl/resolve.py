"""What names mean inside a module: the fields its data rows have, its parameters, its context values.

The checker uses this to report unknown names and type errors; the compiler uses the same
answers to decide which Jira fields to request and how to read them, so the two can never
disagree about what ``story_points`` or ``assignee`` is.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from dsl import ast
from dsl.catalogue import (
    FILTER_FIELDS,
    ISSUE_FIELDS,
    MEASURED,
    PROJECT_FIELDS,
    SPRINT_DAY_FIELDS,
    SPRINT_FIELDS,
    STATUS_PERIOD_FIELDS,
    VERSION_FIELDS,
    WORKLOG_FIELDS,
    SystemField,
)
from dsl.expressions import condition_expressions, expression_type, references
from dsl.types import CUSTOM_FIELD_TYPES, FieldType


class DataKind(StrEnum):
    """Which Jira data a module reads; decides the shape of its rows."""

    ISSUES = "issues"
    WORKLOGS = "worklogs"
    STATUS_PERIODS = "status periods"
    PROJECTS = "projects"
    FILTERS = "filters"
    SPRINTS = "sprints"
    VERSIONS = "versions"
    SPRINT_DAYS = "sprint days"


@dataclass(frozen=True)
class ResolvedField:
    """A field of a data row, whether a Jira system field or a declared custom field.

    ``jira_id`` is the key in the REST response's ``fields`` object (``summary``,
    ``customfield_10016``), or None for values outside it (the issue key, computed fields).
    ``expression`` is a computed field's calculation (None for fields Jira holds). ``unit``: a declared number
    field's unit, shown beside its values (``points``).
    """

    name: str
    type: FieldType
    heading: str
    jira_id: str | None
    sortable: bool
    custom: bool = False
    expression: ast.Expr | None = None
    unit: str | None = None

    @property
    def computed(self) -> bool:
        return self.expression is not None


@dataclass(frozen=True)
class ContextValue:
    """A value the module's surroundings supply, usable as ``{context.NAME}`` in JQL."""

    name: str
    type: FieldType
    description: str


_ROWS: dict[DataKind, tuple[SystemField, ...]] = {
    DataKind.ISSUES: ISSUE_FIELDS,
    DataKind.WORKLOGS: WORKLOG_FIELDS,
    DataKind.STATUS_PERIODS: STATUS_PERIOD_FIELDS,
    DataKind.PROJECTS: PROJECT_FIELDS,
    DataKind.FILTERS: FILTER_FIELDS,
    DataKind.SPRINTS: SPRINT_FIELDS,
    DataKind.VERSIONS: VERSION_FIELDS,
    DataKind.SPRINT_DAYS: SPRINT_DAY_FIELDS,
}

_USER = ContextValue("user", FieldType.USER, "the account id of the person viewing the module")
_PROJECT = ContextValue("project", FieldType.PROJECT, "the key of the project the module is shown in")
_ISSUE = ContextValue("issue", FieldType.KEY, "the key of the issue the panel is shown on")

CONTEXT_VALUES: dict[ast.ModuleKind, tuple[ContextValue, ...]] = {
    ast.ModuleKind.GADGET: (_USER,),
    ast.ModuleKind.ISSUE_PANEL: (_ISSUE, _PROJECT, _USER),
    ast.ModuleKind.PROJECT_PAGE: (_PROJECT, _USER),
    ast.ModuleKind.GLOBAL_PAGE: (_USER,),
    ast.ModuleKind.ADMIN_PAGE: (_USER,),
}


SINGLE_PAGE_KINDS = frozenset({ast.ModuleKind.PROJECT_PAGE, ast.ModuleKind.GLOBAL_PAGE, ast.ModuleKind.ADMIN_PAGE})
"""Forge accepts one module of each of these kinds per app (its manifest validator says so): further spec
modules of such a kind become tabs of the first. The checker says so (W104); the compiler does it."""


_KINDS: dict[type, DataKind] = {
    ast.IssuesSource: DataKind.ISSUES,
    ast.WorklogsSource: DataKind.WORKLOGS,
    ast.StatusPeriodsSource: DataKind.STATUS_PERIODS,
    ast.ProjectsSource: DataKind.PROJECTS,
    ast.FiltersSource: DataKind.FILTERS,
    ast.SprintsSource: DataKind.SPRINTS,
    ast.VersionsSource: DataKind.VERSIONS,
    ast.BurndownSource: DataKind.SPRINT_DAYS,
}


def data_kind(source: ast.DataSource | None) -> DataKind | None:
    """The kind of data a source yields, or None for a module without data."""
    return None if source is None else _KINDS[type(source)]


def resolve_custom(declared: ast.CustomField) -> ResolvedField | None:
    """A declared custom field as a row field; None when its type word is unknown."""
    field_type = CUSTOM_FIELD_TYPES.get(declared.type.value)
    if field_type is None:
        return None
    return ResolvedField(
        declared.name.value,
        field_type,
        _heading(declared.name.value),
        declared.jira_id.value,
        True,
        custom=True,
        unit=declared.unit.value if declared.unit is not None else None,
    )


def declared_fields(declarations: tuple[ast.CustomField, ...]) -> dict[str, ResolvedField]:
    """Custom field declarations with known types, by name (a repeated name, E104, keeps the first).

    Pass the app's ones, computed once, to :func:`row_fields` and :func:`resolved_custom_fields` when
    calling them for every module: otherwise each call resolves every app-wide field again.
    """
    found: dict[str, ResolvedField] = {}
    for declared in declarations:
        resolved = resolve_custom(declared)
        if resolved is not None:
            found.setdefault(resolved.name, resolved)
    return found


def resolved_custom_fields(
    app: ast.App, module: ast.Module, app_fields: dict[str, ResolvedField] | None = None
) -> Mapping[str, ResolvedField]:
    """The custom fields a module can see, by name: its own over the app-wide ones, layered (the
    app's are not copied for every module)."""
    shared = declared_fields(app.fields) if app_fields is None else app_fields
    return ChainMap(declared_fields(module.fields), shared)


def _system(field: SystemField) -> ResolvedField:
    return ResolvedField(field.name, field.type, field.heading, field.jira_id, field.sortable)


def system_fields(kind: DataKind) -> dict[str, ResolvedField]:
    """The system fields of a kind of data as row fields, by name."""
    return {f.name: _system(f) for f in data_fields(kind)}


def data_fields(kind: DataKind) -> tuple[SystemField, ...]:
    """The system fields every row of a kind of data has."""
    return _ROWS[kind]


def _heading(name: str) -> str:
    return name.replace("_", " ").capitalize()


def computation_order(declared: tuple[ast.ComputedField, ...]) -> tuple[list[str], set[str]]:
    """Computed field names in an order where each comes after the computed fields it uses, and the names
    that are part of (or depend on) a cycle, which have no order. Iterative, so a long chain of fields
    cannot exhaust the stack."""
    by_name: dict[str, ast.ComputedField] = {}
    for computed in declared:
        by_name.setdefault(computed.name.value, computed)
    uses = {name: {r.value for r in references(c.expr)} & by_name.keys() for name, c in by_name.items()}
    users: dict[str, list[str]] = {name: [] for name in by_name}
    for name, used in uses.items():
        for other in used:
            users[other].append(name)
    waiting = {name: len(used) for name, used in uses.items()}
    ready = [name for name, count in waiting.items() if count == 0]
    order: list[str] = []
    while ready:
        name = ready.pop(0)
        order.append(name)
        for user in users[name]:
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    return order, set(by_name) - set(order)


def computed_fields(
    declared: tuple[ast.ComputedField, ...], base: Mapping[str, ResolvedField]
) -> dict[str, ResolvedField]:
    """Computed fields as row fields, typed by their calculation over ``base`` (the fields the rows already have)
    and each other; a field whose type cannot be worked out (an unknown name, types that do not combine, a cycle)
    is left out, and the checker says why."""
    found: dict[str, ResolvedField] = {}
    by_name = {c.name.value: c for c in reversed(declared)}  # the first of a repeated name (E104) wins

    def lookup(name: ast.Name) -> FieldType | None:
        known = base.get(name.value) or found.get(name.value)
        return known.type if known is not None else None

    for name in computation_order(declared)[0]:
        computed = by_name[name]
        field_type = expression_type(computed.expr, lookup)
        if field_type is not None and name not in base:
            found[name] = ResolvedField(name, field_type, _heading(name), None, False, expression=computed.expr)
    return found


def app_computed_fields(app: ast.App, app_fields: dict[str, ResolvedField]) -> dict[str, ResolvedField]:
    """The app-wide computed fields, over issue rows (system fields and the app's custom fields): resolve once
    per app and pass to :func:`module_rows`."""
    system = {f.name: _system(f) for f in ISSUE_FIELDS}
    return computed_fields(app.computed, ChainMap(system, app_fields))


def module_rows(
    module: ast.Module,
    app_fields: dict[str, ResolvedField],
    app_computed: dict[str, ResolvedField] | None = None,
) -> Mapping[str, ResolvedField]:
    """Every field a row of this module's data has, by name: system fields, then the app's custom
    fields (:func:`declared_fields`, resolved once per app), then the module's own (custom fields
    only on issues; a system name wins, E110, and an app-wide one over the module's, E104), then the
    computed fields: the app's (:func:`app_computed_fields`, on issues only) and the module's own."""
    kind = data_kind(module.data)
    if kind is None:
        return {}
    system = {f.name: _system(f) for f in data_fields(kind)}
    if isinstance(module.data, AGILE_SOURCES):
        system |= _measured(module, app_fields)
    if kind is not DataKind.ISSUES:
        return ChainMap(system, computed_fields(module.computed, system))
    base = ChainMap(system, app_fields, declared_fields(module.fields), app_computed or {})
    return ChainMap(*base.maps, computed_fields(module.computed, base))


AGILE_SOURCES = (ast.SprintsSource, ast.VersionsSource, ast.BurndownSource)
"""Sources whose work is counted or summed by a ``measure``."""


def measure_field(module: ast.Module, app_fields: dict[str, ResolvedField]) -> ResolvedField | None:
    """The issue field a sprints or versions source sums (``measure sum(story_points)``): a system field or a custom
    field declared in the app or the module; None for a count, or a name that is no issue field (the checker says
    so)."""
    source = module.data
    measure = source.measure if isinstance(source, AGILE_SOURCES) else None
    if measure is None or measure.field is None:
        return None
    name = measure.field.value
    system = system_fields(DataKind.ISSUES)
    return system.get(name) or declared_fields(module.fields).get(name) or app_fields.get(name)


def _measured(module: ast.Module, app_fields: dict[str, ResolvedField]) -> dict[str, ResolvedField]:
    """The work fields (``committed``, ``done`` …) in the measure's terms: durations when it sums a duration,
    numbers with the summed field's unit label (``points``) when it sums a number that has one."""
    measured = measure_field(module, app_fields)
    kind = data_kind(module.data)
    if measured is None or kind is None:
        return {}
    if measured.type is FieldType.DURATION:
        changes: dict[str, Any] = {"type": FieldType.DURATION}
    elif measured.unit is not None:
        changes = {"unit": measured.unit}
    else:
        return {}
    return {f.name: replace(_system(f), **changes) for f in data_fields(kind) if f.name in MEASURED}


def row_fields(app: ast.App, module: ast.Module) -> dict[str, ResolvedField]:
    """:func:`module_rows` as a plain dict, for callers that look at one module."""
    app_fields = declared_fields(app.fields)
    return dict(module_rows(module, app_fields, app_computed_fields(app, app_fields)))


def context_values(kind: ast.ModuleKind) -> dict[str, ContextValue]:
    """The ``{context.NAME}`` values a module kind provides."""
    return {v.name: v for v in CONTEXT_VALUES[kind]}


ISSUE_CONTEXT = "issue"
"""``{context.issue.FIELD}``: where a module has the viewed issue, its fields can stand in the query too."""

ISSUE_CONTEXT_TYPES: dict[FieldType, str] = {
    FieldType.USER: "user",
    FieldType.USERS: "users",
    FieldType.ISSUE: "key",
    FieldType.PROJECT: "project",
    FieldType.DATE: "date",
    FieldType.NUMBER: "number",
    FieldType.STATUS: "text",
    FieldType.STATUS_CATEGORY: "text",
    FieldType.PRIORITY: "text",
    FieldType.ISSUE_TYPE: "text",
    FieldType.RESOLUTION: "text",
    FieldType.OPTION: "text",
    FieldType.LABELS: "texts",
    FieldType.COMPONENTS: "texts",
    FieldType.VERSIONS: "texts",
    FieldType.OPTIONS: "texts",
}
"""The placeholder type a field of the viewed issue has in JQL, by the field's type. Several values (``users``,
``texts``) make a list, which only ``in`` and ``not in`` take. Texts (summary), dates with a time, durations
and the key itself (that is ``{context.issue}``) cannot be put in a query as a value, so they are not here."""


def issue_context_fields(module: ast.Module, app_fields: dict[str, ResolvedField]) -> Mapping[str, ResolvedField]:
    """The fields of the viewed issue a module may use as ``{context.issue.FIELD}``: none unless the module kind
    has a viewed issue; else the issue fields (system and declared custom ones) whose type JQL can compare.
    Looked up by name (the app's fields are not copied for every module); iterating lists them all."""
    if ISSUE_CONTEXT not in context_values(module.kind):
        return {}
    return _IssueFields(ChainMap(system_fields(DataKind.ISSUES), app_fields, declared_fields(module.fields)))


class _IssueFields(Mapping[str, ResolvedField]):
    def __init__(self, fields: Mapping[str, ResolvedField]) -> None:
        self.fields = fields

    def __getitem__(self, name: str) -> ResolvedField:
        found = self.fields[name]
        if found.type not in ISSUE_CONTEXT_TYPES:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return (name for name, f in self.fields.items() if f.type in ISSUE_CONTEXT_TYPES)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def view_fields(view: ast.View) -> list[ast.Name]:
    """Every field name a view reads, in source order (columns and grouping, highlight condition, axes, aggregated
    fields, split)."""
    if isinstance(view, ast.TableView | ast.ListView):
        columns = [c.field for c in (view.columns if isinstance(view, ast.TableView) else view.items)]
        grouped = list(view.group.fields) if view.group is not None else []
        rule = view.highlight
        tested = condition_expressions(rule.condition) if rule is not None else []
        return columns + grouped + [name for expr in tested for name in references(expr)]
    if isinstance(view, ast.ChartView):
        names = [*view.x.fields, *(s.aggregate.field for s in view.y if s.aggregate.field is not None)]
        return names + ([view.split] if view.split is not None else [])
    if isinstance(view, ast.PivotView):
        names = [*view.rows.fields, *view.columns.fields]
        return names + ([view.value.field] if view.value.field is not None else [])
    return [view.value.field] if view.value.field is not None else []


def needs_rows(view: ast.View) -> bool:
    """False only for a view computable from a count alone (a metric of ``count``)."""
    return not (isinstance(view, ast.MetricView) and view.value.function.value == "count")
