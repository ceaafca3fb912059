"""Spec → plan: the intermediate representation every target emits from.

The plan says, for a checked app, which Forge modules exist, what data each reads, through which Jira
REST operations, asking for which fields, and which OAuth scopes follow, each scope with the spec
lines that made it necessary. Every element keeps the span of the spec text that caused it, so a later
error or explanation can always point back at the spec.

``build_plan`` expects an app the checker accepted; an inconsistency it still meets (an unknown field,
say) raises :class:`PlanError` naming the spec position, never a bare ``KeyError``.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler import operations as ops
from compiler.scope_table import JiraOperation, scopes_for
from dsl import ast
from dsl.catalogue import ISSUE_FIELDS_BY_NAME
from dsl.jql import JqlCheck, JqlPlaceholder, JqlText, WorklogFilter, check_module_jql
from dsl.resolve import (
    SINGLE_PAGE_KINDS,
    DataKind,
    ResolvedField,
    data_kind,
    needs_rows,
    row_fields,
    view_fields,
)
from dsl.span import NO_SPAN, Span
from dsl.types import Aggregation, ParamType

FORGE_TYPES: dict[ast.ModuleKind, str] = {
    ast.ModuleKind.GADGET: "jira:dashboardGadget",
    ast.ModuleKind.ISSUE_PANEL: "jira:issuePanel",
    ast.ModuleKind.PROJECT_PAGE: "jira:projectPage",
    ast.ModuleKind.GLOBAL_PAGE: "jira:globalPage",
    ast.ModuleKind.ADMIN_PAGE: "jira:adminPage",
}

DEFAULT_LIMITS: dict[DataKind, int] = {
    DataKind.ISSUES: 100,
    DataKind.WORKLOGS: 1000,
    DataKind.PROJECTS: 100,
    DataKind.FILTERS: 100,
}
"""Rows read when the spec gives no limit."""

STORAGE_SCOPE = "storage:app"
STORAGE_OPERATION = "Forge app storage (@forge/kvs)"

RESOLVER_FUNCTION = "fw-resolver"
"""The one resolver function key; spec names cannot contain ``-``, so it never collides with a module."""


class PlanError(ValueError):
    """The app is inconsistent in a way the checker should have reported."""

    def __init__(self, span: Span, message: str) -> None:
        super().__init__(f"{span}: {message}")
        self.span = span


@dataclass(frozen=True)
class JiraRequest:
    """One Jira REST operation a module's resolver calls, and why."""

    operation_key: str
    operation: JiraOperation
    fields: tuple[str, ...]
    purpose: str
    span: Span


@dataclass(frozen=True)
class PlannedField:
    """A row field a module reads: where it is in the Jira response and how to show it."""

    name: str
    type: str
    heading: str
    jira_id: str | None
    custom: bool
    span: Span


@dataclass(frozen=True)
class PlannedParam:
    """A gadget configuration parameter or an app setting, with the values the UI needs."""

    name: str
    type: str
    label: str
    default: str | int | float | bool | None
    options: tuple[str, ...]
    span: Span


@dataclass(frozen=True)
class PlannedColumn:
    field: str
    heading: str
    span: Span


@dataclass(frozen=True)
class PlannedView:
    """A table, list, chart or metric, in the terms the frontend templates use."""

    kind: str  # table | list | chart | metric
    title: str | None
    columns: tuple[PlannedColumn, ...]
    chart: str | None  # bar | horizontal bar | line | pie | donut
    x: str | None
    bucket: str | None
    aggregate: str | None  # count | sum | avg | min | max
    aggregate_field: str | None
    when: str | None
    needs_rows: bool
    span: Span


@dataclass(frozen=True)
class OrderTerm:
    jql: str
    direction: str
    span: Span


@dataclass(frozen=True)
class PlannedData:
    """What a module reads: the kind of rows, the query with its placeholders, order and limit.

    ``worklogs``: for worklog rows, the query's conditions on the worklogs themselves (author, day), which the
    resolver applies to each worklog it reads; the query still goes to Jira unchanged to choose the issues.
    """

    kind: DataKind
    jql: tuple[JqlText | JqlPlaceholder, ...]
    jql_text: str
    worklogs: WorklogFilter
    order: tuple[OrderTerm, ...]
    limit: int | None
    limit_param: str | None
    needs_rows: bool
    needs_count: bool
    span: Span


