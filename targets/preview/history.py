"""Synthetic status histories for the preview: sample issues that move through a workflow, cut into status periods
by the app's own rules (:mod:`targets.preview.periods`, pinned to the runtime by shared vectors), so a time-in-status
view shows what the app would show for such issues.

Deterministic like :mod:`targets.preview.sample`: every step comes from a hash of the module key and the issue's
index, and the clock is the preview's fixed one.
"""

from __future__ import annotations

from collections.abc import Sequence

from compiler.plan import PlannedField
from dsl.resolve import DataKind
from targets.preview import sample
from targets.preview.periods import JiraStatus, StatusChange, StatusPeriod, status_periods

WORKFLOW: tuple[JiraStatus, ...] = (
    {"id": "1", "name": "To Do", "statusCategory": {"key": "new", "name": "To Do"}},
    {"id": "3", "name": "In Progress", "statusCategory": {"key": "indeterminate", "name": "In Progress"}},
    {"id": "4", "name": "In Review", "statusCategory": {"key": "indeterminate", "name": "In Progress"}},
    {"id": "5", "name": "Done", "statusCategory": {"key": "done", "name": "Done"}},
)
"""The sample workflow: forward one status at a time, sometimes back from review to work."""

HOUR_MS = 3600 * 1000
_NOW_MS = int(sample.CLOCK.timestamp() * 1000)


def _history(module: str, issue: int) -> tuple[int, list[StatusChange]]:
    """When sample issue ``issue`` was created and its status changes (it stops somewhere along the workflow)."""
    seed = (module, "history", str(issue))
    created = _NOW_MS - sample.pick(range(24, 36 * 24), *seed, "created") * HOUR_MS
    steps = [0, 1, 2]
    if sample.pick(range(3), *seed, "back") == 0:
        steps += [1, 2]  # sent back from review
    steps.append(3)
    stop = sample.pick(range(1, len(steps) + 2), *seed, "stop")  # how far it got; most reach Done
    path = steps[: min(stop + 1, len(steps))]
    changes: list[StatusChange] = []
    at = created
    for k in range(1, len(path)):
        at += sample.pick(range(2, 72), *seed, str(k)) * HOUR_MS
        if at >= _NOW_MS:
            break
        before, after = WORKFLOW[path[k - 1]], WORKFLOW[path[k]]
        changes.append(StatusChange(at, before["id"], before["name"], after["id"], after["name"]))
    return created, changes


def issue_periods(module: str, issue: int) -> tuple[StatusPeriod, ...]:
    """The stints of sample issue ``issue`` of ``module`` (what its history measures are worked out from)."""
    created, changes = _history(module, issue)
    by_id = {s["id"]: s for s in WORKFLOW}
    current = by_id[changes[-1].to_id or "1"] if changes else WORKFLOW[0]
    return tuple(status_periods(created, current, changes, by_id, _NOW_MS))


def _cell(field: PlannedField, period_value: object) -> sample.Cell:
    if field.type in ("status", "status_category"):
        status = period_value if isinstance(period_value, dict) else {}
        category = status.get("statusCategory") or {}
        name = status.get("name") if field.type == "status" else category.get("name")
        return sample.Cell(str(name), str(name), "status") if name else sample.EMPTY
    return sample.value_cell(field.type, period_value)


def status_period_rows(module: str, fields: Sequence[PlannedField], count: int) -> list[dict[str, sample.Cell]]:
    """At least ``count`` sample status periods (whole issues, newest first), holding every field the module reads."""
    found: list[dict[str, sample.Cell]] = []
    issue = 0
    while len(found) < count:
        for period in issue_periods(module, issue):
            values: dict[str, object] = {
                "status": period.status,
                "category": period.status,
                "entered": period.entered,
                "left": period.left,
                "duration": period.duration,
            }
            row: dict[str, sample.Cell] = {}
            for f in fields:
                if f.name in values:
                    row[f.name] = _cell(f, values[f.name])
                else:  # the issue's own fields: one sample issue per history
                    row[f.name] = sample.cell(module, f, issue, DataKind.ISSUES)
            found.append(row)
        issue += 1
    return found
