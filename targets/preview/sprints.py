"""Sample sprints for the preview, with the work committed and completed worked out as the app does.

The app (``runtime/sprints.js``) reads each sprint's issues and their histories; the preview makes up a few
issues per sprint with histories of the Sprint field (and of the measured one) and applies the same rules,
pinned for both by ``tests/vectors/sprints.json``: an issue is committed when it was created by the sprint's start
and the Sprint field then named the sprint; completed when it was resolved by the sprint's end; its work is 1, or
the measured field's value at the start (committed) or the end (completed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from compiler.plan_types import PlannedField
from targets.preview import sample
from targets.preview.sample import Cell

SPRINT_FIELD = "customfield_10020"
"""The Sprint field's id in the sample histories (the app looks the real one up)."""

DAY_MS = 86_400_000
SPRINT_DAYS = 14


@dataclass(frozen=True)
class Change:
    """One change of one field: when (milliseconds), the value before and after."""

    field: str
    at: int
    before: str | None
    after: str | None


@dataclass(frozen=True)
class SprintIssue:
    id: str
    created: int
    resolved: int | None
    value: float | None  # the measured field now


@dataclass(frozen=True)
class SprintSpan:
    id: int
    start: int
    end: int


def value_at(changes: Sequence[Change], at: int, now: str | None) -> str | None:
    """The field's value at ``at``: after its last change by then, else before its first change after, else now."""
    value = now
    for change in reversed(changes):
        if change.at <= at:
            return change.after
        value = change.before
    return value


def holds_sprint(value: str | None, sprint_id: int) -> bool:
    return any(part.strip() == str(sprint_id) for part in (value or "").split(","))


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None and text.strip() else None
    except ValueError:
        return None


def sprint_work(
    sprint: SprintSpan,
    issues: Sequence[SprintIssue],
    changes: Mapping[str, Sequence[Change]],
    sprint_field: str,
    measure: str | None,
) -> tuple[float, float]:
    """(committed, completed) of one sprint, by the rules above."""
    committed = 0.0
    completed = 0.0
    for issue in issues:
        history = changes.get(issue.id, ())

        def work(at: int, issue: SprintIssue = issue, history: Sequence[Change] = history) -> float:
            if measure is None:
                return 1
            now = None if issue.value is None else _js_text(issue.value)
            found = _number(value_at([c for c in history if c.field == measure], at, now))
            return 0 if found is None else found

        sprint_changes = [c for c in history if c.field == sprint_field]
        if issue.created <= sprint.start and holds_sprint(
            value_at(sprint_changes, sprint.start, str(sprint.id)), sprint.id
        ):
            committed += work(sprint.start)
        if issue.resolved is not None and issue.resolved <= sprint.end:
            completed += work(sprint.end)
    return committed, completed


def _js_text(value: float) -> str:
    """A number as JavaScript's String() writes it (3, not 3.0)."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def sample_sprints(module: str, count: int, measured: bool) -> list[dict[str, object]]:
    """``count`` closed two-week sprints ending before the sample day, oldest first, each with six made-up issues
    whose histories put some in the sprint before it started and some after, some resolved in time, some not."""
    end_of_last = datetime(sample.TODAY.year, sample.TODAY.month, sample.TODAY.day, 9) - timedelta(days=2)
    out: list[dict[str, object]] = []
    for k in range(count):
        end = end_of_last - timedelta(days=SPRINT_DAYS * (count - 1 - k))
        start = end - timedelta(days=SPRINT_DAYS)
        span = SprintSpan(100 + k, _ms(start), _ms(end))
        issues, changes = _issues(module, span, measured)
        committed, completed = sprint_work(span, issues, changes, SPRINT_FIELD, "points" if measured else None)
        out.append(
            {
                "name": f"Sprint {k + 1}",
                "goal": sample.pick(GOALS, module, str(k)),
                "start": _iso(start),
                "end": _iso(end),
                "closed": _iso(end + timedelta(hours=2)),
                "committed": committed,
                "completed": completed,
            }
        )
    return out


def _iso(moment: datetime) -> str:
    return f"{moment.date().isoformat()}T{moment.hour:02d}:00:00.000+0000"


def sample_rows(module: str, fields: Sequence[PlannedField], count: int, measure: str | None) -> list[dict[str, Cell]]:
    """The sample sprints as preview rows: each field's value as the app shows it (a duration measure in
    seconds)."""
    sprints = sample_sprints(module, count, measure is not None)
    return [{f.name: sample.value_cell(f.type, sprint.get(f.name)) for f in fields} for sprint in sprints]


GOALS = ("Checkout flow ready for beta", "Search faster than 200 ms", "Mobile login", "Pay down alert noise")


def _issues(module: str, sprint: SprintSpan, measured: bool) -> tuple[list[SprintIssue], dict[str, list[Change]]]:
    issues: list[SprintIssue] = []
    changes: dict[str, list[Change]] = {}
    for n in range(6):
        seed = (module, str(sprint.id), str(n))
        issue_id = f"{sprint.id}-{n}"
        joined = sprint.start - DAY_MS if n % 3 else sprint.start + 2 * DAY_MS  # a third join after the start
        done = sample.pick((True, True, False), *seed, "done")
        resolved = sprint.end - (1 + n) * DAY_MS // 2 if done else None
        points = float(sample.pick((1, 2, 3, 5, 8), *seed)) if measured else None
        issues.append(SprintIssue(issue_id, sprint.start - 5 * DAY_MS, resolved, points))
        history = [Change(SPRINT_FIELD, joined, "", str(sprint.id))]
        if points is not None and n == 1:  # re-estimated during the sprint
            history.append(Change("points", sprint.start + DAY_MS, _js_text(points + 2), _js_text(points)))
        changes[issue_id] = history
    return issues, changes
