"""The boundary: only the prompt builder makes request bodies, from typed inputs only, and a body holds
nothing beyond the allowed parts. Plus a syrupy snapshot, so any prompt change is a reviewed diff."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from dsl import analyze
from dsl.resolve import DataKind, data_fields
from forgewright.assistant import prompt
from forgewright.assistant.envelope import ENVELOPE_TOOL, TOOL_NAME
from forgewright.assistant.examples import BUILTIN, load_examples
from forgewright.assistant.prompt import (
    AskedQuestion,
    Clarification,
    Findings,
    Repair,
    SpecText,
    StaticDocs,
    Turn,
    UserText,
    build_request,
)

from .conftest import spec_of, stable_docs

PACKAGE = Path(prompt.__file__).resolve().parent.parent  # forgewright/

REQUEST = UserText("a gadget with the open bugs of a project I pick")
CURRENT = SpecText(spec_of("spec_valid.json"))
DRAFT = SpecText(spec_of("spec_invalid.json"))
ANSWER = UserText("customfield_10016")
QUESTION = AskedQuestion("Which field holds your story points?")


def full_turn() -> Turn:
    findings = Findings.of(analyze(DRAFT.text, "draft.appspec").diagnostics)
    return Turn(
        request=REQUEST,
        current=CURRENT,
        clarifications=(Clarification(QUESTION, ANSWER),),
        repair=Repair(DRAFT, findings),
    )


def body_of(turn: Turn, docs: StaticDocs | None = None) -> dict[str, Any]:
    return build_request(turn, model="claude-sonnet-5-5", docs=docs or stable_docs(), max_tokens=8192).data


def test_request_body_snapshot(snapshot: SnapshotAssertion) -> None:
    assert body_of(Turn(REQUEST)) == snapshot(name="new")
    assert body_of(full_turn()) == snapshot(name="chat_turn_with_answer_and_repair")


def test_body_holds_only_the_allowed_parts() -> None:
    turn = full_turn()
    docs = stable_docs()
    body = body_of(turn, docs)
    assert set(body) == {"model", "max_tokens", "system", "tools", "tool_choice", "messages"}
    assert body["tools"] == [ENVELOPE_TOOL]
    assert body["tool_choice"] == {"type": "tool", "name": TOOL_NAME}
    # The system part is exactly our static docs, nothing else.
    assert [b["text"] for b in body["system"]] == [
        docs.rules,
        "# Language reference\n\n" + docs.language_reference,
        "# Field catalogue\n\n" + docs.field_catalogue,
        "# Examples\n\n" + prompt.examples_text(docs.examples),
    ]
    # The changing part: each block is one of our frames, filled only with the typed inputs.
    assert len(body["messages"]) == 1 and body["messages"][0]["role"] == "user"
    assert turn.repair is not None
    allowed = {
        "spec": {CURRENT.text},
        "text": {REQUEST.text},
        "question": {QUESTION.text},
        "answer": {ANSWER.text},
        "draft": {DRAFT.text},
        "findings": {turn.repair.findings.to_json()},
    }
    blocks = body["messages"][0]["content"]
    assert all(set(b) == {"type", "text"} and b["type"] == "text" for b in blocks)
    for block in blocks:
        assert _filled_from_allowed(block["text"], allowed), block["text"]
    # With the key set, system, tools and tool_choice pinned above, nothing else can be in the body.


def _filled_from_allowed(text: str, allowed: dict[str, set[str]]) -> bool:
    for frame in prompt.FRAMES:
        pattern = re.escape(frame)
        for name in allowed:
            pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{name}>.*)")
        match = re.fullmatch(pattern, text, flags=re.DOTALL)
        if match is None:
            continue
        return all(value in allowed[name] for name, value in match.groupdict().items())
    return False


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Turn("a raw string request"),  # type: ignore[arg-type]
        lambda: Turn(REQUEST, current="raw spec text"),  # type: ignore[arg-type]
        lambda: Turn(REQUEST, clarifications=(Clarification(QUESTION, "raw"),)),  # type: ignore[arg-type]
        lambda: Turn(REQUEST, repair=Repair(DRAFT, [{"jira": "data"}])),  # type: ignore[arg-type]
        lambda: {"request": REQUEST},
    ],
)
def test_builder_rejects_untyped_input(bad: Any) -> None:
    with pytest.raises(TypeError):
        build_request(bad(), model="m", docs=stable_docs(), max_tokens=10)


def test_builder_rejects_untyped_docs() -> None:
    with pytest.raises(TypeError):
        build_request(Turn(REQUEST), model="m", docs={"rules": "x"}, max_tokens=10)  # type: ignore[arg-type]


def _python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_only_the_prompt_builder_constructs_request_bodies() -> None:
    makers = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "RequestBody":
                makers.append(path.relative_to(PACKAGE).as_posix())
    assert makers == ["assistant/prompt.py"]


def test_only_the_client_calls_the_messages_api() -> None:
    callers = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in _python_files()
        if re.search(r"\.messages\.(with_raw_response\.)?(create|stream)\(", path.read_text(encoding="utf-8"))
    )
    assert callers == ["assistant/client.py"]


def test_sent_body_is_exactly_the_built_body(api: Any) -> None:
    from click.testing import CliRunner

    from forgewright.cli import cli

    api.ok("spec_valid.json")
    result = CliRunner().invoke(cli, ["new", REQUEST.text, "-o", "x.appspec"])
    assert result.exit_code == 0, result.stderr
    assert api.bodies() == [body_of(Turn(REQUEST))]


def test_cache_breakpoint_on_the_static_part_only() -> None:
    body = body_of(full_turn())
    marked = [i for i, b in enumerate(body["system"]) if "cache_control" in b]
    assert marked == [len(body["system"]) - 1]
    assert body["system"][-1]["cache_control"] == {"type": "ephemeral"}
    assert "cache_control" not in json.dumps(body["messages"])


def test_field_catalogue_comes_from_dsl_catalogue() -> None:
    from dsl import catalogue

    text = prompt.field_catalogue()
    for f in catalogue.ISSUE_FIELDS + catalogue.WORKLOG_FIELDS:
        assert f"- {f.name}: {f.type.value}" in text


def test_field_catalogue_lists_every_kind_of_rows() -> None:
    """Each data source the language has (sprints, burndown days and versions too) gets its own list of fields:
    the model cannot write a view over rows whose fields it was never told."""
    sections = prompt.field_catalogue().split("\n## ")
    listed = [[line[2:].split(":")[0] for line in s.splitlines() if line.startswith("- ")] for s in sections]
    for kind in DataKind:
        assert [f.name for f in data_fields(kind)] in listed, kind


def test_builtin_examples_are_valid_and_used_when_the_repo_has_none(tmp_path: Path) -> None:
    for name, source in BUILTIN:
        assert analyze(source, name).ok, name
    examples = load_examples(tmp_path)
    assert [e.name for e in examples] == sorted(name for name, _ in BUILTIN)
    assert all(e.request for e in examples)


def test_repo_examples_are_used_when_present() -> None:
    examples = load_examples()
    assert 1 <= len(examples) <= 4
    assert all(analyze(e.source).ok and e.request for e in examples)
