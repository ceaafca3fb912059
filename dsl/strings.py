"""String literals: unescaping for the parser, escaping for the formatter, and offset mapping.

The two directions live together so that ``quote(unquote(s)) == s`` for canonical strings and a
position inside an unescaped value (a JQL error, say) maps back to the column in the source.
"""

from __future__ import annotations

_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}


class EscapeError(ValueError):
    """An unknown escape sequence; ``offset`` is its position inside the literal, quotes included."""

    def __init__(self, offset: int, sequence: str) -> None:
        super().__init__(f"unknown escape sequence `{sequence}`")
        self.offset = offset
        self.sequence = sequence


def unquote(literal: str) -> tuple[str, tuple[int, ...]]:
    """Unescape a ``"…"`` literal. Also returns, for each character of the value, its offset
    inside the literal (so offset 0 of the value is 1 in the literal, after the quote)."""
    body = literal[1:-1]
    if "\\" not in body:  # the common case: nothing to unescape, offsets are a plain shift
        return body, tuple(range(1, len(body) + 1))
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
            out.append(chr(int(body[i + 2 : i + 6], 16)))
            offsets.append(i + 1)
            i += 6
        else:
            raise EscapeError(i + 1, "\\" + nxt)
    return "".join(out), tuple(offsets)


def _is_hex(text: str) -> bool:
    return len(text) == 4 and all(c in "0123456789abcdefABCDEF" for c in text)


def quote(value: str) -> str:
    """The canonical literal for a value: escapes quotes, backslashes and control characters."""
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
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            parts.append(f"\\u{ord(ch):04x}")
        else:
            parts.append(ch)
    parts.append('"')
    return "".join(parts)
