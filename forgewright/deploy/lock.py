"""Reading a build's ``forgewright.lock``: what the deploy shows (app, scopes) and which files the build wrote.

The lock is written by the compiler; this is the shell's own small reader (used by the deploy, and by the
writer to tell which files in an output folder are the last build's), so neither depends on the
compiler's internals. It accepts any extra keys and checks only what its readers rely on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from forgewright.deploy.errors import EXIT_USAGE, DeployError
from forgewright.integrity import Digest

LOCK_NAME = "forgewright.lock"
SUPPORTED_FORMAT = 1
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class LockedScope:
    """One scope of the app and why the spec needs it (one reason per use, spec line included)."""

    scope: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class BuildLock:
    """What the deploy reads from a lock."""

    app_name: str
    spec_sha256: str
    scopes: tuple[LockedScope, ...]
    files: dict[str, str]  # relative POSIX path -> sha256 hex
    forgewright_version: str = ""
    scope_style: str = "classic"

    @property
    def scope_names(self) -> tuple[str, ...]:
        return tuple(s.scope for s in self.scopes)


class LockError(DeployError):
    """The lock is missing or unreadable."""


def read_lock(build_dir: Path) -> BuildLock:
    """The lock of ``build_dir``, or a :class:`LockError` saying what is wrong with it."""
    path = build_dir / LOCK_NAME
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LockError(
            f"{build_dir}: no {LOCK_NAME} here, so this is not a forgewright build folder "
            "(build one with `forgewright build SPEC -o DIR`).",
            EXIT_USAGE,
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LockError(f"{path}: cannot read ({exc})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LockError(f"{path}: not valid JSON (line {exc.lineno}): rebuild the app.") from None
    return parse_lock(data, str(path))


def parse_lock(data: Any, where: str = LOCK_NAME) -> BuildLock:
    """Validate the decoded JSON of a lock; extra keys are ignored."""

    def bad(what: str) -> LockError:
        return LockError(f"{where}: {what}; rebuild the app with forgewright build.")

    if not isinstance(data, dict):
        raise bad("not a JSON object")
    fmt = data.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise bad("no format number")
    if fmt > SUPPORTED_FORMAT:
        raise LockError(f"{where}: lock format {fmt} comes from a newer forgewright; upgrade forgewright to deploy it.")
    app_name = data.get("app_name")
    if not isinstance(app_name, str) or not app_name.strip():
        raise bad("no app_name")
    spec_sha = data.get("spec_sha256")
    if not _is_sha256(spec_sha):
        raise bad("no valid spec_sha256")
    assert isinstance(spec_sha, str)
    scopes_raw = data.get("scopes", [])
    if not isinstance(scopes_raw, list):
        raise bad("scopes is not a list")
    scopes: list[LockedScope] = []
    for entry in scopes_raw:
        if not isinstance(entry, dict) or not isinstance(entry.get("scope"), str):
            raise bad("a scope entry has no scope name")
        reasons = entry.get("reasons", [])
        if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
            raise bad(f"scope {entry['scope']}: reasons is not a list of texts")
        scopes.append(LockedScope(entry["scope"], tuple(reasons)))
    files_raw = data.get("files")
    if not isinstance(files_raw, dict) or not files_raw:
        raise bad("no files listed")
    files: dict[str, str] = {}
    for name, digest in files_raw.items():
        if not _is_safe_relative(name):
            raise bad(f"file name {name!r} is not a plain relative path")
        if not _is_sha256(digest):
            raise bad(f"{name}: not a sha256 digest")
        files[name] = digest
    version = data.get("forgewright_version", "")
    style = data.get("scope_style", "classic")
    return BuildLock(
        app_name=app_name,
        spec_sha256=spec_sha.lower(),
        scopes=tuple(scopes),
        files=dict(sorted(files.items())),
        forgewright_version=version if isinstance(version, str) else "",
        scope_style=style if isinstance(style, str) else "classic",
    )


def expected_digests(lock: BuildLock) -> dict[str, Digest]:
    """What the lock says each file of the build must hash to (the lock itself is not listed)."""
    return {name: Digest(digest) for name, digest in lock.files.items()}


def _is_sha256(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value.lower()) <= _HEX


def _is_safe_relative(name: object) -> bool:
    if not isinstance(name, str) or not name or "\\" in name or "\0" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and "." not in path.parts
