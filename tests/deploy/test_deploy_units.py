"""Unit tests of the deploy package's pieces: spec id edit, lock reading, redaction, CLI discovery, explanations."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from deploy_support import NEW_APP_ID, SPEC_TEXT, TOKEN, make_build

from dsl.parser import parse
from forgewright.deploy import forge_cli, scopes
from forgewright.deploy.errors import DeployError
from forgewright.deploy.lock import LOCK_NAME, LockError, expected_digests, parse_lock, read_lock
from forgewright.deploy.manifest import read_manifest, where_to_find
from forgewright.deploy.runner import installed_state, normalize_site
from forgewright.deploy.secrets import MASK, Credentials, obtain_credentials, without_credentials
from forgewright.deploy.spec_id import SpecEditError, set_app_id
from forgewright.deploy.steps import explain
from forgewright.integrity import verify_build

OTHER_ID = "ari:cloud:ecosystem::app/ffffffff-0000-0000-0000-000000000000"

# --- spec id --------------------------------------------------------------------------------------------------


def test_id_inserted_after_description_keeps_comments() -> None:
    new = set_app_id(SPEC_TEXT, NEW_APP_ID)
    assert new.splitlines()[3] == f'  id "{NEW_APP_ID}"'
    assert "# A gadget listing overdue issues" in new
    assert "# shown in the app listing" in new
    assert new.replace(f'  id "{NEW_APP_ID}"\n', "") == SPEC_TEXT
    app = parse(new).app
    assert app is not None and app.app_id is not None and app.app_id.value == NEW_APP_ID


def test_existing_id_replaced_in_place() -> None:
    with_id = set_app_id(SPEC_TEXT, OTHER_ID)
    new = set_app_id(with_id, NEW_APP_ID)
    assert new == with_id.replace(OTHER_ID, NEW_APP_ID)
    assert new.count('id "ari:') == 1


def test_id_inserted_after_header_without_description() -> None:
    text = 'app "X" {\n    # modules follow\n    gadget g "T" { issues where "project = A" table { key } }\n}\n'
    new = set_app_id(text, NEW_APP_ID)
    assert new.splitlines()[1] == f'    id "{NEW_APP_ID}"'
    assert "# modules follow" in new


def test_crlf_spec_stays_crlf() -> None:
    new = set_app_id(SPEC_TEXT.replace("\n", "\r\n"), NEW_APP_ID)
    assert "\n" not in new.replace("\r\n", "")


def test_one_line_app() -> None:
    text = 'app "X" { gadget g "T" { issues where "project = A" table { key } } }'
    app = parse(set_app_id(text, NEW_APP_ID)).app
    assert app is not None and app.app_id is not None


def test_bad_spec_or_id_refused() -> None:
    with pytest.raises(SpecEditError, match="syntax errors"):
        set_app_id('app "X" {', NEW_APP_ID)
    with pytest.raises(SpecEditError, match="not a Forge app id"):
        set_app_id(SPEC_TEXT, 'x" }')


# --- lock -----------------------------------------------------------------------------------------------------


@pytest.fixture
def build(tmp_path: Path) -> Path:
    spec = tmp_path / "a.appspec"
    spec.write_text(SPEC_TEXT, encoding="utf-8")
    make_build(tmp_path / "build", spec)
    return tmp_path / "build"


def test_missing_and_broken_locks(tmp_path: Path, build: Path) -> None:
    with pytest.raises(LockError, match="not a forgewright build") as missing:
        read_lock(tmp_path)
    assert missing.value.exit_code == 2
    (build / "forgewright.lock").write_text("{not json")
    with pytest.raises(LockError, match="not valid JSON"):
        read_lock(build)
    good = {"format": 1, "app_name": "A", "spec_sha256": "0" * 64, "files": {"a": "0" * 64}}
    assert parse_lock({**good, "unknown": [1]}).app_name == "A"
    with pytest.raises(LockError, match="newer forgewright"):
        parse_lock({**good, "format": 2})
    with pytest.raises(LockError, match="plain relative path"):
        parse_lock({**good, "files": {"../etc/passwd": "0" * 64}})


# --- manifest -------------------------------------------------------------------------------------------------


def test_manifest_id_and_where_to_find(build: Path) -> None:
    info = read_manifest(build)
    assert info.app_id is None
    assert [m.type for m in info.modules] == ["jira:dashboardGadget"]
    assert "Add gadget" in where_to_find(info.modules[0])
    assert '"Overdue issues"' in where_to_find(info.modules[0])


# --- secrets --------------------------------------------------------------------------------------------------


def test_credentials_never_show_the_token() -> None:
    creds = Credentials("dev@example.com", TOKEN)
    assert TOKEN not in repr(creds) and TOKEN not in str(creds) and MASK in repr(creds)


def test_child_envs() -> None:
    creds = Credentials("dev@example.com", TOKEN)
    env = creds.child_env({"PATH": "/bin"})
    assert env == {"PATH": "/bin", "FORGE_EMAIL": "dev@example.com", "FORGE_API_TOKEN": TOKEN}
    assert without_credentials(env) == {"PATH": "/bin"}


def test_credentials_from_env_prompt_or_refusal() -> None:
    creds = obtain_credentials({"FORGE_EMAIL": "a@b.c", "FORGE_API_TOKEN": TOKEN}, interactive=False)
    assert creds.email == "a@b.c"
    with pytest.raises(DeployError, match="FORGE_API_TOKEN not set") as refused:
        obtain_credentials({"FORGE_EMAIL": "a@b.c"}, interactive=False)
    assert refused.value.exit_code == 2
    asked: list[tuple[str, bool]] = []

    def prompt(text: str, hide_input: bool = False) -> str:
        asked.append((text, hide_input))
        return TOKEN if hide_input else "me@example.com"

    creds = obtain_credentials({}, interactive=True, prompt=prompt)
    assert asked == [("Atlassian account email", False), ("API token", True)]
    assert creds.child_env({})["FORGE_API_TOKEN"] == TOKEN


# --- CLI discovery --------------------------------------------------------------------------------------------


def _exe(path: Path) -> None:
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)


def test_forge_on_path_then_npx_then_message(tmp_path: Path) -> None:
    _exe(tmp_path / "npx")
    cli = forge_cli.find_forge_cli(str(tmp_path))
    assert cli.prefix == (str(tmp_path / "npx"), "--yes", "@forge/cli@13.3.0")
    _exe(tmp_path / "forge")
    assert forge_cli.find_forge_cli(str(tmp_path)).prefix == (str(tmp_path / "forge"),)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DeployError, match="npm install -g @forge/cli") as none:
        forge_cli.find_forge_cli(str(empty))
    assert none.value.exit_code == 2


def test_command_lines() -> None:
    assert forge_cli.deploy_args("staging") == ["deploy", "-e", "staging", "--non-interactive"]
    assert forge_cli.install_args("development", "a.atlassian.net", upgrade=True) == [
        "install", "-e", "development", "-s", "a.atlassian.net", "-p", "Jira", "--non-interactive", "--upgrade",
    ]  # fmt: skip


# --- explanations, site names, install list ---------------------------------------------------------------------


def test_known_failures_explained() -> None:
    non_admin = "Error: Insufficient permissions to install app (requestId: 123)"
    assert "not an admin of acme.atlassian.net" in explain(non_admin, "acme.atlassian.net")[0]
    unknown = "Error: The site you entered is not an Atlassian site. Rerun the command ..."
    assert "not a site Atlassian knows" in explain(unknown, "acme.atlassian.net")[0]
    assert explain("all fine", "x") == []


def test_site_normalised() -> None:
    assert normalize_site("https://Acme.atlassian.net/jira/") == "acme.atlassian.net"
    with pytest.raises(DeployError, match="host name"):
        normalize_site("not a site")


def test_install_list_parsing() -> None:
    rows = [{"id": "1", "environment": "development", "site": "acme.atlassian.net", "product": "Jira"}]
    out = "Warning: [forge] a newer CLI exists\n" + json.dumps(rows, indent=2) + "\nbye [x]"
    assert installed_state(out, "acme.atlassian.net", "development") is True
    assert installed_state(out, "acme.atlassian.net", "production") is False
    assert installed_state(out, "other.atlassian.net", "development") is False
    assert installed_state("no json here", "acme.atlassian.net", "development") is None


# --- scope state ------------------------------------------------------------------------------------------------


def test_state_path_and_records(tmp_path: Path) -> None:
    assert scopes.state_path({"HOME": "/h"}) == Path("/h/.config/forgewright/deployments.json")
    assert scopes.state_path({"HOME": "/h", "XDG_CONFIG_HOME": "/x"}) == Path("/x/forgewright/deployments.json")
    path = tmp_path / "cfg" / "deployments.json"
    assert scopes.recorded_scopes(path, NEW_APP_ID, "development", "a") is None
    scopes.record_scopes(path, NEW_APP_ID, "development", "a", ["read:jira-work"])
    assert scopes.recorded_scopes(path, NEW_APP_ID, "development", "a") == ("read:jira-work",)
    change = scopes.compare(["read:jira-work", "read:jira-user"], ["read:jira-work"])
    assert change.added == ("read:jira-user",) and change.known
    path.write_text("garbage")
    assert scopes.recorded_scopes(path, NEW_APP_ID, "development", "a") is None


def test_reader_accepts_a_real_compiler_build(tmp_path: Path) -> None:
    """Contract with the compiler: its lock and manifest read as the deploy expects (skipped while the
    compiler cannot build the example)."""
    from dsl import analyze

    spec = Path(__file__).parents[2] / "examples" / "overdue-gadget.appspec"
    if not spec.exists():
        pytest.skip("example spec not present")
    text = spec.read_text(encoding="utf-8")
    try:
        from compiler.build import build as compile_app

        analysis = analyze(text, str(spec))
        assert analysis.app is not None
        output = compile_app(analysis.app, text)
    except Exception as exc:  # the compiler is developed in parallel; this test is about the reader
        pytest.skip(f"compiler unavailable: {type(exc).__name__}: {exc}")
    for draft in output.drafts:
        path = tmp_path / draft.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(draft.content.encode("utf-8"))
    lock = read_lock(tmp_path)
    assert verify_build(tmp_path, expected_digests(lock), ignore=frozenset({LOCK_NAME})).ok
    assert lock.spec_sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert all(s.reasons for s in lock.scopes)
    info = read_manifest(tmp_path)
    assert info.app_id is None  # the compiler's placeholder id means "not registered yet"
    assert info.modules and all(where_to_find(m) for m in info.modules)
