"""Rendering diagnostics: a code frame for people, JSON for machines.

The code frame follows the familiar compiler layout::

    error[E101]: unknown field `asignee`
      --> overdue.appspec:12:15
       |
    12 |     table { key, asignee }
       |                  ^^^^^^^
       = hint: did you mean `assignee`?
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from dsl.diagnostics import Diagnostic


def code_frame(diagnostic: Diagnostic, source: str) -> str:
    """The human form of one diagnostic, quoting the source line with a caret under the span."""
    span = diagnostic.span
    lines = source.splitlines()
    head = f"{diagnostic.severity.value}[{diagnostic.code}]: {diagnostic.message}"
    out = [head, f"  --> {span.file}:{span.line}:{span.column}"]
    if 1 <= span.line <= len(lines):
        text = lines[span.line - 1].replace("\t", " ")
        gutter = str(span.line)
        pad = " " * len(gutter)
        end = span.end_column if span.end_line == span.line else len(text) + 1
        width = max(1, min(end, len(text) + 1) - span.column)
        out += [
            f"{pad} |",
            f"{gutter} | {text}",
            f"{pad} | {' ' * (span.column - 1)}{'^' * width}",
        ]
    if diagnostic.hint:
        out.append(f"  = hint: {diagnostic.hint}")
    return "\n".join(out)


def code_frames(diagnostics: Iterable[Diagnostic], source: str) -> str:
    """All diagnostics of one file, separated by blank lines."""
    return "\n\n".join(code_frame(d, source) for d in diagnostics)


def summary_line(diagnostics: Iterable[Diagnostic]) -> str:
    """ "2 errors, 1 warning" — the closing line of a check."""
    items = list(diagnostics)
    errors = sum(1 for d in items if d.severity.value == "error")
    warnings = len(items) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def to_json(diagnostics: Iterable[Diagnostic]) -> str:
    """The machine form: a JSON list, stable key order, one object per diagnostic."""
    return json.dumps([d.to_json() for d in diagnostics], indent=2, sort_keys=True, ensure_ascii=False)
