"""Spec → plan: the intermediate representation every target emits from.

The plan says, for a checked app, which Forge modules exist, what data each reads through which fetches (Jira
REST operations, the fields and expands they ask for, page sizes, budgets), what each view shows and from which
fetch result, and which OAuth scopes follow, each scope with the spec lines that made it necessary. Every
element keeps the span of the spec text that caused it, so a later error or explanation can always point back
at the spec. The types are in :mod:`compiler.plan_types`; request decisions in :mod:`compiler.fetches`.

``build_plan`` expects an app the checker accepted; an inconsistency it still meets (an unknown field,
say) raises :class:`PlanError` naming the spec position, never a bare ``KeyError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from compiler import fetches as fx
from compiler.calculations import (
    CalculationError,
    Groups,
    field_closure,
    history_measures,
    planned_computed,
    planned_condition,
)
from compiler.parts import Part, view_parts
from compiler.plan_types import (
    AccountRef,
    AuthorCondition,
    CurrentUserRef,
    DateCondition,
    DateShift,
    DayRef,
    DayValue,
    Fetch,
    FixedLimit,
    FunctionRef,
    IssueRead,
    JiraRequest,
    JqlPart,
    Limit,
    ModuleTexts,
    OrderTerm,
    ParamLimit,
    Plan,
    PlannedChart,
    PlannedComputed,
    PlannedData,
    PlannedField,
    PlannedList,
    PlannedMetric,
    PlannedModule,
    PlannedParam,
    PlannedTable,
    PlannedTerm,
    PlannedText,
    PlannedValue,
    PlannedView,
    ScopeGrant,
    ScopeReason,
    SettingsStore,
    ShiftRef,
    UserRef,
    WorklogConditions,
    WorkMeasure,
)
from compiler.scope_table import required_scopes
from compiler.views import PlanError, planned_view
from dsl import ast
from dsl.agile_checks import MAX_SPRINTS
from dsl.catalogue import ISSUE_FIELDS_BY_NAME
from dsl.checker import MAX_LIMIT, MIN_LIMIT
from dsl.history_checks import status_groups
from dsl.jql import (
    Conjunct,
    CurrentUser,
    DateFunction,
    DateOffset,
    JqlCheck,
    JqlPlaceholder,
    JqlText,
    WorklogDay,
    WorklogFilter,
    WorklogUser,
    check_module_jql,
)
from dsl.resolve import (
    ISSUE_CONTEXT,
    SINGLE_PAGE_KINDS,
    DataKind,
    ResolvedField,
    data_kind,
    declared_fields,
    issue_context_fields,
    measure_field,
    row_fields,
    view_fields,
)
from dsl.span import NO_SPAN, Span
from dsl.types import FieldType

__all__ = [
    "DEFAULT_LIMITS",
    "FORGE_TYPES",
    "RESOLVER_FUNCTION",
    "JiraRequest",
    "Plan",
    "PlanError",
    "PlannedChart",
    "PlannedData",
    "PlannedField",
    "PlannedList",
    "PlannedMetric",
    "PlannedModule",
    "PlannedParam",
    "PlannedTable",
    "PlannedView",
    "ScopeGrant",
    "ScopeReason",
    "build_plan",
    "derive_scopes",
]

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
    DataKind.STATUS_PERIODS: 1000,
    DataKind.PROJECTS: 100,
    DataKind.FILTERS: 100,
    DataKind.SPRINTS: 6,
    DataKind.VERSIONS: fx.MOST_VERSIONS,
    DataKind.SPRINT_DAYS: fx.MOST_SPRINT_DAYS,
}
"""Rows read when the spec gives no limit."""

DEFAULT_TEXTS = {
    "loading": "Loading…",
    "empty": "Nothing to show.",
    "error": "Something went wrong while loading the data.",
}
"""What a module shows in each state when the spec does not say."""

STORAGE_SCOPE = "storage:app"
STORAGE_OPERATION = "Forge app storage (@forge/kvs)"
SETTINGS_KEY = "forgewright-settings"
"""The Forge storage key that holds every app setting."""

RESOLVER_FUNCTION = "fw-resolver"
"""The one resolver function key; spec names cannot contain ``-``, so it never collides with a module."""


def _param(param: ast.Param) -> PlannedParam:
    label = param.label.value if param.label is not None else param.name.value.replace("_", " ").capitalize()
    default = param.default
    return PlannedParam(
        name=param.name.value,
        type=param.type.kind.value,
        label=label,
        default=None if default is None or isinstance(default, ast.SettingRef) else default.value,
        default_setting=default.name.value if isinstance(default, ast.SettingRef) else None,
        optional=param.optional,
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


# ------------------------------------------------------------------------------------------ fields and views


def _clause(resolved: ResolvedField, kind: DataKind) -> str | None:
    """How JQL names an issue field (to count its groups), None where JQL cannot search it."""
    if kind is not DataKind.ISSUES:
        return None
    if resolved.custom and resolved.jira_id is not None:
        return f"cf[{resolved.jira_id.removeprefix('customfield_')}]"
    system = ISSUE_FIELDS_BY_NAME.get(resolved.name)
    return system.jql[0] if system is not None and system.jql else None


def _planned_field(resolved: ResolvedField, kind: DataKind, span: Span) -> PlannedField:
    read = fx.read_path(kind, resolved.name, resolved.jira_id)
    return PlannedField(
        resolved.name,
        resolved.type.value,
        read,
        resolved.heading,
        resolved.jira_id,
        resolved.custom,
        span,
        _clause(resolved, kind),
    )


def _fields(
    module: ast.Module, available: dict[str, ResolvedField], kind: DataKind
) -> tuple[tuple[PlannedField, ...], dict[str, tuple[str, ...]]]:
    """The row fields Jira sends for what the views read, in first-use order (a computed field brings the fields
    it is computed from), with where each value is read from; and the computed fields the views need, each with
    the fields Jira sends for it."""
    names = [name for view in module.views for name in view_fields(view)]
    try:
        fetched, computed = field_closure(names, available)
        inputs = {name: tuple(n.value for n in field_closure([ast.Name(name)], available)[0]) for name in computed}
    except CalculationError as exc:
        raise PlanError(exc.span, str(exc)) from exc
    return tuple(_planned_field(available[n.value], kind, n.span) for n in fetched), inputs


# ------------------------------------------------------------------------------------------ data


def _checked_jql(app: ast.App, module: ast.Module, jql: ast.Jql) -> JqlCheck:
    """The query exactly as the checker understood it: literal text and typed holes, worklog conditions."""
    checked = check_module_jql(app, module, jql)
    if checked.template is None:
        raise PlanError(jql.span, "this JQL does not parse; run `forgewright check`")
    return checked


class _Values:
    """Turns the checker's placeholders into planned values, with the label and options of what they name."""

    def __init__(
        self,
        config: tuple[PlannedParam, ...],
        settings: tuple[PlannedParam, ...],
        issue_fields: Mapping[str, ResolvedField],
    ) -> None:
        self._declared = {"param": {p.name: p for p in config}, "settings": {p.name: p for p in settings}}
        self._issue_fields = issue_fields

    def _label(self, part: JqlPlaceholder) -> str:
        declared = self._declared.get(part.kind, {}).get(part.name)
        if declared is not None:
            return declared.label
        scope, _, field = part.name.partition(".")
        issue_field = self._issue_fields.get(field) if part.kind == "context" and scope == ISSUE_CONTEXT else None
        return issue_field.heading if issue_field is not None else part.name

    def value(self, part: JqlPlaceholder) -> PlannedValue:
        declared = self._declared.get(part.kind, {}).get(part.name)
        options = declared.options if declared is not None else ()
        return PlannedValue(part.kind, part.name, part.type, self._label(part), options)

    def optional(self, part: JqlPlaceholder) -> bool:
        declared = self._declared.get(part.kind, {}).get(part.name)
        return declared is not None and declared.optional

    def terms(self, conjuncts: tuple[Conjunct, ...]) -> tuple[PlannedTerm, ...]:
        """The query's top-level AND operands, when a value in it is optional (else none: the query is sent whole)."""
        optional = [[self.value(p) for p in c.template.placeholders if self.optional(p)] for c in conjuncts]
        if not any(optional):
            return ()
        return tuple(
            PlannedTerm(tuple(self.part(p) for p in c.template.parts), tuple(dict.fromkeys(values)))
            for c, values in zip(conjuncts, optional, strict=True)
        )

    def part(self, part: JqlText | JqlPlaceholder) -> JqlPart:
        return PlannedText(part.text) if isinstance(part, JqlText) else self.value(part)

    def user(self, user: WorklogUser) -> UserRef:
        if isinstance(user, CurrentUser):
            return CurrentUserRef()
        return self.value(user) if isinstance(user, JqlPlaceholder) else AccountRef(user)

    def day(self, day: WorklogDay) -> DayValue:
        if isinstance(day, JqlPlaceholder):
            return self.value(day)
        if isinstance(day, DateFunction):
            offset = None if day.offset is None else DateShift(day.offset.amount, day.offset.unit)
            return FunctionRef(day.name, offset)
        if isinstance(day, DateOffset):
            return ShiftRef(DateShift(day.amount, day.unit))
        return DayRef(day)

    def conditions(self, found: WorklogFilter) -> WorklogConditions:
        return WorklogConditions(
            tuple(AuthorCondition(a.exclude, tuple(self.user(u) for u in a.users)) for a in found.authors),
            tuple(DateCondition(d.op, self.day(d.value)) for d in found.dates),
        )


