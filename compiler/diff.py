"""The semantic differ: two checked specs in, one typed change model out.

Reviewers approve specs, not generated code, so a diff says what changes *in meaning*, like a
``terraform plan``: modules added, removed and changed (title, data source and JQL, fields read, views,
configuration, settings, texts, Jira operations), app-level changes (name, id, scope style, custom
fields, storage), and the OAuth scopes added and removed with the reasons the compiler derived for them.

Formatting and comments never show up: the AST ignores spans, and every value here is rendered
canonically from the tree. All renderers (text, Markdown, JSON in :mod:`compiler.diff_render`) work from
the one :class:`SpecDiff` this module returns; nothing here prints, colours or touches files.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from compiler.plan import Plan, PlannedModule, ScopeGrant, build_plan
from dsl import ast
from dsl.formatter import agile_text, expr_text, limit_text, param_text, view_text
from dsl.strings import quote


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"

    @property
    def sign(self) -> str:
        """The plan-style marker: ``+`` added, ``-`` removed, ``~`` changed."""
        return {"added": "+", "removed": "-", "changed": "~"}[self.value]


@dataclass(frozen=True)
class ValueChange:
    """One changed thing: ``what`` is a label for people (``jql``, ``config rows``, ``view 2``), ``area`` the
    group it belongs to (``module``, ``data``, ``config`` …); ``old``/``new`` are canonical spec text (None
    when absent) and the lines are where each side is written in its spec."""

    area: str
    what: str
    kind: ChangeKind
    old: str | None
    new: str | None
    old_line: int | None
    new_line: int | None


@dataclass(frozen=True)
class ModuleChange:
    """A module added, removed or changed, identified by its key; ``changes`` lists everything that differs
    (for an added module: everything it declares; for a removed one: everything it declared)."""

    key: str
    kind: ChangeKind
    module_kind: str
    title: str
    old_line: int | None
    new_line: int | None
    changes: tuple[ValueChange, ...]


@dataclass(frozen=True)
class ReasonView:
    """Why a scope is needed: a module (None for the app), the operation, the purpose and the spec line."""

    module_key: str | None
    operation: str
    why: str
    line: int

    def describe(self) -> str:
        return f"{self.module_key or 'app'}: {self.why} (spec line {self.line}) -> {self.operation}"


@dataclass(frozen=True)
class ScopeChange:
    """A scope added (``reasons_added`` says why it is now needed), removed (``reasons_removed`` says why it
    was needed), or kept with different reasons."""

    scope: str
    kind: ChangeKind
    reasons_added: tuple[ReasonView, ...]
    reasons_removed: tuple[ReasonView, ...]


@dataclass(frozen=True)
class DiffSummary:
    modules_changed: int
    modules_added: int
    modules_removed: int
    app_changes: int
    scopes_added: int
    scopes_removed: int

    def line(self) -> str:
        """``"2 modules changed, 1 added, 0 removed; scopes +1 \u22120"`` (U+2212 minus; app changes only when any)."""
        plural = "s" if self.modules_changed != 1 else ""
        text = (
            f"{self.modules_changed} module{plural} changed, {self.modules_added} added, {self.modules_removed} removed"
        )
        if self.app_changes:
            text += f"; {self.app_changes} app change{'s' if self.app_changes != 1 else ''}"
        return text + f"; scopes +{self.scopes_added} \u2212{self.scopes_removed}"


@dataclass(frozen=True)
class SpecDiff:
    """Everything that differs between two specs, in spec order."""

    old_label: str
    new_label: str
    app: tuple[ValueChange, ...]
    modules: tuple[ModuleChange, ...]
    scopes: tuple[ScopeChange, ...]

    @property
    def empty(self) -> bool:
        """True when the specs mean the same app (they may still differ in layout or comments)."""
        return not (self.app or self.modules or self.scopes)

    @property
    def added_scopes(self) -> tuple[ScopeChange, ...]:
        return tuple(s for s in self.scopes if s.kind is ChangeKind.ADDED)

    @property
    def removed_scopes(self) -> tuple[ScopeChange, ...]:
        return tuple(s for s in self.scopes if s.kind is ChangeKind.REMOVED)

    @property
    def needs_consent(self) -> bool:
        """Adding a scope needs a site admin to approve the app's new permissions."""
        return bool(self.added_scopes)

    @property
    def summary(self) -> DiffSummary:
        def count(kind: ChangeKind) -> int:
            return sum(1 for m in self.modules if m.kind is kind)

        return DiffSummary(
            modules_changed=count(ChangeKind.CHANGED),
            modules_added=count(ChangeKind.ADDED),
            modules_removed=count(ChangeKind.REMOVED),
            app_changes=len(self.app),
            scopes_added=len(self.added_scopes),
            scopes_removed=len(self.removed_scopes),
        )


