"""The studio in a real browser: Debian's Chromium, driven by Playwright for Python (its driver ships in the
wheel; no browser is downloaded). End to end, as a person would use it:

type a request → the stand-in model asks a question, answered in the page → the spec, the preview and
the scopes appear → a second turn shows the scope change and the consent note → undo and redo (the file
follows) → a hand edit with an error shows the diagnostic at its place → a fix saved → an edit made
outside the studio shows up → the app downloads as a zip → a deploy with fake ``forge`` and ``npm``
shows its steps, and afterwards the token is in no file, log, page or response.

And the refusals, from the browser: a page without the secret, an address whose host name was made to
resolve to 127.0.0.1 (DNS rebinding), and another local page posting to the studio. A screenshot of
each state goes to test-artifacts/studio/ (git-ignored).
"""

from __future__ import annotations

import http.server
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Response, expect, sync_playwright

from tests.assistant.conftest import FakeApi
from tests.browser.chromium import find_chromium
from tests.deploy.deploy_support import EMAIL, NEW_APP_ID, SITE, TOKEN, files_containing
from tests.review.support import ROOT
from tests.studio.support import SPEC, Running, start_studio

ARTIFACTS = ROOT / "test-artifacts" / "studio"
TIMEOUT_MS = 20_000
expect.set_options(timeout=TIMEOUT_MS)  # generous: CI machines are shared; a passing check returns at once


@pytest.fixture
def browser() -> Iterator[Browser]:
    executable = find_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            # root in CI containers; and one host name that resolves to this machine, as a rebinding attacker's would
            args=["--no-sandbox", "--host-resolver-rules=MAP evil.test 127.0.0.1"],
        )
        yield launched
        launched.close()


class Shots:
    """Numbered screenshots of one test's states."""

    def __init__(self, page: Page, prefix: str) -> None:
        self.page, self.prefix, self.count = page, prefix, 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for old in ARTIFACTS.glob(f"{prefix}-*.png"):
            old.unlink()

    def __call__(self, name: str) -> None:
        self.count += 1
        self.page.screenshot(path=ARTIFACTS / f"{self.prefix}-{self.count:02d}-{name}.png")


def _open(browser: Browser, studio: Running) -> tuple[Page, list[str], list[Response]]:
    """The studio's page, as the printed address opens it; what the page logged, and every response."""
    page = browser.new_context(viewport={"width": 1500, "height": 950}, accept_downloads=True).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    problems: list[str] = []
    responses: list[Response] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda response: responses.append(response))
    page.goto(studio.url)
    page.wait_for_selector("body[data-ready=true]")
    assert page.url == f"{studio.origin}/"  # the secret left the address bar
    return page, problems, responses


def _send(page: Page, message: str) -> None:
    page.fill("#chat-input", message)
    page.click("#chat-send")


def _applied(page: Page, count: int) -> None:
    expect(page.locator("article.turn[data-status=applied]")).to_have_count(count)


def _editor_text(page: Page) -> str:
    value: str = page.input_value("#source")
    return value