def _limit(source: ast.DataSource, kind: DataKind, config: tuple[PlannedParam, ...]) -> Limit:
    """How many rows: the source's limit (for sprints, how many of the last closed ones), or the kind's default."""
    if isinstance(source, ast.VersionsSource | ast.BurndownSource):
        return FixedLimit(DEFAULT_LIMITS[kind])
    limit, most = (source.last, MAX_SPRINTS) if isinstance(source, ast.SprintsSource) else (source.limit, MAX_LIMIT)
    if isinstance(limit, ast.Number):
        return FixedLimit(int(limit.value))
    if isinstance(limit, ast.ParamRef):
        name = limit.name.value
        param = next((p for p in config if p.name == name), None)
        return ParamLimit(name, param.label if param is not None else name, MIN_LIMIT, most)
    return FixedLimit(DEFAULT_LIMITS[kind])


def _measure(module: ast.Module, app_fields: dict[str, ResolvedField]) -> WorkMeasure:
    """A sprints or versions source's measure: a count, or the Jira field it sums (a number or a duration)."""
    found = measure_field(module, app_fields)
    if found is None:
        return WorkMeasure(None, FieldType.NUMBER.value)
    return WorkMeasure(found.jira_id, found.type.value)


def _order(source: ast.IssuesSource, available: dict[str, ResolvedField]) -> tuple[OrderTerm, ...]:
    terms = []
    for key in source.order:
        resolved = available.get(key.field.value)
        if resolved is None:
            raise PlanError(key.field.span, f"unknown field `{key.field.value}`")
        terms.append(OrderTerm(_jql_name(resolved, key.span), key.direction.value.upper(), key.span))
    return tuple(terms)


