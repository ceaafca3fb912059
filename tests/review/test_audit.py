"""``forgewright audit``: snapshots for every example in every format, and the facts it must state."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from unittest.mock import patch

import pytest
import yaml
from syrupy.assertion import SnapshotAssertion

from compiler.audit import (
    Audit,
    audit_to_json,
    build_audit,
    render_json,
    render_markdown,
    render_text,
)
from compiler.plan import build_plan
from targets import forge_uikit
from tests.review.support import EXAMPLES, ROOT, load, run


def _audit(path: Path) -> Audit:
    return build_audit(load(path))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("form", ["text", "markdown", "json"])
def test_example_snapshot(example: Path, form: str, snapshot: SnapshotAssertion) -> None:
    audit = _audit(example)
    assert {"text": render_text, "markdown": render_markdown, "json": render_json}[form](audit) == snapshot


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_calls_as_user_declares_no_egress_and_explains_every_scope(example: Path) -> None:
    audit = _audit(example)
    assert audit.as_user_only and not audit.egress and not audit.remotes and not audit.web_triggers
    assert audit.runs_on_atlassian
    assert all(scope.reasons for scope in audit.scopes)
    data = audit_to_json(audit)
    assert data["calls_jira_as"] == "user"
    assert all(op["as"] == "user" for m in data["modules"] for op in m["operations"])
    assert (audit.storage is not None) == ("storage:app" in {s.scope for s in audit.scopes})


def test_storage_is_reported_only_with_settings() -> None:
    with_settings = _audit(ROOT / "examples" / "team-dashboard-with-settings.appspec")
    assert with_settings.storage is not None and "team_label" in with_settings.storage
    assert _audit(ROOT / "examples" / "overdue-gadget.appspec").storage is None


def test_audit_states_the_plan_facts_the_manifest_is_made_from() -> None:
    """Egress comes from the plan, which the manifest writes as is: a plan with egress gives both, and rules out
    Runs on Atlassian; whom the app calls as is the plan's too."""
    spec = ROOT / "examples" / "overdue-gadget.appspec"
    app = load(spec)
    plan = build_plan(app)
    assert plan.calls_as == "user" and plan.egress == ()
    leaky = dataclasses.replace(plan, egress=("api.example.com",))
    manifest = yaml.safe_load({d.path: d.content for d in forge_uikit.emit(leaky)}["manifest.yml"])
    assert manifest["permissions"]["external"] == {"fetch": {"backend": [{"address": "api.example.com"}]}}
    with patch("compiler.audit.build_plan", return_value=leaky):
        audit = build_audit(app)
    assert audit.egress == ("permissions.external.fetch.backend: api.example.com",)
    assert not audit.runs_on_atlassian and "api.example.com" in audit.runs_on_atlassian_text()
    with patch("compiler.audit.build_plan", return_value=dataclasses.replace(plan, calls_as="app")):
        assert not build_audit(app).as_user_only


def test_cli_formats_and_errors(tmp_path: Path) -> None:
    spec = str(ROOT / "examples" / "saved-filters-gadget.appspec")
    code, out, _ = run("audit", spec, "--format", "json")
    assert code == 0 and json.loads(out)["egress"] == []
    code, out, _ = run("audit", spec)
    assert code == 0 and out.startswith("Data-access audit: Filter Board")
    bad = tmp_path / "bad.appspec"
    bad.write_text('app "X" {\n  gadget g "G" {\n    issues where "project = {nope}"\n    table { key }\n  }\n}\n')
    code, _, err = run("audit", str(bad))
    assert code == 1 and f"{bad}:3:" in err and "Traceback" not in err
    code, _, err = run("audit", str(tmp_path / "missing.appspec"))
    assert code == 2 and "no such file" in err
