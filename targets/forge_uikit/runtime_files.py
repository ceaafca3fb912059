"""Which runtime modules an app gets, and the resolver entry (``src/index.js``) that wires them to its plan.

The runtime (``targets/forge_uikit/runtime/*.js``) is ordinary JavaScript, formatted, linted, type-checked and
unit-tested where it lives, and copied byte for byte into the apps that use it. An app gets only the modules its
plan needs: the fetchers of the fetch kinds its modules list, the choice searches of its pickers, the settings
store when it has settings, and what those import. So the Jira requests written in an app's files are exactly
the operations its plan lists, and Atlassian's scope linter sees nothing else.

:data:`MODULES` states each module's imports (``tests/runtime/test_runtime_files.py`` checks it against the real
``import`` lines) and the npm packages it needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from compiler.plan_types import CellFetch, Fetch, GroupFetch, Plan, ProjectGroups, ReferenceGroups

RUNTIME_DIR = "src/runtime"
FRONTEND_DIR = "src/frontend"


@dataclass(frozen=True)
class RuntimeModule:
    imports: tuple[str, ...] = ()  # runtime modules it imports (types included)
    packages: tuple[str, ...] = ()  # npm packages it imports


_TYPES = "plan-types.js"
_ENGINE_TYPES = "engine-types.js"

_API = ("@forge/api",)

MODULES: dict[str, RuntimeModule] = {
    "plan-types.js": RuntimeModule(),
    "engine-types.js": RuntimeModule((_TYPES, "jql.js", "jira.js", "aggregate.js", "coverage.js", "tables.js")),
    "errors.js": RuntimeModule((_TYPES,)),
    "jira.js": RuntimeModule((_TYPES, "errors.js")),
    "paging.js": RuntimeModule(),
    "dates.js": RuntimeModule(),
    "coverage.js": RuntimeModule(),
    "read.js": RuntimeModule((_TYPES,)),
    "jql-clause.js": RuntimeModule(("errors.js",)),
    "jql.js": RuntimeModule((_TYPES, "errors.js", "jql-clause.js")),
    "aggregate.js": RuntimeModule(("dates.js", "units.js")),
    "tables.js": RuntimeModule(("aggregate.js", "dates.js")),
    "series.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "aggregate.js", "coverage.js", "tables.js")),
    "pivot.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "coverage.js", "tables.js")),
    "grouping.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "aggregate.js", "coverage.js", "tables.js", "units.js")),
    "expr.js": RuntimeModule((_TYPES, "dates.js", "measures.js")),
    "units.js": RuntimeModule(),
    "load.js": RuntimeModule(
        (
            _TYPES,
            _ENGINE_TYPES,
            "errors.js",
            "jira.js",
            "jql.js",
            "aggregate.js",
            "coverage.js",
            "dates.js",
            "grouping.js",
            "pivot.js",
            "series.js",
            "expr.js",
            "measures.js",
        )
    ),
    "resolver.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "errors.js", "load.js"), ("@forge/resolver",)),
    "search.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "jira.js", "paging.js", "read.js"), _API),
    "search-body.js": RuntimeModule(("jira.js", "jql.js", "read.js"), _API),
    "count.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "coverage.js", "jira.js"), _API),
    "scan.js": RuntimeModule(
        (_TYPES, _ENGINE_TYPES, "jira.js", "count.js", "coverage.js", "dates.js", "jql.js", "read.js", "search-body.js")
    ),
    "groups.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "aggregate.js", "count.js", "coverage.js", "jql.js")),
    "cells.js": RuntimeModule(
        (_TYPES, _ENGINE_TYPES, "aggregate.js", "count.js", "coverage.js", "groups.js", "jql.js")
    ),
    "ranges.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "coverage.js", "dates.js", "search-body.js")),
    "discover.js": RuntimeModule(
        (_TYPES, _ENGINE_TYPES, "aggregate.js", "jira.js", "jql.js", "read.js", "search-body.js")
    ),
    "status-categories.js": RuntimeModule((_ENGINE_TYPES, "jira.js", "read.js"), _API),
    "resolutions.js": RuntimeModule((_ENGINE_TYPES, "jira.js", "read.js"), _API),
    "components.js": RuntimeModule((_ENGINE_TYPES, "jira.js", "read.js"), _API),
    "versions.js": RuntimeModule((_ENGINE_TYPES, "jira.js", "read.js"), _API),
    "changelog.js": RuntimeModule(("jira.js", "periods.js"), _API),
    "periods.js": RuntimeModule(),
    "statuses.js": RuntimeModule(("jira.js", "periods.js"), _API),
    "measures.js": RuntimeModule((_TYPES, "periods.js")),
    "history-rows.js": RuntimeModule(
        (
            _TYPES,
            _ENGINE_TYPES,
            "changelog.js",
            "count.js",
            "measures.js",
            "periods.js",
            "read.js",
            "search.js",
            "statuses.js",
        )
    ),
    "worklog-filter.js": RuntimeModule((_TYPES, "dates.js", "jql.js")),
    "worklogs.js": RuntimeModule(
        (_TYPES, _ENGINE_TYPES, "jira.js", "count.js", "read.js", "search.js", "worklog-filter.js"), _API
    ),
    "lists.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "jira.js", "coverage.js", "paging.js", "read.js")),
    "projects.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "jira.js", "lists.js"), _API),
    "filters.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "jira.js", "lists.js"), _API),
    "sprint-history.js": RuntimeModule(("changelog.js",)),
    "burndown.js": RuntimeModule(("changelog.js", "dates.js", "sprint-history.js")),
    "sprints.js": RuntimeModule(
        (
            _TYPES,
            _ENGINE_TYPES,
            "burndown.js",
            "changelog.js",
            "coverage.js",
            "errors.js",
            "jira.js",
            "jql.js",
            "read.js",
            "sprint-history.js",
        ),
        _API,
    ),
    "boards.js": RuntimeModule((_TYPES, "jira.js"), _API),
    "releases.js": RuntimeModule(
        (
            _TYPES,
            _ENGINE_TYPES,
            "count.js",
            "coverage.js",
            "errors.js",
            "jira.js",
            "jql.js",
            "read.js",
            "search-body.js",
            "versions.js",
        )
    ),
    "pickers.js": RuntimeModule((_ENGINE_TYPES, "errors.js")),
    "context-issue.js": RuntimeModule((_TYPES, "errors.js", "jira.js", "read.js"), _API),
    "settings.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "jql.js", "jql-clause.js"), ("@forge/kvs",)),
}

FETCHERS: dict[str, tuple[str, str]] = {
    "search": ("search.js", "searchRows"),
    "count": ("count.js", "countRows"),
    "scan": ("scan.js", "scanValues"),
    "groups": ("groups.js", "groupCounts"),
    "cells": ("cells.js", "cellCounts"),
    "worklogs": ("worklogs.js", "worklogRows"),
    "statusPeriods": ("history-rows.js", "statusPeriodRows"),
    "issueHistories": ("history-rows.js", "issueHistoryRows"),
    "projects": ("projects.js", "projectRows"),
    "filters": ("filters.js", "filterRows"),
    "sprints": ("sprints.js", "sprintRows"),
    "versions": ("releases.js", "versionRows"),
}
"""The runtime function that carries out each kind of fetch."""

FINDERS: dict[str, tuple[str, str]] = {
    "range": ("ranges.js", "rangeGroups"),
    "discover": ("discover.js", "discoveredGroups"),
    "projects": ("discover.js", "projectGroups"),
}
"""How a chart's groups are found, by the plan's kind of groups (reference lists need no finder, only a reader)."""

READERS: dict[str, tuple[str, str]] = {
    "statusCategories": ("status-categories.js", "statusCategories"),
    "resolutions": ("resolutions.js", "resolutions"),
    "components": ("components.js", "components"),
    "versions": ("versions.js", "versions"),
}
"""The runtime function that reads each reference list a chart's groups come from."""

