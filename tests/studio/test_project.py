"""The spec file as the studio keeps it: versions, undo and redo, saving, edits made outside the studio."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from forgewright.studio.history import History, Origin, Version
from forgewright.studio.project import Project, Refused
from tests.studio.support import SPEC


class Events:
    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, kind: str, data: dict[str, Any]) -> None:
        self.seen.append((kind, data))

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.seen]


def test_history_undo_redo_and_a_new_change_drops_what_was_undone() -> None:
    history = History(Version(1, "a", "opened", Origin.OPENED))
    assert history.undo() is None and not history.can_undo
    history.push("b", "edit", Origin.EDIT)
    history.push("c", "chat", Origin.CHAT)
    assert [v.text for v in history.back_from_current()] == ["c", "b", "a"]
    assert history.undo() == Version(2, "b", "edit", Origin.EDIT)
    assert history.can_redo
    assert history.redo() is not None and history.current.text == "c"
    assert history.redo() is None
    history.undo()
    history.undo()
    latest = history.push("d", "edit", Origin.EDIT)
    assert latest.number == 4  # numbers are never reused, also after an undo
    assert [v["number"] for v in history.to_json()["versions"]] == [1, 4]  # type: ignore[index, union-attr]
    assert not history.can_redo


def _project(tmp_path: Path, text: str | None = SPEC) -> tuple[Project, Path, Events]:
    spec = tmp_path / "bugs.appspec"
    if text is not None:
        spec.write_text(text, encoding="utf-8")
    events = Events()
    return Project(spec, tmp_path, events), spec, events


def test_a_valid_edit_is_saved_formatted_and_an_invalid_one_as_typed(tmp_path: Path) -> None:
    project, spec, events = _project(tmp_path)
    squeezed = SPEC.replace("  gadget open_bugs", "gadget   open_bugs")
    version = project.save(squeezed, base=1)
    assert version.number == 1  # the same spec once formatted: no new version
    assert spec.read_text(encoding="utf-8") == SPEC
    broken = SPEC.replace("priority }", "priorty }")
    version = project.save(broken, base=1)
    assert (version.number, version.origin, version.label) == (2, Origin.EDIT, "hand edit")
    assert spec.read_text(encoding="utf-8") == broken
    assert events.kinds() == ["version"]
    assert events.seen[-1][1]["text"] == broken


def test_a_save_made_on_an_old_version_or_while_busy_is_refused(tmp_path: Path) -> None:
    project, spec, _ = _project(tmp_path)
    project.save(SPEC.replace("limit 50", "limit 40"), base=1)
    with pytest.raises(Refused, match="changed since you started editing"):
        project.save(SPEC.replace("limit 50", "limit 30"), base=1)
    assert project.begin("a chat turn") == 2
    with pytest.raises(Refused, match="a chat turn is running"):
        project.save(SPEC, base=2)
    with pytest.raises(Refused, match="a chat turn is running"):
        project.undo()
    with pytest.raises(Refused):
        project.begin("a deploy")
    project.end()
    assert "limit 40" in spec.read_text(encoding="utf-8")


def test_undo_and_redo_write_the_file(tmp_path: Path) -> None:
    project, spec, _ = _project(tmp_path)
    changed = SPEC.replace("limit 50", "limit 20")
    project.save(changed, base=1)
    assert project.undo().number == 1
    assert spec.read_text(encoding="utf-8") == SPEC
    assert project.redo().number == 2
    assert spec.read_text(encoding="utf-8") == changed
    with pytest.raises(Refused, match="nothing to redo"):
        project.redo()


def test_edits_made_outside_the_studio_become_versions(tmp_path: Path) -> None:
    project, spec, events = _project(tmp_path)
    assert project.check_disk() is None  # nothing changed
    spec.write_text(SPEC.replace("limit 50", "limit 10"), encoding="utf-8")
    os.utime(spec, ns=(1, 1))  # a different signature even within the same clock tick
    version = project.check_disk()
    assert version is not None and version.origin is Origin.DISK and "limit 10" in project.current.text
    spec.unlink()
    assert project.check_disk() is None
    assert project.missing and events.kinds()[-2:] == ["file", "version"]
    project.save(project.current.text, base=version.number)  # saving writes it again
    assert spec.exists() and not project.missing


def test_a_change_of_the_file_to_the_same_text_is_no_version(tmp_path: Path) -> None:
    project, spec, events = _project(tmp_path)
    spec.write_text(SPEC, encoding="utf-8")
    os.utime(spec, ns=(1, 1))
    assert project.check_disk() is None and events.seen == []


def test_a_job_result_lands_only_on_the_version_it_started_from(tmp_path: Path) -> None:
    project, spec, _ = _project(tmp_path)
    base = project.begin("a chat turn")
    spec.write_text(SPEC.replace("limit 50", "limit 5"), encoding="utf-8")
    os.utime(spec, ns=(1, 1))
    project.check_disk()
    with pytest.raises(Refused, match="changed while Claude worked"):
        project.apply(SPEC.replace("limit 50", "limit 7"), "chat: fewer", base)
    project.end()
    assert "limit 5" in spec.read_text(encoding="utf-8")


def test_a_new_spec_is_named_after_its_app_on_the_first_save(tmp_path: Path) -> None:
    claimed: list[Path] = []
    (tmp_path / "open-bugs.appspec").write_text("taken", encoding="utf-8")
    project = Project(None, tmp_path, Events(), claimed.append)
    assert project.name == "spec.appspec" and project.current.text == ""
    project.save(SPEC, base=1)
    assert project.path == tmp_path / "open-bugs-2.appspec" == claimed[0]
    assert project.path.read_text(encoding="utf-8") == SPEC
