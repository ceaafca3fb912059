"""Scopes as `new` and `chat` show them: the compiler's plan, and the compiler's differ between versions.

Nothing here derives or compares scopes itself: the table comes from ``compiler.plan.build_plan``
and the changes from ``compiler.diff.diff_apps``, so the chat shows exactly what ``forgewright
scopes`` and ``forgewright diff`` would.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from compiler.diff import CONSENT_WARNING, ChangeKind, diff_apps
from compiler.plan import build_plan
from dsl import ast


class _Reason(Protocol):
    def describe(self) -> str: ...


def _block(head: str, reasons: Iterable[_Reason]) -> list[str]:
    return [head, *(f"      {reason.describe()}" for reason in reasons)]


def scope_table(app: ast.App) -> str:
    """Every scope the app needs, each with its reasons (module, purpose, spec line, operation)."""
    plan = build_plan(app)
    if not plan.scopes:
        return "scopes: none"
    out = [f"scopes ({len(plan.scopes)}, {plan.scope_style}):"]
    for grant in plan.scopes:
        out += _block(f"  {grant.scope}", grant.reasons)
    return "\n".join(out)


def scope_changes(old: ast.App | None, new: ast.App) -> str:
    """Scopes added (with why they are now needed) and removed (with why they were), for people.

    Before the first version every scope is new; adding scopes brings the consent note.
    """
    out: list[str] = []
    if old is None:
        for grant in build_plan(new).scopes:
            out += _block(f"+ {grant.scope}", grant.reasons)
        return "\n".join(out) or "scopes: none"
    diff = diff_apps(old, new)
    for change in diff.scopes:
        if change.kind is ChangeKind.ADDED:
            out += _block(f"+ {change.scope}", change.reasons_added)
        elif change.kind is ChangeKind.REMOVED:
            out += _block(f"- {change.scope}", change.reasons_removed)
    if not out:
        return "scopes: unchanged"
    if diff.needs_consent:
        out.append(f"note: {CONSENT_WARNING}")
    return "\n".join(out)
