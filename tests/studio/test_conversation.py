"""Chat turns through the studio's API, against the real SDK on the stand-in Messages API: each turn is
the assistant's own loop (bounded calls, repairs, questions) with its progress, questions and result
reported as events, and the spec file following every valid change."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from forgewright.studio.conversation import NO_KEY
from tests.assistant.conftest import FakeApi, spec_of
from tests.studio.support import SPEC, Running, start_studio

Start = Callable[[Path | None], Running]


@pytest.fixture
def chat(api: FakeApi, tmp_path: Path) -> Iterator[Start]:
    """Start a studio with the stand-in model (the API key is set; the current folder is tmp_path)."""
    started: list[Running] = []

    def start(spec: Path | None) -> Running:
        running = start_studio(spec, tmp_path)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


def _turn(studio: Running, message: str) -> dict[str, Any]:
    """Send a chat message and follow the events to the turn's result."""
    after = studio.api("GET", "/api/state")["events"]
    number = studio.api("POST", "/api/chat", {"message": message})["turn"]
    events = studio.events_until(lambda e: e["kind"] == "chat.result" and e["data"]["turn"] == number, after)
    result: dict[str, Any] = events[-1]["data"]
    result["events"] = [e["kind"] for e in events]
    return result


def _request_text(body: dict[str, Any]) -> str:
    return json.dumps(body["messages"], ensure_ascii=False)


def test_without_a_key_the_chat_says_how_to_add_one_and_the_rest_works(studio: Running, spec_file: Path) -> None:
    state = studio.api("GET", "/api/state")
    assert state["chat"]["available"] is False and state["chat"]["reason"] == NO_KEY
    assert "export ANTHROPIC_API_KEY=" in NO_KEY
    refused = studio.request("POST", "/api/chat", {"message": "a gadget"})
    assert refused.status == 503 and refused.json()["error"] == NO_KEY
    assert state["views"]["ok"] and state["views"]["scopes"]["scopes"]
    studio.api("POST", "/api/save", {"text": SPEC.replace("limit 50", "limit 9"), "base": 1})
    assert "limit 9" in spec_file.read_text(encoding="utf-8")


def test_a_first_request_writes_a_new_spec_named_after_its_app(chat: Start, api: FakeApi, tmp_path: Path) -> None:
    studio = chat(None)
    nothing = studio.request("POST", "/api/chat", {"message": "  "})
    assert nothing.status == 409 and nothing.json()["error"] == "say what the app should do"
    api.ok("spec_valid.json")
    result = _turn(studio, "A gadget with the open bugs of a project I pick")
    assert result["status"] == "applied" and result["version"] == 2, result
    saved = tmp_path / "open-bugs.appspec"
    assert saved.read_text(encoding="utf-8") == spec_of("spec_valid.json").replace("{\n\n  gadget", "{\n  gadget")
    assert [s["scope"] for s in result["first_scopes"]] == ["read:jira-work"]
    assert result["summary"].startswith("A dashboard gadget") and result["assumptions"]
    assert {"chat.turn", "chat.progress", "version"} <= set(result["events"])
    assert any("call 1:" in line for line in result["lines"])  # the tokens of the call, as the CLI prints them
    assert result["total"].startswith("total (1 call, 1 request)")
    body = api.bodies()[0]
    assert "A gadget with the open bugs" in _request_text(body) and str(tmp_path) not in _request_text(body)
    state = studio.api("GET", "/api/state")
    assert state["file"] == str(saved) and state["busy"] is None
    assert [t["status"] for t in state["chat"]["turns"]] == ["applied"]


def test_claude_s_question_is_answered_in_the_page(chat: Start, api: FakeApi, spec_file: Path) -> None:
    studio = chat(spec_file)
    api.ok("question.json").ok("chat_turn3.json")
    number = studio.api("POST", "/api/chat", {"message": "show fewer"})["turn"]
    events = studio.events_until(lambda e: e["kind"] == "chat.question")
    asked = events[-1]["data"]
    assert asked["turn"] == number and len(asked["questions"]) == 1 and "customfield" in asked["questions"][0]
    assert studio.api("GET", "/api/state")["chat"]["asking"] == number
    busy = studio.request("POST", "/api/save", {"text": SPEC, "base": 1})
    assert busy.status == 409 and "a chat turn is running" in busy.json()["error"]
    assert studio.request("POST", "/api/chat/answer", {"turn": number + 1, "answer": "x"}).status == 409
    studio.api("POST", "/api/chat/answer", {"turn": number, "answer": "customfield_10016"})
    result = studio.events_until(lambda e: e["kind"] == "chat.result")[-1]["data"]
    assert result["status"] == "applied" and "you answered: customfield_10016" in result["lines"]
    assert "limit 20" in spec_file.read_text(encoding="utf-8")
    assert "customfield_10016" in _request_text(api.bodies()[1])


def test_a_turn_shows_the_scope_changes_and_the_consent_note(chat: Start, api: FakeApi, spec_file: Path) -> None:
    studio = chat(spec_file)
    api.ok("chat_turn2.json")
    result = _turn(studio, "use granular scopes")
    scopes = {s["scope"]: s for s in result["meaning"]["scopes"]}
    assert scopes["read:jira-work"]["kind"] == "removed"
    added = [s for s in scopes.values() if s["kind"] == "added"]
    assert added and all(s["reasons_added"] for s in added)
    assert result["meaning"]["needs_consent"] and "site admin" in result["meaning"]["consent_warning"]
    assert "+  scopes granular" in result["diff"] and (result["added"], result["removed"]) == (2, 0)
    body = _request_text(api.bodies()[0])
    assert "<current_spec>" in body and "open_bugs" in body


def test_a_failed_call_keeps_the_version_and_says_why(chat: Start, api: FakeApi, spec_file: Path) -> None:
    studio = chat(spec_file)
    api.error(401, "error_401.json")
    result = _turn(studio, "add a column")
    assert result["status"] == "failed" and "rejected the key" in result["error"]
    assert result["note"] == "kept the current version."
    assert spec_file.read_text(encoding="utf-8") == SPEC
    state = studio.api("GET", "/api/state")
    assert state["busy"] is None and state["history"]["current"] == 1


def test_a_draft_that_stays_invalid_is_kept_beside_the_spec(chat: Start, api: FakeApi, spec_file: Path) -> None:
    studio = chat(spec_file)
    api.ok("spec_invalid.json").ok("spec_invalid.json")  # the same errors twice: the loop stops early
    result = _turn(studio, "change the table")
    assert result["status"] == "invalid" and "still has errors" in result["note"]
    draft = spec_file.with_name("open-bugs.draft.appspec")
    assert result["draft"]["file"] == str(draft) and draft.read_text(encoding="utf-8") == spec_of("spec_invalid.json")
    assert any(d["severity"] == "error" for d in result["draft"]["diagnostics"])
    assert spec_file.read_text(encoding="utf-8") == SPEC and len(api.requests) == 2


def test_a_spec_with_errors_is_repaired_by_the_next_turn(chat: Start, api: FakeApi, spec_file: Path) -> None:
    broken = spec_of("spec_invalid.json")
    spec_file.write_text(broken, encoding="utf-8")
    studio = chat(spec_file)
    api.ok("spec_repaired.json")
    result = _turn(studio, "")
    assert result["status"] == "applied"
    assert result["diff"].count("\n-") >= 1 and "first_scopes" in result  # repaired from a spec with errors
    body = _request_text(api.bodies()[0])
    assert "<draft>" in body and "A gadget with the open bugs of a project I pick" in body  # its own request
    assert spec_file.read_text(encoding="utf-8").count("key, summary, priority") == 1
