"""The appspec language reference as data: the markdown text and the example specs inside it.

``dsl/language_reference.md`` is the single source of the language documentation. The LLM prompt
builder sends :func:`language_reference` to the model (the model's only knowledge of the language),
``scripts/gen_docs.py`` publishes it as ``docs/language.md``, and the tests check every example
returned by :func:`reference_examples`, so the reference cannot drift from the grammar and checker.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

REFERENCE_FILE = "language_reference.md"

# An example block: a fence line of exactly ```appspec, its body, and a closing ``` line.
_FENCE_OPEN = re.compile(r"^```appspec\s*$")
_FENCE_CLOSE = re.compile(r"^```\s*$")


@lru_cache(maxsize=1)
def language_reference() -> str:
    """The full language reference (markdown), as shipped inside the ``dsl`` package."""
    return files("dsl").joinpath(REFERENCE_FILE).read_text(encoding="utf-8")


def reference_examples() -> list[tuple[int, str]]:
    """Every ```` ```appspec ```` block of the reference as ``(line, text)``.

    ``line`` is the 1-based line number, in the markdown file, of the block's first spec line
    (the line after the opening fence), so a diagnostic at spec line ``n`` is at markdown line
    ``line + n - 1``. ``text`` ends with a newline.
    """
    return examples_in(language_reference())


def examples_in(markdown: str) -> list[tuple[int, str]]:
    """The ```` ```appspec ```` blocks of any markdown text, as :func:`reference_examples` returns them."""
    found: list[tuple[int, str]] = []
    start: int | None = None
    body: list[str] = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        if start is None:
            if _FENCE_OPEN.match(line):
                start = number + 1
                body = []
        elif _FENCE_CLOSE.match(line):
            found.append((start, "".join(part + "\n" for part in body)))
            start = None
        else:
            body.append(line)
    return found
