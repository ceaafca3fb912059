"""Is this folder exactly the app forgewright built? One check, shared by ``verify`` and ``deploy``.

The folder is read without following symbolic links: a link is reported as a link (never read through,
so it cannot point the check, or a later bundler, at a file outside the folder), and named pipes, sockets
and devices are reported without being opened. Only what ``npm install`` adds at the top of a build
(``node_modules/`` as a real folder, ``package-lock.json`` as a regular file) is left out; a nested
``node_modules`` or a top-level ``.forge*`` file counts like any other extra file, because the Forge
bundler would pick it up.

The expected content comes from a rebuild in memory (compared byte for byte) or, when the spec is not at
hand, from the SHA-256 digests in the build's ``forgewright.lock``.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from compiler import BuildOutput
from forgewright.files import describe_file_type

INSTALL_ARTIFACTS = {"node_modules": stat.S_ISDIR, "package-lock.json": stat.S_ISREG}
"""What ``npm install`` adds at the top of a build folder, and the file type each must have to be left out."""


@dataclass(frozen=True)
class Digest:
    """An expected file known only by its SHA-256 (from a lock), not by its bytes."""

    sha256: str


Expected = Mapping[str, "bytes | Digest"]
"""Relative POSIX path → the exact bytes the file must have, or their digest."""


def rebuilt_files(output: BuildOutput) -> dict[str, bytes]:
    """The exact bytes the writer puts on disk for each file of a build."""
    return {draft.path: draft.content.encode("utf-8") for draft in output.drafts}


@dataclass(frozen=True)
class Entry:
    """One thing found in a build folder (not following links)."""

    relative: str  # POSIX path inside the folder
    path: Path
    mode: int  # from lstat: S_ISREG, S_ISLNK, S_ISDIR (only for an empty or unreadable folder) …
    unreadable: str = ""  # why a folder could not be listed; empty when it could


def walk(directory: Path) -> Iterator[Entry]:
    """Every file, link, special file and empty or unreadable folder under ``directory``, sorted, without
    following links and without the top-level install artifacts. Raises OSError if ``directory`` is unreadable."""
    yield from _walk(directory, "", top=True)


def _walk(folder: Path, prefix: str, top: bool) -> Iterator[Entry]:
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        relative = f"{prefix}{entry.name}"
        mode = entry.stat(follow_symlinks=False).st_mode
        if top and entry.name in INSTALL_ARTIFACTS and INSTALL_ARTIFACTS[entry.name](mode):
            continue
        if not stat.S_ISDIR(mode):
            yield Entry(relative, Path(entry.path), mode)
            continue
        try:
            inner = list(_walk(Path(entry.path), f"{relative}/", top=False))
        except OSError as exc:
            yield Entry(relative, Path(entry.path), mode, unreadable=exc.strerror or str(exc))
            continue
        yield from inner or [Entry(relative, Path(entry.path), mode)]


@dataclass(frozen=True)
class BuildDiff:
    """How a folder differs from the expected build; all empty means it is exactly that build."""

    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()
    not_files: tuple[tuple[str, str], ...] = ()  # (path, what it is instead: a link, a pipe …)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.edited or self.not_files)

    def lines(self) -> list[str]:
        """One line per difference: ``missing  path``, ``extra    path``, ``edited   path``, ``not-file path (…)``."""
        out = [f"missing  {p}" for p in self.missing]
        out += [f"extra    {p}" for p in self.extra]
        out += [f"edited   {p}" for p in self.edited]
        out += [f"not-file {p} ({what})" for p, what in self.not_files]
        return out

    def summary(self) -> str:
        counts = [
            (len(self.missing), "missing"),
            (len(self.extra), "extra"),
            (len(self.edited), "edited"),
            (len(self.not_files), "not a regular file" if len(self.not_files) == 1 else "not regular files"),
        ]
        return ", ".join(f"{n} {label}" for n, label in counts if n) or "no differences"


def verify_build(directory: Path, expected: Expected, ignore: frozenset[str] = frozenset()) -> BuildDiff:
    """Compare ``directory`` with ``expected``; paths in ``ignore`` are neither compared nor extra."""
    missing = set(expected) - ignore
    extra: list[str] = []
    edited: list[str] = []
    not_files: list[tuple[str, str]] = []
    for entry in walk(directory):
        if stat.S_ISDIR(entry.mode) and not entry.unreadable and entry.relative not in expected:
            continue  # an empty folder holds nothing a bundler could pick up
        missing.discard(entry.relative)
        if entry.relative in ignore:
            continue
        problem = _not_a_file(entry)
        if problem is not None:
            not_files.append((entry.relative, problem))
        elif entry.relative not in expected:
            extra.append(entry.relative)  # not read: an extra file may be anything, of any size
        else:
            problem, same = _compare_file(entry.path, expected[entry.relative])
            if problem is not None:
                not_files.append((entry.relative, problem))
            elif not same:
                edited.append(entry.relative)
    return BuildDiff(tuple(sorted(missing)), tuple(extra), tuple(edited), tuple(not_files))


def _not_a_file(entry: Entry) -> str | None:
    """What the entry is, if it is not a regular file (links are described, never followed)."""
    if entry.unreadable:
        return f"a folder that cannot be read: {entry.unreadable}"
    if stat.S_ISLNK(entry.mode):
        try:
            return f"a symbolic link to {os.readlink(entry.path)}"
        except OSError:
            return "a symbolic link"
    return None if stat.S_ISREG(entry.mode) else describe_file_type(entry.mode)


def _compare_file(path: Path, want: bytes | Digest) -> tuple[str | None, bool]:
    """(what the path is instead of a regular file, or None; whether its bytes are ``want``). Opened without
    following a link or waiting on a pipe, in case the entry was swapped since it was listed."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        return f"unreadable: {exc.strerror}", False
    with open(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return describe_file_type(info.st_mode), False
        if isinstance(want, bytes):
            return None, info.st_size == len(want) and handle.read() == want
        digest = hashlib.sha256()
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
        return None, digest.hexdigest() == want.sha256.lower()
