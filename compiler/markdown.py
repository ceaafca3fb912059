"""Spec text inside Markdown (generated READMEs, PR comments): shown as written, never interpreted.

Spec strings are user input; in a PR comment GitHub renders Markdown and some HTML, so every
character that could start markup is escaped, and line breaks are folded so text cannot open a
new block. Ordinary punctuation (``.``, ``,``, ``:``) stays readable.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-!|~&])")
_ORDERED_LIST_START = re.compile(r"^(\d+)([.)])")


def md_text(text: str) -> str:
    """Plain text made inert in Markdown: markup characters escaped, lines joined with spaces."""
    flat = " ".join(str(text).split())
    return _ORDERED_LIST_START.sub(r"\1\\\2", _SPECIAL.sub(r"\\\1", flat))


def md_code(text: str) -> str:
    """An inline code span holding ``text`` verbatim, fenced longer than any backtick run inside it."""
    flat = " ".join(str(text).split())
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat.strip() else ""
    return f"{fence}{pad}{flat}{pad}{fence}"
