"""Atlassian's own validators on every app forgewright generates: each example and the hostile-string spec.

Each app is built into a temporary folder exactly as ``forgewright build`` writes it, then:

1. manifest: @forge/manifest's FULL validator reports no error;
2. scopes: @forge/lint's permission linter (client-side, vendored Jira OpenAPI) finds no missing scope and
   every Jira call is readable by it; and each derived scope is needed: taking it out of manifest.yml makes
   the linter report it, unless the test names why the linter cannot see that use;
3. types: tsc --checkJs over src/ against the real @forge/react, @forge/bridge, @forge/api types;
4. bundle: every UI Kit resource and the resolver bundle with esbuild.

The resolver's behaviour against a fake Jira is in test_generated_behaviour.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import toolchain_support
import yaml
from generated_app_support import (
    APPS,
    HOSTILE,
    HOSTILE_TITLES,
    YAML_LOOKALIKES,
    AppCache,
    plan_of,
    without_scope,
    yaml_1_2,
)
from toolchain_support import CheckResult, bundle, check_manifest, check_scopes, check_types

PLANS = {name: plan_of(name) for name in APPS}

# Scopes the permission linter cannot tie to a line of code, with the reason.
INVISIBLE_TO_LINTER = {
    "storage:app": "used through @forge/kvs (Forge storage), not requestJira: the permission linter does not check it",
}


def _removals() -> list[tuple[str, str]]:
    """(app, scope) for every scope the compiler derived, classic and granular alike."""
    return [(name, grant.scope) for name, plan in PLANS.items() for grant in plan.scopes]


REMOVALS = _removals()


@pytest.mark.toolchain
@pytest.mark.parametrize("name", APPS)
def test_manifest(app_cache: AppCache, name: str) -> None:
    res = check_manifest(app_cache.app(name).path)
    assert res.ok, res.summary()
    assert res.errors == []


REPO = Path(__file__).resolve().parents[2]


@pytest.mark.toolchain
def test_generated_javascript_is_as_prettier_formats_it(app_cache: AppCache) -> None:
    """src/app.js (the plan as data), src/index.js and the entries are laid out exactly as prettier lays them out
    (with the repository's .prettierrc.json), for every example and the hostile specs; so are the copied files."""
    paths = [
        path for name in (*APPS, HOSTILE_TITLES) for path in sorted((app_cache.app(name).path / "src").rglob("*.js*"))
    ]
    assert len(paths) > 100
    done = _prettier_check(paths)
    assert done.returncode == 0, done.stdout + done.stderr


def _prettier_check(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    prettier = toolchain_support.toolchain_dir() / "node_modules" / ".bin" / "prettier"
    config = REPO / ".prettierrc.json"
    command = [str(prettier), "--config", str(config), "--check", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


@pytest.mark.toolchain
def test_the_prettier_check_bites(app_cache: AppCache, tmp_path: Path) -> None:
    """The same check refuses an app.js whose object was put on one line or whose quotes were changed."""
    text = (app_cache.app("overdue-gadget").path / "src" / "app.js").read_text(encoding="utf-8")
    for name, broken in (
        ("spaced.js", text.replace("timeMs: 20000,", "timeMs:  20000,")),
        ("quoted.js", text.replace("key: 'overdue',", 'key: "overdue",')),
    ):
        assert broken != text
        (tmp_path / name).write_text(broken, encoding="utf-8")
        assert _prettier_check([tmp_path / name]).returncode != 0, name


@pytest.mark.toolchain
def test_manifest_accepts_titles_yaml_would_misread(app_cache: AppCache) -> None:
    """Titles such as 1e3, true, null, 0o17 or with line separators stay the same strings for Atlassian's validator,
    for the YAML 1.2 loader Forge's tools use and for PyYAML (YAML 1.1): every string in manifest.yml is quoted."""
    app = app_cache.app(HOSTILE_TITLES).path
    res = check_manifest(app)
    assert res.ok and res.errors == [], res.summary()
    manifest_file = app / "manifest.yml"
    yaml_12 = yaml_1_2(manifest_file)
    yaml_11 = yaml.safe_load(manifest_file.read_text(encoding="utf-8"))
    assert yaml_12 == yaml_11
    titles = [g["title"] for g in yaml_12["modules"]["jira:dashboardGadget"]]
    assert titles == list(YAML_LOOKALIKES)


@pytest.mark.toolchain
@pytest.mark.parametrize("name", APPS)
def test_manifest_reads_the_same_in_yaml_1_1_and_1_2(app_cache: AppCache, name: str) -> None:
    manifest_file = app_cache.app(name).path / "manifest.yml"
    assert yaml_1_2(manifest_file) == yaml.safe_load(manifest_file.read_text(encoding="utf-8"))


@pytest.mark.toolchain
@pytest.mark.parametrize("name", APPS)
@pytest.mark.xdist_group("forge-scope-linter")
def test_scopes(app_cache: AppCache, name: str) -> None:
    res = app_cache.scopes(list(APPS), REMOVALS)[(name, None)]
    assert res.ok, res.summary()
    assert res.missing_scopes == []
    assert res.unchecked_calls == []
    assert "src/index.js" in res.data["files_linted"]
    assert "PermissionLinter" in res.data["linters"]


def _reported_operations(res: CheckResult) -> set[str]:
    """``GET /rest/api/3/search/jql`` for each "Jira endpoint: GET ... requires ..." finding."""
    found = (re.search(r"endpoint: (\S+ \S+) requires", m["message"]) for m in res.data["missing_scopes"])
    return {m.group(1) for m in found if m is not None}


@pytest.mark.toolchain
@pytest.mark.parametrize(("name", "scope"), REMOVALS, ids=[f"{n}-{s}" for n, s in REMOVALS])
@pytest.mark.xdist_group("forge-scope-linter")
def test_scope_is_needed(app_cache: AppCache, name: str, scope: str) -> None:
    """Without this scope the linter flags exactly the calls the compiler derived it for: none is superfluous.

    Classic apps: the linter names the removed scope. Granular apps: an operation needs *all* its granular
    scopes, so without one of them the linter flags the same calls, naming their classic alternative
    (it suggests ``read:jira-work``).
    """
    res = app_cache.scopes(list(APPS), REMOVALS)[(name, scope)]
    plan = PLANS[name]
    if scope in INVISIBLE_TO_LINTER:
        # Verified, not assumed: the linter stays silent about this scope.
        assert res.ok and res.missing_scopes == [], res.summary()
        assert plan.uses_storage
        pytest.skip(f"{scope}: {INVISIBLE_TO_LINTER[scope]}")
    grant = next(g for g in plan.scopes if g.scope == scope)
    derived_for = {r.operation for r in grant.reasons}
    assert _reported_operations(res) == derived_for, res.summary()
    if plan.scope_style == "classic":
        assert res.missing_scopes == [scope], res.summary()
    else:
        assert res.missing_scopes, res.summary()


@pytest.mark.toolchain
@pytest.mark.parametrize("name", APPS)
def test_types(app_cache: AppCache, name: str) -> None:
    res = check_types(app_cache.app(name).path)
    assert res.ok, res.summary()
    checked = set(res.data["files_checked"])
    assert "src/index.js" in checked and "src/frontend/ui.jsx" in checked


@pytest.mark.toolchain
@pytest.mark.parametrize("name", APPS)
def test_bundle(app_cache: AppCache, name: str) -> None:
    built = app_cache.bundle(name)
    assert built.ok, built.summary()
    plan = PLANS[name]
    hosts = [m for m in plan.modules if m.host_key == m.key]
    expected_ui = {f"{m.key}-view" for m in hosts} | {f"{m.key}-edit" for m in hosts if m.has_edit_view}
    assert set(built.ui_bundles) == expected_ui
    assert set(built.function_bundles) == {"fw-resolver"}
    assert all(path.stat().st_size > 0 for path in built.ui_bundles.values())


# ------------------------------------------------------------------------------------------------- the checks bite
# The harness's negative controls (tests/test_toolchain_harness.py) break the hand-written sample app; these
# break a *generated* app the smallest way, so the wiring above (paths, file lists) is proven to look.


@pytest.mark.toolchain
def test_generated_path_rejects_a_broken_manifest(app_cache: AppCache, tmp_path: Path) -> None:
    app = tmp_path / "app"
    shutil.copytree(app_cache.app("overdue-gadget").path, app)
    manifest = app / "manifest.yml"
    text = manifest.read_text(encoding="utf-8")
    assert 'render: "native"' in text
    manifest.write_text(text.replace('render: "native"', 'render: "nativ"', 1), encoding="utf-8")
    assert not check_manifest(app).ok


@pytest.mark.toolchain
def test_generated_path_rejects_a_bad_component_and_a_bad_import(app_cache: AppCache, tmp_path: Path) -> None:
    app = tmp_path / "app"
    shutil.copytree(app_cache.app(HOSTILE).path, app)
    ui = app / "src" / "frontend" / "ui.jsx"
    ui.write_text(ui.read_text(encoding="utf-8").replace("  DynamicTable,\n", "  DataGrid as DynamicTable,\n"))
    res = check_types(app)
    assert any("DataGrid" in e["message"] and e["file"] == "src/frontend/ui.jsx" for e in res.errors), res.summary()
    search = app / "src" / "runtime" / "search.js"
    search.write_text(search.read_text(encoding="utf-8").replace("from '@forge/api'", "from '@forge/api-client'"))
    built = bundle(app, tmp_path / "out")
    assert not built.ok and any("@forge/api-client" in e["text"] for e in built.errors), built.summary()


@pytest.mark.toolchain
def test_generated_path_reports_a_missing_scope(app_cache: AppCache, tmp_path: Path) -> None:
    """The single-app script agrees with the batch on a generated app."""
    app = without_scope(app_cache.app("overdue-gadget").path, "read:jira-work", tmp_path / "app")
    res = check_scopes(app)
    assert res.missing_scopes == ["read:jira-work"], res.summary()
