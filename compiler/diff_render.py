"""Renderers of a :class:`compiler.diff.SpecDiff`: plain text, Markdown (for a PR comment) and JSON.

All three are pure functions from the one change model to a string. Colour is not decided here: the text
renderer tags each piece with a role (``added``, ``removed``, ``changed``, ``warning``, ``heading``,
``dim``) and calls a ``paint`` function the caller supplies; the CLI passes one using ``click.style``
when stdout is a terminal, everyone else gets the identity.

Markdown output is meant for GitHub, which renders HTML inside Markdown: every spec string goes through
:func:`md_text` (backslash-escapes all ASCII punctuation) or :func:`md_code` (a code span long enough for
any backticks inside), so a hostile title cannot inject markup into a PR comment.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from compiler.diff import CONSENT_WARNING, ChangeKind, ModuleChange, ReasonView, ScopeChange, SpecDiff, ValueChange
from compiler.markdown import md_code, md_text

Paint = Callable[[str, str], str]
"""``paint(text, role)`` → text, possibly wrapped in terminal colour codes."""


def plain(text: str, role: str) -> str:
    del role
    return text


_ROLE = {ChangeKind.ADDED: "added", ChangeKind.REMOVED: "removed", ChangeKind.CHANGED: "changed"}


def _value(change: ValueChange) -> str:
    if change.kind is ChangeKind.CHANGED:
        return f"{change.old} -> {change.new}"
    return str(change.new if change.kind is ChangeKind.ADDED else change.old)


def _line_ref(change: ValueChange) -> str:
    if change.kind is ChangeKind.REMOVED:
        return f"old line {change.old_line}"
    return f"line {change.new_line}"


def _module_head(module: ModuleChange) -> str:
    return f"{module.kind.sign} {module.module_kind} {module.key} {json.dumps(module.title, ensure_ascii=False)}"


def _reason_lines(scope: ScopeChange) -> list[tuple[str, ReasonView]]:
    return [("+", r) for r in scope.reasons_added] + [("-", r) for r in scope.reasons_removed]


# --- text -------------------------------------------------------------------------------------------


def _change_line(change: ValueChange, indent: str, paint: Paint) -> str:
    line = f"{indent}{change.kind.sign} {change.what}: {_value(change)}"
    return paint(line, _ROLE[change.kind]) + paint(f"  ({_line_ref(change)})", "dim")


def render_text(diff: SpecDiff, paint: Paint = plain) -> str:
    """The plan-style report for a terminal; ends with the summary line."""
    out: list[str] = [paint(f"forgewright diff {diff.old_label} -> {diff.new_label}", "heading"), ""]
    if diff.empty:
        out += ["No semantic changes (layout and comments are not compared).", ""]
    if diff.app:
        out.append(paint("App", "heading"))
        out += [_change_line(change, "  ", paint) for change in diff.app]
        out.append("")
    if diff.modules:
        out.append(paint("Modules", "heading"))
        for module in diff.modules:
            out.append(paint(_module_head(module), _ROLE[module.kind]))
            out += [_change_line(change, "    ", paint) for change in module.changes]
        out.append("")
    if diff.scopes:
        out.append(paint("Scopes", "heading"))
        for scope in diff.scopes:
            out.append(paint(f"  {scope.kind.sign} {scope.scope}", _ROLE[scope.kind]))
            for sign, reason in _reason_lines(scope):
                role = "added" if sign == "+" else "removed"
                out.append(
                    paint(f"      {sign} {reason.describe()}", "dim" if scope.kind is not ChangeKind.CHANGED else role)
                )
        out.append("")
    if diff.needs_consent:
        out += [paint(f"warning: {CONSENT_WARNING}", "warning"), ""]
    out.append(paint(diff.summary.line(), "heading"))
    return "\n".join(out) + "\n"


# --- markdown ---------------------------------------------------------------------------------------

_MD_SIGN = {
    ChangeKind.ADDED: "\u2795",
    ChangeKind.REMOVED: "\u2796",
    ChangeKind.CHANGED: "\u270f\ufe0f",
}  # heavy plus, minus, pencil


def _md_value(change: ValueChange) -> str:
    if change.kind is ChangeKind.CHANGED:
        return f"{md_code(str(change.old))} → {md_code(str(change.new))}"
    return md_code(str(change.new if change.kind is ChangeKind.ADDED else change.old))


def render_markdown(diff: SpecDiff) -> str:
    """A PR comment: summary first, the consent warning, then app, modules and scopes as lists."""
    out = [
        f"### forgewright diff: {md_code(diff.old_label)} → {md_code(diff.new_label)}",
        "",
        f"**{md_text(diff.summary.line())}**",
        "",
    ]
    if diff.needs_consent:
        out += ["> [!WARNING]", f"> **New admin consent needed.** {md_text(CONSENT_WARNING)}", ""]
    if diff.empty:
        out += ["No semantic changes (layout and comments are not compared).", ""]
    if diff.app:
        out += ["#### App", ""]
        out += [f"- {_MD_SIGN[c.kind]} **{md_text(c.what)}**: {_md_value(c)} ({_line_ref(c)})" for c in diff.app]
        out.append("")
    if diff.modules:
        out += ["#### Modules", ""]
        for module in diff.modules:
            title = md_text(module.title)
            out.append(
                f"- {_MD_SIGN[module.kind]} {module.kind.value} {module.module_kind} {md_code(module.key)}: {title}"
            )
            out += [
                f"  - {_MD_SIGN[c.kind]} **{md_text(c.what)}**: {_md_value(c)} ({_line_ref(c)})" for c in module.changes
            ]
        out.append("")
    if diff.scopes:
        out += ["#### Scopes", ""]
        for scope in diff.scopes:
            out.append(f"- {_MD_SIGN[scope.kind]} {md_code(scope.scope)} ({scope.kind.value})")
            for sign, reason in _reason_lines(scope):
                verb = "needed by" if sign == "+" else "no longer needed by"
                owner = reason.module_key or "app"
                where = f"(spec line {reason.line}) → {md_code(reason.operation)}"
                out.append(f"  - {verb} {md_code(owner)}: {md_text(reason.why)} {where}")
        out.append("")
    return "\n".join(out)


# --- json -------------------------------------------------------------------------------------------


def _change_json(change: ValueChange) -> dict[str, Any]:
    return {
        "area": change.area,
        "what": change.what,
        "kind": change.kind.value,
        "old": change.old,
        "new": change.new,
        "old_line": change.old_line,
        "new_line": change.new_line,
    }


def _reason_json(reason: ReasonView) -> dict[str, Any]:
    return {"module": reason.module_key, "operation": reason.operation, "why": reason.why, "line": reason.line}


def diff_to_json(diff: SpecDiff) -> dict[str, Any]:
    """The change model as plain JSON data (stable keys; lists keep the model's order)."""
    summary = diff.summary
    return {
        "old": diff.old_label,
        "new": diff.new_label,
        "empty": diff.empty,
        "needs_consent": diff.needs_consent,
        "consent_warning": CONSENT_WARNING if diff.needs_consent else None,
        "summary": {
            "line": summary.line(),
            "modules_changed": summary.modules_changed,
            "modules_added": summary.modules_added,
            "modules_removed": summary.modules_removed,
            "app_changes": summary.app_changes,
            "scopes_added": summary.scopes_added,
            "scopes_removed": summary.scopes_removed,
        },
        "app": [_change_json(c) for c in diff.app],
        "modules": [
            {
                "key": m.key,
                "kind": m.kind.value,
                "module_kind": m.module_kind,
                "title": m.title,
                "old_line": m.old_line,
                "new_line": m.new_line,
                "changes": [_change_json(c) for c in m.changes],
            }
            for m in diff.modules
        ],
        "scopes": [
            {
                "scope": s.scope,
                "kind": s.kind.value,
                "reasons_added": [_reason_json(r) for r in s.reasons_added],
                "reasons_removed": [_reason_json(r) for r in s.reasons_removed],
            }
            for s in diff.scopes
        ],
    }


def render_json(diff: SpecDiff) -> str:
    return json.dumps(diff_to_json(diff), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
