"""The one place build output reaches the disk: atomically, completely, or not at all.

The drafts are written into a temporary folder beside the output folder, then swapped in with renames:
the previous build is moved aside, the new one moved into place, the old one deleted. Files the new build
no longer has disappear with the old folder. If anything fails before the swap, the previous build is
untouched; the temporary folder is removed.

A non-empty folder without ``forgewright.lock`` is never replaced: it is not ours.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from compiler.drafts import FileDraft
from compiler.lock import LOCK_FILE


class WriteError(Exception):
    """The output folder cannot be written; the message says why and what to do."""


def _check_path(path: str) -> PurePosixPath:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or path != str(pure):
        raise WriteError(f"refusing to write an unsafe path: {path!r}")
    return pure


def check_replaceable(out_dir: Path) -> None:
    """Raise unless ``out_dir`` is absent, empty, or a previous forgewright build."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise WriteError(f"{out_dir} exists and is not a folder")
    if not any(out_dir.iterdir()):
        return
    if not (out_dir / LOCK_FILE).is_file():
        raise WriteError(
            f"{out_dir} is not empty and has no {LOCK_FILE}, so it was not made by forgewright; "
            "choose another output folder (-o) or empty this one"
        )


def write_drafts(drafts: Iterable[FileDraft], out_dir: Path) -> None:
    """Replace ``out_dir`` with exactly these files (LF endings, UTF-8)."""
    out_dir = Path(out_dir)
    check_replaceable(out_dir)
    parent = out_dir.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=parent))
    except OSError as exc:
        raise WriteError(f"cannot create a folder in {parent}: {exc.strerror or exc}") from None
    old: Path | None = None
    try:
        for draft in drafts:
            relative = _check_path(draft.path)
            target = staging.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(draft.content)
        os.chmod(staging, 0o755)
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=parent))
            os.rmdir(old)
            os.rename(out_dir, old)
        try:
            os.rename(staging, out_dir)
        except OSError:
            if old is not None:
                os.rename(old, out_dir)  # put the previous build back
                old = None
            raise
    except WriteError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise WriteError(f"cannot write {out_dir}: {exc.strerror or exc}") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


INSTALL_ARTIFACTS = ("node_modules", "package-lock.json")
"""What ``npm install`` adds to a build folder; verify does not count these as extra files."""


def read_tree(out_dir: Path) -> dict[str, bytes]:
    """Every file under ``out_dir`` by relative POSIX path, install artifacts left out (for verify)."""
    files: dict[str, bytes] = {}
    for path in sorted(Path(out_dir).rglob("*")):
        relative = path.relative_to(out_dir)
        if relative.parts[0] in INSTALL_ARTIFACTS or not path.is_file():
            continue
        files[relative.as_posix()] = path.read_bytes()
    return files
