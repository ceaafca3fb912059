"""The offline Forge toolchain accepts the reference app and rejects each negative control.

The apps are checked from copies in a temporary folder, as generated apps will be: nothing
under tests/toolchain/ (where node_modules lives) may help module resolution.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import toolchain_support
from toolchain_support import (
    ToolchainError,
    bundle,
    check_manifest,
    check_scopes,
    check_types,
    materialize_negative,
    negative_controls,
    run_resolver,
    sample_app_dir,
)


def _issue(n: int, *, status: str, priority: str | None, assignee: str | None) -> dict[str, Any]:
    return {
        "id": str(10000 + n),
        "key": f"DEMO-{n}",
        "fields": {
            "summary": f"Bug number {n}",
            "status": {"name": status},
            "priority": {"name": priority} if priority else None,
            "assignee": {"displayName": assignee} if assignee else None,
            "created": f"2026-01-{n:02d}T10:00:00.000+0000",
            "labels": ["not-asked-for"],
        },
    }


FAKE_JIRA: dict[str, Any] = {
    "search": {
        "page_size": 2,
        "issues": [
            _issue(1, status="To Do", priority="High", assignee=None),
            _issue(2, status="In Progress", priority=None, assignee="Ann Lee"),
            _issue(3, status="In Review", priority="Low", assignee="Bo Chen"),
        ],
    }
}

EXPECTED_ROWS = [
    {
        "key": "DEMO-1",
        "summary": "Bug number 1",
        "status": "To Do",
        "priority": "High",
        "assignee": "Unassigned",
        "created": "2026-01-01T10:00:00.000+0000",
    },
    {
        "key": "DEMO-2",
        "summary": "Bug number 2",
        "status": "In Progress",
        "priority": "None",
        "assignee": "Ann Lee",
        "created": "2026-01-02T10:00:00.000+0000",
    },
    {
        "key": "DEMO-3",
        "summary": "Bug number 3",
        "status": "In Review",
        "priority": "Low",
        "assignee": "Bo Chen",
        "created": "2026-01-03T10:00:00.000+0000",
    },
]


@pytest.fixture(scope="module")
def sample_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("sample") / "app"
    shutil.copytree(sample_app_dir(), dest)
    return dest


def _negative(tmp_path: Path, name: str) -> Path:
    return materialize_negative(name, tmp_path / name)


# --------------------------------------------------------------------------- the reference app


@pytest.mark.toolchain
def test_sample_manifest_is_valid(sample_app: Path) -> None:
    res = check_manifest(sample_app)
    assert res.ok, res.summary()
    assert res.errors == []


@pytest.mark.toolchain
def test_sample_scopes_are_sufficient(sample_app: Path) -> None:
    res = check_scopes(sample_app)
    assert res.ok, res.summary()
    assert res.missing_scopes == []
    assert res.unchecked_calls == []
    assert "src/index.js" in res.data["files_linted"]


@pytest.mark.toolchain
def test_sample_type_checks(sample_app: Path) -> None:
    res = check_types(sample_app)
    assert res.ok, res.summary()
    assert sorted(res.data["files_checked"]) == [
        "src/frontend/edit.jsx",
        "src/frontend/index.jsx",
        "src/index.js",
    ]


@pytest.mark.toolchain
def test_sample_bundles_and_resolver_behaves(sample_app: Path, tmp_path: Path) -> None:
    built = bundle(sample_app, tmp_path / "out")
    assert built.ok, built.summary()
    assert set(built.ui_bundles) == {"gadget-view", "gadget-edit"}
    assert set(built.function_bundles) == {"resolver"}

    run = run_resolver(
        built.resolver_bundle,
        "getOpenBugs",
        {"project": "DEMO"},
        FAKE_JIRA,
        context={"extension": {"gadgetConfiguration": {"project": "DEMO"}}},
    )
    assert run.ok, run.error
    assert run.result == {"rows": EXPECTED_ROWS}
    # Two pages of two and one issue, asked for as the viewing user, with the declared fields.
    searches = run.requests_to("/rest/api/3/search/jql")
    assert len(searches) == 2
    assert all(r["provider"] == "user" and r["method"] == "GET" for r in searches)
    assert "nextPageToken" not in searches[0]["query"]
    assert searches[1]["query"]["nextPageToken"] == "page-2"
    assert searches[0]["query"]["jql"].startswith('project = "DEMO"')
    assert run.requested_fields() == [["summary", "status", "priority", "assignee", "created"]] * 2
    assert run.unmatched_requests == []


@pytest.mark.toolchain
def test_resolver_reports_unknown_function_and_unmatched_routes(sample_app: Path, tmp_path: Path) -> None:
    built = bundle(sample_app, tmp_path / "out")
    run = run_resolver(built.resolver_bundle, "noSuchFunction", {}, FAKE_JIRA)
    assert not run.ok
    assert run.error is not None and "noSuchFunction" in run.error["message"]

    # Without a search emulation or route, the fake Jira answers 404 and the resolver must fail.
    run = run_resolver(built.resolver_bundle, "getOpenBugs", {"project": "DEMO"}, {"routes": []})
    assert not run.ok
    assert len(run.unmatched_requests) == 1
    assert run.error is not None and "404" in run.error["message"]


@pytest.mark.toolchain
def test_fake_jira_routes_answer_in_sequence(sample_app: Path, tmp_path: Path) -> None:
    built = bundle(sample_app, tmp_path / "out")
    page = {"issues": [_issue(1, status="To Do", priority=None, assignee=None)], "isLast": True}
    fake = {
        "routes": [
            {
                "method": "GET",
                "regex": "^/rest/api/3/search/jql$",
                "responses": [
                    {"status": 200, "body": {**page, "isLast": False, "nextPageToken": "t2"}},
                    {"status": 500, "body": {"errorMessages": ["boom"]}},
                ],
            }
        ]
    }
    run = run_resolver(built.resolver_bundle, "getOpenBugs", {"project": "DEMO"}, fake)
    assert [r["status"] for r in run.requests] == [200, 500]
    assert run.requests[1]["query"]["nextPageToken"] == "t2"
    assert not run.ok and run.error is not None and "500" in run.error["message"]


# --------------------------------------------------------------------------- negative controls


def test_every_negative_control_is_tested() -> None:
    assert set(negative_controls()) == {
        "unknown-component",
        "missing-react-import",
        "string-route",
        "missing-scope",
        "bad-module-key",
        "unknown-module-type",
        "bad-import",
        "wrong-field-mapping",
    }


@pytest.mark.toolchain
def test_unknown_component_fails_types(tmp_path: Path) -> None:
    res = check_types(_negative(tmp_path, "unknown-component"))
    assert not res.ok
    assert any(
        "has no exported member 'DataGrid'" in e["message"] and e["file"] == "src/frontend/index.jsx"
        for e in res.errors
    ), res.summary()


@pytest.mark.toolchain
def test_missing_react_import_fails_types(tmp_path: Path) -> None:
    res = check_types(_negative(tmp_path, "missing-react-import"))
    assert not res.ok
    assert any(e["file"] == "src/frontend/edit.jsx" and "React" in e["message"] for e in res.errors), res.summary()


@pytest.mark.toolchain
def test_string_route_fails_types(tmp_path: Path) -> None:
    res = check_types(_negative(tmp_path, "string-route"))
    assert not res.ok
    assert any(e["file"] == "src/index.js" and "Route" in e["message"] for e in res.errors), res.summary()


@pytest.mark.toolchain
def test_missing_scope_is_reported(tmp_path: Path) -> None:
    res = check_scopes(_negative(tmp_path, "missing-scope"))
    assert not res.ok
    assert res.missing_scopes == ["read:jira-work"], res.summary()
    found = res.data["missing_scopes"][0]
    assert found["file"] == "src/index.js"
    assert "/rest/api/3/search/jql" in found["message"]
    assert found["line"] > 0


@pytest.mark.toolchain
def test_unreadable_request_is_flagged(tmp_path: Path) -> None:
    app = _negative(tmp_path, "missing-scope")
    index = app / "src" / "index.js"
    index.write_text(
        index.read_text(encoding="utf-8") + "\nexport const probe = (p) => api.asUser().requestJira(p);\n",
        encoding="utf-8",
    )
    res = check_scopes(app)
    assert not res.ok
    assert [c["reason"].startswith("route is not an inline literal") for c in res.unchecked_calls] == [True]


@pytest.mark.toolchain
@pytest.mark.parametrize("name", ["bad-module-key", "unknown-module-type"])
def test_bad_manifest_is_rejected(tmp_path: Path, name: str) -> None:
    res = check_manifest(_negative(tmp_path, name))
    assert not res.ok
    assert res.errors, res.summary()
    assert all(isinstance(e["line"], int) for e in res.errors)
    text = " ".join(e["message"] for e in res.errors)
    if name == "unknown-module-type":
        assert "jira:dashboardWidget" in text, res.summary()
    else:
        assert "key" in text.lower(), res.summary()


@pytest.mark.toolchain
def test_bad_import_fails_bundle(tmp_path: Path) -> None:
    built = bundle(_negative(tmp_path, "bad-import"), tmp_path / "out")
    assert not built.ok
    assert any(e["entry"] == "gadget-view" and "@forge/bridge-client" in e["text"] for e in built.errors), (
        built.summary()
    )
    assert "gadget-view" not in built.ui_bundles
    assert set(built.function_bundles) == {"resolver"}  # the resolver still builds


@pytest.mark.toolchain
def test_wrong_field_mapping_is_detected(tmp_path: Path) -> None:
    app = _negative(tmp_path, "wrong-field-mapping")
    # The other checks cannot see this mistake: only running the resolver does.
    assert check_manifest(app).ok
    built = bundle(app, tmp_path / "out")
    assert built.ok, built.summary()
    run = run_resolver(built.resolver_bundle, "getOpenBugs", {"project": "DEMO"}, FAKE_JIRA)
    asked = run.requested_fields()
    assert asked and "status" not in asked[0] and "state" in asked[0]
    assert not run.ok, run.result
    assert run.error is not None and run.error["name"] == "TypeError"
    assert run.result != {"rows": EXPECTED_ROWS}


# --------------------------------------------------------------------------- the skip / fail rule


def _broken_install() -> None:
    raise ToolchainError("Forge toolchain packages are not installed")


def test_gate_skips_locally_only_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("FORGEWRIGHT_SKIP_TOOLCHAIN", "1")
    with (
        pytest.warns(pytest.PytestWarning, match="Forge toolchain checks skipped"),
        pytest.raises(pytest.skip.Exception),
    ):
        toolchain_support.gate()


def test_gate_fails_with_install_hint_when_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("FORGEWRIGHT_SKIP_TOOLCHAIN", raising=False)
    monkeypatch.setattr(toolchain_support, "ensure_installed", _broken_install)
    with pytest.raises(pytest.fail.Exception, match="FORGEWRIGHT_SKIP_TOOLCHAIN=1"):
        toolchain_support.gate()


def test_gate_never_skips_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("FORGEWRIGHT_SKIP_TOOLCHAIN", "1")
    monkeypatch.setattr(toolchain_support, "ensure_installed", _broken_install)
    with pytest.raises(pytest.fail.Exception, match="not installed"):
        toolchain_support.gate()


def test_install_hint_names_the_command() -> None:
    assert toolchain_support.install_command() == "npm ci --ignore-scripts --prefix tests/toolchain"
