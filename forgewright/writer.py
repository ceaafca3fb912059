"""The one place build output reaches the disk: atomically, completely, or not at all.

The drafts are written into a staging folder beside the output folder, which is then swapped with the
previous build in one atomic step where the system allows it (:mod:`forgewright.swap`), so that a kill at
any moment leaves either the previous build or the new one in place. Elsewhere the previous build is
moved aside and the new one moved in (two renames); a kill between them is repaired by the next build
(:mod:`forgewright.leftovers`), which also removes folders that killed builds left behind.

Replacing a folder deletes what was in it, so a build only replaces a folder that holds nothing but the
previous build: the files its ``forgewright.lock`` lists, and what ``npm install`` adds. Anything else,
and any folder holding the spec, is refused (:func:`check_output_folder`).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

import click

from compiler.drafts import FileDraft
from compiler.lock import LOCK_FILE
from forgewright import leftovers
from forgewright.deploy.lock import LockError, read_lock
from forgewright.integrity import walk
from forgewright.swap import exchange

Note = Callable[[str], None]
_SHOWN_FOREIGN = 5  # how many foreign files a refusal names


class WriteError(Exception):
    """The output folder cannot be written; the message says why and what to do."""


def note_on_stderr(text: str) -> None:
    click.echo(f"note: {text}", err=True)


def _check_path(path: str) -> PurePosixPath:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or path != str(pure):
        raise WriteError(f"refusing to write an unsafe path: {path!r}")
    return pure


def check_output_folder(out_dir: Path, spec: Path | None = None, option: str = "-o") -> None:
    """Raise :class:`WriteError` unless a build may replace ``out_dir``.

    It may if the folder is absent, empty, or holds only a previous build (the files its lock lists, plus
    ``node_modules/`` and ``package-lock.json`` from ``npm install``), and if it does not hold ``spec``.
    The writer calls this right before it replaces anything; ``new --build DIR`` can call it up front,
    before asking the model for a spec. ``option`` is the command-line option that named the folder, for
    the hints."""
    target = Path(out_dir).resolve()
    if spec is not None and _holds(target, spec):
        raise WriteError(
            f"{out_dir} holds the spec {spec}, and a build replaces its whole output folder; "
            f"give the build a folder of its own (for example {option} {Path(out_dir) / 'build'})"
        )
    if not os.path.lexists(target):
        return
    if not target.is_dir():
        raise WriteError(f"{out_dir} exists and is not a folder; choose another output folder ({option})")
    try:
        with os.scandir(target) as listing:
            if next(listing, None) is None:
                return  # empty
        owned = _owned_paths(target, out_dir, option)  # before walking: a folder without a lock is refused at once
        entries = list(walk(target))
    except OSError as exc:
        raise WriteError(f"cannot read {out_dir}: {exc.strerror or exc}") from None
    owned_folders = {str(parent) for path in owned for parent in PurePosixPath(path).parents}
    foreign = [
        e.relative
        for e in entries
        if e.relative not in owned and not (stat.S_ISDIR(e.mode) and not e.unreadable and e.relative in owned_folders)
    ]
    if foreign:
        shown = ", ".join(foreign[:_SHOWN_FOREIGN])
        if len(foreign) > _SHOWN_FOREIGN:
            shown += f" and {len(foreign) - _SHOWN_FOREIGN} more"
        raise WriteError(
            f"{out_dir} holds {len(foreign)} file(s) that its last build did not write ({shown}); a build "
            "replaces the whole folder, so it would delete them. Move them elsewhere, or choose another "
            f"output folder ({option})"
        )


def _holds(target: Path, spec: Path) -> bool:
    """Whether the folder ``target`` is the spec's folder or one of its ancestors (through links or not)."""
    as_given = Path(os.path.abspath(spec))
    folders = {as_given.parent.resolve(), Path(spec).resolve().parent}
    return any(target == folder or target in folder.parents for folder in folders)


def _owned_paths(target: Path, out_dir: Path, option: str) -> set[str]:
    """The files a previous build wrote into ``target``, from its lock (the lock included)."""
    if not (target / LOCK_FILE).is_file():
        raise WriteError(
            f"{out_dir} is not empty and has no {LOCK_FILE}, so it was not made by forgewright; "
            f"choose another output folder ({option}) or empty this one"
        )
    try:
        lock = read_lock(target)
    except LockError as exc:
        raise WriteError(
            f"{out_dir}: its {LOCK_FILE} cannot be read ({exc.format_message()}), so forgewright cannot tell "
            f"which files are its own; choose another output folder ({option}) or empty this one"
        ) from None
    return {*lock.files, LOCK_FILE}


def write_drafts(
    drafts: Iterable[FileDraft], out_dir: Path, spec: Path | None = None, note: Note = note_on_stderr
) -> None:
    """Replace ``out_dir`` with exactly these files (LF endings, UTF-8), or raise :class:`WriteError` and
    leave it as it was. ``spec``: the spec the drafts come from, whose folder must not be replaced."""
    target = Path(out_dir).resolve()  # through links: the swap happens where the files really are
    try:
        leftovers.recover(target, out_dir, note)
    except OSError as exc:
        raise WriteError(f"cannot tidy up beside {out_dir}: {exc.strerror or exc}") from None
    check_output_folder(out_dir, spec)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=leftovers.prefix(target, leftovers.STAGING), dir=target.parent))
    except OSError as exc:
        raise WriteError(f"cannot create a folder in {target.parent}: {exc.strerror or exc}") from None
    inside = _contains_cwd(target)
    with leftovers.hold(staging), leftovers.hold(target):
        try:
            _stage(drafts, staging)
            retired = _swap_in(staging, target)
        except BaseException as exc:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(exc, OSError):
                raise WriteError(f"cannot write {out_dir}: {exc.strerror or exc}") from None
            raise
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
    if inside:
        note(f"{out_dir} was replaced while your shell is inside it: run `cd .` to see the new files")


def _contains_cwd(target: Path) -> bool:
    try:
        cwd = Path.cwd().resolve()
    except OSError:
        return False
    return target == cwd or target in cwd.parents


def _stage(drafts: Iterable[FileDraft], staging: Path) -> None:
    for draft in drafts:
        relative = _check_path(draft.path)
        path = staging.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(draft.content)
    os.chmod(staging, 0o755)


def _swap_in(staging: Path, target: Path) -> Path | None:
    """Put the staged build at ``target``; returns the folder now holding the previous build (to delete)."""
    if not os.path.lexists(target):
        os.rename(staging, target)
        return None
    if exchange(staging, target):
        return staging  # the two swapped: the staging path now holds the previous build
    suffix = staging.name[len(leftovers.prefix(target, leftovers.STAGING)) :]
    previous = target.with_name(leftovers.prefix(target, leftovers.PREVIOUS) + suffix)
    os.rename(target, previous)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(previous, target)  # put the previous build back
        raise
    return previous
