"""Reading user files with errors that name the file instead of raising tracebacks."""

from __future__ import annotations

from pathlib import Path

import click


class InputFileError(click.UsageError):
    """A file given on the command line cannot be read: a usage problem (exit code 2)."""


def read_spec(path: Path) -> str:
    """The text of a spec file, or an :class:`InputFileError` saying why it can't be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}: is a folder, not a spec file") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def write_text_atomically(path: Path, text: str) -> None:
    """Replace a file's text via a temporary sibling and a rename, so a crash never leaves half a file."""
    temporary = path.with_name(f".{path.name}.forgewright-tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="\n")
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputFileError(f"{path}: cannot write ({exc.strerror})") from None
