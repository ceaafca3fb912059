"""One studio per spec file: a second one on the same file refuses, instead of two writers on one file.

The lock is an advisory ``flock`` on a small file named after the spec's real path (links resolved), in
the user's runtime folder (``$XDG_RUNTIME_DIR/forgewright``, else ``~/.cache/forgewright/studio``). The
operating system drops it when the process ends, however it ends, so a crashed studio never leaves a
stale lock behind. The file holds the holder's process id and port, so the refusal can say where the
other studio is.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

from forgewright.assistant.errors import ShellError


class StudioLockError(ShellError):
    """Another studio has the spec open, or the lock cannot be taken (exit 2)."""


def lock_folder(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    runtime = env.get("XDG_RUNTIME_DIR", "").strip()
    if runtime and Path(runtime).is_absolute():
        return Path(runtime) / "forgewright"
    return Path(env.get("HOME") or Path.home()) / ".cache" / "forgewright" / "studio"


class StudioLock:
    """The lock on one spec, held until :meth:`release` (or the end of the process)."""

    def __init__(self, fd: int, spec: Path) -> None:
        self._fd: int | None = fd
        self.spec = spec

    @staticmethod
    def acquire(spec: Path, environ: Mapping[str, str] | None = None) -> StudioLock:
        """Lock ``spec`` (which need not exist yet), or raise :class:`StudioLockError` saying who holds it."""
        real = Path(os.path.realpath(spec))
        folder = lock_folder(environ)
        name = hashlib.sha256(str(real).encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".lock"
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(folder / name, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            raise StudioLockError(f"cannot take the studio lock in {folder}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise StudioLockError(_refusal(spec, holder)) from None
        except OSError as exc:
            os.close(fd)
            raise StudioLockError(f"cannot take the studio lock in {folder}: {exc.strerror or exc}") from None
        return StudioLock(fd, spec)

    def describe(self, port: int) -> None:
        """Record who holds the lock (this process, on ``port``) for a second studio's message."""
        if self._fd is None:
            return
        data = json.dumps({"pid": os.getpid(), "port": port, "spec": str(self.spec)}).encode()
        with contextlib.suppress(OSError):  # the lock holds without it; only the message gets vaguer
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, data, 0)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file drops the flock
            self._fd = None


def _read_holder(fd: int) -> dict[str, object]:
    try:
        data = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _refusal(spec: Path, holder: Mapping[str, object]) -> str:
    where = []
    if isinstance(holder.get("pid"), int):
        where.append(f"process {holder['pid']}")
    if isinstance(holder.get("port"), int):
        where.append(f"http://127.0.0.1:{holder['port']}/")
    at = f" ({', '.join(where)})" if where else ""
    return (
        f"another forgewright studio already has {spec} open{at}; two would overwrite each other's changes. "
        "Use that one (its browser tab), or stop it (Ctrl-C in its terminal) and start this one again"
    )