def _issue_read(
    checked: JqlCheck, issue_fields: Mapping[str, ResolvedField], span: Span
) -> tuple[IssueRead | None, list[JiraRequest]]:
    """The viewed issue's fields the query names as ``{context.issue.FIELD}``, read once per load."""
    names: dict[str, None] = {}
    for part in checked.template.placeholders if checked.template is not None else ():
        scope, dot, field = part.name.partition(".")
        if part.kind == "context" and dot and scope == ISSUE_CONTEXT:
            names[field] = None
    if not names:
        return None, []
    wanted = []
    for name in names:
        resolved = _issue_field(issue_fields, name, span)
        wanted.append(_planned_field(resolved, DataKind.ISSUES, span))
    read, request = fx.issue_read(tuple(wanted), span)
    return read, [request]


def _issue_field(issue_fields: Mapping[str, ResolvedField], name: str, span: Span) -> ResolvedField:
    found = issue_fields.get(name)
    if found is None:
        raise PlanError(span, f"the viewed issue's `{name}` cannot be used in a query")
    return found


Sources = tuple[tuple[str, ...], ...]
"""The sources of each part of a view, cheapest first."""


@dataclass(frozen=True)
class _HistoryUse:
    """A module whose calculations measure status histories, and whether one names a status category."""

    categories: bool


