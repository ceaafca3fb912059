"""Build and deploy from the studio: the same guarded writer as ``build``, a zip that depends on the spec
only, a scope review before anything runs, and a deploy through the deploy runner with fake ``forge`` and
``npm`` on PATH — the token reaching the Forge CLI's environment and nothing else."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from forgewright.specs import compile_spec
from tests.deploy.deploy_support import EMAIL, NEW_APP_ID, SITE, TOKEN, files_containing
from tests.studio.support import SPEC, Running


def _zip(studio: Running) -> bytes:
    answer = studio.request("GET", "/api/build.zip", origin=False)
    assert answer.status == 200, answer.text
    assert answer.headers["content-disposition"] == 'attachment; filename="open-bugs.zip"'
    return answer.body


def test_the_zip_holds_the_build_and_depends_on_the_spec_only(studio: Running, spec_file: Path) -> None:
    first = _zip(studio)
    assert _zip(studio) == first
    output = compile_spec(spec_file)[1]
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
        assert names == sorted(f"open-bugs/{d.path}" for d in output.drafts)
        for draft in output.drafts:
            assert archive.read(f"open-bugs/{draft.path}").decode() == draft.content
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_spec_with_errors_is_not_built(studio: Running) -> None:
    studio.api("POST", "/api/save", {"text": SPEC.replace("priority }", "priorty }"), "base": 1})
    refused = studio.request("GET", "/api/build.zip", origin=False)
    assert refused.status == 409 and "has errors (1 error, 0 warnings); fix them first" in refused.json()["error"]
    assert studio.request("POST", "/api/build", {"folder": "out"}).status == 409


def test_a_build_goes_through_the_guarded_writer(studio: Running, tmp_path: Path) -> None:
    built = studio.api("POST", "/api/build", {"folder": "build/open-bugs"})
    folder = tmp_path / "build" / "open-bugs"
    assert built == {"folder": str(folder), "files": built["files"], "app": "Open Bugs"}
    assert (folder / "manifest.yml").is_file() and (folder / "forgewright.lock").is_file()
    assert studio.api("POST", "/api/build", {"folder": "build/open-bugs"})["folder"] == str(folder)  # its own build
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    refused = studio.request("POST", "/api/build", {"folder": "build/open-bugs"})
    assert refused.status == 409 and "that its last build did not write (notes.txt)" in refused.json()["error"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    into_spec = studio.request("POST", "/api/build", {"folder": "specs"})
    assert into_spec.status == 409 and "holds the spec" in into_spec.json()["error"]
    nowhere = studio.request("POST", "/api/build", {"folder": "  "})
    assert nowhere.status == 400 and nowhere.json()["error"] == "name a folder to build into"


def _review(studio: Running, **extra: str) -> dict[str, Any]:
    target = {"folder": "build/open-bugs", "site": f"https://{SITE}/jira", "environment": "development", **extra}
    return studio.api("POST", "/api/deploy/review", target)  # type: ignore[no-any-return]


def test_the_review_shows_scopes_and_commands_and_runs_nothing(studio: Running, tools: Path) -> None:
    review = _review(studio)
    assert review["site"] == SITE and review["registers"] is True
    assert [s["scope"] for s in review["scopes"]] == ["read:jira-work"]
    assert "will be granted these 1 scope(s)" in review["review"] and "because open_bugs:" in review["review"]
    assert f"forge install -e development -s {SITE} -p Jira --non-interactive" in review["manual"]
    assert not tools.exists()  # no forge, no npm: nothing ran
    bad = studio.request("POST", "/api/deploy/review", {"folder": "b", "site": "not a site", "environment": "x"})
    assert bad.status == 400 and "is not a Jira site's host name" in bad.json()["error"]
    env = studio.request("POST", "/api/deploy/review", {"folder": "b", "site": SITE, "environment": "qa"})
    assert env.status == 400 and "no Forge environment 'qa'" in env.json()["error"]


def _deploy(studio: Running, review: dict[str, Any], token: str = TOKEN) -> tuple[dict[str, Any], list[Any], bytes]:
    """Run a deploy as the page does; its result, every event, and every byte the server answered."""
    after = studio.api("GET", "/api/state")["events"]
    body = {"folder": "build/open-bugs", "site": SITE, "environment": "development"}
    started = studio.request("POST", "/api/deploy", {**body, "email": EMAIL, "token": token, **review})
    assert started.status == 200, started.text
    events = studio.events_until(lambda e: e["kind"] == "deploy.result", after, timeout=60)
    answered = started.body + studio.request("GET", f"/api/events?after={after}").body
    answered += studio.request("GET", "/api/state").body
    return events[-1]["data"], events, answered


def test_a_deploy_hands_the_token_to_the_forge_cli_and_nowhere_else(
    studio: Running, spec_file: Path, tmp_path: Path, tools: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_LEAK", "1")  # every forge call prints the token it got, in three forms
    review = _review(studio)
    result, events, answered = _deploy(studio, {"fingerprint": review["fingerprint"]})
    assert result["status"] == "done", result
    steps = [line for line in result["lines"] if line.startswith("[")]
    assert steps[0] == "[1/7] Turn off Forge CLI usage analytics" and steps[-1].startswith("[7/7] Install the app")
    assert any("[redacted]" in line for line in result["lines"])
    calls = [json.loads(line) for line in tools.read_text(encoding="utf-8").splitlines()]
    token_sha = hashlib.sha256(TOKEN.encode()).hexdigest()
    assert [c["tool"] for c in calls] == ["forge", "forge", "npm", "forge", "forge", "forge"]
    assert all((c["token_sha256"], c["email"]) == (token_sha, EMAIL) for c in calls if c["tool"] == "forge")
    assert [c["token_sha256"] for c in calls if c["tool"] == "npm"] == [None]
    assert NEW_APP_ID in spec_file.read_text(encoding="utf-8")  # written back by the deploy
    state = studio.api("GET", "/api/state")
    assert state["busy"] is None and NEW_APP_ID in state["text"]
    assert state["history"]["versions"][-1]["label"] == "the deploy wrote the app id into the spec"
    for form in (TOKEN.encode(), TOKEN.replace("/", "%2F").encode()):
        assert form not in answered
        assert files_containing(tmp_path, form) == []
    assert all(TOKEN not in line for line in studio.log)
    assert {"deploy.start", "deploy.line", "deploy.result"} <= {e["kind"] for e in events}


def test_a_deploy_of_an_app_changed_since_its_review_is_refused(studio: Running, tools: Path) -> None:
    review = _review(studio)
    studio.api("POST", "/api/save", {"text": SPEC.replace("limit 50", "limit 5"), "base": 1})
    studio.api("POST", "/api/build", {"folder": "build/open-bugs"})
    result, _events, _answered = _deploy(studio, {"fingerprint": review["fingerprint"]})
    assert result["status"] == "failed" and "changed since its scopes were reviewed" in result["message"]
    assert not tools.exists()


def test_a_failed_step_is_reported_redacted_and_frees_the_studio(
    studio: Running, tools: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_FAIL", "deploy")
    monkeypatch.setenv("FAKE_FAIL_OUTPUT", f"Error: Not logged in ({TOKEN})")
    review = _review(studio)
    result, _events, answered = _deploy(studio, {"fingerprint": review["fingerprint"]})
    assert (
        result["status"] == "failed" and "step failed: Deploy to the Forge development environment" in result["message"]
    )
    assert "Atlassian did not accept the email and API token" in result["message"]
    assert TOKEN.encode() not in answered and "[redacted]" in result["message"]
    assert studio.api("GET", "/api/state")["busy"] is None


def test_a_deploy_needs_an_email_and_a_token(studio: Running, tools: Path) -> None:
    review = _review(studio)
    body = {"folder": "build/open-bugs", "site": SITE, "fingerprint": review["fingerprint"], "email": EMAIL}
    refused = studio.request("POST", "/api/deploy", {**body, "token": "  "})
    assert refused.status == 400 and "API token" in refused.json()["error"]
    assert studio.api("GET", "/api/state")["busy"] is None and not tools.exists()