CONSENT_WARNING = (
    "This change adds scopes. Forge treats new permissions as a major version: each site keeps running the "
    "previous version until a site admin reviews and accepts the new scopes."
)


# --- canonical spec text of the parts -------------------------------------------------------------


def custom_field_text(custom: ast.CustomField) -> str:
    """``number = customfield_10016``, with its unit label when it has one (a changed label is a change)."""
    unit = f" unit {quote(custom.unit.value)}" if custom.unit is not None else ""
    return f"{custom.type.value} = {custom.jira_id.value}{unit}"


def source_word(source: ast.DataSource) -> str:
    if isinstance(source, ast.IssuesSource):
        return "issues"
    if isinstance(source, ast.WorklogsSource):
        return "worklogs of issues"
    if isinstance(source, ast.StatusPeriodsSource):
        return "status periods of issues"
    if isinstance(source, ast.SprintsSource):
        return "sprints of a board"
    if isinstance(source, ast.VersionsSource):
        return "versions of a project"
    if isinstance(source, ast.BurndownSource):
        return "burndown of a sprint"
    return "projects" if isinstance(source, ast.ProjectsSource) else "filters"


def _limit_text(limit: ast.Limit | None) -> str | None:
    return None if limit is None else limit_text(limit)


# --- facets: the comparable parts of a module and of the app --------------------------------------

_Facet = tuple[str, str, str, int]  # area, what, text, line
_AREA_ORDER = (
    "app",
    "module",
    "data",
    "custom field",
    "computed field",
    "status group",
    "config",
    "setting",
    "view",
    "field read",
    "operation",
    "text",
)


def _data_facets(source: ast.DataSource | None) -> list[_Facet]:
    if source is None:
        return []
    facets: list[_Facet] = [("data", "data source", source_word(source), source.span.line)]
    if isinstance(source, ast.IssuesSource | ast.WorklogsSource | ast.StatusPeriodsSource):
        facets.append(("data", "jql", quote(source.jql.text.value), source.jql.span.line))
    if isinstance(source, ast.IssuesSource) and source.order:
        order = ", ".join(f"{k.field.value} {k.direction.value}" for k in source.order)
        facets.append(("data", "order", order, source.order[0].span.line))
    if isinstance(source, ast.SprintsSource | ast.VersionsSource | ast.BurndownSource):
        facets.append(("data", source_word(source).split()[0], agile_text(source), source.span.line))
        return facets
    limit = _limit_text(source.limit)
    if limit is not None and source.limit is not None:
        facets.append(("data", "limit", limit, source.limit.span.line))
    return facets


