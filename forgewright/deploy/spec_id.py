"""Writing the app id that ``forge register`` created back into the spec's app header.

A pure text edit, so everything else in the file (comments, spacing, order) stays as the author wrote it:
an existing ``id "…"`` literal is replaced in place; otherwise a line ``id "…"`` is inserted after the
``description`` line (or after the ``app "…" {`` line), indented like the body. The result is parsed again
and must carry exactly the new id.
"""

from __future__ import annotations

import re

from dsl.ast import App
from dsl.parser import parse
from dsl.strings import quote

# A Forge app id as ``forge register`` writes it to manifest.yml.
APP_ID_PATTERN = re.compile(r"^ari:cloud:ecosystem::app/[0-9A-Za-z-]+$")


class SpecEditError(ValueError):
    """The spec cannot take the id (it does not parse, or the edit did not produce the id)."""


def is_app_id(value: object) -> bool:
    return isinstance(value, str) and bool(APP_ID_PATTERN.match(value))


def set_app_id(text: str, app_id: str, file: str = "<spec>") -> str:
    """``text`` with its app header's id set to ``app_id``."""
    if not is_app_id(app_id):
        raise SpecEditError(f"{app_id!r} is not a Forge app id (ari:cloud:ecosystem::app/…)")
    result = parse(text, file)
    app = result.app
    if app is None:
        raise SpecEditError(f"{file}: the spec has syntax errors; fix them (forgewright check) first")
    literal = quote(app_id)
    if app.app_id is not None:
        span = app.app_id.span
        new_text = text[: span.start] + literal + text[span.end :]
    else:
        anchor = app.description.span.end if app.description is not None else _after_open_brace(text, app)
        line_end = text.find("\n", anchor)
        closing_on_same_line = app.span.end - 1 <= (line_end if line_end != -1 else len(text))
        if closing_on_same_line:
            # a one-line app (`app "X" { gadget … }`): put the id right after the anchor
            new_text = text[:anchor] + f" id {literal}" + text[anchor:]
        else:
            indent = _body_indent(text, app)
            newline = "\r\n" if text[:line_end].endswith("\r") else "\n"
            cut = line_end - 1 if newline == "\r\n" else line_end
            new_text = text[:cut] + newline + indent + f"id {literal}" + text[cut:]
    check = parse(new_text, file)
    if check.app is None or check.app.app_id is None or check.app.app_id.value != app_id:
        raise SpecEditError(f"{file}: writing the app id did not give a spec with that id")
    return new_text


def _after_open_brace(text: str, app: App) -> int:
    brace = text.find("{", app.name.span.end)
    if brace == -1:  # cannot happen for a parsed app, but never index with -1
        raise SpecEditError("the app header has no opening brace")
    return brace + 1


def _body_indent(text: str, app: App) -> str:
    """The indentation of the description line, else of the first body line after the header, else 2."""
    if app.description is not None:
        start = app.description.span.start
        line_start = text.rfind("\n", 0, start) + 1
        prefix = text[line_start:start]
        keyword = prefix.rfind("description")
        if keyword != -1 and prefix[:keyword].strip() == "":
            return prefix[:keyword]
    body = text[_after_open_brace(text, app) : app.span.end]
    for line in body.splitlines()[1:]:
        stripped = line.strip()
        if stripped and stripped != "}":
            return line[: len(line) - len(line.lstrip())]
    return "  "