def _history_use(
    module: ast.Module, computed: tuple[PlannedComputed, ...], fields: Mapping[str, ResolvedField], groups: Groups
) -> _HistoryUse | None:
    """Whether the module's computed fields or highlight conditions measure status histories."""
    conditions = [
        planned_condition(view.highlight.condition, fields, groups)
        for view in module.views
        if isinstance(view, ast.TableView | ast.ListView) and view.highlight is not None
    ]
    measures = history_measures(computed, conditions)
    if not measures:
        return None
    return _HistoryUse(any(m.categories for m in measures))


def _data(
    app: ast.App,
    module: ast.Module,
    fields: tuple[PlannedField, ...],
    parts: tuple[tuple[Part, ...], ...],
    values: _Values,
    config: tuple[PlannedParam, ...],
    issue_fields: Mapping[str, ResolvedField],
    computed_inputs: Mapping[str, tuple[str, ...]],
    history: _HistoryUse | None,
) -> tuple[PlannedData | None, list[Fetch], list[JiraRequest], list[Sources]]:
    source = module.data
    kind = data_kind(source)
    rows_only: list[Sources] = [tuple((fx.ROWS,) for _ in view_parts) for view_parts in parts]
    if source is None or kind is None:
        return None, [], [], rows_only
    available = row_fields(app, module)
    jql: tuple[JqlPart, ...] = ()
    terms: tuple[PlannedTerm, ...] = ()
    issue: IssueRead | None = None
    issue_requests: list[JiraRequest] = []
    jql_text = ""
    worklogs = WorklogFilter()
    order: tuple[OrderTerm, ...] = ()
    if isinstance(source, ast.IssuesSource | ast.WorklogsSource | ast.StatusPeriodsSource):
        jql_text = source.jql.text.value
        checked = _checked_jql(app, module, source.jql)
        jql = tuple(values.part(p) for p in checked.template.parts) if checked.template is not None else ()
        terms = values.terms(checked.conjuncts)
        issue, issue_requests = _issue_read(checked, issue_fields, source.jql.span)
        if isinstance(source, ast.WorklogsSource):
            worklogs = WorklogFilter(checked.worklogs.authors, checked.worklogs.dates)
    sources = rows_only
    if isinstance(source, ast.IssuesSource) and history is not None:
        order = _order(source, available)
        fetches, requests = fx.issue_history_fetches(fields, history.categories, bool(order), source.span)
    elif isinstance(source, ast.IssuesSource):
        order = _order(source, available)
        planned = fx.issue_fetches(fields, module.views, parts, source.jql.span, computed_inputs)
        fetches, requests, sources = list(planned.fetches), list(planned.requests), list(planned.sources)
    elif isinstance(source, ast.WorklogsSource):
        fetches, requests = fx.worklog_fetches(fields, values.conditions(worklogs), source.span)
    elif isinstance(source, ast.StatusPeriodsSource):
        fetches, requests = fx.status_period_fetches(fields, source.span)
    elif isinstance(source, ast.SprintsSource | ast.BurndownSource):
        fetches, requests = fx.sprint_fetches(source, _measure(module, declared_fields(app.fields)), source.span)
    elif isinstance(source, ast.VersionsSource):
        fetches, requests = fx.version_fetches(source, _measure(module, declared_fields(app.fields)), source.span)
    else:
        fetches, requests = fx.list_fetches(kind, fields, parts, source.span)
    limit = _limit(source, kind, config)
    data = PlannedData(kind, jql, terms, issue, order, limit, jql_text, worklogs, source.span)
    return data, fetches, [*issue_requests, *requests], sources


# ------------------------------------------------------------------------------------------ modules and app


def _texts(module: ast.Module) -> ModuleTexts:
    given = {t.kind.value: t.text.value for t in module.texts}
    merged = {kind: given.get(kind, default) for kind, default in DEFAULT_TEXTS.items()}
    return ModuleTexts(merged["loading"], merged["empty"], merged["error"], tuple(given))


