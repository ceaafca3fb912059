"""String literals: unescaping for the parser, escaping for the formatter, and offset mapping.

The two directions live together so that ``quote(unquote(s)) == s`` for canonical strings and a
position inside an unescaped value (a JQL error, say) maps back to the column in the source.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}


_SURROGATES = range(0xD800, 0xE000)
_HIGH_SURROGATES = range(0xD800, 0xDC00)
_LOW_SURROGATES = range(0xDC00, 0xE000)
ESCAPE_HINT = 'use \\" \\\\ \\n \\t or \\uXXXX inside strings'


class EscapeError(ValueError):
    """A bad escape sequence; ``offset`` is its position inside the literal, quotes included."""

    def __init__(self, offset: int, sequence: str, message: str | None = None, hint: str = ESCAPE_HINT) -> None:
        super().__init__(message or f"unknown escape sequence `{sequence}`")
        self.offset = offset
        self.sequence = sequence
        self.hint = hint


def unquote(literal: str) -> tuple[str, Sequence[int]]:
    """Unescape a ``"…"`` literal. Also returns, for each character of the value, its offset
    inside the literal (so offset 0 of the value is 1 in the literal, after the quote).

    ``\\uXXXX`` escapes of a UTF-16 surrogate pair (``\\uD83D\\uDE80``) become the one character they
    encode; half of a pair alone encodes no character, so it is an error like an unknown escape.
    """
    body = literal[1:-1]
    if "\\" not in body:  # the common case: nothing to unescape, offsets are a plain shift
        return body, range(1, len(body) + 1)
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            offsets.append(i + 1)
            i += 1
            continue
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            offsets.append(i + 1)
            i += 2
        elif nxt == "u" and _is_hex(body[i + 2 : i + 6]):
            out.append(chr(_code_point(body, i)))
            offsets.append(i + 1)
            i += 12 if ord(out[-1]) > 0xFFFF else 6
        else:
            raise EscapeError(i + 1, "\\" + nxt)
    return "".join(out), tuple(offsets)


def _code_point(body: str, i: int) -> int:
    """The character a ``\\uXXXX`` escape at ``body[i]`` stands for, joining a surrogate pair."""
    code = int(body[i + 2 : i + 6], 16)
    if code not in _SURROGATES:
        return code
    following = body[i + 6 : i + 12]
    if code in _HIGH_SURROGATES and following[:2] == "\\u" and _is_hex(following[2:]):
        low = int(following[2:], 16)
        if low in _LOW_SURROGATES:
            return 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
    half = "first" if code in _HIGH_SURROGATES else "second"
    raise EscapeError(
        i + 1,
        body[i : i + 6],
        f"`{body[i : i + 6]}` is the {half} half of a UTF-16 surrogate pair, without the other half",
        "write the character itself, or both halves together, e.g. \\uD83D\\uDE80 for 🚀",
    )


def _is_hex(text: str) -> bool:
    return len(text) == 4 and all(c in "0123456789abcdefABCDEF" for c in text)


def invisible(ch: str) -> bool:
    """Characters that do not show as themselves: controls, format characters (bidi overrides,
    zero-width ones, the byte-order mark) and the Unicode line and paragraph separators."""
    return unicodedata.category(ch) in _INVISIBLE_CATEGORIES


_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def visible(text: str, keep: str = "") -> str:
    """The text with every invisible character (except those in ``keep``) written as its ``\\uXXXX``
    escape, as a spec would write it: safe to print on a terminal, unambiguous to read."""
    if text.isprintable():  # no control, format or separator character: the common case
        return text
    return "".join(_escaped(ch) if invisible(ch) and ch not in keep else ch for ch in text)


def quote(value: str) -> str:
    """The canonical literal for a value: escapes quotes, backslashes and every invisible character, so
    a reviewer sees what the string holds (no hidden bidi overrides or line separators)."""
    parts = ['"']
    for ch in value:
        if ch == '"':
            parts.append('\\"')
        elif ch == "\\":
            parts.append("\\\\")
        elif ch == "\n":
            parts.append("\\n")
        elif ch == "\t":
            parts.append("\\t")
        elif invisible(ch):
            parts.append(_escaped(ch))
        else:
            parts.append(ch)
    parts.append('"')
    return "".join(parts)


def _escaped(ch: str) -> str:
    """``\\uXXXX`` for a character, as a surrogate pair beyond the Basic Multilingual Plane."""
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