@dataclass(frozen=True)
class PlannedModule:
    key: str
    kind: ast.ModuleKind
    forge_type: str
    title: str
    description: str | None
    span: Span
    requests: tuple[JiraRequest, ...]
    data: PlannedData | None
    fields: tuple[PlannedField, ...]
    views: tuple[PlannedView, ...]
    config: tuple[PlannedParam, ...]
    settings: tuple[PlannedParam, ...]
    texts: tuple[tuple[str, str], ...]  # (loading|empty|error, text), only those the spec gives
    host_key: str  # the Forge module that shows it: itself, or the first page of its kind

    @property
    def has_edit_view(self) -> bool:
        return self.kind is ast.ModuleKind.GADGET and bool(self.config)

    def text(self, kind: str) -> str | None:
        return dict(self.texts).get(kind)


@dataclass(frozen=True)
class ScopeReason:
    module_key: str | None
    operation: str
    span: Span
    why: str

    def describe(self) -> str:
        """``"overdue: search the issues its query matches (spec line 13) -> GET /rest/api/3/search/jql"``."""
        owner = self.module_key or "app"
        return f"{owner}: {self.why} (spec line {self.span.line}) -> {self.operation}"


@dataclass(frozen=True)
class ScopeGrant:
    scope: str
    reasons: tuple[ScopeReason, ...]


@dataclass(frozen=True)
class Plan:
    app_name: str
    app_description: str | None
    app_id: str | None
    scope_style: str
    modules: tuple[PlannedModule, ...]
    scopes: tuple[ScopeGrant, ...]
    uses_storage: bool
    settings: tuple[PlannedParam, ...]
    settings_module: str | None
    span: Span

    @property
    def scope_names(self) -> tuple[str, ...]:
        return tuple(g.scope for g in self.scopes)

    def hosted_by(self, host_key: str) -> tuple[PlannedModule, ...]:
        """The spec modules a Forge module shows (more than one only for pages sharing a type)."""
        return tuple(m for m in self.modules if m.host_key == host_key)


# --------------------------------------------------------------------------------------------------


def _literal(value: ast.Literal | None) -> str | int | float | bool | None:
    return None if value is None else value.value


def _param(param: ast.Param) -> PlannedParam:
    label = param.label.value if param.label is not None else param.name.value.replace("_", " ").capitalize()
    return PlannedParam(
        name=param.name.value,
        type=param.type.kind.value,
        label=label,
        default=_literal(param.default),
        options=tuple(o.value for o in param.type.options),
        span=param.span,
    )


def _jql_name(resolved: ResolvedField, span: Span) -> str:
    """How JQL names a row field, for ORDER BY."""
    if resolved.custom and resolved.jira_id is not None:
        number = resolved.jira_id.removeprefix("customfield_")
        return f"cf[{number}]"
    system = ISSUE_FIELDS_BY_NAME.get(resolved.name)
    if system is None or not system.jql:
        raise PlanError(span, f"`{resolved.name}` cannot be used to order issues")
    return system.jql[0]


def _view(view: ast.View) -> PlannedView:
    title = view.title.value if view.title is not None else None
    when = view.when.name.value if view.when is not None else None
    if isinstance(view, ast.TableView | ast.ListView):
        items = view.columns if isinstance(view, ast.TableView) else view.items
        kind = "table" if isinstance(view, ast.TableView) else "list"
        columns = tuple(
            PlannedColumn(c.field.value, c.heading.value if c.heading is not None else "", c.span) for c in items
        )
        return PlannedView(kind, title, columns, None, None, None, None, None, when, True, view.span)
    if isinstance(view, ast.ChartView):
        return PlannedView(
            "chart",
            title,
            (),
            view.kind.value,
            view.x.field.value,
            view.x.bucket.value if view.x.bucket is not None else None,
            view.y.function.value,
            view.y.field.value if view.y.field is not None else None,
            when,
            True,
            view.span,
        )
    return PlannedView(
        "metric",
        title,
        (),
        None,
        None,
        None,
        view.value.function.value,
        view.value.field.value if view.value.field is not None else None,
        when,
        needs_rows(view),
        view.span,
    )


def _checked_jql(app: ast.App, module: ast.Module, jql: ast.Jql) -> JqlCheck:
    """The query exactly as the checker understood it: literal text and typed holes, worklog conditions."""
    checked = check_module_jql(app, module, jql)
    if checked.template is None:
        raise PlanError(jql.span, "this JQL does not parse; run `forgewright check`")
    return checked


