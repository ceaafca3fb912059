"""``forgewright audit``: snapshots for every example in every format, and the facts it must state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from compiler.audit import (
    Audit,
    _flatten_external,
    audit_to_json,
    build_audit,
    render_json,
    render_markdown,
    render_text,
)
from tests.review.support import EXAMPLES, ROOT, load, run


def _audit(path: Path) -> Audit:
    return build_audit(load(path), path.read_text(encoding="utf-8"))


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


def test_declared_egress_or_remotes_rule_out_runs_on_atlassian() -> None:
    audit = _audit(ROOT / "examples" / "overdue-gadget.appspec")
    egress = tuple(_flatten_external({"fetch": {"backend": ["api.example.com"]}, "images": []}))
    assert egress == ('permissions.external.fetch.backend: "api.example.com"',)
    leaky = Audit(**{**audit.__dict__, "egress": egress, "remotes": ("analytics",)})
    assert not leaky.runs_on_atlassian
    assert "api.example.com" in leaky.runs_on_atlassian_text() and "remote analytics" in leaky.runs_on_atlassian_text()
    assert _flatten_external(None) == [] and _flatten_external({}) == []


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
