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

from dataclasses import dataclass
from functools import cache
from importlib import resources

from compiler.plan_types import Plan

RUNTIME_DIR = "src/runtime"
FRONTEND_DIR = "src/frontend"


@dataclass(frozen=True)
class RuntimeModule:
    imports: tuple[str, ...] = ()  # runtime modules it imports (types included)
    packages: tuple[str, ...] = ()  # npm packages it imports


_TYPES = "plan-types.js"
_ENGINE_TYPES = "engine-types.js"

MODULES: dict[str, RuntimeModule] = {
    "plan-types.js": RuntimeModule(),
    "engine-types.js": RuntimeModule((_TYPES, "jql.js")),
    "errors.js": RuntimeModule((_TYPES,)),
    "jira.js": RuntimeModule(("errors.js",)),
    "paging.js": RuntimeModule(),
    "dates.js": RuntimeModule(),
    "read.js": RuntimeModule((_TYPES,)),
    "jql-clause.js": RuntimeModule(("errors.js",)),
    "jql.js": RuntimeModule((_TYPES, "errors.js", "jql-clause.js")),
    "aggregate.js": RuntimeModule((_TYPES, "dates.js")),
    "load.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "errors.js", "jql.js", "aggregate.js")),
    "resolver.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "errors.js", "load.js"), ("@forge/resolver",)),
    "search.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "jira.js", "paging.js", "read.js"), ("@forge/api",)),
    "count.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "jira.js"), ("@forge/api",)),
    "worklog-filter.js": RuntimeModule((_TYPES, "dates.js", "jql.js")),
    "worklogs.js": RuntimeModule(
        (_TYPES, _ENGINE_TYPES, "jira.js", "read.js", "search.js", "worklog-filter.js"), ("@forge/api",)
    ),
    "lists.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "paging.js", "read.js")),
    "projects.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "jira.js", "lists.js"), ("@forge/api",)),
    "filters.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "jira.js", "lists.js"), ("@forge/api",)),
    "pickers.js": RuntimeModule((_ENGINE_TYPES, "errors.js")),
    "settings.js": RuntimeModule((_TYPES, _ENGINE_TYPES, "jql.js", "jql-clause.js"), ("@forge/kvs",)),
}

FETCHERS: dict[str, tuple[str, str]] = {
    "search": ("search.js", "searchRows"),
    "count": ("count.js", "countRows"),
    "worklogs": ("worklogs.js", "worklogRows"),
    "projects": ("projects.js", "projectRows"),
    "filters": ("filters.js", "filterRows"),
}
"""The runtime function that carries out each kind of fetch."""

CHOICES: dict[str, tuple[str, str]] = {
    "project": ("projects.js", "projectOptions"),
    "filter": ("filters.js", "filterOptions"),
}
"""The runtime function that searches the choices of each kind of picker."""

FRONTEND = ("ui.jsx", "config.jsx")


@dataclass(frozen=True)
class Wiring:
    """What src/index.js imports and hands to the resolver."""

    imports: tuple[str, ...]
    fetchers: str  # a JavaScript object literal
    options: str
    settings: str
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


def wiring(plan: Plan) -> Wiring:
    """The runtime an app needs, decided from its plan."""
    kinds = sorted({f.kind for m in plan.modules for f in m.fetches})
    pickers = sorted({p.type for m in plan.modules for p in m.pickers})
    used = [FETCHERS[k] for k in kinds] + [CHOICES[p] for p in pickers]
    roots = {"resolver.js", *(file for file, _ in used)}
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
        fetchers="{ " + ", ".join(f"{k}: {FETCHERS[k][1]}" for k in kinds) + " }" if kinds else "{}",
        options=options,
        settings="settingsStore(PLAN.store)" if plan.store is not None else "null",
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
