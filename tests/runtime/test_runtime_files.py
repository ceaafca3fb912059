"""Which runtime modules an app gets, checked against the modules' real source.

* targets/forge_uikit/runtime_files.py declares each module's imports and npm packages: they match the
  ``import`` lines (JSDoc ``import('./…')`` type references included, since tsc needs those files too);
* every Jira request in the runtime is ``api.asUser().requestJira(route`…`)`` with a literal route that is an
  operation of compiler/operations.py (the scope linter reads only literal routes; asUser is the viewer);
* an app's copied modules make exactly the operations its plan lists, and its package.json lists exactly the
  packages its files import.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from compiler import build
from compiler import operations as ops
from compiler.plan import Plan
from dsl import analyze
from targets.forge_uikit.runtime_files import MODULES, RUNTIME_DIR
from tests.toolchain_apps.generated_app_support import APPS, EXAMPLES_DIR, HOSTILE, TEST_SPECS, hostile_spec

RUNTIME = Path(__file__).resolve().parents[2] / "targets" / "forge_uikit" / "runtime"
_STATIC = re.compile(r"^import\s[^;]*?from\s+'(?P<source>[^']+)';", re.MULTILINE)
_TYPE = re.compile(r"import\('(?P<source>\./[^']+)'\)")
_REQUEST = re.compile(r"requestJira\(\s*route`(?P<path>[^`]*)`(?P<rest>,\s*\{.*?\}\s*,?\s*\))", re.DOTALL)
_CALLS = re.compile(r"\.(?P<who>asUser|asApp)\(\)\s*\.requestJira\(")
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|\{[^}]*\}")


def _imports(text: str) -> tuple[set[str], set[str]]:
    """(runtime modules, npm packages) a source imports."""
    static = [m["source"] for m in _STATIC.finditer(text)]
    local = {s.removeprefix("./") for s in static if s.startswith("./")}
    local |= {m["source"].removeprefix("./") for m in _TYPE.finditer(text)}
    return local, {s for s in static if not s.startswith(".")}


def _operation(path: str, options: str) -> str:
    """``GET /rest/api/3/issue/{}/worklog`` for a route and its options (the query string is not part of it)."""
    method = re.search(r"method:\s*'(\w+)'", options)
    template = _PLACEHOLDER.sub("{}", path.split("?", 1)[0])
    return f"{method[1] if method else 'GET'} {template}"


def operations_in(text: str) -> set[str]:
    return {_operation(m["path"], m["rest"]) for m in _REQUEST.finditer(text)}


CATALOGUED = {_operation(op.path, f"method: '{op.method}'"): key for key, op in ops.CATALOGUE.items()}
SOURCES = {path.name: path.read_text(encoding="utf-8") for path in sorted(RUNTIME.glob("*.js"))}


def test_every_runtime_module_is_in_the_table() -> None:
    assert set(SOURCES) == set(MODULES)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_table_matches_the_import_lines(name: str) -> None:
    local, packages = _imports(SOURCES[name])
    assert local == set(MODULES[name].imports), name
    assert packages == set(MODULES[name].packages), name


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_requests_are_literal_catalogued_and_as_the_user(name: str) -> None:
    text = SOURCES[name]
    found = operations_in(text)
    assert found <= set(CATALOGUED), (name, found - set(CATALOGUED))
    calls = [m["who"] for m in _CALLS.finditer(text)]
    assert calls.count("asApp") == 0 and text.count("requestJira(") == len(calls) == len(_REQUEST.findall(text))
    assert ("@forge/api" in _imports(text)[1]) == bool(calls), name


def test_the_runtime_makes_every_operation_generated_apps_use() -> None:
    found = set().union(*(operations_in(t) for t in SOURCES.values()))
    assert {CATALOGUED[o] for o in found} == {
        "SEARCH_ISSUES",
        "SEARCH_ISSUES_BODY",
        "COUNT_ISSUES",
        "GET_ISSUE",
        "ISSUE_WORKLOGS",
        "ISSUE_HISTORIES",
        "STATUSES",
        "STATUS_CATEGORIES",
        "RESOLUTIONS",
        "PROJECT_COMPONENTS",
        "PROJECT_VERSIONS",
        "SEARCH_PROJECTS",
        "SEARCH_FILTERS",
        "FIELDS",
        "SEARCH_BOARDS",
        "BOARD_SPRINTS",
        "SPRINT_ISSUES",
    }


def test_the_import_reader_bites() -> None:
    """Static imports and JSDoc type imports both count; a package is told from a runtime module."""
    text = "import api from '@forge/api';\nimport { a } from './x.js';\n/** @typedef {import('./y.js').T} T */\n"
    assert _imports(text) == ({"x.js", "y.js"}, {"@forge/api"})


def test_the_route_reader_bites() -> None:
    """A route held in a variable is not read (the linter cannot read it either); a POST is told from a GET."""
    assert operations_in("api.asUser().requestJira(path, { headers })") == set()
    text = "api.asUser().requestJira(route`/rest/api/3/search/approximate-count`, { method: 'POST', body })"
    assert operations_in(text) == {"POST /rest/api/3/search/approximate-count"}


def _app(name: str) -> tuple[Plan, dict[str, str]]:
    if name in TEST_SPECS:
        text = TEST_SPECS[name]
    else:
        text = hostile_spec()[0] if name == HOSTILE else (EXAMPLES_DIR / f"{name}.appspec").read_text(encoding="utf-8")
    app = analyze(text, f"{name}.appspec").app
    assert app is not None
    output = build(app, text)
    return output.plan, output.files()


ALL_APPS = [*APPS, *TEST_SPECS]


@pytest.mark.parametrize("name", ALL_APPS)
def test_an_app_makes_exactly_the_operations_its_plan_lists(name: str) -> None:
    plan, files = _app(name)
    copied = {p: t for p, t in files.items() if p.startswith(f"{RUNTIME_DIR}/")}
    made = set().union(*(operations_in(t) for t in copied.values()))
    planned = {r.operation_key for m in plan.modules for r in m.requests}
    assert {ops.CATALOGUE[CATALOGUED[o]].key for o in made} == planned
    for path, text in copied.items():
        local, _ = _imports(text)
        assert all(f"{RUNTIME_DIR}/{dep}" in files for dep in local), path


@pytest.mark.parametrize("name", ALL_APPS)
def test_package_json_lists_what_the_files_import(name: str) -> None:
    _, files = _app(name)
    imported = set().union(*(_imports(t)[1] for p, t in files.items() if p.endswith((".js", ".jsx"))))
    assert set(json.loads(files["package.json"])["dependencies"]) == imported
