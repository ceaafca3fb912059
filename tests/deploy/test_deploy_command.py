"""``forgewright deploy`` end to end against fake forge/npm/npx executables (see deploy_support)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner, Result
from deploy_support import EMAIL, NEW_APP_ID, SITE, TOKEN, Workspace, files_containing, make_build

from dsl.parser import parse
from forgewright.cli import cli

TOKEN_SHA = hashlib.sha256(TOKEN.encode()).hexdigest()
EXISTING_ID = "ari:cloud:ecosystem::app/99999999-aaaa-bbbb-cccc-dddddddddddd"


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["deploy", *args], input=input, env=None, catch_exceptions=False)


def out(result: Result) -> str:
    return result.output  # stdout and stderr interleaved, as a user sees them


def register_existing_id(ws: Workspace) -> None:
    """Give the spec an id and rebuild, as after an earlier deploy."""
    text = ws.spec.read_text().replace("  description", f'  id "{EXISTING_ID}"\n  description', 1)
    ws.spec.write_text(text)
    make_build(ws.build, ws.spec)


def test_first_deploy_registers_writes_id_rebuilds_and_installs(
    workspace: Workspace, fake_rebuild: list[tuple[Path, Path]]
) -> None:
    ws = workspace
    result = run(str(ws.build), "--site", f"https://{SITE.upper()}/", "--spec", str(ws.spec), "--yes")
    assert result.exit_code == 0, out(result)
    forge = [c for c in ws.commands() if c[0] == "forge"]
    assert ws.commands() == [
        ["forge", "settings", "set", "usage-analytics", "false"],
        ["forge", "register", "Overdue Tracker"],
        ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund"],
        ["forge", "deploy", "-e", "development", "--non-interactive"],
        ["forge", "install", "list", "--json"],
        ["forge", "install", "-e", "development", "-s", SITE, "-p", "Jira", "--non-interactive"],
    ]
    calls = ws.calls()
    assert all(c["cwd"] == str(ws.build) for c in calls)
    assert all(c["token_sha256"] == TOKEN_SHA and c["email"] == EMAIL for c in calls if c["tool"] == "forge")
    npm = next(c for c in calls if c["tool"] == "npm")
    assert npm["token_sha256"] is None and npm["email"] is None  # npm never sees the credentials
    assert len(forge) == 5
    # the id is in the spec's header (comments kept) and the build was regenerated from it
    app = parse(ws.spec.read_text()).app
    assert app is not None and app.app_id is not None and app.app_id.value == NEW_APP_ID
    assert "# shown in the app listing" in ws.spec.read_text()
    assert fake_rebuild == [(ws.spec, ws.build)]
    # progress, scope review and where to find the app
    text = out(result)
    assert "[1/7] Turn off Forge CLI usage analytics" in text
    assert "[7/7] Install the app on acme.atlassian.net" in text
    assert "read:jira-work" in text and "because overdue: search the issues its query matches (spec line 6)" in text
    assert 'choose Edit, then "Add gadget" and pick "Overdue issues"' in text
    # scopes remembered per app id, environment and site, without credentials
    state = json.loads(ws.state_file().read_text())
    entry = state["deployments"][f"{NEW_APP_ID} development {SITE}"]
    assert entry["scopes"] == ["read:jira-work"]
    assert EMAIL not in ws.state_file().read_text()


def test_redeploy_upgrades_and_warns_about_added_scopes(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = workspace
    register_existing_id(ws)
    state = {"format": 1, "deployments": {f"{EXISTING_ID} development {SITE}": {"scopes": []}}}
    ws.state_file().parent.mkdir(parents=True)
    ws.state_file().write_text(json.dumps(state))
    listing = [{"id": "i-1", "environment": "development", "site": SITE, "product": "Jira", "status": "Up-to-date"}]
    monkeypatch.setenv("FAKE_INSTALLED", json.dumps(listing))
    result = run(str(ws.build), "--site", SITE, "--yes")  # no --spec needed: the app has an id
    assert result.exit_code == 0, out(result)
    assert ["forge", "register", "Overdue Tracker"] not in ws.commands()
    assert ws.commands()[-1][-1] == "--upgrade"
    assert "read:jira-work  (new)" in out(result)
    assert "A site admin must consent again" in out(result)
    assert "[5/5]" in out(result)


def test_already_installed_without_listing_retries_as_upgrade(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = workspace
    register_existing_id(ws)
    # the listing says nothing, the install says "already installed": the fake fails every `install` call,
    # so the retry fails too, but it must have been attempted with --upgrade
    monkeypatch.setenv("FAKE_FAIL", "install")
    monkeypatch.setenv("FAKE_FAIL_OUTPUT", "Error: Installation error: App is already installed.")
    result = run(str(ws.build), "--site", SITE, "--yes")
    assert result.exit_code == 1
    installs = [c for c in ws.commands() if c[:2] == ["forge", "install"] and "list" not in c]
    assert installs[0][-1] == "--non-interactive" and installs[1][-1] == "--upgrade"


@pytest.mark.parametrize("step", ["settings", "register", "npm-install", "deploy", "install-list", "install"])
def test_failing_step_is_named_with_its_output(
    workspace: Workspace, fake_rebuild: list[tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    ws = workspace
    monkeypatch.setenv("FAKE_FAIL", step)
    monkeypatch.setenv("FAKE_FAIL_OUTPUT", f"boom in {step}")
    result = run(str(ws.build), "--site", SITE, "--spec", str(ws.spec), "--yes")
    assert result.exit_code == 1, out(result)
    text = out(result)
    assert "step failed:" in text and f"boom in {step}" in text and "exit code: 1" in text
    assert "Traceback" not in text
    assert not ws.state_file().exists()  # nothing recorded for a failed deploy


def test_non_admin_and_unknown_site_explained(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = workspace
    register_existing_id(ws)
    monkeypatch.setenv("FAKE_FAIL", "install")
    monkeypatch.setenv("FAKE_FAIL_OUTPUT", "Error: Insufficient permissions to install app (requestId: abc)")
    result = run(str(ws.build), "--site", SITE, "--yes")
    assert result.exit_code == 1
    assert "step failed: Install the app on acme.atlassian.net" in out(result)
    assert "not an admin of acme.atlassian.net" in out(result)
    monkeypatch.setenv("FAKE_FAIL_OUTPUT", "Error: The site you entered is not an Atlassian site.")
    result = run(str(ws.build), "--site", SITE, "--yes")
    assert "is not a site Atlassian knows" in out(result)


def test_install_reporting_success_wrongly_is_still_a_failure(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = workspace
    register_existing_id(ws)
    monkeypatch.setenv("FAKE_FAIL", "install")
    monkeypatch.setenv("FAKE_FAIL_EXIT", "0")
    monkeypatch.setenv("FAKE_FAIL_OUTPUT", "Forge apps must be deployed before installation. Deploy your app ...")
    result = run(str(ws.build), "--site", SITE, "--yes")
    assert result.exit_code == 1
    assert "no deployment of this app" in out(result)


def test_token_is_in_no_file_and_no_output(
    workspace: Workspace, fake_rebuild: list[tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = workspace
    monkeypatch.setenv("FAKE_LEAK", "1")  # the fake CLI prints the token it got, in three encodings
    ok = run(str(ws.build), "--site", SITE, "--spec", str(ws.spec), "--yes", "--verbose")
    assert ok.exit_code == 0, out(ok)
    monkeypatch.setenv("FAKE_FAIL", "install")
    monkeypatch.setenv("FAKE_FAIL_OUTPUT", f"Error: bad request for token {TOKEN}")
    failed = run(str(ws.build), "--site", SITE, "--yes")
    assert failed.exit_code == 1
    forms = [TOKEN.encode(), quote(TOKEN, safe="").encode(), base64.b64encode(TOKEN.encode())]
    for form in forms:
        for result in (ok, failed):
            assert form not in result.output_bytes and form not in result.stderr_bytes
        # build folder, spec folder, HOME, TMPDIR and everything else the test created
        for folder in (ws.build, ws.spec.parent, ws.home, ws.tmp, ws.root):
            assert files_containing(folder, form) == []
    assert "[redacted]" in out(ok) and "[redacted]" in out(failed)


def test_spec_must_match_the_build(workspace: Workspace) -> None:
    ws = workspace
    ws.spec.write_text(ws.spec.read_text().replace("limit 20", "limit 30"))
    result = run(str(ws.build), "--site", SITE, "--spec", str(ws.spec), "--yes")
    assert result.exit_code == 1
    assert "not the spec this build was made from" in out(result)
    assert ws.calls() == []


def test_usage_problems_exit_2(workspace: Workspace) -> None:
    ws = workspace
    no_spec = run(str(ws.build), "--site", SITE, "--yes")
    assert no_spec.exit_code == 2 and "--spec FILE" in out(no_spec)
    no_site = run(str(ws.build), "--spec", str(ws.spec), "--yes")
    assert no_site.exit_code == 2 and "--site is needed" in out(no_site)
    no_yes = run(str(ws.build), "--site", SITE, "--spec", str(ws.spec))
    assert no_yes.exit_code == 2 and "add --yes" in out(no_yes)
    assert ws.calls() == []


def test_missing_credentials_without_terminal(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = workspace
    monkeypatch.delenv("FORGE_API_TOKEN")
    result = run(str(ws.build), "--site", SITE, "--spec", str(ws.spec), "--yes")
    assert result.exit_code == 2
    assert "FORGE_API_TOKEN not set" in out(result) and "Traceback" not in out(result)
    assert ws.calls() == []


def test_prompts_in_a_terminal(
    workspace: Workspace, fake_rebuild: list[tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = workspace
    monkeypatch.delenv("FORGE_API_TOKEN")
    monkeypatch.delenv("FORGE_EMAIL")
    monkeypatch.setattr("forgewright.commands.deploy.stdin_is_terminal", lambda: True)
    result = run(str(ws.build), "--site", SITE, "--spec", str(ws.spec), input=f"y\nme@example.com\n{TOKEN}\n")
    assert result.exit_code == 0, out(result)
    assert "Deploy with these scopes?" in out(result)
    assert TOKEN not in out(result)  # the hidden prompt does not echo it
    forge_calls = [c for c in ws.calls() if c["tool"] == "forge"]
    assert all(c["token_sha256"] == TOKEN_SHA and c["email"] == "me@example.com" for c in forge_calls)


def test_declining_the_scopes_runs_nothing(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = workspace
    monkeypatch.setattr("forgewright.commands.deploy.stdin_is_terminal", lambda: True)
    result = run(str(ws.build), "--site", SITE, "--spec", str(ws.spec), input="n\n")
    assert result.exit_code == 1 and "nothing was changed" in out(result)
    assert ws.calls() == []


def test_npx_used_when_no_forge_on_path(workspace: Workspace, fake_rebuild: list[tuple[Path, Path]]) -> None:
    ws = workspace
    ws.remove_tool("forge")
    result = run(str(ws.build), "--site", SITE, "--spec", str(ws.spec), "--yes")
    assert result.exit_code == 0, out(result)
    tools = [c[0] for c in ws.commands()]
    assert tools == ["npx:forge", "npx:forge", "npm", "npx:forge", "npx:forge", "npx:forge"]
    assert "npx --yes @forge/cli@13.3.0" in out(result)


def test_no_cli_at_all(workspace: Workspace) -> None:
    ws = workspace
    ws.remove_tool("forge")
    ws.remove_tool("npx")
    result = run(str(ws.build), "--site", SITE, "--spec", str(ws.spec), "--yes")
    assert result.exit_code == 2
    assert "npm install -g @forge/cli" in out(result)


def test_rebuild_unavailable_is_reported(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = workspace
    monkeypatch.setitem(sys.modules, "forgewright.commands.build", None)  # import fails
    result = run(str(ws.build), "--site", SITE, "--spec", str(ws.spec), "--yes")
    assert result.exit_code == 1
    assert "rebuilding failed" in out(result) and NEW_APP_ID in out(result)
    assert NEW_APP_ID in ws.spec.read_text()  # the id is kept, so a later rebuild has it


def test_manual_prints_commands_and_touches_nothing(workspace: Workspace) -> None:
    ws = workspace
    before = {p: p.read_bytes() for p in ws.root.rglob("*") if p.is_file()}
    result = run(str(ws.build), "--manual", "--site", SITE, "--spec", str(ws.spec))
    assert result.exit_code == 0, out(result)
    text = out(result)
    assert "read:jira-work" in text and "because overdue" in text
    lines = [line.strip() for line in text.splitlines()]
    expected = [
        "forge settings set usage-analytics false",
        "forge register 'Overdue Tracker'",
        f"forgewright build {ws.spec} -o {ws.build}",
        "npm install --ignore-scripts --no-audit --no-fund",
        "forge deploy -e development --non-interactive",
        f"forge install -e development -s {SITE} -p Jira --non-interactive",
        f"forge install -e development -s {SITE} -p Jira --non-interactive --upgrade",
    ]
    positions = [lines.index(e) for e in expected]
    assert positions == sorted(positions)
    assert TOKEN not in text
    assert ws.calls() == []
    after = {p: p.read_bytes() for p in ws.root.rglob("*") if p.is_file()}
    assert after == before


def test_subprocess_error_paths_have_no_traceback_and_no_token(workspace: Workspace) -> None:
    """Through a real process: stdout and stderr as a user would see them."""
    ws = workspace
    register_existing_id(ws)
    env = {**ws.env, "FAKE_FAIL": "deploy", "FAKE_FAIL_OUTPUT": f"fatal: {TOKEN}", "FAKE_LEAK": "1"}
    code = "from forgewright.cli import main; main()"
    args = ["deploy", str(ws.build), "--site", SITE, "--yes"]
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        env={**env, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        check=False,
        cwd=ws.root,
    )
    assert proc.returncode == 1, proc.stderr
    assert "step failed: Deploy to the Forge development environment" in proc.stderr
    assert "fatal: [redacted]" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert TOKEN not in proc.stdout + proc.stderr
    assert files_containing(ws.root, TOKEN.encode()) == []


def test_no_credentials_object_outlives_the_command(
    workspace: Workspace, fake_rebuild: list[tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a deploy, successful or failed, no Credentials or Redactor (which hold the token) is alive."""
    import gc

    from forgewright.deploy.secrets import Credentials, Redactor

    ws = workspace
    results = [run(str(ws.build), "--site", SITE, "--spec", str(ws.spec), "--yes")]
    monkeypatch.setenv("FAKE_FAIL", "install")
    results.append(run(str(ws.build), "--site", SITE, "--yes"))
    assert [r.exit_code for r in results] == [0, 1]
    gc.collect()
    assert [o for o in gc.get_objects() if isinstance(o, Credentials | Redactor)] == []
