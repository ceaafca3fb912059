"""Small units: configuration, envelope parsing, the scope adapter and its diff, usage sums."""

from __future__ import annotations

import json

import pytest

from dsl import analyze
from forgewright.assistant import config, scopes
from forgewright.assistant.answer import read_answer
from forgewright.assistant.envelope import ENVELOPE_SCHEMA, ENVELOPE_TOOL, TOOL_NAME, EnvelopeError, parse_envelope
from forgewright.assistant.errors import AnswerError, AssistantError
from forgewright.assistant.usage import Usage

from .conftest import spec_of


def test_model_resolution_order() -> None:
    assert config.resolve_model("m-opt", {config.MODEL_ENV: "m-env"}) == "m-opt"
    assert config.resolve_model(None, {config.MODEL_ENV: "m-env"}) == "m-env"
    assert config.resolve_model(None, {}) == config.DEFAULT_MODEL
    assert config.DEFAULT_MODEL.startswith("claude-sonnet-")


def test_missing_key_names_the_variable() -> None:
    with pytest.raises(config.MissingApiKey) as info:
        config.require_api_key({config.API_KEY_ENV: "  "})
    assert info.value.exit_code == 2 and config.API_KEY_ENV in info.value.message


def test_envelope_tool_is_strict_and_closed() -> None:
    assert ENVELOPE_TOOL["strict"] is True
    assert ENVELOPE_SCHEMA["additionalProperties"] is False
    assert set(ENVELOPE_SCHEMA["required"]) == set(ENVELOPE_SCHEMA["properties"])


def test_envelope_parsing() -> None:
    env = parse_envelope(
        {"spec": '```appspec\napp "X" {}\n```', "summary": " s ", "assumptions": ["a", " "], "questions": []}
    )
    assert env.spec == 'app "X" {}\n' and env.summary == "s" and env.assumptions == ("a",)
    assert not env.is_question
    question = parse_envelope({"spec": "", "summary": "", "assumptions": [], "questions": ["Which project?"]})
    assert question.is_question
    for bad in (
        {},
        [],
        {"spec": 1, "summary": "", "assumptions": [], "questions": []},
        {"spec": "", "summary": "", "assumptions": "x", "questions": []},
    ):
        with pytest.raises(EnvelopeError):
            parse_envelope(bad)


def test_scope_table_and_changes_come_from_the_compiler() -> None:
    classic = analyze(spec_of("spec_valid.json")).app
    granular = analyze(spec_of("chat_turn2.json")).app
    assert classic is not None and granular is not None
    table = scopes.scope_table(classic)
    assert table.startswith("scopes (1, classic):\n  read:jira-work\n")
    assert "-> GET /rest/api/3/search/jql" in table and "-> GET /rest/api/3/project/search" in table
    first = scopes.scope_changes(None, classic)
    assert first.startswith("+ read:jira-work\n      open_bugs: ")
    swapped = scopes.scope_changes(classic, granular)
    assert "- read:jira-work" in swapped and "+ read:issue-details:jira" in swapped
    assert "site admin" in swapped
    assert scopes.scope_changes(classic, classic) == "scopes: unchanged"
    removed_only = scopes.scope_changes(granular, classic)
    assert "+ read:jira-work" in removed_only  # back to classic adds the classic scope again


def test_usage_sums() -> None:
    total = Usage(1, 2, 3, 4, 1) + Usage(10, 20, 30, 40, 1)
    assert total == Usage(11, 22, 33, 44, 2)
    assert total.line() == "input 11 · output 22 · cache read 33 · cache write 44"


def test_timeout_resolution_order_and_validation() -> None:
    assert config.resolve_timeout(5.0, {config.TIMEOUT_ENV: "30"}) == 5.0
    assert config.resolve_timeout(None, {config.TIMEOUT_ENV: "30"}) == 30.0
    assert config.resolve_timeout(None, {}) == config.DEFAULT_TIMEOUT_SECONDS
    for bad in ("0", "-1", "nan", "5000", "soon"):
        with pytest.raises(config.ConfigError, match=config.TIMEOUT_ENV):
            config.resolve_timeout(None, {config.TIMEOUT_ENV: bad})


def _message(**parts: object) -> bytes:
    data: dict[str, object] = {"type": "message", "stop_reason": "tool_use", "usage": {"input_tokens": 7}}
    data.update(parts)
    return json.dumps(data).encode()


def test_read_answer_turns_each_unusable_body_into_its_message() -> None:
    envelope = {"spec": 'app "X" {}', "summary": "", "assumptions": [], "questions": []}
    tool = {"type": "tool_use", "name": TOOL_NAME, "input": envelope}
    reply = read_answer(_message(content=[tool]), "application/json", 10)
    assert reply.envelope.spec == 'app "X" {}\n' and reply.usage == Usage(input=7, requests=1)
    cases: list[tuple[bytes, type[AssistantError], str]] = [
        (b"[1, 2]", AssistantError, "is not a message"),
        (json.dumps({"type": "error", "error": {"message": "boom"}}).encode(), AssistantError, "200 with an error"),
        (_message(content="text"), AssistantError, "no list of content blocks"),
        (_message(content=[{"type": "text", "text": "hi"}], stop_reason="end_turn"), AnswerError, "without the spec"),
        (_message(content=[{**tool, "input": {"spec": ""}}]), AnswerError, "envelope is malformed"),
        (b"garbage", AssistantError, "is not complete JSON"),
    ]
    for raw, kind, words in cases:
        with pytest.raises(kind, match=words) as info:
            read_answer(raw, "application/json", 10)
        assert type(info.value) is kind
    with pytest.raises(AnswerError) as cut:
        read_answer(_message(content=[], stop_reason="max_tokens"), "application/json", 10)
    assert cut.value.usage == Usage(input=7, requests=1) and cut.value.exit_code == 1
