"""Masking a secret in text a child process printed, in every form the text may carry it.

A token reaches output in more shapes than its own: URL-encoded in a logged request, JSON-escaped in a
dumped body, base64-encoded alone or as ``email:token`` in a Basic authorization header (and inside
a longer base64 text at any of the three byte alignments), hex-encoded in a debug dump, wrapped over
several lines (with the indentation a wrapping CLI adds), or cut short ("ATATT3x…" and the like). So the
redactor does not look for whole forms only: any run of at least :data:`IDENTIFYING_RUN` characters of
any form, read across line breaks, is replaced with the mask. Shorter runs reveal too little of a long
random token to matter, and masking them would mangle ordinary words.

The output of a step is captured whole before it is redacted, so a token split between two writes of
the child (or between its stdout and stderr, which share one pipe) is seen joined.
"""

from __future__ import annotations

import base64
import bisect
import json
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "[redacted]"
MIN_SECRET = 4  # shorter values are not secrets worth masking: they would mangle ordinary words
IDENTIFYING_RUN = 8  # this many characters of a form (or the whole form, if shorter) are masked
_LINE_BREAK = re.compile(r"\r?\n[ \t]*")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-F]{2}")


def encoded_forms(secret: str) -> set[str]:
    """The secret as it may appear in text: plain, URL-encoded, JSON-escaped, hex, base64 at any alignment."""
    forms = {secret, quote(secret), quote(secret, safe=""), quote_plus(secret)}
    forms |= {_PERCENT_ESCAPE.sub(lambda m: m.group(0).lower(), f) for f in set(forms)}  # %2f as well as %2F
    escaped = {json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    forms |= escaped | {f.replace("/", "\\/") for f in escaped}  # some encoders escape the slash
    data = secret.encode("utf-8")
    forms |= {data.hex(), data.hex().upper()}
    forms |= base64_cores(data)
    return {f for f in forms if f}


def base64_cores(data: bytes) -> set[str]:
    """The base64 characters that depend only on ``data``, for each of the three positions it can start at
    inside longer base64 text, in the standard and the URL-safe alphabet."""
    cores: set[str] = set()
    for offset in range(3):
        bits_before, bits_after = 8 * offset, 8 * (offset + len(data))
        encoded = base64.b64encode(bytes(offset) + data).decode("ascii")
        core = encoded[-(-bits_before // 6) : bits_after // 6]
        whole = encoded if offset == 0 else ""  # at the start, padding included: masked to its last "="
        cores |= {form.replace("+", "-").replace("/", "_") for form in (core, whole)} | {core, whole}
    return cores - {""}


class Redactor:
    """Replaces every identifying run of a secret's forms with :data:`MASK`."""

    def __init__(self, secrets: Iterable[str], pairs: Iterable[tuple[str, str]] = ()) -> None:
        forms: set[str] = set()
        for secret in secrets:
            if len(secret) >= MIN_SECRET:
                forms |= encoded_forms(secret)
        for user, secret in pairs:
            if len(secret) >= MIN_SECRET:  # HTTP basic authentication: base64 of "user:secret"
                forms |= base64_cores(f"{user}:{secret}".encode())
        self._runs: dict[int, dict[str, list[tuple[str, int]]]] = {}
        for form in forms:
            length = min(len(form), IDENTIFYING_RUN)
            starts = self._runs.setdefault(length, {})
            for position in range(len(form) - length + 1):
                starts.setdefault(form[position : position + length], []).append((form, position))
        alphabet = "".join(sorted(set("".join(forms))))
        shortest = min(self._runs, default=0)
        self._candidates = re.compile(f"[{re.escape(alphabet)}]{{{shortest},}}") if forms else None

    def __call__(self, text: str) -> str:
        if self._candidates is None:
            return text
        joined, pieces = _join_lines(text)
        spans: list[tuple[int, int]] = []
        for candidate in self._candidates.finditer(joined):
            spans += self._matches(joined, candidate.start(), candidate.end())
        if not spans:
            return text
        out: list[str] = []
        done = 0
        for start, end in spans:
            begin, finish = _original(pieces, start), _original(pieces, end - 1) + 1
            out += [text[done:begin], MASK]
            done = finish
        out.append(text[done:])
        return "".join(out)

    def _matches(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Spans of ``text[start:end]`` that are identifying runs of a form, longest first at each point."""
        found: list[tuple[int, int]] = []
        i = start
        while i < end:
            longest = 0
            for length, starts in self._runs.items():
                for form, position in starts.get(text[i : i + length], ()):
                    n = length
                    while i + n < end and position + n < len(form) and text[i + n] == form[position + n]:
                        n += 1
                    longest = max(longest, n)
            if longest:
                found.append((i, i + longest))
                i += longest
            else:
                i += 1
        return found


def _join_lines(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with its line breaks (and the indentation after them) removed, and for each remaining piece
    (where it starts in the joined text, where it starts in ``text``)."""
    parts: list[str] = []
    pieces: list[tuple[int, int]] = []
    joined_at = original_at = 0
    for match in _LINE_BREAK.finditer(text):
        parts.append(text[original_at : match.start()])
        pieces.append((joined_at, original_at))
        joined_at += match.start() - original_at
        original_at = match.end()
    parts.append(text[original_at:])
    pieces.append((joined_at, original_at))
    return "".join(parts), pieces


def _original(pieces: list[tuple[int, int]], joined_index: int) -> int:
    """Where a character of the joined text is in the original text."""
    k = bisect.bisect_right(pieces, joined_index, key=lambda piece: piece[0]) - 1
    joined_at, original_at = pieces[k]
    return original_at + joined_index - joined_at
