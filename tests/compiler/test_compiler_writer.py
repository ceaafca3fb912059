"""The atomic writer: all or nothing, stale files removed, foreign folders refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compiler.drafts import FileDraft
from compiler.lock import LOCK_FILE
from forgewright.writer import WriteError, write_drafts


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file()}


def test_writes_exactly_the_drafts_and_removes_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "app"
    write_drafts([FileDraft(LOCK_FILE, "{}\n"), FileDraft("a.txt", "1\n"), FileDraft("src/old.js", "x\n")], out)
    write_drafts([FileDraft(LOCK_FILE, "{}\n"), FileDraft("src/new.js", "y\n")], out)
    assert tree(out) == {LOCK_FILE: "{}\n", "src/new.js": "y\n"}
    assert [p.name for p in tmp_path.iterdir()] == ["app"]  # no temporary folders left behind


def test_failure_keeps_the_previous_build(tmp_path: Path) -> None:
    out = tmp_path / "app"
    write_drafts([FileDraft(LOCK_FILE, "{}\n"), FileDraft("a.txt", "old\n")], out)
    with pytest.raises(WriteError):
        write_drafts([FileDraft(LOCK_FILE, "{}\n"), FileDraft("a.txt", "new\n"), FileDraft("../escape", "x")], out)
    assert tree(out) == {LOCK_FILE: "{}\n", "a.txt": "old\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app"]


def test_failure_during_the_swap_restores_the_previous_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "app"
    write_drafts([FileDraft(LOCK_FILE, "{}\n"), FileDraft("a.txt", "old\n")], out)
    real_rename = os.rename

    def flaky(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(src).name.startswith(".app.new-"):
            raise OSError(28, "No space left on device")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", flaky)
    with pytest.raises(WriteError, match="No space left"):
        write_drafts([FileDraft(LOCK_FILE, "{}\n"), FileDraft("a.txt", "new\n")], out)
    assert tree(out) == {LOCK_FILE: "{}\n", "a.txt": "old\n"}


def test_refuses_a_non_empty_folder_without_a_lock(tmp_path: Path) -> None:
    out = tmp_path / "app"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(WriteError, match="not made by forgewright"):
        write_drafts([FileDraft(LOCK_FILE, "{}\n")], out)
    assert tree(out) == {"mine.txt": "keep"}


def test_an_empty_folder_is_fine(tmp_path: Path) -> None:
    out = tmp_path / "app"
    out.mkdir()
    write_drafts([FileDraft(LOCK_FILE, "{}\n")], out)
    assert tree(out) == {LOCK_FILE: "{}\n"}


def test_writes_lf_endings(tmp_path: Path) -> None:
    out = tmp_path / "app"
    write_drafts([FileDraft(LOCK_FILE, "a\nb\n")], out)
    assert (out / LOCK_FILE).read_bytes() == b"a\nb\n"
