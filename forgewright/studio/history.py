"""The versions of a spec in one studio session, with undo and redo.

Every change is a version: the file as opened, a hand edit saved, a chat turn, an edit made outside the
studio. Undo and redo move between them (and the studio writes the version they land on back to the
file); a new change after an undo drops the versions that were undone, as editors do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum


class Origin(StrEnum):
    """Where a version came from (shown in the page, and deciding nothing else)."""

    OPENED = "opened"
    EDIT = "edit"
    CHAT = "chat"
    DISK = "disk"


@dataclass(frozen=True)
class Version:
    """One state of the spec text. ``number`` grows through the session and is never reused."""

    number: int
    text: str
    label: str
    origin: Origin

    def to_json(self) -> dict[str, object]:
        return {"number": self.number, "label": self.label, "origin": self.origin.value}


class History:
    """Versions in order, and which one is current (the others are behind it, or undone ahead of it)."""

    def __init__(self, first: Version) -> None:
        self._versions = [first]
        self._at = 0
        self._next = first.number + 1

    @property
    def current(self) -> Version:
        return self._versions[self._at]

    @property
    def can_undo(self) -> bool:
        return self._at > 0

    @property
    def can_redo(self) -> bool:
        return self._at < len(self._versions) - 1

    def push(self, text: str, label: str, origin: Origin) -> Version:
        """Add a version after the current one (dropping any that were undone) and make it current."""
        version = Version(self._next, text, label, origin)
        self._next += 1
        del self._versions[self._at + 1 :]
        self._versions.append(version)
        self._at += 1
        return version

    def undo(self) -> Version | None:
        """Step back; the version now current, or None when there is nothing before it."""
        if not self.can_undo:
            return None
        self._at -= 1
        return self.current

    def redo(self) -> Version | None:
        """Step forward again after an undo; None when nothing was undone."""
        if not self.can_redo:
            return None
        self._at += 1
        return self.current

    def back_from_current(self) -> Iterator[Version]:
        """The current version, then each one before it (newest first)."""
        yield from reversed(self._versions[: self._at + 1])

    def to_json(self) -> dict[str, object]:
        return {
            "versions": [v.to_json() for v in self._versions],
            "current": self.current.number,
            "can_undo": self.can_undo,
            "can_redo": self.can_redo,
        }
