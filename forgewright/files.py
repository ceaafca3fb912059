"""Reading user files with errors that name the file instead of raising tracebacks."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import click

UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class InputFileError(click.UsageError):
    """A file given on the command line cannot be read: a usage problem (exit code 2)."""


def describe_file_type(mode: int) -> str:
    """What a non-regular file is, in words ("a folder", "a named pipe" …), for error messages."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_spec(path: Path) -> str:
    """The text of a spec file, or an :class:`InputFileError` saying why it can't be read.

    Only regular files are read: the type is checked before opening, and the open itself does not wait,
    so a named pipe or a device given by mistake is refused at once instead of blocking forever.
    A UTF-8 byte order mark (which some Windows editors add) is dropped, so positions in messages count
    from the first character the user can see."""
    try:
        before = os.stat(path)
        if not stat.S_ISREG(before.st_mode):
            raise InputFileError(f"{path}: is {describe_file_type(before.st_mode)}, not a spec file")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror})") from None
    with open(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode):  # replaced between the check and the open
            raise InputFileError(f"{path}: is {describe_file_type(opened.st_mode)}, not a spec file")
        try:
            data = handle.read()
        except OSError as exc:
            raise InputFileError(f"{path}: cannot read ({exc.strerror})") from None
    return decode_spec(data, path)


def decode_spec(data: bytes, path: Path) -> str:
    """Spec bytes as text: UTF-8, a leading byte order mark dropped."""
    if data.startswith(_UTF16_BOMS):
        raise InputFileError(f"{path}: is UTF-16 text; save it as UTF-8")
    skipped = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    try:
        return data[skipped:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{path}: not UTF-8 text (byte {exc.start + skipped})") from None


def write_text_atomically(path: Path, text: str) -> None:
    """Replace a file's text via a temporary sibling and a rename, so a crash never leaves half a file.

    A file that exists keeps its permissions; a new one gets the usual mode (0666 less the umask).
    """
    temporary = path.with_name(f".{path.name}.forgewright-tmp")
    try:
        try:
            mode: int | None = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = None
        temporary.unlink(missing_ok=True)  # a leftover of a crash would lend the new file its mode
        temporary.write_text(text, encoding="utf-8", newline="\n")
        if mode is not None:
            os.chmod(temporary, mode)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputFileError(f"{path}: cannot write ({exc.strerror})") from None