def _module_facets(module: ast.Module, planned: PlannedModule) -> list[_Facet]:
    facets: list[_Facet] = [
        ("module", "kind", module.kind.value, module.span.line),
        ("module", "title", quote(module.title.value), module.title.span.line),
    ]
    if module.description is not None:
        facets.append(("module", "description", quote(module.description.value), module.description.span.line))
    facets += _data_facets(module.data)
    facets += [
        ("custom field", f"custom field {f.name.value}", custom_field_text(f), f.span.line) for f in module.fields
    ]
    facets += _computed_facets(module.computed)
    facets += [("config", f"config {p.name.value}", param_text(p), p.span.line) for p in module.config]
    facets += [("setting", f"setting {p.name.value}", param_text(p), p.span.line) for p in module.settings]
    for field in planned.fields:
        jira = f" <- {field.jira_id}" if field.jira_id else ""
        facets.append(("field read", f"field read {field.name}", f"{field.type}{jira}", field.span.line))
    operations: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    for request in planned.requests:
        operations.setdefault(request.operation_key, []).append(request.purpose)
        lines.setdefault(request.operation_key, request.span.line)
    for key, purposes in operations.items():
        facets.append(("operation", f"operation {key}", "; ".join(dict.fromkeys(purposes)), lines[key]))
    facets += [("text", f"text {t.kind.value}", quote(t.text.value), t.span.line) for t in module.texts]
    return facets


def _app_facets(app: ast.App, plan: Plan) -> list[_Facet]:
    facets: list[_Facet] = [("app", "name", quote(app.name.value), app.name.span.line)]
    if app.description is not None:
        facets.append(("app", "description", quote(app.description.value), app.description.span.line))
    if app.app_id is not None:
        facets.append(("app", "id", quote(app.app_id.value), app.app_id.span.line))
    facets.append(("app", "scope style", app.scope_style.value, app.span.line))
    storage = f"Forge app storage, for the settings of {plan.settings_module}" if plan.uses_storage else "none"
    facets.append(("app", "storage", storage, app.span.line))
    facets += [("custom field", f"custom field {f.name.value}", custom_field_text(f), f.span.line) for f in app.fields]
    facets += [
        ("status group", f"status group {g.name.value}", ", ".join(quote(s.value) for s in g.statuses), g.span.line)
        for g in app.status_groups
    ]
    return facets + _computed_facets(app.computed)


def _computed_facets(computed: tuple[ast.ComputedField, ...]) -> list[_Facet]:
    return [("computed field", f"computed field {c.name.value}", expr_text(c.expr), c.span.line) for c in computed]


def _keyed_changes(old: list[_Facet], new: list[_Facet]) -> list[ValueChange]:
    """Compare facets by their label; order: by area, then new order, removed ones after."""
    before = {what: (area, text, line) for area, what, text, line in old}
    after = {what: (area, text, line) for area, what, text, line in new}
    order = [what for _, what, _, _ in new] + [what for _, what, _, _ in old if what not in after]
    changes: list[ValueChange] = []
    for what in order:
        b, a = before.get(what), after.get(what)
        if b is not None and a is not None:
            if b[1] != a[1]:
                changes.append(ValueChange(a[0], what, ChangeKind.CHANGED, b[1], a[1], b[2], a[2]))
        elif a is not None:
            changes.append(ValueChange(a[0], what, ChangeKind.ADDED, None, a[1], None, a[2]))
        elif b is not None:
            changes.append(ValueChange(b[0], what, ChangeKind.REMOVED, b[1], None, b[2], None))
    return changes


