"""Fixtures for the deploy tests (the helpers and the fake tools live in deploy_support)."""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from deploy_support import EMAIL, NEW_APP_ID, SPEC_TEXT, TOKEN, Workspace, install_tool, make_build


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """A spec, its build, a HOME, a TMPDIR and fake tools, all under tmp_path; the environment points at them."""
    root = tmp_path
    spec_dir, home, tmp, bin_dir = root / "specs", root / "home", root / "tmp", root / "bin"
    for d in (spec_dir, home, tmp, bin_dir):
        d.mkdir()
    spec = spec_dir / "overdue.appspec"
    spec.write_text(SPEC_TEXT, encoding="utf-8")
    build = root / "build"
    make_build(build, spec)
    for name in ("forge", "npm", "npx"):
        install_tool(bin_dir, name)
    record = root / "record.jsonl"
    env = {
        "PATH": str(bin_dir),
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "FAKE_RECORD": str(record),
        "FAKE_APP_ID": NEW_APP_ID,
        "FORGE_EMAIL": EMAIL,
        "FORGE_API_TOKEN": TOKEN,
    }
    for key in list(os.environ):
        if key.startswith(("FAKE_", "FORGE_", "XDG_")):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr("tempfile.tempdir", None)
    # as in CI: no terminal, even when pytest runs with -s in one (tests that need one patch this back)
    monkeypatch.setattr("forgewright.commands.deploy.stdin_is_terminal", lambda: False)
    yield Workspace(root, spec, build, home, tmp, bin_dir, record, env)


@pytest.fixture
def fake_rebuild(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, Path]]:
    """Stands in for forgewright.commands.build (the compiler's entry point) and records its calls."""
    calls: list[tuple[Path, Path]] = []

    def build_spec_file(spec_path: Path, out_dir: Path) -> None:
        calls.append((spec_path, out_dir))
        make_build(out_dir, spec_path)

    module = types.ModuleType("forgewright.commands.build")
    module.build_spec_file = build_spec_file  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "forgewright.commands.build", module)
    return calls