def _fields(
    module: ast.Module, available: dict[str, ResolvedField], views: tuple[PlannedView, ...]
) -> tuple[PlannedField, ...]:
    """The row fields the views read, in first-use order, with their headings."""
    seen: dict[str, PlannedField] = {}
    for view in module.views:
        for name in view_fields(view):
            if name.value in seen:
                continue
            resolved = available.get(name.value)
            if resolved is None:
                raise PlanError(name.span, f"unknown field `{name.value}`")
            seen[name.value] = PlannedField(
                resolved.name, resolved.type.value, resolved.heading, resolved.jira_id, resolved.custom, name.span
            )
    del views
    return tuple(seen.values())


def _requested_ids(fields: tuple[PlannedField, ...]) -> tuple[str, ...]:
    ids = dict.fromkeys(f.jira_id for f in fields if f.jira_id is not None)
    return tuple(ids)


def _picker_requests(params: tuple[PlannedParam, ...], where: str) -> list[JiraRequest]:
    requests: list[JiraRequest] = []
    for param in params:
        if param.type == ParamType.PROJECT.value:
            requests.append(
                JiraRequest(
                    ops.SEARCH_PROJECTS.key,
                    ops.SEARCH_PROJECTS,
                    ("key", "name"),
                    f"list projects for the `{param.name}` picker in the {where}",
                    param.span,
                )
            )
        elif param.type == ParamType.FILTER.value:
            requests.append(
                JiraRequest(
                    ops.SEARCH_FILTERS.key,
                    ops.SEARCH_FILTERS,
                    ("id", "name"),
                    f"list saved filters for the `{param.name}` picker in the {where}",
                    param.span,
                )
            )
    return requests


def _data(
    app: ast.App, module: ast.Module, views: tuple[PlannedView, ...], fields: tuple[PlannedField, ...]
) -> tuple[PlannedData | None, list[JiraRequest]]:
    source = module.data
    kind = data_kind(source)
    if source is None or kind is None:
        return None, []
    rows_needed = any(v.needs_rows for v in views) or not views
    count_needed = any(v.kind == "metric" and v.aggregate == Aggregation.COUNT.value for v in views)
    available = row_fields(app, module)
    jql: tuple[JqlText | JqlPlaceholder, ...] = ()
    jql_text = ""
    worklogs = WorklogFilter()
    order: tuple[OrderTerm, ...] = ()
    if isinstance(source, ast.IssuesSource | ast.WorklogsSource):
        jql_text = source.jql.text.value
        checked = _checked_jql(app, module, source.jql)
        jql = checked.template.parts if checked.template is not None else ()
        if isinstance(source, ast.WorklogsSource):
            worklogs = WorklogFilter(checked.worklogs.authors, checked.worklogs.dates)
    if isinstance(source, ast.IssuesSource):
        terms = []
        for key in source.order:
            resolved = available.get(key.field.value)
            if resolved is None:
                raise PlanError(key.field.span, f"unknown field `{key.field.value}`")
            terms.append(OrderTerm(_jql_name(resolved, key.span), key.direction.value.upper(), key.span))
        order = tuple(terms)
    limit: int | None = None
    limit_param: str | None = None
    if isinstance(source.limit, ast.Number):
        limit = int(source.limit.value)
    elif isinstance(source.limit, ast.ParamRef):
        limit_param = source.limit.name.value
    else:
        limit = DEFAULT_LIMITS[kind]

    requests: list[JiraRequest] = []
    ids = _requested_ids(fields)
    if isinstance(source, ast.IssuesSource):
        if rows_needed:
            requests.append(
                JiraRequest(
                    ops.SEARCH_ISSUES.key,
                    ops.SEARCH_ISSUES,
                    ids,
                    "search the issues its query matches",
                    source.jql.span,
                )
            )
        if count_needed:
            metric = next(v for v in views if v.kind == "metric" and v.aggregate == Aggregation.COUNT.value)
            requests.append(
                JiraRequest(
                    ops.COUNT_ISSUES.key, ops.COUNT_ISSUES, (), "count the issues its query matches", metric.span
                )
            )
    elif isinstance(source, ast.WorklogsSource):
        issue_ids = ("summary",) if any(f.name == "summary" for f in fields) else ()
        requests.append(
            JiraRequest(
                ops.SEARCH_ISSUES.key,
                ops.SEARCH_ISSUES,
                issue_ids,
                "find the issues whose worklogs it reads",
                source.span,
            )
        )
        requests.append(
            JiraRequest(
                ops.ISSUE_WORKLOGS.key,
                ops.ISSUE_WORKLOGS,
                tuple(i for i in ids if i != "summary"),
                "read the worklogs of the matching issues",
                source.span,
            )
        )
    elif isinstance(source, ast.ProjectsSource):
        requests.append(
            JiraRequest(
                ops.SEARCH_PROJECTS.key,
                ops.SEARCH_PROJECTS,
                ids,
                "list the projects the viewer can browse",
                source.span,
            )
        )
    else:
        requests.append(
            JiraRequest(
                ops.SEARCH_FILTERS.key,
                ops.SEARCH_FILTERS,
                ids,
                "list the saved filters the viewer can see",
                source.span,
            )
        )
    data = PlannedData(
        kind,
        jql,
        jql_text,
        worklogs,
        order,
        limit,
        limit_param,
        rows_needed,
        count_needed and kind is DataKind.ISSUES,
        source.span,
    )
    return data, requests


