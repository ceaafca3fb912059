"""Rendering diagnostics: a code frame for people, JSON for machines.

The code frame follows the familiar compiler layout::

    error[E101]: unknown field `asignee`
      --> overdue.appspec:12:15
       |
    12 |     table { key, asignee }
       |                  ^^^^^^^
       = hint: did you mean `assignee`?

Output stays proportional to the input, however broken it is: the source is split into lines once
per file (never per diagnostic), long lines are shown as a window around the caret, and a file's
diagnostics are capped (at most 20 of one code, 100 in all) with a closing line that says how many
of which code were left out. Nothing from a spec reaches the terminal raw: control, format and
separator characters are shown as ``\\uXXXX``.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dsl.diagnostics import CODES, Diagnostic
from dsl.strings import visible

MAX_PER_CODE = 20
MAX_SHOWN = 100
WINDOW = 100
"""Characters of a long source line shown around the caret."""
MAX_TEXT = 400
"""Characters of a message or hint shown (they can quote long user text)."""


@dataclass(frozen=True)
class Selection:
    """The diagnostics of one file that are shown, and how many of each code are left out."""

    shown: tuple[Diagnostic, ...]
    omitted: dict[str, int] = field(default_factory=dict)

    @property
    def omitted_count(self) -> int:
        return sum(self.omitted.values())


def select(diagnostics: Iterable[Diagnostic]) -> Selection:
    """In reading order: at most :data:`MAX_PER_CODE` diagnostics of each code, :data:`MAX_SHOWN` in all."""
    shown: list[Diagnostic] = []
    per_code: Counter[str] = Counter()
    omitted: Counter[str] = Counter()
    for diagnostic in diagnostics:
        if len(shown) < MAX_SHOWN and per_code[diagnostic.code] < MAX_PER_CODE:
            shown.append(diagnostic)
            per_code[diagnostic.code] += 1
        else:
            omitted[diagnostic.code] += 1
    return Selection(tuple(shown), dict(sorted(omitted.items())))


class SourceLines:
    """A source split into lines once, the way the parser counts them: at ``\\n`` only (so a U+2028 or
    a lone ``\\r`` inside a string or comment does not shift later lines), a ``\\r`` before it dropped."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.starts = [0]
        position = source.find("\n")
        while position != -1:
            self.starts.append(position + 1)
            position = source.find("\n", position + 1)

    def __len__(self) -> int:
        return len(self.starts)

    def line(self, number: int) -> str | None:
        """Line ``number`` (1-based) without its line break, or None when there is no such line."""
        if not 1 <= number <= len(self.starts):
            return None
        start = self.starts[number - 1]
        end = self.starts[number] - 1 if number < len(self.starts) else len(self.source)
        return self.source[start:end].removesuffix("\r")


def code_frame(diagnostic: Diagnostic, lines: SourceLines) -> str:
    """The human form of one diagnostic, quoting the source line with a caret under the span."""
    span = diagnostic.span
    head = f"{diagnostic.severity.value}[{diagnostic.code}]: {_text(diagnostic.message)}"
    out = [head, f"  --> {visible(span.file)}:{span.line}:{span.column}"]
    text = lines.line(span.line)
    if text is not None:
        gutter = str(span.line)
        pad = " " * len(gutter)
        start = min(max(span.column - 1, 0), len(text))
        end = span.end_column - 1 if span.end_line == span.line else len(text)
        shown, caret_at, caret_width = _window(text, start, min(max(end, start + 1), len(text) + 1))
        out += [f"{pad} |", f"{gutter} | {shown}", f"{pad} | {' ' * caret_at}{'^' * caret_width}"]
    if diagnostic.hint:
        out.append(f"  = hint: {_text(diagnostic.hint)}")
    return "\n".join(out)


def code_frames(diagnostics: Sequence[Diagnostic], source: str) -> str:
    """The diagnostics of one file, separated by blank lines, capped by :func:`select`."""
    selection = select(diagnostics)
    lines = SourceLines(source)
    frames = [code_frame(d, lines) for d in selection.shown]
    if selection.omitted:
        frames.append(omitted_line(selection))
    return "\n\n".join(frames)


def omitted_line(selection: Selection) -> str:
    """``… and 4,000 more not shown: 3,990 E101 (unknown field), 10 W101 (unused parameter)``."""
    parts = ", ".join(f"{count:,} {code} ({CODES[code]})" for code, count in selection.omitted.items())
    return f"… and {selection.omitted_count:,} more not shown: {parts}"


def summary_line(diagnostics: Iterable[Diagnostic]) -> str:
    """ "2 errors, 1 warning" — the closing line of a check."""
    items = list(diagnostics)
    errors = sum(1 for d in items if d.severity.value == "error")
    warnings = len(items) - errors
    return f"{errors:,} error{'s' * (errors != 1)}, {warnings:,} warning{'s' * (warnings != 1)}"


def to_json(payload: object) -> str:
    """A JSON document with stable key order; invisible characters inside its strings are escaped
    too (JSON itself only escapes C0 controls), so it is safe to print."""
    return visible(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False), keep="\n")


def _text(message: str) -> str:
    """A message or hint as shown: invisible characters escaped, very long ones shortened."""
    if len(message) > MAX_TEXT:
        message = message[: MAX_TEXT - 1] + "…"
    return visible(message)


def _window(text: str, start: int, end: int) -> tuple[str, int, int]:
    """A source line as shown, the caret's column in it and the caret's width.

    ``start``..``end`` are the span's character positions. A line longer than :data:`WINDOW`
    characters is cut to a window starting a little before the span, marked with "…" at cut ends.
    """
    low, high = 0, len(text)
    if len(text) > WINDOW:
        low = max(0, min(start - WINDOW // 4, len(text) - WINDOW))
        high = min(len(text), low + WINDOW)
    before = ("…" if low > 0 else "") + _cells(text[low:start])
    marked = _cells(text[start : min(end, high)])
    after = _cells(text[min(end, high) : high]) + ("…" if high < len(text) else "")
    return before + marked + after, _width(before), max(1, _width(marked))


def _cells(text: str) -> str:
    """Source text as printed in a frame: tabs as one space, invisible characters escaped."""
    return visible(text.replace("\t", " "))


def _width(text: str) -> int:
    """Terminal columns: wide (East Asian) characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
