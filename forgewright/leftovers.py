"""The folders a build keeps beside its output while it works, and tidying up after a build that was killed.

While a build of ``out`` runs, two kinds of sibling folder may exist: ``.out.new-XXXXXXXX`` (the new build
being written, or, after the swap, the previous build on its way out) and ``.out.old-XXXXXXXX`` (the
previous build, moved aside when the system cannot swap folders atomically). The running build holds an
advisory lock (``flock``) on every folder it owns, which the kernel releases when the process ends, however
it ends. So a sibling that nobody holds was left by a build that died, and the next build may tidy it up:

- ``out`` present: every unheld sibling is leftover and removed;
- ``out`` missing (the build died between the two renames of the fallback): the most recent complete
  previous build (``.out.old-*`` whose files all match its own lock) is put back first.
Each action is reported through ``note``, so the user knows why a folder appeared or went away.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from compiler.lock import LOCK_FILE
from forgewright.deploy.lock import LockError, expected_digests, read_lock
from forgewright.integrity import verify_build

STAGING = "new"
PREVIOUS = "old"
_SUFFIX = re.compile(r"[a-z0-9_]{8}")


def prefix(target: Path, kind: str) -> str:
    """The name prefix of a ``kind`` sibling of ``target`` (tempfile adds eight random characters)."""
    return f".{target.name}.{kind}-"


@dataclass(frozen=True)
class Leftover:
    path: Path
    kind: str  # STAGING or PREVIOUS


@contextlib.contextmanager
def hold(folder: Path) -> Iterator[None]:
    """Mark ``folder`` as in use by this process until the block ends (or the process dies)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        yield
        return
    try:
        with contextlib.suppress(OSError):  # no locking on this file system: nothing to mark with
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(fd)


def _held(folder: Path) -> bool:
    """Whether a running build holds ``folder`` (see :func:`hold`)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return True  # vanished or unreadable: not ours to touch
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False  # no locking on this file system: a folder nobody can hold
    finally:
        os.close(fd)
    return False


def find_leftovers(target: Path) -> list[Leftover]:
    """The unheld sibling folders of ``target`` left by builds that did not finish."""
    found: list[Leftover] = []
    try:
        names = sorted(os.listdir(target.parent))
    except FileNotFoundError:
        return found
    for name in names:
        for kind in (STAGING, PREVIOUS):
            head = prefix(target, kind)
            if not (name.startswith(head) and _SUFFIX.fullmatch(name[len(head) :])):
                continue
            path = target.parent / name
            if path.is_dir() and not path.is_symlink() and not _held(path):
                found.append(Leftover(path, kind))
    return found


def is_complete(folder: Path) -> bool:
    """Whether ``folder`` holds a whole build: a readable lock, and every file it lists, unchanged."""
    try:
        return verify_build(folder, expected_digests(read_lock(folder)), ignore=frozenset({LOCK_FILE})).ok
    except (LockError, OSError):
        return False


def recover(target: Path, shown: Path, note: Callable[[str], None]) -> None:
    """Put back a build lost between two renames, then remove what interrupted builds left. OSError on failure."""
    leftovers = find_leftovers(target)
    if not leftovers:
        return
    if not os.path.lexists(target):
        previous = [item for item in leftovers if item.kind == PREVIOUS and is_complete(item.path)]
        if previous:
            newest = max(previous, key=lambda item: item.path.stat().st_mtime_ns)
            os.rename(newest.path, target)
            leftovers.remove(newest)
            note(f"{shown} was missing after an interrupted build: put back the previous build from {newest.path.name}")
    for item in leftovers:
        shutil.rmtree(item.path, ignore_errors=True)
    if leftovers:
        names = ", ".join(item.path.name for item in leftovers)
        what = "a folder" if len(leftovers) == 1 else f"{len(leftovers)} folders"
        note(f"removed {what} left beside {shown} by an interrupted build: {names}")