def test_build_an_app_by_chatting_editing_and_deploying(
    browser: Browser, api: FakeApi, tools: Path, tmp_path: Path
) -> None:
    spec = tmp_path / "specs" / "open-bugs.appspec"
    studio = start_studio(spec, tmp_path)
    try:
        page, problems, responses = _open(browser, studio)
        shot = Shots(page, "flow")
        expect(page.locator("#status")).to_have_text("saved")
        shot("opened")

        # a request; Claude asks a question, answered in the page; the spec, preview and scopes appear
        api.ok("question.json").ok("spec_valid.json")
        _send(page, "A gadget with the open bugs of a project I pick")
        question = page.locator("article.turn .question")
        expect(question).to_contain_text("customfield")
        shot("question")
        question.locator("textarea").fill("customfield_10016")
        question.locator("button", has_text="Answer").click()
        _applied(page, 1)
        assert 'app "Open Bugs"' in _editor_text(page)
        assert spec.read_text(encoding="utf-8") == _editor_text(page)
        expect(page.frame_locator("#preview").locator("[data-module=open_bugs]")).to_contain_text("Open bugs")
        expect(page.locator("article.turn").first).to_contain_text("read:jira-work")
        shot("first-turn")
        page.click("[data-tab=scopes]")
        expect(page.locator("#scopes")).to_contain_text("read:jira-work")
        expect(page.locator("#scopes")).to_contain_text("open_bugs: search the issues")
        shot("scopes")
        page.click("[data-tab=audit]")
        expect(page.locator("#audit")).to_contain_text("the viewing user (asUser)")
        expect(page.locator("#cost table tr")).to_have_count(4)  # the cost the audit states: a row per size
        expect(page.locator("#cost")).to_contain_text("100000")
        shot("audit")

        # a second turn changes the scopes: the change, its reasons and the consent note
        api.ok("chat_turn2.json")
        _send(page, "use granular scopes")
        _applied(page, 2)
        second = page.locator("article.turn").nth(1)
        expect(second.locator(".consent")).to_contain_text("site admin")
        expect(second.locator(".scope-change.removed")).to_contain_text("read:jira-work")
        expect(page.locator("#scopes")).to_contain_text("granular style")
        shot("scope-change")

        # undo and redo: the editor, the file and the turn follow
        page.click("#undo")
        expect(page.locator("#version")).to_contain_text("version 2")
        assert "granular" not in _editor_text(page) and "granular" not in spec.read_text(encoding="utf-8")
        expect(second).to_have_class("turn undone")
        shot("undone")
        page.click("#redo")
        expect(page.locator("#version")).to_contain_text("version 3")
        assert "scopes granular" in spec.read_text(encoding="utf-8")
        expect(second).to_have_class("turn")

        # a hand edit with an error: marked where it is, explained in a bubble right below it
        valid = _editor_text(page)
        page.fill("#source", valid.replace("priority }", "priorty }"))
        mark = page.locator("#backdrop .mark-error")
        expect(mark).to_have_text("priorty")
        expect(page.locator("#summary")).to_have_text("1 error, 0 warnings")
        expect(page.locator("#status")).to_have_text("unsaved edits")
        line = valid[: valid.index("priority }")].count("\n") + 1
        expect(page.locator("#gutter .error")).to_have_text(str(line))
        page.locator("#diagnostics li").first.click()
        bubble = page.locator("#bubble")
        expect(bubble).to_contain_text("unknown field")
        expect(bubble).to_contain_text("hint: did you mean `priority`?")
        under, box = mark.bounding_box(), bubble.bounding_box()
        assert under is not None and box is not None
        assert 0 <= box["y"] - (under["y"] + under["height"]) <= 8  # right below the marked text
        assert box["x"] <= under["x"] <= box["x"] + box["width"]  # and under it (moved left only to fit)
        expect(page.locator("#stale")).to_contain_text("the views show its last valid version")
        shot("diagnostic")

        # the fix, saved with Ctrl+S; then an edit made outside the studio shows up
        page.fill("#source", valid.replace("limit 50", "limit 40"))
        page.press("#source", "Control+s")
        expect(page.locator("#status")).to_have_text("saved")
        assert "limit 40" in spec.read_text(encoding="utf-8")
        spec.write_text(spec.read_text(encoding="utf-8").replace("limit 40", "limit 30"), encoding="utf-8")
        expect(page.locator("#version")).to_contain_text("edited outside the studio")
        assert "limit 30" in _editor_text(page)
        shot("edited-outside")

        # build: the zip
        page.click("[data-tab=build]")
        with page.expect_download() as download:
            page.click("#build-zip")
        with zipfile.ZipFile(download.value.path()) as archive:
            assert "open-bugs/manifest.yml" in archive.namelist()
        assert download.value.suggested_filename == "open-bugs.zip"

        # deploy: the review first, then the steps live; the token leaves the page at once
        page.click("[data-tab=deploy]")
        page.fill("#deploy-site", SITE)
        page.click("#deploy-review")
        expect(page.locator("#deploy-review-text")).to_contain_text("will be granted these")
        expect(page.locator("#deploy-run")).to_be_disabled()
        page.click("#deploy-manual")
        expect(page.locator("#deploy-manual-text")).to_contain_text("forge deploy -e development --non-interactive")
        shot("review")
        page.check("#deploy-ok")
        page.fill("#deploy-email", EMAIL)
        page.fill("#deploy-token", TOKEN)
        page.click("#deploy-run")
        assert page.input_value("#deploy-token") == ""
        expect(page.locator("#deploy-result")).to_have_text("Deployed.", timeout=60_000)
        expect(page.locator("#deploy-steps li.done")).to_have_count(7)
        expect(page.locator("#deploy-log")).to_contain_text("Done:")
        expect(page.locator("#version")).to_contain_text("the deploy wrote the app id into the spec")
        assert NEW_APP_ID in _editor_text(page)
        shot("deployed")

        _no_token_anywhere(page, responses, studio, tmp_path)
        assert problems == []
    finally:
        studio.stop()


