"""``forgewright chat``: a three-turn session with spec and scope diffs, undo and saving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dsl import analyze
from forgewright.assistant.repair import canonical
from forgewright.assistant.session import ChatState, default_file_name, spec_diff
from forgewright.cli import cli

from .conftest import FakeApi, spec_of

# What the session keeps is the formatter's canonical layout of what the model sent.
V1, V2, V3 = (canonical(spec_of(n), "x") for n in ("spec_valid.json", "chat_turn2.json", "chat_turn3.json"))


def current_spec_sent(body: dict[str, object]) -> str | None:
    first = body["messages"][0]["content"][0]["text"]  # type: ignore[index]
    if "<current_spec>" not in first:
        return None
    return str(first).split("<current_spec>\n", 1)[1].split("</current_spec>", 1)[0]


def test_three_turns_with_diffs_undo_and_save(api: FakeApi) -> None:
    api.ok("spec_valid.json").ok("chat_turn2.json").ok("chat_turn3.json")
    session = "\n".join(
        [
            "a gadget with the open bugs of a project I pick",
            "use granular scopes",
            "undo",
            "show at most 20 bugs",
            "quit",
        ]
    )
    result = CliRunner().invoke(cli, ["chat", "bugs.appspec"], input=session + "\n")
    out = result.stdout
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in out + result.stderr

    turn1, after_undo = out.split("use granular", 1)[0], out.split("back to the previous version", 1)[1]
    # Turn 1: the whole spec is new, and so are its scopes.
    assert f"spec: +{V1.count(chr(10))} -0 lines" in turn1
    assert "+ read:jira-work" in turn1
    assert "open_bugs: search the issues its query matches (spec line 7) -> GET /rest/api/3/search/jql" in turn1
    # Turn 2: the scope style changes, so the classic scope goes and granular ones come, with reasons.
    turn2 = out.split("use granular", 1)[1].split("back to the previous version", 1)[0]
    assert "spec: +2 -0 lines" in turn2
    assert "+  scopes granular" in turn2
    assert "+ read:issue-details:jira" in turn2 and "- read:jira-work" in turn2
    assert "site admin" in turn2  # new scopes need consent again
    # Undo: the reverse diff, and the scopes swapped back.
    undo = after_undo.split("show at most 20", 1)[0]
    assert "-  scopes granular" in undo
    assert "+ read:jira-work" in undo and "- read:issue-details:jira" in undo
    # Turn 3 starts from the version after undo, not from the undone one.
    bodies = api.bodies()
    assert [current_spec_sent(b) for b in bodies] == [None, V1, V1]
    turn3 = after_undo.split("show at most 20", 1)[-1]
    assert "-      limit 50" in turn3 and "+      limit 20" in turn3
    assert "scopes: unchanged" in turn3
    # Saved after each turn and on exit; the file holds the last version, valid.
    saved = Path("bugs.appspec").read_text(encoding="utf-8")
    assert saved == V3 and analyze(saved).ok
    assert "total (3 calls, 3 requests)" in result.stderr


def test_chat_starts_from_an_existing_file_and_keeps_it_on_errors(api: FakeApi) -> None:
    Path("bugs.appspec").write_text(V1, encoding="utf-8")  # canonical, so the file is sent as it is
    api.ok("spec_invalid.json").ok("spec_invalid.json")  # same error twice: the change is rejected
    result = CliRunner().invoke(cli, ["chat", "bugs.appspec"], input="break it\nundo\n")
    assert result.exit_code == 0, result.stderr
    assert current_spec_sent(api.bodies()[0]) == V1
    assert "kept the previous version" in result.stdout
    assert "error[E001]" in result.stderr
    assert "nothing to undo" in result.stdout
    assert Path("bugs.appspec").read_text(encoding="utf-8") == V1


def test_chat_keeps_going_after_an_api_error(api: FakeApi) -> None:
    api.error(401, "error_401.json")
    result = CliRunner().invoke(cli, ["chat"], input="a gadget\nquit\n")
    assert result.exit_code == 0
    assert "(401 authentication error)" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_chat_without_file_names_it_after_the_app(api: FakeApi) -> None:
    Path("open-bugs.appspec").write_text("taken", encoding="utf-8")
    api.ok("spec_valid.json")
    result = CliRunner().invoke(cli, ["chat"], input="a gadget with open bugs\n")
    assert result.exit_code == 0, result.stderr
    assert "saved open-bugs-2.appspec" in result.stdout
    assert Path("open-bugs.appspec").read_text() == "taken"


def test_chat_repairs_a_draft_new_saved_and_saves_the_spec_it_was_meant_to_be(api: FakeApi) -> None:
    api.ok("spec_invalid.json").ok("spec_invalid.json")
    assert CliRunner().invoke(cli, ["new", "a gadget with the open bugs of a project I pick"]).exit_code == 1
    assert Path("open-bugs.draft.appspec").exists()
    api.ok("spec_repaired.json")
    result = CliRunner().invoke(cli, ["chat", "open-bugs.draft.appspec"], input="\nquit\n")  # Enter: repair as is
    assert result.exit_code == 0, result.stderr
    assert "open-bugs.draft.appspec has 1 error; your first turn repairs it" in result.stdout
    assert "error[E001]" in result.stderr and "open-bugs.draft.appspec:11" in result.stderr
    sent = api.bodies()[-1]["messages"][0]["content"]
    request = "A gadget with the open bugs of a project I pick"  # from the draft's first-line comment
    assert sent[0]["text"] == f"The user's request:\n<request>\n{request}\n</request>"
    assert f"<draft>\n{spec_of('spec_invalid.json')}</draft>" in sent[-1]["text"]
    assert "-    table { key summary, priority }" in result.stdout  # the diff is what the repair changed
    assert "+    table { key, summary, priority }" in result.stdout
    assert "saved open-bugs.appspec" in result.stdout and "removed the repaired draft" in result.stdout
    assert analyze(Path("open-bugs.appspec").read_text(encoding="utf-8")).ok
    assert not Path("open-bugs.draft.appspec").exists()


def test_chat_keeps_repairing_a_draft_that_is_still_broken(api: FakeApi) -> None:
    Path("bad.appspec").write_text(spec_of("spec_invalid.json"), encoding="utf-8")
    api.ok("spec_invalid.json").ok("spec_invalid.json").ok("spec_repaired.json")
    result = CliRunner().invoke(cli, ["chat", "bad.appspec"], input="fix the table\nplease try again\nquit\n")
    assert result.exit_code == 0, result.stderr
    assert "Claude's change still has errors; no spec yet." in result.stdout
    assert "saved Claude's draft as bad.draft.appspec" in result.stdout
    assert f"<draft>\n{spec_of('spec_invalid.json')}</draft>" in api.bodies()[2]["messages"][0]["content"][-1]["text"]
    assert "saved bad.appspec" in result.stdout  # a plain file with errors is repaired in place
    assert analyze(Path("bad.appspec").read_text(encoding="utf-8")).ok


def test_chat_missing_key(api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    result = CliRunner().invoke(cli, ["chat"], input="")
    assert result.exit_code == 2
    assert "ANTHROPIC_API_KEY is not set" in result.stderr


def test_state_undo_and_diff_helpers() -> None:
    state = ChatState()
    assert not state.undo()
    state.push("a\n")
    state.push("b\n")
    assert state.undo() and state.current == "a\n" and not state.undo()
    assert spec_diff("a\n", "a\n") == ""
    assert default_file_name("Overdue Tracker!") == "overdue-tracker.appspec"


def test_prompt_command_prints_the_exact_body_and_sends_nothing(api: FakeApi) -> None:
    Path("bugs.appspec").write_text(V1, encoding="utf-8")
    result = CliRunner().invoke(cli, ["chat", "bugs.appspec"], input="prompt show at most 20 bugs\nquit\n")
    assert result.exit_code == 0, result.stderr
    assert api.requests == []  # nothing went out
    out = result.stdout
    body, _ = json.JSONDecoder().raw_decode(out[out.index("{") :])
    assert current_spec_sent(body) == V1
    assert "show at most 20 bugs" in json.dumps(body)


def test_prompt_alone_is_not_sent_as_a_request(api: FakeApi) -> None:
    result = CliRunner().invoke(cli, ["chat"], input="prompt\nquit\n")
    assert result.exit_code == 0
    assert "usage: prompt REQUEST" in result.stdout
    assert api.requests == []


def test_ctrl_c_during_a_turn_ends_only_the_turn(api: FakeApi) -> None:
    Path("bugs.appspec").write_text(V1, encoding="utf-8")
    api.fail(KeyboardInterrupt()).ok("chat_turn3.json")
    session = "use granular scopes\nshow at most 20 bugs\nquit\n"
    result = CliRunner().invoke(cli, ["chat", "bugs.appspec"], input=session)
    assert result.exit_code == 0, result.stderr
    assert "interrupted" in result.stdout
    assert "+      limit 20" in result.stdout  # the next turn worked
    assert Path("bugs.appspec").read_text(encoding="utf-8") == V3


@pytest.mark.parametrize(
    "failure",
    ["malformed", "html", "401", "long 429", "overloaded", "refusal", "connection"],
)
def test_chat_survives_each_failure(api: FakeApi, failure: str) -> None:
    import httpx2

    Path("bugs.appspec").write_text(V1, encoding="utf-8")
    if failure == "malformed":
        api.raw(200, b'{"type":"message","content":[', {"content-type": "application/json"})
    elif failure == "html":
        api.raw(200, b"<html>proxy</html>", {"content-type": "text/html"})
    elif failure == "401":
        api.error(401, "error_401.json")
    elif failure == "long 429":
        api.error(429, "error_429.json", {"retry-after": "600"})
    elif failure == "overloaded":
        for _ in range(3):
            api.error(529, "error_529.json")
    elif failure == "refusal":
        api.ok("refusal.json")
    else:
        for _ in range(3):
            api.fail(httpx2.ConnectError("refused"))
    api.ok("chat_turn3.json")
    result = CliRunner().invoke(cli, ["chat", "bugs.appspec"], input="first try\nshow at most 20 bugs\nquit\n")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.output + result.stderr and "internal error" not in result.stderr
    assert sum(line.startswith("forgewright: ") for line in result.stderr.splitlines()) == 1
    assert "kept the previous version" in result.stdout
    assert Path("bugs.appspec").read_text(encoding="utf-8") == V3  # the next turn went through


def test_the_first_diff_shows_the_change_not_the_layout(api: FakeApi) -> None:
    messy = V1.replace("\n  gadget", "\n\n\n  gadget").replace("limit 50", "limit   50")
    assert messy != V1 and analyze(messy).ok
    Path("bugs.appspec").write_text(messy, encoding="utf-8")
    api.ok("chat_turn3.json")
    result = CliRunner().invoke(cli, ["chat", "bugs.appspec"], input="show at most 20 bugs\nquit\n")
    assert result.exit_code == 0, result.stderr
    assert "bugs.appspec is not in the canonical layout" in result.stdout
    assert "spec: +1 -1 lines" in result.stdout


def test_chat_keeps_the_file_mode_and_does_not_touch_an_unchanged_file(api: FakeApi) -> None:
    import os
    import stat

    spec = Path("bugs.appspec")
    spec.write_text(V1, encoding="utf-8")
    spec.chmod(0o644)
    os.utime(spec, (1_000_000, 1_000_000))
    result = CliRunner().invoke(cli, ["chat", "bugs.appspec"], input="show\nquit\n")
    assert result.exit_code == 0
    assert stat.S_IMODE(spec.stat().st_mode) == 0o644 and spec.stat().st_mtime == 1_000_000  # not rewritten
    spec.chmod(0o640)
    api.ok("chat_turn3.json")
    result = CliRunner().invoke(cli, ["chat", "bugs.appspec"], input="show at most 20 bugs\nquit\n")
    assert result.exit_code == 0, result.stderr
    assert spec.read_text(encoding="utf-8") == V3 and stat.S_IMODE(spec.stat().st_mode) == 0o640


def test_chat_asks_for_words_when_a_draft_has_no_request(api: FakeApi) -> None:
    Path("bad.appspec").write_text(spec_of("spec_invalid.json").split("\n", 1)[1], encoding="utf-8")
    result = CliRunner().invoke(cli, ["chat", "bad.appspec"], input="\nquit\n")
    assert result.exit_code == 0
    assert "say what the app should do" in result.stdout and api.requests == []
