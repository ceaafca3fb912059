"""The state of a chat session: the versions of the spec, undo, saving and the spec diff."""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from forgewright.assistant.usage import Usage


@dataclass
class ChatState:
    """Every valid version of the spec in this session, oldest first; the last is the current one."""

    versions: list[str] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)

    @property
    def current(self) -> str | None:
        return self.versions[-1] if self.versions else None

    @property
    def previous(self) -> str | None:
        return self.versions[-2] if len(self.versions) >= 2 else None

    def push(self, spec: str) -> None:
        self.versions.append(spec)

    def undo(self) -> bool:
        """Return to the previous version; False when there is none to return to."""
        if len(self.versions) < 2:
            return False
        self.versions.pop()
        return True


def spec_diff(old: str | None, new: str, name: str = "spec") -> str:
    """A unified diff of two versions ("" when equal); the first version diffs against nothing."""
    lines = difflib.unified_diff(
        (old or "").splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
        n=2,
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines).rstrip("\n")


def diff_counts(diff: str) -> tuple[int, int]:
    """Lines added and removed in a unified diff."""
    body = [line for line in diff.splitlines() if not line.startswith(("+++", "---"))]
    return sum(1 for x in body if x.startswith("+")), sum(1 for x in body if x.startswith("-"))


def save_spec(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: readers see the old file or the new one, never half."""
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def default_file_name(app_name: str) -> str:
    """``"Overdue Tracker"`` → ``overdue-tracker.appspec``."""
    slug = "".join(ch.lower() if ch.isalnum() else "-" for ch in app_name)
    slug = "-".join(part for part in slug.split("-") if part)
    return f"{slug or 'app'}.appspec"
