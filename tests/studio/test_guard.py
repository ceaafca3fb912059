"""Only the studio's own page, in the browser that opened the printed address, gets answers.

Each rule is shown to bite: the same request passes with the right header and is refused (403, and
nothing changes) with the wrong one. Refusals are logged in one line, without the query (which may
hold the secret), the headers or the body.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.studio.support import SPEC, Running

SAVE = {"text": SPEC.replace("limit 50", "limit 7"), "base": 1}


def test_the_printed_address_trades_its_secret_for_a_strict_cookie(studio: Running) -> None:
    assert studio.url.startswith(f"http://127.0.0.1:{studio.port}/?secret=")
    answer = studio.request("GET", f"/?secret={studio.secret}", cookie=False, origin=False)
    assert answer.status == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"forgewright-studio-{studio.port}={studio.secret};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    page = studio.request("GET", "/", origin=False)
    assert page.status == 200 and b"forgewright studio" in page.body
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store" and page.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(
    ("path", "cookie", "why"),
    [
        ("/", False, "no session secret"),
        ("/api/state", False, "no session secret"),
        ("/?secret=not-the-secret", False, "wrong session secret"),
        (None, False, "no session secret"),  # the secret on another path than / does not count
    ],
)
def test_without_the_secret_nothing_is_answered(studio: Running, path: str | None, cookie: bool, why: str) -> None:
    path = path if path is not None else f"/api/state?secret={studio.secret}"
    answer = studio.request("GET", path, cookie=cookie, origin=False)
    assert answer.status == 403 and b"secret" in answer.body
    assert studio.log[-1].endswith(why)
    assert all(studio.secret not in line for line in studio.log)


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({"Host": "evil.example:80"}, "another host"),
        ({"Host": "127.0.0.1:1"}, "another host"),  # another port is another server
        ({"Origin": "http://evil.example"}, "another page (Origin"),
        ({"Origin": "http://127.0.0.1:1"}, "another page (Origin"),  # a page of another local server
        ({"Origin": "null"}, "another page (Origin"),  # a sandboxed frame, such as the preview
        ({"Sec-Fetch-Site": "cross-site"}, "Sec-Fetch-Site"),
        ({"Sec-Fetch-Site": "same-site"}, "Sec-Fetch-Site"),  # another port of 127.0.0.1 is the same site
    ],
)
def test_foreign_hosts_origins_and_pages_are_refused(
    studio: Running, spec_file: Path, headers: dict[str, str], why: str
) -> None:
    assert studio.request("POST", "/api/save", SAVE, headers=headers).status == 403
    assert studio.request("GET", "/api/state", headers=headers).status == 403
    assert why in studio.log[-1] and studio.log[-1].startswith("refused GET /api/state: ")
    assert spec_file.read_text(encoding="utf-8") == SPEC  # the save never reached the project


def test_a_change_without_an_origin_is_refused_and_with_the_page_s_origin_accepted(
    studio: Running, spec_file: Path
) -> None:
    assert studio.request("POST", "/api/save", SAVE, origin=False).status == 403
    assert "no Origin header" in studio.log[-1]
    assert spec_file.read_text(encoding="utf-8") == SPEC
    same = {
        "Sec-Fetch-Site": "same-origin",
        "Host": f"localhost:{studio.port}",
        "Origin": f"http://localhost:{studio.port}",
    }
    saved = studio.request("POST", "/api/save", SAVE, headers=same)
    assert saved.status == 200, saved.text
    assert "limit 7" in spec_file.read_text(encoding="utf-8")
    assert all("limit 7" not in line for line in studio.log)  # bodies are never logged


def test_the_preview_is_sandboxed_even_when_opened_on_its_own(studio: Running) -> None:
    state = studio.api("GET", "/api/state")
    preview = studio.request("GET", state["views"]["preview"], origin=False)
    assert preview.status == 200 and b"Open bugs" in preview.body
    policy = preview.headers["content-security-policy"]
    assert "sandbox allow-scripts" in policy and "frame-ancestors 'self'" in policy and "connect-src" not in policy
    assert studio.request("GET", "/preview/" + "0" * 64, origin=False).status == 404


def test_the_cookie_is_found_among_other_local_apps_cookies(studio: Running) -> None:
    others = f'theme="dark;blue"; a b=c; {studio.cookie}; forgewright-studio-1=x'
    assert studio.request("GET", "/api/state", cookie=False, headers={"Cookie": others}).status == 200
    wrong = f"forgewright-studio-{studio.port}={studio.secret[:-1]}"
    assert studio.request("GET", "/api/state", cookie=False, headers={"Cookie": wrong}).status == 403


def test_bad_requests_get_one_clear_line(studio: Running) -> None:
    not_json = studio.request("POST", "/api/save", headers={"Content-Type": "application/json"})
    assert not_json.status == 400 and not_json.json() == {"error": "the request body is not JSON"}
    wrong = studio.request("POST", "/api/save", {"text": 3, "base": 1})
    assert wrong.status == 400 and wrong.json() == {"error": "text must be text"}
    huge = studio.request("POST", "/api/check", {"text": "x" * (3 * 1024 * 1024)})
    assert huge.status == 413
    assert studio.request("GET", "/api/nothing-here").status == 404
    after = studio.request("GET", "/api/events?after=soon")
    assert after.status == 400 and after.json() == {"error": "after must be a number"}
