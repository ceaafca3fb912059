"""Fixtures for the studio: a served studio on a spec in a temporary folder, and the stand-in model."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from forgewright.assistant import config
from tests.assistant.conftest import api  # noqa: F401 - the stand-in Anthropic API, shared with the assistant tests
from tests.deploy.deploy_support import NEW_APP_ID, install_tool
from tests.studio.support import SPEC, Running, start_studio


@pytest.fixture(autouse=True)
def lock_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Studio locks under tmp_path, never in the real runtime folder."""
    folder = tmp_path / "run"
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


@pytest.fixture
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.API_KEY_ENV, raising=False)


@pytest.fixture
def spec_file(tmp_path: Path) -> Path:
    folder = tmp_path / "specs"
    folder.mkdir()
    spec = folder / "open-bugs.appspec"
    spec.write_text(SPEC, encoding="utf-8")
    return spec


@pytest.fixture
def studio(spec_file: Path, tmp_path: Path, no_key: None) -> Iterator[Running]:
    """A studio on ``spec_file``, without an API key."""
    running = start_studio(spec_file, tmp_path)
    yield running
    running.stop()


@pytest.fixture
def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Fake forge, npm and npx first on PATH; HOME and the record of their calls under tmp_path."""
    bin_dir, home = tmp_path / "bin", tmp_path / "home"
    bin_dir.mkdir()
    home.mkdir()
    for name in ("forge", "npm", "npx"):
        install_tool(bin_dir, name)
    for key in list(os.environ):
        if key.startswith(("FAKE_", "FORGE_", "XDG_CONFIG")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("FAKE_RECORD", str(tmp_path / "record.jsonl"))
    monkeypatch.setenv("FAKE_APP_ID", NEW_APP_ID)
    yield tmp_path / "record.jsonl"