def _module(
    app: ast.App,
    module: ast.Module,
    host_key: str,
    app_settings: tuple[PlannedParam, ...],
    app_fields: dict[str, ResolvedField],
) -> PlannedModule:
    kind = data_kind(module.data)
    available = row_fields(app, module)
    fields, inputs = _fields(module, available, kind) if kind is not None else ((), {})
    wanted = set(inputs)
    declared = (*app.computed, *module.computed) if kind is DataKind.ISSUES else module.computed
    groups = status_groups(app)
    try:
        computed = planned_computed(declared, wanted, available, groups)
        history = _history_use(module, computed, available, groups)
    except CalculationError as exc:
        raise PlanError(exc.span, str(exc)) from exc
    config = tuple(_param(p) for p in module.config)
    settings = tuple(_param(p) for p in module.settings)
    issue_fields = issue_context_fields(module, app_fields)
    values = _Values(config, app_settings, issue_fields)
    parts = tuple(view_parts(v, {n: f.type.value for n, f in available.items()}) for v in module.views)
    data, fetches, requests, sources = _data(app, module, fields, parts, values, config, issue_fields, inputs, history)
    word = kind.value if kind is not None else ""
    views = tuple(
        planned_view(v, p, s, available, word, groups) for v, p, s in zip(module.views, parts, sources, strict=True)
    )
    config_pickers, config_requests = fx.pickers(config, "gadget configuration")
    settings_pickers, settings_requests = fx.pickers(settings, "settings page")
    return PlannedModule(
        key=module.key.value,
        kind=module.kind,
        host_key=host_key,
        title=module.title.value,
        texts=_texts(module),
        config=config,
        settings=settings,
        pickers=(*config_pickers, *settings_pickers),
        data=data,
        fetches=tuple(fetches),
        fields=fields,
        computed=computed,
        views=views,
        forge_type=FORGE_TYPES[module.kind],
        description=module.description.value if module.description is not None else None,
        requests=(*requests, *config_requests, *settings_requests),
        span=module.span,
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


def _store(app: ast.App) -> SettingsStore | None:
    """Where the app settings live, when an admin page declares any."""
    editors = [m for m in app.modules if m.settings]
    if not editors:
        return None
    params = tuple(_param(p) for m in editors for p in m.settings)
    first = editors[0]
    span = first.settings[0].span.to(first.settings[-1].span)
    return SettingsStore(SETTINGS_KEY, params, tuple(m.key.value for m in editors), span)


def derive_scopes(
    modules: tuple[PlannedModule, ...], style: ast.ScopeStyle, store: SettingsStore | None
) -> tuple[ScopeGrant, ...]:
    """Every scope the modules' requests need, in the given style, each with its reasons; sorted."""
    reasons: dict[str, dict[ScopeReason, None]] = {}  # ordered sets: first use first, no repeats
    for module in modules:
        for request in module.requests:
            for scope in required_scopes(request.operation, style):
                reason = ScopeReason(module.key, request.operation_key, request.span, request.purpose)
                reasons.setdefault(scope, {})[reason] = None
    if store is not None:
        reason = ScopeReason(store.editors[0], STORAGE_OPERATION, store.span, "store the app settings")
        reasons.setdefault(STORAGE_SCOPE, {})[reason] = None
    return tuple(ScopeGrant(scope, tuple(reasons[scope])) for scope in sorted(reasons))


def build_plan(app: ast.App) -> Plan:
    """The plan for a checked app."""
    hosts = _host_keys(app)
    store = _store(app)
    app_settings = store.params if store is not None else ()
    app_fields = declared_fields(app.fields)
    modules = tuple(_module(app, m, hosts[m.key.value], app_settings, app_fields) for m in app.modules)
    return Plan(
        budget=fx.budget(),
        store=store,
        modules=modules,
        calls_as=fx.CALLS_AS,
        egress=(),
        app_name=app.name.value,
        app_description=app.description.value if app.description is not None else None,
        app_id=app.app_id.value if app.app_id is not None else None,
        scope_style=app.scope_style,
        scopes=derive_scopes(modules, app.scope_style, store),
        span=app.span if app.span is not NO_SPAN else app.name.span,
    )
