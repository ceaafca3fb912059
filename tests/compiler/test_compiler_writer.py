"""The atomic writer: all or nothing, stale files removed, foreign folders refused, kills survived."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from compiler.drafts import FileDraft
from compiler.lock import LOCK_FILE
from forgewright.cli import cli
from forgewright.writer import WriteError, check_output_folder, write_drafts

TINY = """app "Tiny" {
  gadget g "Open work" {
    issues where "project = A"
    table { key, summary }
  }
}
"""


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file()}


def lock(*paths: str) -> FileDraft:
    """A lock listing ``paths`` (the writer only reads its file list; the digests need not match)."""
    data = {"format": 1, "app_name": "A", "spec_sha256": "0" * 64, "files": {p: "0" * 64 for p in paths}}
    return FileDraft(LOCK_FILE, json.dumps(data) + "\n")


def test_writes_exactly_the_drafts_and_removes_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "app"
    write_drafts([lock("a.txt", "src/old.js"), FileDraft("a.txt", "1\n"), FileDraft("src/old.js", "x\n")], out)
    write_drafts([lock("src/new.js"), FileDraft("src/new.js", "y\n")], out)
    assert tree(out) == {LOCK_FILE: lock("src/new.js").content, "src/new.js": "y\n"}
    assert [p.name for p in tmp_path.iterdir()] == ["app"]  # no temporary folders left behind


def test_failure_keeps_the_previous_build(tmp_path: Path) -> None:
    out = tmp_path / "app"
    write_drafts([lock("a.txt"), FileDraft("a.txt", "old\n")], out)
    with pytest.raises(WriteError):
        write_drafts([lock("a.txt"), FileDraft("a.txt", "new\n"), FileDraft("../escape", "x")], out)
    assert tree(out) == {LOCK_FILE: lock("a.txt").content, "a.txt": "old\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app"]


def test_failure_during_the_fallback_swap_restores_the_previous_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "app"
    write_drafts([lock("a.txt"), FileDraft("a.txt", "old\n")], out)
    real_rename = os.rename

    def flaky(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(src).name.startswith(".app.new-"):
            raise OSError(28, "No space left on device")
        real_rename(src, dst)

    monkeypatch.setattr("forgewright.writer.exchange", lambda first, second: False)  # a system without one
    monkeypatch.setattr(os, "rename", flaky)
    with pytest.raises(WriteError, match="No space left"):
        write_drafts([lock("a.txt"), FileDraft("a.txt", "new\n")], out)
    assert tree(out) == {LOCK_FILE: lock("a.txt").content, "a.txt": "old\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app"]


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
    write_drafts([lock()], out)
    assert tree(out) == {LOCK_FILE: lock().content}


def test_writes_lf_endings(tmp_path: Path) -> None:
    out = tmp_path / "app"
    write_drafts([FileDraft(LOCK_FILE, "a\nb\n")], out)
    assert (out / LOCK_FILE).read_bytes() == b"a\nb\n"


# --- ownership: a build replaces only what the last build wrote (issue 16, defect 4) -----------------------------


def previous_build(out: Path) -> None:
    write_drafts([lock("a.txt", "src/b.js"), FileDraft("a.txt", "1\n"), FileDraft("src/b.js", "2\n")], out)


@pytest.mark.parametrize(
    ("stray", "named"),
    [
        ("notes.txt", "notes.txt"),  # beside the build's files
        ("src/mine.js", "src/mine.js"),  # inside one of its folders
        (".forge-state", ".forge-state"),  # tool state is not the build's either
        ("src/node_modules/x/index.js", "src/node_modules/x/index.js"),  # only the top-level one is npm's
        ("empty-folder/", "empty-folder"),  # an empty folder the build did not make
    ],
)
def test_refuses_to_replace_files_the_last_build_did_not_write(tmp_path: Path, stray: str, named: str) -> None:
    out = tmp_path / "app"
    previous_build(out)
    path = out / stray.rstrip("/")
    if stray.endswith("/"):
        path.mkdir()
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("mine\n", encoding="utf-8")
    before = tree(out)
    with pytest.raises(WriteError, match=f"holds 1 file\\(s\\) that its last build did not write \\({named}\\)"):
        write_drafts([lock("a.txt"), FileDraft("a.txt", "new\n")], out)
    assert tree(out) == before and path.exists()


def test_replaces_a_previous_build_with_npm_artifacts_and_edited_listed_files(tmp_path: Path) -> None:
    out = tmp_path / "app"
    previous_build(out)
    (out / "node_modules" / "@forge" / "api").mkdir(parents=True)
    (out / "node_modules" / "@forge" / "api" / "index.js").write_text("x", encoding="utf-8")
    (out / "package-lock.json").write_text("{}", encoding="utf-8")
    (out / "src" / "b.js").write_text("hand edit\n", encoding="utf-8")  # listed: the build's own file
    (out / "a.txt").unlink()  # a listed file gone leaves nothing foreign
    write_drafts([lock("a.txt"), FileDraft("a.txt", "new\n")], out)
    assert tree(out) == {LOCK_FILE: lock("a.txt").content, "a.txt": "new\n"}


def test_a_symlinked_package_lock_or_node_modules_is_not_npm_s(tmp_path: Path) -> None:
    out = tmp_path / "app"
    previous_build(out)
    (out / "node_modules").symlink_to(tmp_path)
    with pytest.raises(WriteError, match=r"\(node_modules\)"):
        check_output_folder(out)


def test_unreadable_or_foreign_locks_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "app"
    previous_build(out)
    (out / LOCK_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(WriteError, match="cannot tell which files are its own"):
        check_output_folder(out)
    (out / LOCK_FILE).write_text(json.dumps({"format": 1, "files": {"a.txt": "0" * 64}}), encoding="utf-8")
    with pytest.raises(WriteError, match="cannot tell which files are its own"):
        check_output_folder(out)


def test_a_file_where_the_folder_should_be_is_refused(tmp_path: Path) -> None:
    (tmp_path / "app").write_text("x", encoding="utf-8")
    with pytest.raises(WriteError, match="exists and is not a folder"):
        write_drafts([lock()], tmp_path / "app")


def spec_file(folder: Path, text: str = TINY) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    spec = folder / "app.appspec"
    spec.write_text(text, encoding="utf-8")
    return spec


def test_never_replaces_the_folder_holding_the_spec_or_an_ancestor(tmp_path: Path) -> None:
    spec = spec_file(tmp_path / "mine" / "specs")
    for folder in (spec.parent, spec.parent.parent, tmp_path):
        with pytest.raises(WriteError, match="holds the spec"):
            check_output_folder(folder, spec)
    check_output_folder(spec.parent / "build", spec)  # a folder inside the spec's folder is fine
    check_output_folder(tmp_path / "elsewhere", spec)


def test_the_spec_is_protected_through_symbolic_links(tmp_path: Path) -> None:
    spec = spec_file(tmp_path / "real")
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    with pytest.raises(WriteError, match="holds the spec"):
        check_output_folder(tmp_path / "alias", spec)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "app.appspec").symlink_to(spec)  # the spec given through a link in another folder
    with pytest.raises(WriteError, match="holds the spec"):
        check_output_folder(tmp_path / "mine", tmp_path / "mine" / "app.appspec")


def test_build_into_the_spec_folder_is_refused_and_deletes_nothing(tmp_path: Path) -> None:
    """The reported case: ``forgewright build mine/app.appspec -o mine`` deleted the spec and its neighbours."""
    spec = spec_file(tmp_path / "mine")
    (spec.parent / "notes.txt").write_text("keep", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(spec), "-o", str(spec.parent)])
    assert result.exit_code == 2, result.output
    assert "holds the spec" in result.output and "-o " in result.output
    assert tree(spec.parent) == {"app.appspec": TINY, "notes.txt": "keep"}


def test_build_through_a_symlinked_output_folder_keeps_the_link(tmp_path: Path) -> None:
    spec = spec_file(tmp_path / "specs")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli, ["build", str(spec), "-o", str(tmp_path / "link")])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "link").is_symlink() and (tmp_path / "real" / LOCK_FILE).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real", "specs"]


def test_build_prints_titles_as_text(tmp_path: Path) -> None:
    spec = spec_file(tmp_path, TINY.replace('"Tiny"', '"Bob\'s \\"board\\""').replace("Open work", "Ünïcode ✓"))
    result = CliRunner().invoke(cli, ["build", str(spec), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert 'Built "Bob\'s \\"board\\"" into' in result.output  # the spec's own quoting, not Python's repr
    assert '  g  "Ünïcode ✓"' in result.output


# --- atomicity: a build killed at any step (issue 16, defect 5) ----------------------------------------------------


def killed_builds(tmp_path: Path, mode: str) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    """Run build_killer.py: (reference trees, one record per kill point, number of file-system changes)."""
    old = spec_file(tmp_path / "old")
    new = spec_file(tmp_path / "new", TINY.replace("Open work", "Work").replace("summary", "summary, assignee"))
    driver = Path(__file__).with_name("build_killer.py")
    run = subprocess.run(
        [sys.executable, str(driver), str(tmp_path / "work"), str(old), str(new), mode],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    references, records, total = lines[0], lines[1:-1], lines[-1]["changes"]
    assert references["old"] != references["new"]
    assert len(records) == total + 1 and records[-1]["signal"] == 0  # every change point, then a full run
    return references, records[:-1], total


def check_next_build(record: dict[str, Any], new: dict[str, str]) -> None:
    """The build after a kill: the new output, nothing left beside it, and a note for what it tidied."""
    assert record["next"]["tree"] == new, record["k"]
    assert record["next"]["beside"] == ["out"], record["k"]
    leftovers = [name for name in record["killed"]["beside"] if name != "out"]
    for name in leftovers:
        assert name in record["next"]["stderr"], record
    if leftovers:
        assert "note: " in record["next"]["stderr"] and "interrupted build" in record["next"]["stderr"]


def test_a_kill_at_any_step_leaves_the_old_or_the_new_build(tmp_path: Path) -> None:
    references, records, total = killed_builds(tmp_path, "exchange")
    assert total >= 20
    outcomes = []
    for record in records:
        assert record["signal"] == 9
        tree_left = record["killed"]["tree"]
        assert tree_left in (references["old"], references["new"]), f"kill at step {record['k']} left {tree_left}"
        outcomes.append("old" if tree_left == references["old"] else "new")
        check_next_build(record, references["new"])
    # the kills covered staging (old stays), the swap, and the clean-up after it (new in place)
    assert outcomes == sorted(outcomes, key=["old", "new"].index) and {"old", "new"} == set(outcomes)
    assert any(name.startswith(".out.new-") for r in records for name in r["killed"]["beside"])


def test_without_an_atomic_swap_the_next_build_puts_back_a_lost_build(tmp_path: Path) -> None:
    references, records, _ = killed_builds(tmp_path, "fallback")
    lost = [r for r in records if r["killed"]["tree"] is None]
    assert len(lost) == 1  # only between the two renames, and then the previous build waits beside it
    assert any(name.startswith(".out.old-") for name in lost[0]["killed"]["beside"])
    assert "put back the previous build" in lost[0]["next"]["stderr"]
    for record in records:
        assert record["killed"]["tree"] in (references["old"], references["new"], None)
        check_next_build(record, references["new"])


def test_leftovers_of_a_running_build_are_left_alone(tmp_path: Path) -> None:
    from forgewright import leftovers

    out = tmp_path / "app"
    busy = tmp_path / ".app.new-abcd1234"
    busy.mkdir()
    dead = tmp_path / ".app.old-efgh5678"
    dead.mkdir()
    notes: list[str] = []
    with leftovers.hold(busy):
        write_drafts([lock()], out, note=notes.append)
    assert busy.is_dir() and not dead.exists()
    assert notes == [f"removed a folder left beside {out} by an interrupted build: .app.old-efgh5678"]


def test_an_incomplete_previous_build_is_not_put_back(tmp_path: Path) -> None:
    out = tmp_path / "app"
    previous_build(out)
    partial = tmp_path / ".app.old-abcd1234"
    out.rename(partial)
    (partial / "src" / "b.js").unlink()  # its deletion had started
    notes: list[str] = []
    with pytest.raises(WriteError):
        write_drafts([lock(), FileDraft("../x", "")], out, note=notes.append)
    assert not out.exists() and not partial.exists()
    assert notes and "removed a folder" in notes[0]
