"""Every way a model call can fail ends in one clear message with the right exit code, never a
traceback or a lost draft, and within the bound on calls — on the real SDK over ``httpx2.MockTransport``
(or a loopback server for a server that never answers)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from click.testing import CliRunner

from forgewright.assistant import client as client_module
from forgewright.assistant import config, service
from forgewright.cli import cli

from .conftest import API_KEY, FakeApi, body, spec_of, stable_docs

REQUEST = "a gadget with the open bugs of a project I pick"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert "Traceback" not in result.output + result.stderr
    assert "internal error" not in result.stderr and "This is a bug" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def one_message(err: str) -> str:
    """The single ``forgewright: …`` line of a failure."""
    lines = [line for line in err.splitlines() if line.startswith("forgewright: ")]
    assert len(lines) == 1, err
    return lines[0]


def with_spec(name: str, spec: str) -> dict[str, object]:
    data = body(name)
    data["content"][0]["input"]["spec"] = spec
    return data


def broken(field: str) -> str:
    """A valid spec made invalid in a way named by ``field`` (each gives different errors)."""
    valid = spec_of("spec_valid.json")
    return {
        "comma": valid.replace("table { key, summary, priority }", "table { key summary, priority }"),
        "limit": valid.replace("limit 50", "limit fifty"),
        "order": valid.replace("order by created desc", "order created desc"),
    }[field]


# ---------------------------------------------------------------------------------------------
# Malformed 200 answers

MESSAGE_WITHOUT_CONTENT = {
    "id": "msg_x",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-5-5",
    "stop_reason": "end_turn",
    "usage": {"input_tokens": 321, "output_tokens": 12},
}

MALFORMED = {
    "truncated JSON": (b'{"id":"msg_1","type":"message","content":[{"type":"tool_u', "application/json"),
    "empty body": (b"", "application/json"),
    "HTML proxy page": (b"<html><head><title>Proxy login</title></head><body>Sign in</body></html>", "text/html"),
    "message without content": (json.dumps(MESSAGE_WITHOUT_CONTENT).encode(), "application/json"),
}
EXPECTED = {
    "truncated JSON": "is not complete JSON",
    "empty body": "answered 200 with an empty body",
    "HTML proxy page": "the answer is a web page ('<html><head><title>Proxy login",
    "message without content": "is not a complete message (it has no list of content blocks)",
}


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_a_malformed_200_is_one_message_exit_2(api: FakeApi, kind: str) -> None:
    content, content_type = MALFORMED[kind]
    api.raw(200, content, {"content-type": content_type})
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec")
    assert code == 2
    message = one_message(err)
    assert EXPECTED[kind] in message and "try again" in message
    assert len(api.requests) == 1  # not retried: a billed answer is not asked for twice
    assert "total (1 call, 1 request)" in err
    assert not Path("bugs.appspec").exists()


def test_an_unusable_answer_still_reports_what_it_cost(api: FakeApi) -> None:
    api.answer(MESSAGE_WITHOUT_CONTENT)
    code, _, err = run("new", REQUEST)
    assert code == 2
    assert "call 1 (not usable): input 321 · output 12 · cache read 0 · cache write 0" in err
    assert "total (1 call, 1 request): input 321 · output 12" in err


@pytest.mark.parametrize("name", ["refusal.json", "max_tokens.json"])
def test_refusal_and_cut_off_answers_print_their_usage(api: FakeApi, name: str) -> None:
    api.ok(name)
    code, _, err = run("new", REQUEST)
    usage = body(name)["usage"]
    assert code == 1
    assert f"call 1 (not usable): input {usage['input_tokens']:,} · output {usage['output_tokens']:,}" in err
    assert f"total (1 call, 1 request): input {usage['input_tokens']:,}" in err


def test_a_failure_during_repair_keeps_the_draft(api: FakeApi) -> None:
    api.ok("spec_invalid.json").raw(200, b"<html>gateway</html>", {"content-type": "text/html"})
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec")
    assert code == 2
    assert "web page" in one_message(err)
    assert Path("bugs.draft.appspec").read_text(encoding="utf-8") == spec_of("spec_invalid.json")
    assert "No valid spec; saved the draft as bugs.draft.appspec." in err
    assert "forgewright chat bugs.draft.appspec" in err


# ---------------------------------------------------------------------------------------------
# Error statuses


def test_a_plain_404_is_not_blamed_on_the_model(api: FakeApi) -> None:
    api.raw(404, b"404 page not found", {"content-type": "text/plain"})
    code, _, err = run("new", REQUEST)
    message = one_message(err)
    assert code == 2
    assert "https://api.anthropic.com answered 404 ('404 page not found')" in message
    assert "not the Anthropic API's answer; check ANTHROPIC_BASE_URL" in message
    assert "model" not in message


def test_an_api_404_naming_the_model_says_so(api: FakeApi) -> None:
    error = {"type": "error", "error": {"type": "not_found_error", "message": "model: claude-nope"}}
    api.replies.append(httpx2.Response(404, json=error))
    code, _, err = run("new", REQUEST, "--model", "claude-nope")
    assert code == 2
    assert "does not know model `claude-nope` (404: model: claude-nope); set --model" in one_message(err)


def test_a_long_retry_after_stops_at_once_and_says_when_to_retry(api: FakeApi) -> None:
    api.error(429, "error_429.json", {"retry-after": "120"})
    started = time.monotonic()
    code, _, err = run("new", REQUEST)
    assert code == 2 and time.monotonic() - started < 5
    assert api.waits == [] and len(api.requests) == 1
    message = one_message(err)
    assert "asks to wait 2 minutes before the next request, longer than forgewright waits (30 s)" in message
    assert message.endswith("try again in 2 minutes")


@pytest.mark.parametrize(("header", "value", "wait"), [("retry-after", "3", 3.0), ("retry-after-ms", "1500", 1.5)])
def test_a_short_retry_after_is_honoured_and_shown(api: FakeApi, header: str, value: str, wait: float) -> None:
    api.error(429, "error_429.json", {header: value}).ok("spec_valid.json")
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec")
    assert code == 0, err
    assert api.waits == [wait]
    assert f"rate limited (429); retry 1/2 in {wait:.0f} s as the API asked" in err


def test_retry_after_as_an_http_date() -> None:
    headers = httpx2.Headers({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"})
    assert client_module._asked_wait(headers) == 0.0  # in the past: no wait
    assert client_module._asked_wait(httpx2.Headers({"retry-after": "soon"})) is None


def test_x_should_retry_false_is_obeyed(api: FakeApi) -> None:
    api.error(529, "error_529.json", {"x-should-retry": "false"})
    code, _, err = run("new", REQUEST)
    assert code == 2 and len(api.requests) == 1 and "overloaded (529)" in err


# ---------------------------------------------------------------------------------------------
# The audit log


@pytest.mark.parametrize("how", ["option", "environment"])
def test_an_unwritable_audit_log_is_reported_before_anything_is_sent(
    api: FakeApi, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    Path("a-file").write_text("not a folder")
    path = "a-file/audit.jsonl"
    args = ["new", REQUEST]
    if how == "option":
        args += ["--audit-log", path]
    else:
        monkeypatch.setenv(config.AUDIT_LOG_ENV, path)
    started = time.monotonic()
    code, _, err = run(*args)
    assert code == 2 and time.monotonic() - started < 5
    message = one_message(err)
    assert f"cannot write the audit log {path} (" in message and "nothing was sent" in message
    assert "--audit-log or FORGEWRIGHT_AUDIT_LOG" in message
    assert api.requests == []


def test_an_audit_log_that_fails_later_stops_the_request_unsent(api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> None:
    log = Path("audit.jsonl")
    original = service.AuditLog.open

    def open_then_break(path: Path) -> service.AuditLog:
        opened = original(path)
        log.unlink()
        log.mkdir()  # the next append fails: a folder now has the log's name
        return opened

    monkeypatch.setattr(service.AuditLog, "open", staticmethod(open_then_break))
    api.ok("spec_valid.json")
    code, _, err = run("new", REQUEST, "--audit-log", str(log))
    assert code == 2
    assert "cannot write the audit log audit.jsonl" in one_message(err)
    assert api.requests == []  # the hook refused before the request left
    assert "total (1 call, 0 requests)" in err


# ---------------------------------------------------------------------------------------------
# The bound on calls


def test_a_question_during_repair_counts_and_keeps_the_draft_under_repair(api: FakeApi) -> None:
    api.answer(with_spec("spec_invalid.json", broken("comma")))
    api.ok("question.json")
    api.answer(with_spec("spec_invalid.json", broken("limit")))
    api.ok("spec_valid.json")  # never asked for: the bound is reached first
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec", input="customfield_10016\n")
    assert code == 1
    assert len(api.requests) == 3 and len(api.replies) == 1
    third = api.bodies()[2]["messages"][0]["content"]
    texts = [block["text"] for block in third]
    assert any("<answer>\ncustomfield_10016\n</answer>" in t for t in texts)
    assert any(f"<draft>\n{broken('comma')}</draft>" in t for t in texts)  # the draft under repair is kept
    assert "after 1 repair (3 calls, the most one request may use)" in err
    assert Path("bugs.draft.appspec").exists()


def test_four_rounds_of_questions_stop_at_three_calls_and_show_the_last(api: FakeApi) -> None:
    for round_ in range(1, 5):
        data = body("question.json")
        data["content"][0]["input"]["questions"] = [f"Question of round {round_}?"]
        api.answer(data)
    code, out, err = run("new", REQUEST, input="one\ntwo\nthree\n")
    assert code == 1
    assert len(api.requests) == 3 and len(api.replies) == 1  # no fourth call
    assert "Question of round 3?" in out  # the last questions are shown …
    assert "Claude still has questions after 3 calls, the most one request may use" in err
    assert "No answer given" not in err  # … and not blamed on the user, who answered twice
    assert out.count("your answer") == 2


def test_an_unanswered_question_writes_nothing_and_says_so(api: FakeApi) -> None:
    api.ok("question.json")
    code, _, err = run("new", REQUEST, "-o", "p.appspec", input="")
    assert code == 1
    assert "No answer given; nothing was written. Run again with a more specific request." in err
    assert not Path("p.appspec").exists()


def test_help_states_the_bound() -> None:
    for command in ("new", "chat"):
        code, out, _ = run(command, "--help")
        text = " ".join(out.split())
        assert code == 0
        assert "At most 3 calls to Claude per request: the first and up to 2 repairs" in text
        assert "retried at most 2 times" in text and "--timeout" in text


# ---------------------------------------------------------------------------------------------
# A server that never answers (a real socket), and progress on a stream that is not a terminal


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A loopback server that accepts connections and never answers; yields its base URL."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def test_a_server_that_never_answers_fails_after_the_configured_timeout(
    silent_server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(config.API_KEY_ENV, API_KEY)
    monkeypatch.setenv(config.BASE_URL_ENV, silent_server)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setattr(service, "load_docs", stable_docs)
    monkeypatch.setattr(config, "PROGRESS_INTERVAL_SECONDS", 0.3)
    started = time.monotonic()
    code, _, err = run("new", REQUEST, "--timeout", "1.5")
    elapsed = time.monotonic() - started
    assert code == 2
    assert 1.4 < elapsed < 6, elapsed  # one attempt: a timed-out answer is not retried
    assert "did not answer within 1.5 s" in one_message(err)
    assert "asking Claude (call 1 of at most 3)…" in err
    assert "still waiting for Claude (" in err  # progress even though stderr is not a terminal


def test_progress_on_a_terminal_redraws_one_line_with_the_seconds() -> None:
    from io import StringIO

    from forgewright.assistant.progress import Progress

    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    progress = Progress(screen)
    with progress.waiting("asking Claude…"):
        time.sleep(0.35)
    text = screen.getvalue()
    assert "\r| asking Claude… 0 s" in text and text.endswith("\r\x1b[K")
    assert "\n" not in text  # redrawn in place, then cleared


# ---------------------------------------------------------------------------------------------
# Settings


def test_a_bad_timeout_setting_is_a_usage_problem(api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.TIMEOUT_ENV, "soon")
    code, _, err = run("new", REQUEST)
    assert code == 2 and "FORGEWRIGHT_TIMEOUT='soon' is not a number of seconds" in one_message(err)
    code, _, err = run("new", REQUEST, "--timeout", "0")
    assert code == 2 and "--timeout" in err
    assert api.requests == []


def test_ctrl_c_in_new_keeps_the_draft_so_far(api: FakeApi) -> None:
    api.ok("spec_invalid.json").fail(KeyboardInterrupt())
    code, _, err = run("new", REQUEST, "-o", "bugs.appspec")
    assert code == 130
    assert "Interrupted; saved the draft as bugs.draft.appspec." in err
    assert Path("bugs.draft.appspec").read_text(encoding="utf-8") == spec_of("spec_invalid.json")
