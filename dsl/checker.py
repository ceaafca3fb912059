"""The semantic checker: every rule a parsed spec must satisfy before it can be compiled.

It never stops at the first problem: each rule adds diagnostics to one list, which
:func:`dsl.analysis.analyze` sorts. Name resolution comes from :mod:`dsl.resolve` (shared with the
compiler) and JQL checking from :mod:`dsl.jql`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from dsl import ast
from dsl.agile_checks import MAX_SPRINTS, agile_problems
from dsl.catalogue import (
    ISSUE_FIELDS_BY_NAME,
)
from dsl.computed_checks import AppComputedChecker, cycle_problems, failed_computed
from dsl.diagnostics import Diagnostic, error, warning
from dsl.expressions import check_condition, condition_expressions, expression_type, numbers_in, type_words
from dsl.field_hints import FieldUse, unknown_field_hint
from dsl.forge_limits import check_forge_limits
from dsl.history_checks import check_history, check_status_groups, status_groups
from dsl.jql import check_module_jql, split_key
from dsl.numbers import range_problem, shown
from dsl.param_checks import number_problems, optional_keys, optional_problems, param_problems
from dsl.resolve import (
    AGILE_SOURCES,
    ISSUE_CONTEXT,
    SINGLE_PAGE_KINDS,
    DataKind,
    ResolvedField,
    app_computed_fields,
    context_values,
    data_fields,
    data_kind,
    declared_fields,
    issue_context_fields,
    module_rows,
    needs_rows,
)
from dsl.similar import closest
from dsl.span import Span
from dsl.strings import quote
from dsl.types import CUSTOM_FIELD_TYPES, FieldType, ParamType
from dsl.view_checks import check_aggregate, check_chart, check_grouping, check_pivot

MIN_LIMIT = 1
MAX_LIMIT = 1000

_APP_ID = re.compile(r"ari:cloud:ecosystem::app/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CUSTOM_ID = re.compile(r"customfield_[0-9]+")
"""A date default as the generated app accepts it (tests/vectors/jql-values.json pins both sides): a day, or a
time relative to now with a sign and one of Jira's units w, d, h, m (months and years are not relative-date units)."""


_KIND_WORDS = {
    ast.ModuleKind.GADGET: "a dashboard gadget",
    ast.ModuleKind.ISSUE_PANEL: "an issue panel",
    ast.ModuleKind.PROJECT_PAGE: "a project page",
    ast.ModuleKind.GLOBAL_PAGE: "a global page",
    ast.ModuleKind.ADMIN_PAGE: "an admin page",
}


def check(app: ast.App) -> list[Diagnostic]:
    """All semantic diagnostics of a parsed spec, unsorted."""
    problems: list[Diagnostic] = []
    if not app.modules:
        problems.append(
            error("E401", app.name.span, "the app has no modules", 'add one, e.g. `gadget overview "Overview" { … }`')
        )
    if app.app_id is not None and not _APP_ID.fullmatch(app.app_id.value):
        problems.append(
            error(
                "E404",
                app.app_id.span,
                "this is not a Forge app id",
                "Forge app ids look like ari:cloud:ecosystem::app/<uuid>; "
                "leave `id` out and `forgewright deploy` registers the app",
            )
        )
    problems += _check_field_declarations(app.fields, app.computed, _NOTHING_EARLIER)
    problems += check_forge_limits(app)
    problems += _duplicates([m.key for m in app.modules], "E102", "module key")
    problems += _duplicates([m.title for m in app.modules], "E103", "module title")
    problems += _shared_pages(app.modules)
    settings = app.settings_by_name
    problems += _duplicates([p.name for m in app.modules for p in m.settings], "E104", "setting")
    used_fields: set[str] = set()
    used_settings: set[str] = set()
    app_fields = declared_fields(app.fields)
    computed = app_computed_fields(app, app_fields)
    names = _casefolded(n for n in (*(f.name for f in app.fields), *(c.name for c in app.computed)))
    scope = _AppScope(settings, names, app_fields, computed, status_groups(app))
    problems += AppComputedChecker(app, app_fields, computed, used_fields).run()
    problems += check_status_groups(app)
    for module in app.modules:
        checker = _ModuleChecker(app, module, scope)
        problems += checker.run()
        used_fields |= checker.used_fields
        used_settings |= checker.used_settings
    declarations: tuple[ast.CustomField | ast.ComputedField, ...] = (*app.fields, *app.computed)
    for declared in declarations:
        if declared.name.value not in used_fields:
            what = "computed" if isinstance(declared, ast.ComputedField) else "custom"
            problems.append(
                warning(
                    "W102",
                    declared.name.span,
                    f"{what} field `{declared.name.value}` is never used",
                    "remove it, or show it in a view",
                )
            )
    for name, param in settings.items():
        if name not in used_settings:
            problems.append(
                warning(
                    "W101",
                    param.name.span,
                    f"setting `{name}` is never used",
                    f"use it in a query as {{settings.{name}}}, or remove it",
                )
            )
    return problems


