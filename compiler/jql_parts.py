"""Splitting a spec's JQL into literal text and typed placeholders, for run-time quoting.

This is the single seam between the compiler and the language's JQL checker: everything else in the
compiler works on :class:`JqlPart` values. Until ``dsl.jql.parse_jql_template`` is available, the
placeholders are found with a small regular expression; the checker guarantees they are declared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from dsl.span import NO_SPAN, Span

_PLACEHOLDER = re.compile(r"\{(context\.|settings\.)?([A-Za-z_][A-Za-z0-9_]*)\}")
_QUOTED = re.compile(r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')")
_WORD = re.compile(r"(?<![\w.\[])[A-Za-z_][A-Za-z0-9_]*(?![\w(\]])")


@dataclass(frozen=True)
class JqlPart:
    """Literal JQL (``text`` set) or a placeholder (``kind`` param/context/settings, ``name``, ``type``)."""

    text: str | None = None
    kind: str | None = None
    name: str | None = None
    type: str | None = None
    span: Span = field(default=NO_SPAN, compare=False)

    @property
    def is_text(self) -> bool:
        return self.text is not None


def _rewrite(text: str, rewrites: Mapping[str, str]) -> str:
    """Replace declared custom field names by their ``cf[NNNNN]`` JQL names outside quoted strings."""
    if not rewrites:
        return text
    pieces = _QUOTED.split(text)
    for index in range(0, len(pieces), 2):  # even pieces are outside quotes
        pieces[index] = _WORD.sub(lambda m: rewrites.get(m.group(0), m.group(0)), pieces[index])
    return "".join(pieces)


def split_jql(
    text: str,
    types: Mapping[str, str],
    span: Span = NO_SPAN,
    rewrites: Mapping[str, str] | None = None,
) -> tuple[JqlPart, ...]:
    """The JQL as parts; ``types`` maps placeholder keys (``rows``, ``context.issue``) to value types and
    ``rewrites`` maps declared custom field names to their JQL names.

    Placeholders inside quoted JQL strings are not expected (the checker reports them, E303).
    """
    parts: list[JqlPart] = []
    cursor = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > cursor:
            parts.append(JqlPart(text=_rewrite(text[cursor : match.start()], rewrites or {})))
        prefix, name = match.group(1), match.group(2)
        kind = prefix[:-1] if prefix else "param"
        key = name if kind == "param" else f"{kind}.{name}"
        parts.append(JqlPart(kind=kind, name=name, type=types.get(key, "text"), span=span))
        cursor = match.end()
    if cursor < len(text):
        parts.append(JqlPart(text=_rewrite(text[cursor:], rewrites or {})))
    return tuple(parts)
