"""The deploy token is masked in every form output may carry it (issue 16, defect 10).

A form counts as masked when no run of IDENTIFYING_RUN characters of it is left in the output (read
across line breaks); the fixed tokens below contain the characters each encoding changes.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from urllib.parse import quote, quote_plus

import pytest
from click.testing import CliRunner
from deploy_support import EMAIL, SITE, TOKEN, Workspace

from forgewright.cli import cli
from forgewright.deploy.redact import IDENTIFYING_RUN, MASK, Redactor
from forgewright.deploy.secrets import Credentials

# an Atlassian-like token, and one with what JSON and URLs escape: quote, backslash, slash, non-ASCII
TOKENS = [TOKEN, 'tok"en\\with/ünïcode+and=more-0123456789']


def b64(data: bytes, urlsafe: bool = False) -> str:
    return (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(data).decode("ascii")


FORMS: dict[str, Callable[[str], str]] = {
    "plain": lambda t: t,
    "url-encoded": lambda t: quote(t, safe=""),
    "url-encoded, slash kept": lambda t: quote(t),
    "form-encoded": quote_plus,
    "url-encoded, lower-case hex": lambda t: re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote(t, safe="")),
    "json string": lambda t: json.dumps(t)[1:-1],
    "json string, unicode kept": lambda t: json.dumps(t, ensure_ascii=False)[1:-1],
    "json string, slash escaped": lambda t: json.dumps(t)[1:-1].replace("/", "\\/"),
    "base64": lambda t: b64(t.encode()),
    "base64 after one byte": lambda t: b64(b"{" + t.encode()),
    "base64 after two bytes": lambda t: b64(b'{"' + t.encode()),
    "base64url": lambda t: b64(t.encode(), urlsafe=True),
    "basic auth": lambda t: b64(f"{EMAIL}:{t}".encode()),
    "hex": lambda t: t.encode().hex(),
    "wrapped over lines": lambda t: "\n".join(t[i : i + 9] for i in range(0, len(t), 9)),
    "wrapped with indentation and CRLF": lambda t: "\r\n      ".join(t[i : i + 11] for i in range(0, len(t), 11)),
    "prefix": lambda t: t[:12] + "…",
    "suffix": lambda t: "…" + t[-12:],
    "middle": lambda t: t[5:25],
}


def leaked_runs(output: str, form: str) -> list[str]:
    """Runs of IDENTIFYING_RUN characters of ``form`` still readable in ``output`` (line breaks removed)."""
    joined = re.sub(r"\r?\n[ \t]*", "", output)
    return [
        form[i : i + IDENTIFYING_RUN]
        for i in range(len(form) - IDENTIFYING_RUN + 1)
        if form[i : i + IDENTIFYING_RUN] in joined
    ]


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("form", FORMS)
def test_every_form_is_masked(token: str, form: str) -> None:
    shown = FORMS[form](token)
    redact = Credentials(EMAIL, token).redactor()
    output = redact(f"before {shown} after\nnext line")
    assert MASK in output
    assert output.startswith("before ") and output.endswith(" after\nnext line")  # the text around is kept
    for encoded in {shown, token, *[FORMS[f](token) for f in ("url-encoded", "base64", "json string")]}:
        assert leaked_runs(output, re.sub(r"\r?\n[ \t]*", "", encoded)) == [], (form, output)


def test_ordinary_text_and_short_runs_are_left_alone() -> None:
    redact = Credentials(EMAIL, TOKEN).redactor()
    text = "npm warn deprecated inflight@1.0.6\nInstalling the app on acme.atlassian.net … done (100%)\n"
    assert redact(text) == text
    assert redact(f"starts with {TOKEN[: IDENTIFYING_RUN - 1]}") == f"starts with {TOKEN[: IDENTIFYING_RUN - 1]}"
    assert Redactor(["ab"])("ab cd") == "ab cd"  # too short to be a secret: nothing masked
    assert Redactor(["abcd"])("x abcd y abc") == f"x {MASK} y abc"  # a short secret: only whole


def test_several_occurrences_and_forms_in_one_text() -> None:
    redact = Credentials(EMAIL, TOKEN).redactor()
    pieces = [FORMS[name](TOKEN) for name in ("plain", "basic auth", "hex", "prefix")]
    output = redact(" | ".join(pieces))
    assert output.count(MASK) == len(pieces) and output.count(" | ") == len(pieces) - 1


def test_a_token_written_in_chunks_to_stdout_and_stderr_is_masked(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fake Forge CLI writes the token in small flushed pieces, alternating between its stdout and
    stderr, wrapped over lines, and fails: the step's output is shown, and must carry no run of it."""
    ws = workspace
    monkeypatch.setenv("FAKE_LEAK", "chunks")
    monkeypatch.setenv("FAKE_FAIL", "settings")
    result = CliRunner().invoke(cli, ["deploy", str(ws.build), "--site", SITE, "--spec", str(ws.spec), "--yes"])
    assert result.exit_code == 1
    assert "step failed: Turn off Forge CLI usage analytics" in result.output and MASK in result.output
    for form in ("plain", "base64", "url-encoded"):
        assert leaked_runs(result.output, FORMS[form](TOKEN)) == [], result.output
