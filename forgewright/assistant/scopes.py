"""The one adapter between a spec and the compiler's scope plan, and the scope table and diff.

Only :func:`scopes_for` knows the compiler's API (``compiler.plan.build_plan(app).scopes``, each a
``ScopeGrant(scope, reasons)`` whose reasons carry ``module_key``, ``operation``, ``span`` and
``why``). Until the compiler is installed it returns None and callers say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dsl import ast


@dataclass(frozen=True)
class ScopeLine:
    """One scope the app needs and why: ``line 9 · gadget overdue · GET /rest/… — why``."""

    scope: str
    reasons: tuple[str, ...]


NOT_AVAILABLE = "scopes: not shown (the compiler, which derives them, is not installed)"


def _reason(reason: Any) -> str:
    parts = []
    span = getattr(reason, "span", None)
    if span is not None and getattr(span, "line", None):
        parts.append(f"line {span.line}")
    for attribute in ("module_key", "operation"):
        value = getattr(reason, attribute, None)
        if value:
            parts.append(str(value))
    text = " · ".join(parts)
    why = getattr(reason, "why", None)
    return f"{text} — {why}" if why else text


def scopes_for(app: ast.App) -> tuple[ScopeLine, ...] | None:
    """The scopes a checked spec needs, with reasons; None while the compiler is not available."""
    try:
        from compiler.plan import build_plan  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    plan = build_plan(app)
    lines = (ScopeLine(str(g.scope), tuple(_reason(r) for r in g.reasons)) for g in plan.scopes)
    return tuple(sorted(lines, key=lambda line: line.scope))


def scope_table(lines: tuple[ScopeLine, ...] | None) -> str:
    """The scope table with reasons, for people."""
    if lines is None:
        return NOT_AVAILABLE
    if not lines:
        return "scopes: none"
    out = [f"scopes ({len(lines)}):"]
    for line in lines:
        out.append(f"  {line.scope}")
        out.extend(f"      {reason}" for reason in line.reasons)
    return "\n".join(out)


@dataclass(frozen=True)
class ScopeDiff:
    added: tuple[ScopeLine, ...]
    removed: tuple[ScopeLine, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed)


def scope_diff(old: tuple[ScopeLine, ...] | None, new: tuple[ScopeLine, ...] | None) -> ScopeDiff | None:
    """Scopes added (with the new reasons) and removed (with the old ones); None when unknown."""
    if new is None:
        return None
    before = {line.scope: line for line in old or ()}
    after = {line.scope: line for line in new}
    return ScopeDiff(
        added=tuple(after[s] for s in sorted(after.keys() - before.keys())),
        removed=tuple(before[s] for s in sorted(before.keys() - after.keys())),
    )


def render_scope_diff(diff: ScopeDiff | None) -> str:
    if diff is None:
        return NOT_AVAILABLE
    if diff.empty:
        return "scopes: unchanged"
    out = []
    for sign, lines in (("+", diff.added), ("-", diff.removed)):
        for line in lines:
            out.append(f"{sign} {line.scope}")
            out.extend(f"      {reason}" for reason in line.reasons)
    return "\n".join(out)
