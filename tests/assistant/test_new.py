"""``forgewright new`` end to end: the real SDK against recorded Messages API bodies."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
import pytest
from click.testing import CliRunner

from dsl import analyze
from forgewright.cli import cli

from .conftest import API_KEY, FakeApi, spec_of

REQUEST = "a gadget with the open bugs of a project I pick"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_valid_first_try_writes_spec_with_summary_scopes_assumptions_usage(api: FakeApi) -> None:
    api.ok("spec_valid.json")
    code, out, err = run("new", REQUEST, "-o", "bugs.appspec")
    assert code == 0, err
    written = Path("bugs.appspec").read_text(encoding="utf-8")
    assert analyze(written).ok
    assert 'gadget open_bugs "Open bugs"' in out
    assert "unresolved bugs of a project" in out  # the summary
    assert "read:jira-work" in out and "GET /rest/api/3/search/jql" in out  # scope table with reasons
    assert "- Shows at most 50 bugs." in out  # assumptions
    assert "wrote bugs.appspec (valid)" in out
    assert "call 1: input 412 · output 388 · cache read 11,873 · cache write 0" in err
    assert "total (1 call, 1 request)" in err
    assert len(api.requests) == 1


def test_invalid_then_repaired_then_valid(api: FakeApi) -> None:
    api.ok("spec_invalid.json").ok("spec_repaired.json")
    code, out, err = run("new", REQUEST, "-o", "bugs.appspec")
    assert code == 0, err
    assert "valid after 1 repair" in out
    first, second = api.bodies()
    repair_text = second["messages"][0]["content"][-1]["text"]
    assert "did not pass forgewright's checker" in repair_text
    assert spec_of("spec_invalid.json") in repair_text  # the draft goes back …
    diagnostics = json.loads(repair_text.split("<diagnostics>\n", 1)[1].split("\n</diagnostics>")[0])
    assert [d["code"] for d in diagnostics] == ["E001"]  # … with the checker's JSON diagnostics
    assert diagnostics[0]["line"] == 11
    assert "<diagnostics>" not in json.dumps(first)
    assert "total (2 calls, 2 requests): input 1,432 · output 765 · cache read 11,873 · cache write 11,873" in err
    assert analyze(Path("bugs.appspec").read_text()).ok


def test_same_error_twice_stops_early_and_saves_the_draft_beside_the_target(api: FakeApi) -> None:
    api.ok("spec_invalid.json").ok("spec_invalid.json")
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec")
    assert code == 1
    assert len(api.requests) == 2  # not 3: the same error came back, so the loop stopped
    assert Path("bugs.draft.appspec").read_text(encoding="utf-8") == spec_of("spec_invalid.json")
    assert "error[E001]" in err and "bugs.draft.appspec:11" in err  # frames point at the saved draft
    assert "still has 1 error: the same errors came back after 1 repair; saved the draft as bugs.draft.appspec" in err
    assert "forgewright chat bugs.draft.appspec" in err  # the next step
    assert not Path("bugs.appspec").exists()


def test_at_most_two_repairs(api: FakeApi) -> None:
    valid = spec_of("spec_valid.json")
    drafts = [
        valid.replace("table { key, summary, priority }", "table { key summary, priority }"),
        valid.replace("limit 50", "limit fifty"),
        valid.replace("order by created desc", "order created desc"),
    ]
    for draft in drafts:  # three different errors: no early stop, so the limit is what ends it
        api.replies.append(httpx2.Response(200, json=_with_spec("spec_invalid.json", draft)))
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec")
    assert code == 1
    assert len(api.requests) == 3  # the first try and 2 repairs, then stop
    assert "still has 1 error after 2 repairs (3 calls, the most one request may use)" in err
    assert "repair 1 of at most 2" in err and "repair 2 of at most 2" in err  # each repair is announced
    assert not Path("bugs.appspec").exists() and Path("bugs.draft.appspec").exists()


def _with_spec(name: str, spec: str) -> dict[str, object]:
    from .conftest import body

    data = body(name)
    data["content"][0]["input"]["spec"] = spec
    return data


def test_clarifying_question_is_shown_and_answered(api: FakeApi) -> None:
    api.ok("question.json").ok("spec_valid.json")
    code, out, err = run("new", "a chart of story points per person", "-o", "p.appspec", input="customfield_10016\n")
    assert code == 0, err
    assert "Claude asks:" in out and "story points" in out
    answer_text = api.bodies()[1]["messages"][0]["content"][-1]["text"]
    assert "<question>\nWhich field holds your story points" in answer_text
    assert "<answer>\ncustomfield_10016\n</answer>" in answer_text


def test_unanswered_question_writes_nothing(api: FakeApi) -> None:
    api.ok("question.json")
    code, _, err = run("new", "a chart of story points per person", "-o", "p.appspec", input="")
    assert code == 1
    assert "No answer given" in err
    assert not Path("p.appspec").exists()


def test_missing_api_key_is_one_line_exit_2(api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    code, _, err = run("new", REQUEST)
    assert code == 2
    assert err.strip().splitlines() == [
        "forgewright: ANTHROPIC_API_KEY is not set; export your Anthropic API key to use this command"
    ]
    assert api.requests == []


def test_401_is_a_clear_message(api: FakeApi) -> None:
    api.error(401, "error_401.json")
    code, _, err = run("new", REQUEST)
    assert code == 2
    assert "rejected the key in ANTHROPIC_API_KEY (401" in err
    assert len(api.requests) == 1  # not retried
    assert API_KEY not in err


def test_429_is_retried_visibly_and_every_request_is_counted(api: FakeApi) -> None:
    api.error(429, "error_429.json").ok("spec_valid.json")
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec")
    assert code == 0, err
    assert len(api.requests) == 2
    assert api.waits == [2.0]  # our backoff, as the 429 named no wait
    assert "rate limited (429); retry 1/2 in 2 s" in err
    assert "asking Claude (call 1 of at most 3), retry 1/2…" in err
    assert "call 1: input 412 · output 388 · cache read 11,873 · cache write 0 (" in err and ", 2 requests)" in err
    assert "total (1 call, 2 requests)" in err  # two requests were sent (and logged), not one


def test_429_that_persists_is_a_clear_message(api: FakeApi) -> None:
    for _ in range(3):
        api.error(429, "error_429.json")
    code, _, err = run("new", REQUEST)
    assert code == 2
    assert "rate limited by the Anthropic API (429) (3 requests); try again in a minute" in err
    assert len(api.requests) == 3  # the first try and MAX_RETRIES (2) retries
    assert "total (1 call, 3 requests)" in err


def test_529_overloaded(api: FakeApi) -> None:
    for _ in range(3):
        api.error(529, "error_529.json")
    code, _, err = run("new", REQUEST)
    assert code == 2 and "overloaded (529)" in err


def test_an_answer_that_times_out_is_not_retried(api: FakeApi) -> None:
    api.fail(httpx2.ReadTimeout("timed out"))
    code, _, err = run("new", REQUEST, "--timeout", "30")
    assert code == 2 and len(api.requests) == 1
    assert "did not answer within 30 s; try again, or allow longer with --timeout SECONDS" in err


def test_a_connection_that_times_out_is_retried(api: FakeApi) -> None:
    api.fail(httpx2.ConnectTimeout("connect timed out")).ok("spec_valid.json")
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec")
    assert code == 0, err
    assert "the connection timed out; retry 1/2 in 2 s" in err


def test_connection_error(api: FakeApi) -> None:
    for _ in range(3):
        api.fail(httpx2.ConnectError("name resolution failed"))
    code, _, err = run("new", REQUEST)
    assert code == 2 and len(api.requests) == 3
    assert "cannot reach the Anthropic API at https://api.anthropic.com (ConnectError: name resolution failed)" in err
    assert api.waits == [2.0, 6.0]


def test_refusal(api: FakeApi) -> None:
    api.ok("refusal.json")
    code, _, err = run("new", REQUEST)
    assert code == 1
    assert "declined to answer this request (stop reason: refusal)" in err


def test_max_tokens(api: FakeApi) -> None:
    api.ok("max_tokens.json")
    code, _, err = run("new", REQUEST)
    assert code == 1
    assert "cut off at the 8192-token output limit (stop reason: max_tokens)" in err


def test_model_from_option_env_or_default(api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> None:
    from forgewright.assistant.config import DEFAULT_MODEL

    api.ok("spec_valid.json").ok("spec_valid.json").ok("spec_valid.json")
    run("new", REQUEST, "-o", "a.appspec")
    monkeypatch.setenv("FORGEWRIGHT_MODEL", "claude-opus-5-5")
    run("new", REQUEST, "-o", "b.appspec")
    run("new", REQUEST, "-o", "c.appspec", "--model", "claude-haiku-5-5")
    assert [b["model"] for b in api.bodies()] == [DEFAULT_MODEL, "claude-opus-5-5", "claude-haiku-5-5"]


def test_show_prompt_prints_the_body_and_sends_nothing(api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> None:
    from forgewright.assistant import config
    from forgewright.assistant.prompt import Turn, UserText, build_request

    from .conftest import stable_docs

    monkeypatch.delenv("ANTHROPIC_API_KEY")  # not needed to look
    code, out, _ = run("new", REQUEST, "--show-prompt")
    assert code == 0
    expected = build_request(
        Turn(UserText(REQUEST)), model=config.DEFAULT_MODEL, docs=stable_docs(), max_tokens=config.MAX_OUTPUT_TOKENS
    )
    assert json.loads(out) == expected.data
    assert api.requests == []


def test_audit_log_records_bodies_actually_sent_never_the_key(api: FakeApi) -> None:
    api.error(429, "error_429.json").ok("spec_invalid.json").ok("spec_repaired.json")
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec", "--audit-log", "logs/audit.jsonl")
    assert code == 0, err
    text = Path("logs/audit.jsonl").read_text(encoding="utf-8")
    entries = [json.loads(line) for line in text.splitlines()]
    assert len(entries) == 3  # the retry is a request actually sent, so it is logged
    assert [e["body"] for e in entries] == api.bodies()
    assert all(e["url"] == "https://api.anthropic.com/v1/messages" for e in entries)
    assert API_KEY not in text and "authorization" not in text.lower() and "x-api-key" not in text.lower()


def test_audit_log_from_environment(api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORGEWRIGHT_AUDIT_LOG", "env-audit.jsonl")
    api.ok("spec_valid.json")
    assert run("new", REQUEST, "-o", "bugs.appspec")[0] == 0
    assert len(Path("env-audit.jsonl").read_text().splitlines()) == 1


def test_existing_output_is_not_overwritten(api: FakeApi) -> None:
    Path("bugs.appspec").write_text("keep me")
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec")
    assert code == 2 and "already exists" in err
    assert Path("bugs.appspec").read_text() == "keep me"
    assert api.requests == []


def test_default_file_name_from_app_name(api: FakeApi) -> None:
    api.ok("spec_valid.json")
    code, out, _ = run("new", REQUEST)
    assert code == 0
    assert Path("open-bugs.appspec").exists() and "wrote open-bugs.appspec" in out


def test_build_writes_the_app_into_a_new_folder(api: FakeApi) -> None:
    api.ok("spec_valid.json")
    code, out, err = run("new", REQUEST, "-o", "bugs.appspec", "--build", "app")
    assert code == 0, err
    assert Path("app/manifest.yml").is_file()
    assert "built " in out and " files into app" in out


def test_build_into_a_folder_that_is_not_ours_is_refused_before_any_call(api: FakeApi) -> None:
    Path("app").mkdir()
    Path("app/mine.txt").write_text("x")
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec", "--build", "app")
    assert code == 2 and "not made by forgewright" in err
    assert "choose another output folder (--build)" in err  # the option of this command, not -o
    assert api.requests == [] and not Path("bugs.appspec").exists()
    assert sorted(p.name for p in Path("app").iterdir()) == ["mine.txt"]


def test_the_model_sees_only_the_spec_base_name(api: FakeApi) -> None:
    api.ok("spec_invalid.json").ok("spec_repaired.json")
    code, _, err = run("new", REQUEST, "-o", "private/client-x/bugs.appspec")
    assert code == 0, err
    repair_text = api.bodies()[1]["messages"][0]["content"][-1]["text"]
    diagnostics = json.loads(repair_text.split("<diagnostics>\n", 1)[1].split("\n</diagnostics>")[0])
    assert {d["file"] for d in diagnostics} == {"bugs.appspec"}
    assert "client-x" not in json.dumps(api.bodies())


def test_a_taken_default_name_gets_a_free_one_instead_of_failing_after_the_call(api: FakeApi) -> None:
    Path("open-bugs.appspec").write_text("mine", encoding="utf-8")
    api.ok("spec_valid.json")
    code, out, err = run("new", REQUEST)
    assert code == 0, err
    assert "wrote open-bugs-2.appspec (valid)" in out
    assert Path("open-bugs.appspec").read_text(encoding="utf-8") == "mine"
    assert analyze(Path("open-bugs-2.appspec").read_text(encoding="utf-8")).ok


def test_force_overwrites_the_default_name(api: FakeApi) -> None:
    Path("open-bugs.appspec").write_text("old", encoding="utf-8")
    api.ok("spec_valid.json")
    code, out, _ = run("new", REQUEST, "--force")
    assert code == 0 and "wrote open-bugs.appspec" in out
    assert Path("open-bugs.appspec").read_text(encoding="utf-8") != "old"


def test_a_draft_never_overwrites_an_earlier_draft(api: FakeApi) -> None:
    Path("bugs.draft.appspec").write_text("my edits", encoding="utf-8")
    api.ok("spec_invalid.json").ok("spec_invalid.json")
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec")
    assert code == 1
    assert Path("bugs.draft.appspec").read_text(encoding="utf-8") == "my edits"
    assert "saved the draft as bugs-2.draft.appspec" in err


def test_new_files_get_the_usual_mode(api: FakeApi) -> None:
    import os
    import stat

    previous = os.umask(0o022)
    try:
        api.ok("spec_valid.json")
        assert run("new", REQUEST, "-o", "bugs.appspec")[0] == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(Path("bugs.appspec").stat().st_mode) == 0o644


def test_build_into_the_folder_of_the_spec_is_refused_before_any_call(api: FakeApi) -> None:
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec", "--build", ".")
    assert code == 2 and "holds the spec bugs.appspec" in err
    assert "(for example --build build)" in err
    assert api.requests == []
