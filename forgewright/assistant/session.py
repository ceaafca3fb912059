"""Spec files of the assistant and the state of a chat: names, drafts, saving, versions, the spec diff."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from forgewright.files import write_text_atomically

SPEC_SUFFIX = ".appspec"
DRAFT_SUFFIX = ".draft.appspec"
"""A draft the checker rejected is saved beside its target: ``overdue.appspec`` → ``overdue.draft.appspec``."""

UNNAMED_SPEC = "spec.appspec"
"""What diagnostics call a spec that has no file name yet (the model sees base names only, never paths)."""

_APP_NAME = re.compile(r'^\s*app\s+"((?:[^"\\]|\\.)*)"', re.MULTILINE)


@dataclass
class ChatState:
    """Every valid version of the spec in this session, oldest first; the last is the current one."""

    versions: list[str] = field(default_factory=list)

    @property
    def current(self) -> str | None:
        return self.versions[-1] if self.versions else None

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
    """Write ``text`` to ``path`` atomically (its folder created if needed; an existing file keeps its
    mode). Raises :class:`forgewright.files.InputFileError` when it cannot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(path, text)


def default_file_name(app_name: str) -> str:
    """``"Overdue Tracker"`` → ``overdue-tracker.appspec``."""
    slug = "".join(ch.lower() if ch.isalnum() else "-" for ch in app_name)
    slug = "-".join(part for part in slug.split("-") if part)
    return f"{slug or 'app'}{SPEC_SUFFIX}"


def app_name_of(text: str) -> str:
    """The app's name as written in a spec, even one that does not parse (``"app"`` when there is none)."""
    match = _APP_NAME.search(text)
    return match.group(1) if match and match.group(1).strip() else "app"


def _split(path: Path) -> tuple[str, str]:
    """``x.draft.appspec`` → (``x``, ``.draft.appspec``); ``x.appspec`` → (``x``, ``.appspec``)."""
    for suffix in (DRAFT_SUFFIX, SPEC_SUFFIX):
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            return path.name[: -len(suffix)], suffix
    return path.name, ""


def free_name(path: Path) -> Path:
    """``path`` if nothing is there, else the first of ``x-2.appspec``, ``x-3.appspec`` … that is free."""
    stem, suffix = _split(path)
    candidate, n = path, 2
    while candidate.exists() or candidate.is_symlink():
        candidate, n = path.with_name(f"{stem}-{n}{suffix}"), n + 1
    return candidate


def draft_path(target: Path) -> Path:
    """Where a rejected draft for ``target`` is saved: ``overdue.appspec`` → ``overdue.draft.appspec``."""
    stem, suffix = _split(target)
    return target.with_name(f"{stem if suffix else target.name}{DRAFT_SUFFIX}")


def target_of_draft(path: Path) -> Path | None:
    """The spec a draft was meant to become (``x.draft.appspec`` → ``x.appspec``); None for other files."""
    stem, suffix = _split(path)
    return path.with_name(f"{stem}{SPEC_SUFFIX}") if suffix == DRAFT_SUFFIX else None