CHOICES: dict[str, tuple[str, str]] = {
    "project": ("projects.js", "projectOptions"),
    "filter": ("filters.js", "filterOptions"),
    "board": ("boards.js", "boardOptions"),
}
"""The runtime function that searches the choices of each kind of picker."""

FRONTEND = ("ui.jsx", "config.jsx")

FRONTEND_RUNTIME = ("units.js",)
"""Runtime modules the frontends import (how values are shown), so every app gets them."""

ISSUE_READER = ("context-issue.js", "viewedIssue")
"""The runtime function that reads the viewed issue's fields for a query."""


@dataclass(frozen=True)
class Wiring:
    """What src/index.js imports and hands to the resolver."""

    imports: tuple[str, ...]
    fetchers: str  # a JavaScript object literal
    finders: str
    readers: str
    options: str
    settings: str
    issue: str
    modules: tuple[str, ...]  # every runtime module the app gets, sorted


def _closure(roots: set[str]) -> tuple[str, ...]:
    found: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        pending.extend(MODULES[name].imports)
    return tuple(sorted(found))


def _import(names: list[tuple[str, str]]) -> list[str]:
    by_file: dict[str, list[str]] = {}
    for file, name in names:
        by_file.setdefault(file, []).append(name)
    return [
        f"import {{ {', '.join(sorted(set(names)))} }} from './runtime/{file}';"
        for file, names in sorted(by_file.items())
    ]


