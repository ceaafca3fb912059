"""The preview page in a real headless Chromium: it loads with no console messages at all, every module
renders with content, and a screenshot per example lands in test-artifacts/preview/ (git-ignored).

Chromium comes from Debian (``apt-get install -y --no-install-recommends chromium``) and is driven through
its command line only (``--dump-dom``, ``--screenshot``, ``--enable-logging=stderr``): no extra Python
dependency. Under CI (env ``CI`` set) a missing browser fails the test; locally it is skipped loudly
(a warning and a skip reason in the summary). ``FORGEWRIGHT_CHROMIUM`` may name another binary.
"""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from compiler.plan import build_plan
from targets.preview import render_preview
from tests.browser.chromium import find_chromium
from tests.review.support import EXAMPLES, ROOT, load

ARTIFACTS = ROOT / "test-artifacts" / "preview"
HOSTILE = ROOT / "tests" / "review" / "specs" / "hostile.appspec"
SPECS = [*EXAMPLES, HOSTILE]
TIMEOUT = 90


@pytest.fixture(scope="module")
def chromium() -> str:
    return find_chromium()


def _run(browser: str, profile: Path, page: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    args = [
        browser,
        "--headless",
        "--no-sandbox",  # CI containers run as root
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # the page must need no network; make sure it gets none
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=3000",
        *flags,
        page.as_uri(),
    ]
    return subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT, check=False)


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


class _Modules(HTMLParser):
    """Text inside each ``data-module`` element and the views it holds, from the browser's DOM."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: dict[str, list[str]] = {}
        self.views: dict[str, int] = {}
        self.stack: list[tuple[str, str | None]] = []
        self.scripts = 0

    def _current(self) -> str | None:
        return next((key for _, key in reversed(self.stack) if key), None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        key = found.get("data-module")
        if tag == "script":
            self.scripts += 1
        if key is not None:
            self.text.setdefault(key, [])
            self.views.setdefault(key, 0)
        current = key or self._current()
        if current is not None and tag in ("figure", "form"):
            self.views[current] += 1
        if tag not in _VOID:
            self.stack.append((tag, key))

    def handle_endtag(self, tag: str) -> None:
        if all(open_tag != tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        current = self._current()
        if current is not None and data.strip():
            self.text[current].append(data.strip())


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_preview_renders_in_chromium(spec: Path, chromium: str, tmp_path: Path) -> None:
    app = load(spec)
    page = tmp_path / f"{spec.stem}.html"
    page.write_text(render_preview(build_plan(app)), encoding="utf-8")

    dom_run = _run(chromium, tmp_path / "profile-dom", page, "--dump-dom")
    assert dom_run.returncode == 0, dom_run.stderr[-2000:]
    console = [line for line in dom_run.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], "the page logged to the console:\n" + "\n".join(console)
    modules = _Modules()
    modules.feed(dom_run.stdout)
    assert modules.scripts == 1
    assert list(modules.text) == [m.key.value for m in app.modules]
    for module in app.modules:
        key = module.key.value
        assert module.title.value in " ".join(modules.text[key]), key
        assert modules.views[key] >= max(1, len(module.views)), key

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{spec.stem}.png"
    shot.unlink(missing_ok=True)
    height = 700 + 1000 * len(app.modules)
    shot_run = _run(
        chromium,
        tmp_path / "profile-shot",
        page,
        "--hide-scrollbars",
        f"--window-size=1280,{height}",
        f"--screenshot={shot}",
    )
    assert shot_run.returncode == 0, shot_run.stderr[-2000:]
    assert [line for line in shot_run.stderr.splitlines() if ":CONSOLE" in line] == []
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
