"""The spec a studio edits: the file on disk is the source of truth, and every change lands there.

Hand edits, chat turns, undo and redo all write the file (atomically, keeping its mode) before the page
hears of them; edits made outside the studio (another editor, ``git checkout``, the app id a deploy writes)
are noticed by polling the file and become versions like any other. A valid spec is saved in the
canonical layout; one with errors is saved as typed (formatting it could move the text under the cursor,
and the errors are what the person is working on).

Long jobs (a chat turn, a deploy) hold the project busy: while one runs, saves, undo and redo are refused,
so that the job's result is never applied over a change made in the meantime.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from forgewright.assistant.repair import canonical
from forgewright.assistant.session import UNNAMED_SPEC, app_name_of, default_file_name, free_name, save_spec
from forgewright.files import InputFileError, read_spec
from forgewright.studio.history import History, Origin, Version

Notify = Callable[[str, dict[str, Any]], object]
"""Tells the page something happened: an event kind and its data."""

Claim = Callable[[Path], None]
"""Called with the file a new spec is about to be saved as, before it is written (takes the studio lock)."""


class Refused(Exception):
    """A change the project cannot take now; ``status`` is the HTTP status the page gets (409: conflict)."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _signature(path: Path) -> tuple[int, int, int] | None:
    """What tells one state of a file from another without reading it; None when there is no file."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


class Project:
    """The spec file, its versions in this session, and the job (if any) that holds it busy."""

    def __init__(self, path: Path | None, folder: Path, notify: Notify, claim: Claim | None = None) -> None:
        """``path`` None: a new spec, named after its app on the first save, in ``folder``."""
        self.path = path
        self.folder = folder
        self._notify = notify
        self._claim = claim
        self._lock = threading.RLock()
        self.busy: str | None = None
        self._job_writes: str | None = None
        self.missing = False
        text = read_spec(path) if path is not None and path.exists() else ""
        label = f"opened {path.name}" if path is not None and text else "new spec"
        self.history = History(Version(1, text, label, Origin.OPENED))
        self._signature = _signature(path) if path is not None else None

    @property
    def name(self) -> str:
        """The spec's base name: what diagnostics and the model call it (never a folder name)."""
        return self.path.name if self.path is not None else UNNAMED_SPEC

    @property
    def current(self) -> Version:
        return self.history.current

    def state(self) -> dict[str, Any]:
        """Everything the page needs to show the spec and its history."""
        with self._lock:
            return {
                "file": str(self.path) if self.path is not None else None,
                "name": self.name,
                "text": self.current.text,
                "history": self.history.to_json(),
                "busy": self.busy,
                "missing": self.missing,
            }

    # --- changes ------------------------------------------------------------------------------------

    def save(self, text: str, base: int) -> Version:
        """A hand edit, made on version ``base``; refused when another change landed since."""
        with self._lock:
            self._refuse_if_busy()
            if base != self.current.number:
                raise Refused(
                    f"the spec changed since you started editing (now version {self.current.number}: "
                    f"{self.current.label}); reload it, or copy your edit first"
                )
            return self._change(text, "hand edit", Origin.EDIT)

    def apply(self, text: str, label: str, base: int, origin: Origin = Origin.CHAT) -> Version:
        """The result of a job that started from version ``base`` (a chat turn); refused when the spec
        changed meanwhile (only an edit outside the studio can do that while the job holds it busy)."""
        with self._lock:
            if base != self.current.number:
                raise Refused(f"the spec changed while Claude worked ({self.current.label})")
            return self._change(text, label, origin)

    def undo(self) -> Version:
        return self._step(self.history.undo, "nothing to undo")

    def redo(self) -> Version:
        return self._step(self.history.redo, "nothing to redo")

    def _step(self, move: Callable[[], Version | None], nothing: str) -> Version:
        with self._lock:
            self._refuse_if_busy()
            version = move()
            if version is None:
                raise Refused(nothing)
            self._write(version.text)
            self._changed()
            return version

    def _change(self, text: str, label: str, origin: Origin) -> Version:
        text = canonical(text, self.name)
        if text == self.current.text and self.path is not None and not self.missing:
            return self.current
        self._write(text)
        version = self.history.push(text, label, origin)
        self._changed()
        return version

    def _write(self, text: str) -> None:
        """Write the file (naming it first if it is new); raises :class:`Refused` when it cannot."""
        if self.path is None:
            path = free_name(self.folder / default_file_name(app_name_of(text)))
            if self._claim is not None:
                self._claim(path)
            self.path = path
        try:
            save_spec(self.path, text)
        except InputFileError as exc:
            raise Refused(exc.format_message(), status=500) from None
        self._signature = _signature(self.path)
        self.missing = False

    def _refuse_if_busy(self) -> None:
        if self.busy is not None:
            raise Refused(f"{self.busy} is running; wait until it ends")

    def _changed(self) -> None:
        self._notify("version", self.state())

    # --- jobs ---------------------------------------------------------------------------------------

    def begin(self, job: str, writes: str | None = None) -> int:
        """Hold the project for a job (``job`` says what, for people); the version it starts from.
        ``writes``: how to label a change of the file during the job, when the job itself writes it."""
        with self._lock:
            self._refuse_if_busy()
            self.busy = job
            self._job_writes = writes
            self._changed()
            return self.current.number

    def end(self) -> None:
        with self._lock:
            self.busy = None
            self._job_writes = None
            self._changed()

    # --- the file on disk ---------------------------------------------------------------------------

    def check_disk(self) -> Version | None:
        """Notice a change made to the file outside the studio; the new version, if it is one."""
        with self._lock:
            label = self._job_writes or "edited outside the studio"
            if self.path is None:
                return None
            signature = _signature(self.path)
            if signature == self._signature:
                return None
            self._signature = signature
            if signature is None:
                self.missing = True
                self._notify("file", {"message": f"{self.path} was removed or renamed; saving writes it again"})
                self._changed()
                return None
            try:
                text = read_spec(self.path)
            except InputFileError as exc:
                self._notify("file", {"message": f"{exc.format_message()}; the studio keeps its last version"})
                return None
            was_missing, self.missing = self.missing, False
            if text == self.current.text:
                if was_missing:
                    self._changed()
                return None
            version = self.history.push(text, label, Origin.DISK)
            self._changed()
            return version