def _view_changes(old: tuple[ast.View, ...], new: tuple[ast.View, ...]) -> list[ValueChange]:
    """Views have no names: align them as sequences; a replaced view at the same place is "changed"."""
    old_texts, new_texts = [view_text(v) for v in old], [view_text(v) for v in new]
    matcher = difflib.SequenceMatcher(a=old_texts, b=new_texts, autojunk=False)
    changes: list[ValueChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            i, j = i1 + k, j1 + k
            changes.append(
                ValueChange(
                    "view",
                    f"view {j + 1}",
                    ChangeKind.CHANGED,
                    old_texts[i],
                    new_texts[j],
                    old[i].span.line,
                    new[j].span.line,
                )
            )
        for i in range(i1 + paired, i2):
            changes.append(
                ValueChange("view", f"view {i + 1}", ChangeKind.REMOVED, old_texts[i], None, old[i].span.line, None)
            )
        for j in range(j1 + paired, j2):
            changes.append(
                ValueChange("view", f"view {j + 1}", ChangeKind.ADDED, None, new_texts[j], None, new[j].span.line)
            )
    return changes


def _sorted_by_area(changes: Iterable[ValueChange]) -> tuple[ValueChange, ...]:
    indexed = list(enumerate(changes))
    indexed.sort(key=lambda item: (_AREA_ORDER.index(item[1].area), item[0]))
    return tuple(change for _, change in indexed)


def _module_change(
    old: tuple[ast.Module, PlannedModule] | None, new: tuple[ast.Module, PlannedModule] | None
) -> ModuleChange | None:
    old_facets = _module_facets(*old) if old is not None else []
    new_facets = _module_facets(*new) if new is not None else []
    changes = _keyed_changes(old_facets, new_facets)
    changes += _view_changes(old[0].views if old else (), new[0].views if new else ())
    if not changes:
        return None
    current = new if new is not None else old
    assert current is not None
    kind = ChangeKind.CHANGED if old and new else ChangeKind.ADDED if new else ChangeKind.REMOVED
    if kind is not ChangeKind.CHANGED:  # the module's heading already says its kind and title
        changes = [c for c in changes if c.what not in ("kind", "title")]
    return ModuleChange(
        key=current[0].key.value,
        kind=kind,
        module_kind=current[0].kind.value,
        title=current[0].title.value,
        old_line=old[0].span.line if old else None,
        new_line=new[0].span.line if new else None,
        changes=_sorted_by_area(changes),
    )


def _reasons(grant: ScopeGrant | None) -> dict[tuple[str | None, str, str], ReasonView]:
    if grant is None:
        return {}
    return {
        (r.module_key, r.operation, r.why): ReasonView(r.module_key, r.operation, r.why, r.span.line)
        for r in grant.reasons
    }


def _scope_changes(old: Plan, new: Plan) -> tuple[ScopeChange, ...]:
    before = {g.scope: g for g in old.scopes}
    after = {g.scope: g for g in new.scopes}
    changes: list[ScopeChange] = []
    for scope in sorted(before.keys() | after.keys()):
        old_reasons, new_reasons = _reasons(before.get(scope)), _reasons(after.get(scope))
        added = tuple(v for k, v in new_reasons.items() if k not in old_reasons)
        removed = tuple(v for k, v in old_reasons.items() if k not in new_reasons)
        if scope not in before:
            changes.append(ScopeChange(scope, ChangeKind.ADDED, added, ()))
        elif scope not in after:
            changes.append(ScopeChange(scope, ChangeKind.REMOVED, (), removed))
        elif added or removed:
            changes.append(ScopeChange(scope, ChangeKind.CHANGED, added, removed))
    return tuple(changes)


def diff_apps(old: ast.App, new: ast.App, old_label: str = "old", new_label: str = "new") -> SpecDiff:
    """The semantic difference between two checked apps (``build_plan`` may raise ``PlanError``)."""
    old_plan, new_plan = build_plan(old), build_plan(new)
    return diff_plans(old, old_plan, new, new_plan, old_label, new_label)


def diff_plans(
    old: ast.App, old_plan: Plan, new: ast.App, new_plan: Plan, old_label: str = "old", new_label: str = "new"
) -> SpecDiff:
    """As :func:`diff_apps`, for callers that already hold the plans."""
    app_changes = _sorted_by_area(_keyed_changes(_app_facets(old, old_plan), _app_facets(new, new_plan)))
    old_modules = {m.key.value: (m, p) for m, p in zip(old.modules, old_plan.modules, strict=True)}
    new_modules = {m.key.value: (m, p) for m, p in zip(new.modules, new_plan.modules, strict=True)}
    order = list(new_modules) + [key for key in old_modules if key not in new_modules]
    modules = [_module_change(old_modules.get(key), new_modules.get(key)) for key in order]
    return SpecDiff(
        old_label=old_label,
        new_label=new_label,
        app=app_changes,
        modules=tuple(m for m in modules if m is not None),
        scopes=_scope_changes(old_plan, new_plan),
    )