def _module(app: ast.App, module: ast.Module, host_key: str) -> PlannedModule:
    views = tuple(_view(v) for v in module.views)
    available = row_fields(app, module)
    fields = _fields(module, available, views)
    data, requests = _data(app, module, views, fields)
    config = tuple(_param(p) for p in module.config)
    settings = tuple(_param(p) for p in module.settings)
    requests += _picker_requests(config, "gadget configuration")
    requests += _picker_requests(settings, "settings page")
    return PlannedModule(
        key=module.key.value,
        kind=module.kind,
        forge_type=FORGE_TYPES[module.kind],
        title=module.title.value,
        description=module.description.value if module.description is not None else None,
        span=module.span,
        requests=tuple(requests),
        data=data,
        fields=fields,
        views=views,
        config=config,
        settings=settings,
        texts=tuple((t.kind.value, t.text.value) for t in module.texts),
        host_key=host_key,
    )


def _host_keys(app: ast.App) -> dict[str, str]:
    first: dict[ast.ModuleKind, str] = {}
    hosts: dict[str, str] = {}
    for module in app.modules:
        key = module.key.value
        if module.kind in SINGLE_PAGE_KINDS:
            hosts[key] = first.setdefault(module.kind, key)
        else:
            hosts[key] = key
    return hosts


def _settings_span(module: ast.Module) -> Span:
    first, last = module.settings[0].span, module.settings[-1].span
    return first.to(last)


def derive_scopes(
    modules: tuple[PlannedModule, ...], style: str, storage: tuple[str, Span] | None
) -> tuple[ScopeGrant, ...]:
    """Every scope the modules' requests need, in the given style, each with its reasons; sorted."""
    reasons: dict[str, list[ScopeReason]] = {}
    for module in modules:
        for request in module.requests:
            for scope in scopes_for(request.operation, "granular" if style == "granular" else "classic"):
                reason = ScopeReason(module.key, request.operation_key, request.span, request.purpose)
                if reason not in reasons.setdefault(scope, []):
                    reasons[scope].append(reason)
    if storage is not None:
        owner, span = storage
        reasons.setdefault(STORAGE_SCOPE, []).append(
            ScopeReason(owner, STORAGE_OPERATION, span, "store the app settings")
        )
    return tuple(ScopeGrant(scope, tuple(reasons[scope])) for scope in sorted(reasons))


def build_plan(app: ast.App) -> Plan:
    """The plan for a checked app."""
    hosts = _host_keys(app)
    modules = tuple(_module(app, m, hosts[m.key.value]) for m in app.modules)
    settings_modules = [m for m in app.modules if m.settings]
    storage: tuple[str, Span] | None = None
    settings: tuple[PlannedParam, ...] = ()
    settings_module: str | None = None
    if settings_modules:
        owner = settings_modules[0]
        settings_module = owner.key.value
        storage = (settings_module, _settings_span(owner))
        settings = tuple(_param(p) for m in settings_modules for p in m.settings)
    return Plan(
        app_name=app.name.value,
        app_description=app.description.value if app.description is not None else None,
        app_id=app.app_id.value if app.app_id is not None else None,
        scope_style=app.scope_style.value,
        modules=modules,
        scopes=derive_scopes(modules, app.scope_style.value, storage),
        uses_storage=storage is not None,
        settings=settings,
        settings_module=settings_module,
        span=app.span if app.span is not NO_SPAN else app.name.span,
    )
