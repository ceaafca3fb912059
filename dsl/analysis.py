"""The one function that chains the stages: text → parse → check → Analysis."""

from __future__ import annotations

from dataclasses import dataclass

from dsl import ast
from dsl.diagnostics import Diagnostic, has_errors, sort_diagnostics
from dsl.parser import parse


@dataclass(frozen=True)
class Analysis:
    """Everything known about one spec: its tree (None after a syntax error), comments, problems."""

    source: str
    file: str
    app: ast.App | None
    comments: tuple[ast.Comment, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        """True when the spec has a tree and no errors (warnings are allowed)."""
        return self.app is not None and not has_errors(self.diagnostics)


def analyze(text: str, file: str = "<input>") -> Analysis:
    """Parse and check a spec; never raises on bad input."""
    from dsl.checker import check

    parsed = parse(text, file)
    diagnostics = list(parsed.diagnostics)
    if parsed.app is not None:
        diagnostics.extend(check(parsed.app))
    return Analysis(text, file, parsed.app, parsed.comments, sort_diagnostics(diagnostics))
