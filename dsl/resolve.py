"""What names mean inside a module: the fields its data rows have, its parameters, its context values.

The checker uses this to report unknown names and type errors; the compiler uses the same
answers to decide which Jira fields to request and how to read them, so the two can never
disagree about what ``story_points`` or ``assignee`` is.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from dsl import ast
from dsl.catalogue import (
    FILTER_FIELDS,
    ISSUE_FIELDS,
    PROJECT_FIELDS,
    WORKLOG_FIELDS,
    SystemField,
)
from dsl.types import CUSTOM_FIELD_TYPES, FieldType


class DataKind(StrEnum):
    """Which Jira data a module reads; decides the shape of its rows."""

    ISSUES = "issues"
    WORKLOGS = "worklogs"
    PROJECTS = "projects"
    FILTERS = "filters"


@dataclass(frozen=True)
class ResolvedField:
    """A field of a data row, whether a Jira system field or a declared custom field.

    ``jira_id`` is the key in the REST response's ``fields`` object (``summary``,
    ``customfield_10016``), or None for values outside it (the issue key).
    """

    name: str
    type: FieldType
    heading: str
    jira_id: str | None
    sortable: bool
    custom: bool = False


@dataclass(frozen=True)
class ContextValue:
    """A value the module's surroundings supply, usable as ``{context.NAME}`` in JQL."""

    name: str
    type: FieldType
    description: str


_ROWS: dict[DataKind, tuple[SystemField, ...]] = {
    DataKind.ISSUES: ISSUE_FIELDS,
    DataKind.WORKLOGS: WORKLOG_FIELDS,
    DataKind.PROJECTS: PROJECT_FIELDS,
    DataKind.FILTERS: FILTER_FIELDS,
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


def data_kind(source: ast.DataSource | None) -> DataKind | None:
    """The kind of data a source yields, or None for a module without data."""
    if isinstance(source, ast.IssuesSource):
        return DataKind.ISSUES
    if isinstance(source, ast.WorklogsSource):
        return DataKind.WORKLOGS
    if isinstance(source, ast.ProjectsSource):
        return DataKind.PROJECTS
    if isinstance(source, ast.FiltersSource):
        return DataKind.FILTERS
    return None


def resolve_custom(declared: ast.CustomField) -> ResolvedField | None:
    """A declared custom field as a row field; None when its type word is unknown."""
    field_type = CUSTOM_FIELD_TYPES.get(declared.type.value)
    if field_type is None:
        return None
    heading = declared.name.value.replace("_", " ").capitalize()
    return ResolvedField(declared.name.value, field_type, heading, declared.jira_id.value, True, custom=True)


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


def data_fields(kind: DataKind) -> tuple[SystemField, ...]:
    """The system fields every row of a kind of data has."""
    return _ROWS[kind]


def module_rows(module: ast.Module, app_fields: dict[str, ResolvedField]) -> Mapping[str, ResolvedField]:
    """Every field a row of this module's data has, by name: system fields, then the app's custom
    fields (:func:`declared_fields`, resolved once per app), then the module's own (custom fields
    only on issues; a system name wins, E110, and an app-wide one over the module's, E104)."""
    kind = data_kind(module.data)
    if kind is None:
        return {}
    system = {f.name: _system(f) for f in data_fields(kind)}
    if kind is not DataKind.ISSUES:
        return system
    return ChainMap(system, app_fields, declared_fields(module.fields))


def row_fields(app: ast.App, module: ast.Module) -> dict[str, ResolvedField]:
    """:func:`module_rows` as a plain dict, for callers that look at one module."""
    return dict(module_rows(module, declared_fields(app.fields)))


def context_values(kind: ast.ModuleKind) -> dict[str, ContextValue]:
    """The ``{context.NAME}`` values a module kind provides."""
    return {v.name: v for v in CONTEXT_VALUES[kind]}


def view_fields(view: ast.View) -> list[ast.Name]:
    """Every field name a view reads, in source order (columns, axis, aggregated field)."""
    if isinstance(view, ast.TableView | ast.ListView):
        return [c.field for c in (view.columns if isinstance(view, ast.TableView) else view.items)]
    if isinstance(view, ast.ChartView):
        names = [view.x.field]
        if view.y.field is not None:
            names.append(view.y.field)
        return names
    return [view.value.field] if view.value.field is not None else []


def needs_rows(view: ast.View) -> bool:
    """False only for a view computable from a count alone (a metric of ``count``)."""
    return not (isinstance(view, ast.MetricView) and view.value.function.value == "count")