def _no_token_anywhere(page: Page, responses: list[Response], studio: Running, root: Path) -> None:
    """After the deploy: the token in no file, log, page, field or response."""
    assert TOKEN not in page.content()
    values = page.evaluate("() => [...document.querySelectorAll('input, textarea')].map((e) => e.value)")
    assert all(TOKEN not in value for value in values)
    bodies = [_body(r) for r in responses]
    assert len(bodies) > 20 and all(TOKEN.encode() not in body for body in bodies)
    assert all(TOKEN not in line for line in studio.log)
    assert files_containing(root, TOKEN.encode()) == []


def _body(response: Response) -> bytes:
    try:
        return response.body()
    except Exception:  # a redirect, or a download the browser kept: no body to look at
        return b""


class _OtherPage(http.server.BaseHTTPRequestHandler):
    """Another local web page (another port of 127.0.0.1: the same site, another origin)."""

    target = ""

    def do_GET(self) -> None:
        script = f"""
            fetch("{self.target}/api/save", {{method: "POST", mode: "no-cors", credentials: "include",
              headers: {{"content-type": "text/plain"}}, body: JSON.stringify({{text: "hijacked", base: 1}})}})
              .finally(() => fetch("{self.target}/api/state", {{credentials: "include"}}).catch(() => null))
              .finally(() => {{ document.title = "sent"; }});
        """
        body = f"<!doctype html><title>other</title><script>{script}</script>".encode()
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve_other_page(target: str) -> Callable[[], None]:
    handler = type("OtherPage", (_OtherPage,), {"target": target})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.shutdown, f"http://127.0.0.1:{server.server_port}/"  # type: ignore[return-value]


def test_the_browser_cannot_reach_the_studio_without_the_secret_or_from_elsewhere(
    browser: Browser, spec_file: Path, no_key: None, tmp_path: Path
) -> None:
    studio = start_studio(spec_file, tmp_path)
    try:
        page = browser.new_context(viewport={"width": 1000, "height": 400}).new_page()
        page.set_default_timeout(TIMEOUT_MS)
        shot = Shots(page, "refused")
        answer = page.goto(f"{studio.origin}/")
        assert answer is not None and answer.status == 403
        expect(page.locator("body")).to_contain_text("needs its session secret")
        shot("no-secret")

        rebound = page.goto(f"http://evil.test:{studio.port}/?secret={studio.secret}")
        assert rebound is not None and rebound.status == 403
        expect(page.locator("body")).to_contain_text("it names another host")
        shot("foreign-host")

        page.goto(studio.url)  # now the browser holds the cookie; another local page tries to use it
        page.wait_for_selector("body[data-ready=true]")
        expect(page.locator("#chat-off")).to_contain_text("export ANTHROPIC_API_KEY=")
        stop, other = _serve_other_page(studio.origin)
        try:
            page.goto(other)
            expect(page).to_have_title("sent")
        finally:
            stop()
        refusals = [line for line in studio.log if line.startswith("refused POST /api/save")]
        assert refusals == ["refused POST /api/save: it comes from another page (Origin header)"]
        assert any(line.startswith("refused GET /api/state") for line in studio.log)
        assert spec_file.read_text(encoding="utf-8") == SPEC
    finally:
        studio.stop()