def _literal(names: Sequence[str], table: dict[str, tuple[str, str]]) -> str:
    """``{ a: fa, b: fb }``: each name with the runtime function the table gives it."""
    return "{ " + ", ".join(f"{n}: {table[n][1]}" for n in names) + " }" if names else "{}"


def _group_fetches(fetch: Fetch) -> tuple[GroupFetch, ...]:
    """The group fetches a fetch carries out: itself, or the two sides of a cell count."""
    if isinstance(fetch, GroupFetch):
        return (fetch,)
    return (fetch.rows, fetch.columns) if isinstance(fetch, CellFetch) else ()


def wiring(plan: Plan) -> Wiring:
    """The runtime an app needs, decided from its plan."""
    kinds = sorted({f.kind for m in plan.modules for f in m.fetches})
    groups = [g.values for m in plan.modules for f in m.fetches for g in _group_fetches(f)]
    finders = sorted({g.kind for g in groups if g.kind in FINDERS})
    readers = sorted({g.source for g in groups if isinstance(g, ReferenceGroups | ProjectGroups)})
    pickers = sorted({p.type for m in plan.modules for p in m.pickers})
    used = [FETCHERS[k] for k in kinds] + [FINDERS[k] for k in finders] + [READERS[r] for r in readers]
    used += [CHOICES[p] for p in pickers]
    reads_issue = any(m.data is not None and m.data.issue is not None for m in plan.modules)
    if reads_issue:
        used.append(ISSUE_READER)
    roots = {"resolver.js", *FRONTEND_RUNTIME, *(file for file, _ in used)}
    if pickers:
        used.append(("pickers.js", "pickerOptions"))
        roots.add("pickers.js")
    if plan.store is not None:
        used.append(("settings.js", "settingsStore"))
        roots.add("settings.js")
    options = "null"
    if pickers:
        options = "pickerOptions({ " + ", ".join(f"{p}: {CHOICES[p][1]}" for p in pickers) + " })"
    return Wiring(
        imports=tuple(_import(used)),
        fetchers=_literal(kinds, FETCHERS),
        finders=_literal(finders, FINDERS),
        readers=_literal(readers, READERS),
        options=options,
        settings="settingsStore(PLAN.store)" if plan.store is not None else "null",
        issue=ISSUE_READER[1] if reads_issue else "null",
        modules=_closure(roots),
    )


def packages(modules: tuple[str, ...]) -> set[str]:
    """The npm packages the copied runtime modules import."""
    return {p for m in modules for p in MODULES[m].packages}


@cache
def runtime_source(name: str) -> str:
    return (resources.files("targets.forge_uikit") / "runtime" / name).read_text(encoding="utf-8")


@cache
def frontend_source(name: str) -> str:
    return (resources.files("targets.forge_uikit") / "frontend" / name).read_text(encoding="utf-8")


def copied_source(path: str) -> str | None:
    """The forgewright file an app's file is a byte-for-byte copy of, or None for a generated file."""
    name = path.rsplit("/", 1)[-1]
    if path.startswith(f"{RUNTIME_DIR}/") and name in MODULES:
        return runtime_source(name)
    if path.startswith(f"{FRONTEND_DIR}/") and name in FRONTEND:
        return frontend_source(name)
    return None
