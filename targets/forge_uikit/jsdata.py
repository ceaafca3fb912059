"""JavaScript data literals laid out the way prettier lays them out, with comments, for generated files.

A generated app's plan (``src/app.js``) is data meant to be read in review, so it is printed like hand-formatted
code: an object or array stays on one line when it fits in :data:`WIDTH` columns and otherwise takes one line per
entry; a comment stands above the entry it explains. The layout follows prettier's rules (single quotes unless the
text holds more of them, trailing commas, arrays of several multi-key objects one per line, a long string moved
below its key), so ``prettier --check`` accepts every generated file unchanged; a test runs it on every example.

Strings keep JQL readable (``<``, ``>=`` and ``&`` stay as written) yet hold no raw control characters, line
separators or lone surrogates, and no ``</`` or ``<!`` that could end a script element the text was pasted into.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

WIDTH = 120
INDENT = "  "
_SHORT_KEY = 5
"""A property whose key is narrower than this keeps a long string on its own line (prettier's rule)."""

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


@dataclass(frozen=True)
class Comment:
    """A ``//`` comment line placed above an entry (text on one line; newlines become spaces)."""

    text: str


@dataclass(frozen=True)
class Obj:
    """An object literal: ``(key, value, comment)`` entries in order; keys are JavaScript identifiers."""

    entries: tuple[tuple[str, Value, Comment | None], ...]
    comment: Comment | None = None  # shown above the object when it is an element of an array


@dataclass(frozen=True)
class Arr:
    items: tuple[Value, ...]


Value = Obj | Arr | str | int | float | bool | None


def _char(ch: str, quote: str) -> str:
    if ch == quote:
        return "\\" + ch
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029) or 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    return ch


_PLAIN = re.compile(r"[^\\'\"<\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]*")
"""Text that needs no escape in either quote style (most of it: the fast path)."""


def string(text: str) -> str:
    """A JavaScript string literal in prettier's preferred quotes (single, unless that means more escapes)."""
    if _PLAIN.fullmatch(text):
        return f"'{text}'"
    quote = '"' if text.count("'") > text.count('"') else "'"
    body = "".join(_char(ch, quote) for ch in text)
    return quote + body.replace("</", "\\u003c/").replace("<!", "\\u003c!") + quote


def _number(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"{value} has no JSON form")
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        sign = "-" if exponent.startswith("-") else ""
        text = f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"
    return text


def width(text: str) -> int:
    """Columns ``text`` takes as prettier counts them: wide East Asian characters and emoji take two."""
    if text.isascii():
        return len(text)
    total = 0
    for ch in text:
        if 0x300 <= ord(ch) <= 0x36F:
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def _scalar(value: str | int | float | bool | None) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return string(value)
    return _number(value)


def _has_comments(value: Value) -> bool:
    if isinstance(value, Obj):
        return value.comment is not None or any(c is not None or _has_comments(v) for _, v, c in value.entries)
    if isinstance(value, Arr):
        return any(_has_comments(item) for item in value.items)
    return False


def _many_keys(value: Value) -> bool:
    return (isinstance(value, Obj) and len(value.entries) > 1) or (isinstance(value, Arr) and len(value.items) > 1)


def _must_break(value: Value) -> bool:
    """Prettier breaks an array of several objects (or arrays) that each have more than one entry."""
    if isinstance(value, Arr) and len(value.items) > 1:
        kinds = {type(item) for item in value.items}
        return len(kinds) == 1 and kinds <= {Obj, Arr} and all(_many_keys(item) for item in value.items)
    return False


def _flat(value: Value) -> str | None:
    """The one-line form, or None when the value cannot be on one line (it holds comments or must break)."""
    if isinstance(value, Obj):
        if _has_comments(value):
            return None
        parts = []
        for key, item, _ in value.entries:
            flat = _flat(item)
            if flat is None:
                return None
            parts.append(f"{key}: {flat}")
        return "{ " + ", ".join(parts) + " }" if parts else "{}"
    if isinstance(value, Arr):
        if _must_break(value):
            return None
        items = [_flat(item) for item in value.items]
        if any(item is None for item in items):
            return None
        return "[" + ", ".join(item for item in items if item is not None) + "]"
    return _scalar(value)


def _comment(comment: Comment, indent: str) -> str:
    return f"{indent}// {' '.join(comment.text.split())}\n"


def _entry(prefix: str, value: Value, indent: str) -> str:
    """``prefix value,`` at ``indent`` (``prefix`` is ``key: `` or empty), broken over lines when needed."""
    flat = _flat(value)
    if flat is not None and width(indent + prefix + flat) + 1 <= WIDTH:
        return f"{indent}{prefix}{flat},\n"
    if isinstance(value, Obj | Arr):
        return f"{indent}{prefix}{_block(value, indent)},\n"
    if prefix and isinstance(value, str) and width(prefix) - 2 >= _SHORT_KEY:
        return f"{indent}{prefix.rstrip()}\n{indent}{INDENT}{_scalar(value)},\n"
    return f"{indent}{prefix}{_scalar(value)},\n"


def _block(value: Obj | Arr, indent: str) -> str:
    """The value over several lines, its entries one level deeper, closing at ``indent``."""
    inner = indent + INDENT
    if isinstance(value, Obj):
        if not value.entries:
            return "{}"
        body = "".join(
            (_comment(comment, inner) if comment else "") + _entry(f"{key}: ", item, inner)
            for key, item, comment in value.entries
        )
        return "{\n" + body + indent + "}"
    if not value.items:
        return "[]"
    body = "".join(
        (_comment(item.comment, inner) if isinstance(item, Obj) and item.comment else "") + _entry("", item, inner)
        for item in value.items
    )
    return "[\n" + body + indent + "]"


def declaration(name: str, value: Obj, type_comment: str) -> str:
    """``/** @type {...} */ export const NAME = {...};`` with the object always spread over lines."""
    return f"/** @type {{{type_comment}}} */\nexport const {name} = {_block(value, '')};\n"
