"""Fixtures for the studio: a served studio on a spec in a temporary folder, and the stand-in model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from forgewright.assistant import config
from tests.assistant.conftest import api  # noqa: F401 - the stand-in Anthropic API, shared with the assistant tests
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
