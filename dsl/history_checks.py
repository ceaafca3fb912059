"""The rules for status history: status groups declared at app level, and the history measures of calculations
(``entered(…)``, ``left(…)``, ``time in …``, ``transitions()``), which only issue rows have.

A status set names statuses by their name (quoted, as Jira shows them; compared ignoring case) or by a group: one
the app declares (``statuses active = "In Progress", "In Review"``) or a built-in status category (``todo``,
``in_progress``, ``done``), which covers every status of that category whatever a site calls it.
"""

from __future__ import annotations

from collections.abc import Mapping

from dsl import ast
from dsl.diagnostics import Diagnostic, error
from dsl.expressions import HISTORY_FUNCTIONS
from dsl.similar import closest

CATEGORIES: Mapping[str, str] = {"todo": "new", "in_progress": "indeterminate", "done": "done"}
"""The built-in groups: status categories, by the key Jira gives each (To Do, In Progress, Done)."""

HistoryMeasure = ast.StatusEvent | ast.TimeIn | ast.Call


def history_measures(expr: ast.Expr) -> list[HistoryMeasure]:
    """The history measures of a calculation, in source order."""
    if isinstance(expr, ast.Negate):
        return history_measures(expr.operand)
    if isinstance(expr, ast.Binary):
        return history_measures(expr.left) + history_measures(expr.right)
    if isinstance(expr, ast.StatusEvent | ast.TimeIn):
        return [expr]
    if isinstance(expr, ast.Call) and expr.function.value in HISTORY_FUNCTIONS:
        return [expr]
    return []


def status_groups(app: ast.App) -> dict[str, ast.StatusGroup]:
    """The app's status groups by name (the first of a repeated name)."""
    found: dict[str, ast.StatusGroup] = {}
    for group in app.status_groups:
        found.setdefault(group.name.value, group)
    return found


def check_status_groups(app: ast.App) -> list[Diagnostic]:
    """E104 for a group name given twice, E232 for a group named like a built-in category."""
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    for group in app.status_groups:
        name = group.name.value
        if name in CATEGORIES:
            problems.append(
                error(
                    "E232",
                    group.name.span,
                    f"`{name}` is a built-in group: every status of the {name.replace('_', ' ')} category",
                    f"use `{name}` as it is, or give this group another name, e.g. `my_{name}`",
                )
            )
        elif name in seen:
            problems.append(error("E104", group.name.span, f"status group `{name}` is declared twice", "keep one"))
        seen.add(name)
    return problems


def _unknown_group(name: ast.Name, groups: Mapping[str, ast.StatusGroup]) -> Diagnostic:
    known = [*groups, *CATEGORIES]
    suggestion = closest(name.value, known)
    hint = (
        f"did you mean `{suggestion}`?"
        if suggestion
        else f'declare it at the app level, e.g. `statuses {name.value} = "…", "…"` with its statuses\' names, quote '
        'one status name (`"In Progress"`), or use a category: `todo`, `in_progress`, `done`'
    )
    return error("E231", name.span, f"unknown status group `{name.value}`", hint)


def check_history(expr: ast.Expr, groups: Mapping[str, ast.StatusGroup], rows: str | None) -> list[Diagnostic]:
    """Problems with the history measures of one calculation: E230 where the rows are not issues (``rows`` names
    what they are; None: issues), E231 for a status group that is neither declared nor a category."""
    problems: list[Diagnostic] = []
    for measure in history_measures(expr):
        if rows is not None:
            hint = (
                "each status period has its `duration`: e.g. `y sum(duration)` by `status`"
                if rows == "status periods"
                else 'read issues (`issues where "…"`) to measure their status history'
            )
            problems.append(
                error("E230", measure.span, f"the status history is known for issue rows, not {rows} rows", hint)
            )
            continue
        statuses = measure.statuses if isinstance(measure, ast.StatusEvent | ast.TimeIn) else None
        for item in statuses.items if statuses is not None else ():
            if isinstance(item, ast.Name) and item.value not in groups and item.value not in CATEGORIES:
                problems.append(_unknown_group(item, groups))
    return problems