def _shared_pages(modules: tuple[ast.Module, ...]) -> list[Diagnostic]:
    """Forge accepts one page module of each of these kinds per app; later ones become tabs of the first."""
    found = []
    for kind in sorted(SINGLE_PAGE_KINDS):
        pages = [m for m in modules if m.kind is kind]
        for page in pages[1:]:
            found.append(
                warning(
                    "W104",
                    page.key.span,
                    f"Forge allows one {kind.value.replace('_', ' ')} per app, so `{page.key.value}` "
                    f"becomes a tab on the page that `{pages[0].key.value}` opens",
                    "that is usually fine; merge the modules yourself to choose the page's title",
                )
            )
    return found


_NOTHING_EARLIER: Mapping[str, ast.Name] = MappingProxyType({})


def _duplicates(
    names: Iterable[ast.Name | ast.Text], code: str, what: str, earlier: Mapping[str, ast.Name] = _NOTHING_EARLIER
) -> list[Diagnostic]:
    """A diagnostic for each name (case-insensitively) already given among ``names`` or in ``earlier``
    (casefolded names of an enclosing scope, looked up, never copied)."""
    seen: dict[str, ast.Name | ast.Text] = {}
    found = []
    for name in names:
        key = name.value.casefold()
        previous = earlier.get(key) or seen.get(key)
        if previous is not None:
            first = previous.span
            found.append(
                error(
                    code,
                    name.span,
                    f"duplicate {what} `{name.value}`",
                    f"it is already used at line {first.line}; choose another",
                )
            )
        else:
            seen[key] = name
    return found


def _casefolded(names: Iterable[ast.Name]) -> dict[str, ast.Name]:
    """Names by their casefolded spelling, the first one winning."""
    found: dict[str, ast.Name] = {}
    for name in names:
        found.setdefault(name.value.casefold(), name)
    return found


def _check_field_declarations(
    declared: tuple[ast.CustomField, ...], computed: tuple[ast.ComputedField, ...], outer: Mapping[str, ast.Name]
) -> list[Diagnostic]:
    names = [f.name for f in declared] + [c.name for c in computed]
    problems = _duplicates(names, "E104", "field", outer)
    for field in computed:
        if field.name.value in ISSUE_FIELDS_BY_NAME:
            problems.append(
                error(
                    "E110",
                    field.name.span,
                    f"`{field.name.value}` is already a Jira system field",
                    f"choose another name for the calculation, e.g. `{field.name.value}_computed`",
                )
            )
    for custom in declared:
        if custom.unit is not None and CUSTOM_FIELD_TYPES.get(custom.type.value) is not FieldType.NUMBER:
            problems.append(
                error(
                    "E221",
                    custom.unit.span,
                    f"`{custom.name.value}` is a {custom.type.value} field; only a number field has a unit label",
                    f"remove `unit {quote(custom.unit.value)}`, or declare a number field: "
                    f"`field {custom.name.value}: number = {custom.jira_id.value} unit {quote(custom.unit.value)}`",
                )
            )
        if not _CUSTOM_ID.fullmatch(custom.jira_id.value):
            problems.append(
                error(
                    "E109",
                    custom.jira_id.span,
                    f"`{custom.jira_id.value}` is not a Jira custom field id",
                    "custom field ids look like customfield_10016 (Jira settings → Custom fields)",
                )
            )
        if custom.name.value in ISSUE_FIELDS_BY_NAME:
            problems.append(
                error(
                    "E110",
                    custom.name.span,
                    f"`{custom.name.value}` is already a Jira system field",
                    f"choose another name, e.g. `{custom.name.value}_custom`",
                )
            )
    return problems


@dataclass(frozen=True)
class _AppScope:
    """What every module of the app sees, computed once per app so checking a module does not
    scan every app-wide declaration again."""

    settings: Mapping[str, ast.Param]
    field_names: Mapping[str, ast.Name]  # app-wide custom and computed field names, casefolded
    fields: dict[str, ResolvedField]  # app-wide custom fields, resolved
    computed: dict[str, ResolvedField]  # app-wide computed fields, typed
    status_groups: Mapping[str, ast.StatusGroup]  # the app's status groups, by name


class _ModuleChecker:
    """Checks one module; remembers which custom fields and settings it used."""

    def __init__(self, app: ast.App, module: ast.Module, scope: _AppScope) -> None:
        self.app = app
        self.scope = scope
        self.module = module
        self.settings = scope.settings
        self.rows = module_rows(module, scope.fields, scope.computed)
        self.app_computed = app.computed_names
        # computed fields whose declaration is in error (reported there): using them reports nothing more
        self.failed_computed = failed_computed(app.computed, scope.computed) | failed_computed(
            module.computed, self.rows
        )
        self.params = {p.name.value: p for p in module.config}
        self.problems: list[Diagnostic] = []
        self.used_params: set[str] = set()
        self.used_fields: set[str] = set()
        self.used_settings: set[str] = set()

    def run(self) -> list[Diagnostic]:
        module = self.module
        kind_word = _KIND_WORDS[module.kind]
        if module.config and module.kind is not ast.ModuleKind.GADGET:
            self.problems.append(
                error(
                    "E405",
                    module.config[0].span,
                    f"{kind_word} has no configuration",
                    "only dashboard gadgets have `config`; use admin-page `settings` for app-wide values",
                )
            )
        if module.settings and module.kind is not ast.ModuleKind.ADMIN_PAGE:
            self.problems.append(
                error(
                    "E406",
                    module.settings[0].span,
                    f"{kind_word} cannot declare settings",
                    "declare app-wide settings on an `admin_page`",
                )
            )
        self.problems += _check_field_declarations(module.fields, module.computed, self.scope.field_names)
        self.problems += _duplicates([p.name for p in module.config], "E104", "parameter")
        for param in (*module.config, *module.settings):
            self.problems += _duplicates(param.type.options, "E408", "option")
            setting = param in module.settings
            self.problems += param_problems(
                param, setting=setting, settings=self.settings, used_settings=self.used_settings
            )
        self._check_computed()
        self._check_texts()
        self._check_data()
        for view in module.views:
            self._check_view(view)
        self._check_unused()
        return self.problems

    # --- computed fields -------------------------------------------------------------
    def _lookup(self, use: FieldUse) -> Callable[[ast.Name], FieldType | None]:
        """A field's type for an expression or condition, reporting unknown names (a computed field that could
        not be typed is already reported where it is declared)."""

        def lookup(name: ast.Name) -> FieldType | None:
            if name.value in self.failed_computed:
                self.used_fields.add(name.value)
                return None
            resolved = self._field(name, use)
            return resolved.type if resolved is not None else None

        return lookup

    def _check_computed(self) -> None:
        if not self.module.computed:
            return
        if self.module.data is None:
            self.problems.append(
                error(
                    "E407",
                    self.module.computed[0].span,
                    "this computed field has no rows to be computed from",
                    'add a data source, e.g. `issues where "project = ABC"`',
                )
            )
            return
        lookup = self._lookup(FieldUse.CALCULATION)
        for field in self.module.computed:
            expression_type(field.expr, lookup, self.problems.append)
            self.problems += check_history(field.expr, self.scope.status_groups, self._history_rows())
            self.problems += [p for number in numbers_in(field.expr) for p in number_problems(number)]
        self.problems += cycle_problems(self.module.computed)

    def _history_rows(self) -> str | None:
        """None where the rows are issues (they have a status history), else what they are."""
        kind = data_kind(self.module.data)
        return None if kind is DataKind.ISSUES or kind is None else kind.value

    # --- state texts -----------------------------------------------------------------
    def _check_texts(self) -> None:
        seen: set[ast.StateKind] = set()
        counts_only = bool(self.module.views) and not any(needs_rows(v) for v in self.module.views)
        for text in self.module.texts:
            if text.kind in seen:
                self.problems.append(
                    error("E409", text.span, f"`{text.kind.value}` text is given twice", "keep one of them")
                )
            seen.add(text.kind)
            if text.kind is ast.StateKind.EMPTY and counts_only:
                self.problems.append(
                    warning(
                        "W106",
                        text.span,
                        "this `empty` text never shows: the module only counts, and a count of nothing is 0",
                        "remove it, or add a view that lists the rows, e.g. `table { key, summary }`",
                    )
                )

    # --- data ------------------------------------------------------------------------
    def _check_data(self) -> None:
        module = self.module
        source = module.data
        if source is None:
            if module.views:
                self.problems.append(
                    error(
                        "E407",
                        module.views[0].span,
                        "this view has no data to show",
                        'add a data source, e.g. `issues where "project = ABC"`',
                    )
                )
            elif not module.settings:
                self.problems.append(
                    error(
                        "E402",
                        module.key.span,
                        f"module `{module.key.value}` shows nothing",
                        "add data and a view (or settings on an admin page)",
                    )
                )
            return
        if not module.views:
            self.problems.append(
                warning(
                    "W103",
                    source.span,
                    "this data is read but no view shows it",
                    "add a view such as `table { key, summary }`",
                )
            )
        if isinstance(source, ast.IssuesSource | ast.WorklogsSource | ast.StatusPeriodsSource):
            self._check_jql(source.jql, worklogs=isinstance(source, ast.WorklogsSource))
        if isinstance(source, ast.IssuesSource):
            for key in source.order:
                resolved = self._field(key.field, FieldUse.ORDER)
                if resolved is not None and resolved.computed:
                    self.problems.append(
                        error(
                            "E210",
                            key.field.span,
                            f"`{key.field.value}` is computed by the app, and Jira orders the issues before the app "
                            "sees them",
                            "order by a field Jira has, e.g. one it is computed from",
                        )
                    )
                elif resolved is not None and not resolved.sortable:
                    self.problems.append(
                        error(
                            "E208",
                            key.field.span,
                            f"issues cannot be ordered by `{key.field.value}`",
                            "order by a single-valued field such as `created` or `priority`",
                        )
                    )
        if isinstance(source, AGILE_SOURCES):
            self.problems += agile_problems(module, source, self._param, self.scope.fields)
            if source.measure is not None and source.measure.field is not None:
                self.used_fields.add(source.measure.field.value)
        if isinstance(source, ast.SprintsSource):
            self._check_limit(source.last, MAX_SPRINTS, "last")
        elif not isinstance(source, AGILE_SOURCES) and source.limit is not None:
            self._check_limit(source.limit)

    def _check_limit(self, limit: ast.Limit, most: int = MAX_LIMIT, word: str = "limit") -> None:
        """A limit (or how many sprints): a whole number from 1 to ``most``, or a number parameter with one."""
        if isinstance(limit, ast.Number):
            if not isinstance(limit.value, int) or not MIN_LIMIT <= limit.value <= most:
                self.problems.append(
                    error(
                        "E403",
                        limit.span,
                        f"{word} {shown(limit.raw)} is out of range",
                        f"use a whole number from {MIN_LIMIT} to {most}",
                    )
                )
            return
        param = self._param(limit.name)
        if param is None:
            return
        if param.optional:
            self.problems.append(
                error(
                    "E213",
                    limit.span,
                    f"`{{{limit.name.value}}}` is optional, but {'a limit' if word == 'limit' else f'`{word}`'} "
                    "cannot be left empty",
                    f"remove `optional` from `{limit.name.value}` and give it a default, e.g. `= 50`",
                )
            )
        elif param.type.kind is not ParamType.NUMBER:
            self.problems.append(
                error(
                    "E205",
                    limit.span,
                    f"`{{{limit.name.value}}}` is not a number",
                    f"give `{limit.name.value}` the type `number`",
                )
            )
        elif (
            isinstance(param.default, ast.Number)
            and range_problem(param.default.raw) is None  # else E410 says so already
            and not (isinstance(param.default.value, int) and MIN_LIMIT <= param.default.value <= most)
        ):
            self.problems.append(
                error(
                    "E403",
                    param.default.span,
                    f"default {word} {shown(param.default.raw)} is out of range",
                    f"use a whole number from {MIN_LIMIT} to {most}",
                )
            )

    def _check_jql(self, jql: ast.Jql, *, worklogs: bool) -> None:
        result = check_module_jql(self.app, self.module, jql, self.scope.fields)
        self.problems += result.diagnostics
        if worklogs:
            for span, why in result.worklogs.ignored:
                self.problems.append(
                    warning(
                        "W105",
                        span,
                        f"this worklog condition cannot filter the worklog rows: {why}",
                        "only worklogAuthor / worklogDate conditions joined with AND at the top level filter the "
                        "rows; this one only chooses issues, whose worklogs are then all read",
                    )
                )
        for key in result.placeholders:
            self._mark_used(key)
        self.used_fields |= result.custom_fields
        for key, span in result.unresolved:
            self._unresolved(key, span)
        self.problems += optional_problems(result, jql, optional_keys(self.module, self.settings))

    def _mark_used(self, key: str) -> None:
        if key.startswith("settings."):
            self.used_settings.add(key.removeprefix("settings."))
        else:
            self.used_params.add(key)

    def _unresolved(self, key: str, span: Span) -> None:
        scope, name = split_key(key)
        value, dot, rest = name.partition(".")
        if scope == "context" and dot and value == ISSUE_CONTEXT and ISSUE_CONTEXT in context_values(self.module.kind):
            self._unknown_issue_field(rest, span)
        elif scope == "context":
            names = [f"{{context.{v}}}" for v in sorted(context_values(self.module.kind))]
            if ISSUE_CONTEXT in context_values(self.module.kind):
                names.append("{context.issue.FIELD} (a field of the viewed issue, such as reporter)")
            available = ", ".join(names)
            known = value in context_values(self.module.kind)
            self.problems.append(
                error(
                    "E106",
                    span,
                    f"{_KIND_WORDS[self.module.kind]} has no `context.{name}`",
                    f"`{{context.{value}}}` is one value and has no parts; available here: {available}"
                    if dot and known
                    else f"available here: {available}",
                )
            )
        elif scope == "settings":
            suggestion = closest(name, self.settings)
            self.problems.append(
                error(
                    "E107",
                    span,
                    f"no setting named `{name}`",
                    f"did you mean `settings.{suggestion}`?"
                    if suggestion
                    else "declare it in an admin page's `settings { … }`",
                )
            )
        elif scope != "param":
            self.problems.append(
                error(
                    "E106",
                    span,
                    f"unknown placeholder scope `{scope}`",
                    "placeholders are {param}, {context.NAME} or {settings.NAME}",
                )
            )
        else:
            self._undefined_param(name, span)

    def _unknown_issue_field(self, name: str, span: Span) -> None:
        """E106 for ``{context.issue.NAME}`` naming no field of the viewed issue that a query can compare."""
        usable = issue_context_fields(self.module, self.scope.fields)
        listing = ", ".join(sorted(usable))
        if name == "epic":
            hint = "epics are parent issues in Jira Cloud: use {context.issue.parent}"
        elif name == "project":
            hint = "the viewed issue's project is {context.project}"
        elif name == "key":
            hint = "the viewed issue's key is {context.issue}"
        elif name in ISSUE_FIELDS_BY_NAME or self.rows.get(name) is not None:
            hint = (
                "texts, dates with a time, durations and computed values cannot be put into a query as a value; "
                f"these fields can: {listing}"
            )
        else:
            suggestion = closest(name, usable)
            hint = f"did you mean {{context.issue.{suggestion}}}?" if suggestion else f"its fields: {listing}"
        self.problems.append(error("E106", span, f"the viewed issue's `{name}` cannot be used in this query", hint))

    def _undefined_param(self, name: str, span: Span) -> None:
        suggestion = closest(name, self.params)
        if suggestion:
            hint = f"did you mean `{suggestion}`?"
        elif self.module.kind is ast.ModuleKind.GADGET:
            hint = f'declare it: `config {{ {name}: text "Label" }}`'
        else:
            hint = "only gadgets have parameters; use {context.…} or {settings.…} here"
        self.problems.append(error("E105", span, f"parameter `{name}` is not declared", hint))

    def _param(self, name: ast.Name) -> ast.Param | None:
        param = self.params.get(name.value)
        if param is None:
            self._undefined_param(name.value, name.span)
        else:
            self.used_params.add(name.value)
        return param

    # --- views -----------------------------------------------------------------------
    def _check_view(self, view: ast.View) -> None:
        if view.when is not None:
            param = self._param(view.when.name)
            if param is not None and param.type.kind is not ParamType.BOOLEAN:
                self.problems.append(
                    error(
                        "E207",
                        view.when.span,
                        f"`{{{view.when.name.value}}}` is not a yes/no value",
                        f"give `{view.when.name.value}` the type `boolean`",
                    )
                )
        if self.module.data is None:
            return
        if isinstance(view, ast.TableView | ast.ListView):
            columns = view.columns if isinstance(view, ast.TableView) else view.items
            self.problems += _duplicates([c.field for c in columns], "E104", "column")
            for column in columns:
                self._check_column(column)
            if view.highlight is not None:
                condition = view.highlight.condition
                check_condition(condition, self._lookup(FieldUse.CONDITION), self.problems.append)
                for tested in condition_expressions(condition):
                    self.problems += check_history(tested, self.scope.status_groups, self._history_rows())
                numbers = [number for expr in condition_expressions(condition) for number in numbers_in(expr)]
                self.problems += [p for number in numbers for p in number_problems(number)]
            if view.group is not None:
                self.problems += check_grouping(view.group, self._field)
        elif isinstance(view, ast.ChartView):
            self.problems += check_chart(view, self._field)
        elif isinstance(view, ast.PivotView):
            self.problems += check_pivot(view, self._field)
        else:
            self.problems += check_aggregate(view.value, self._field)

    def _check_column(self, column: ast.Column) -> None:
        if column.field.value in self.failed_computed:
            self.used_fields.add(column.field.value)
            return
        resolved = self._field(column.field, FieldUse.COLUMN)
        if resolved is not None and column.unit is not None and resolved.type is not FieldType.DURATION:
            self.problems.append(
                error(
                    "E211",
                    column.span,
                    f"`{column.field.value}` is {type_words(resolved.type)}, not a duration, so it has no unit to "
                    f"show it in",
                    f"remove `in {column.unit.value}`; units are for durations such as `timespent` "
                    "or `now() - created`",
                )
            )

    def _field(self, name: ast.Name, use: FieldUse) -> ResolvedField | None:
        """Resolve a row field, reporting unknown ones; returns None when unknown (silently for a computed field
        whose own declaration is in error: that is reported there)."""
        resolved = self.rows.get(name.value)
        if resolved is not None:
            if resolved.custom or resolved.computed:
                self.used_fields.add(name.value)
            return resolved
        if name.value in self.failed_computed:
            self.used_fields.add(name.value)
            return None
        kind = data_kind(self.module.data)
        if name.value in self.app_computed and kind is not None:
            self.used_fields.add(name.value)
            self.problems.append(
                error(
                    "E108",
                    name.span,
                    f"`{name.value}` is computed from issue fields, and this module reads {kind.value}",
                    "declare the computed field inside this module, from the fields its rows have",
                )
            )
            return None
        system = sorted(f.name for f in data_fields(kind)) if kind is not None else []
        elsewhere = _other_sources(name.value)
        if elsewhere and kind is not None:
            renamed = _RENAMED.get((kind, name.value))
            self.problems.append(
                error(
                    "E108",
                    name.span,
                    f"{kind.value} data has no `{name.value}` (it belongs to {elsewhere})",
                    (f"did you mean `{renamed}`? " if renamed else "") + "available here: " + ", ".join(system),
                )
            )
            return None
        suggestion = closest(name.value, self.rows)
        hint = (
            f"did you mean `{suggestion}`?"
            if suggestion
            else unknown_field_hint(name.value, use, kind is DataKind.ISSUES, system)
        )
        self.problems.append(error("E101", name.span, f"unknown field `{name.value}`", hint))
        return None

    def _check_unused(self) -> None:
        for field in self.module.computed:
            if field.name.value not in self.used_fields:
                self.problems.append(
                    warning(
                        "W102",
                        field.name.span,
                        f"computed field `{field.name.value}` is never used",
                        "remove it, or show it in a view",
                    )
                )
        for name, param in self.params.items():
            if name not in self.used_params:
                self.problems.append(
                    warning(
                        "W101",
                        param.name.span,
                        f"parameter `{name}` is never used",
                        f"use it in the query as {{{name}}}, as `limit {{{name}}}` or `when {{{name}}}`, or remove it",
                    )
                )


_RENAMED = {(DataKind.STATUS_PERIODS, "key"): "issue", (DataKind.WORKLOGS, "key"): "issue"}
"""Fields that have another name in a kind of rows: there the issue's key is `issue`."""


def _other_sources(name: str) -> str | None:
    owners = [kind for kind in DataKind if any(f.name == name for f in data_fields(kind))]
    return " and ".join(f"{kind.value} data" for kind in owners) if owners else None
