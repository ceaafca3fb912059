"""Sample sprints for the preview, with the work committed and completed worked out as the app does.

The app (``runtime/sprints.js``) reads each sprint's issues and their histories; the preview makes up a few
issues per sprint with histories of the Sprint field (and of the measured one) and applies the same rules,
pinned for both by ``tests/vectors/sprints.json``: an issue is committed when it was created by the sprint's start
and the Sprint field then named the sprint; completed when it was resolved by the sprint's end; its work is 1, or
the measured field's value at the start (committed) or the end (completed).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

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


@dataclass(frozen=True)
class IssueState:
    in_sprint: bool
    resolved: bool
    work: float


def issue_at(
    issue: SprintIssue, history: Sequence[Change], sprint_field: str, sprint_id: int, measure: str | None, at: int
) -> IssueState:
    """How an issue stood at ``at``: in the sprint (it existed and the Sprint field named the sprint), resolved by
    then, and its work then (1 when counted; the measured value then, 0 when it had none)."""
    sprint_changes = [c for c in history if c.field == sprint_field]
    in_sprint = issue.created <= at and holds_sprint(value_at(sprint_changes, at, str(sprint_id)), sprint_id)
    if measure is None:
        work = 1.0
    else:
        now = None if issue.value is None else _js_text(issue.value)
        found = _number(value_at([c for c in history if c.field == measure], at, now))
        work = 0.0 if found is None else found
    return IssueState(in_sprint, issue.resolved is not None and issue.resolved <= at, work)


def sprint_work(
    sprint: SprintSpan,
    issues: Sequence[SprintIssue],
    changes: Mapping[str, Sequence[Change]],
    sprint_field: str,
    measure: str | None,
) -> tuple[float, float]:
    """(committed, completed) of one sprint: in it at its start (work then), resolved by its end (work then)."""
    committed = 0.0
    completed = 0.0
    for issue in issues:
        history = changes.get(issue.id, ())
        start = issue_at(issue, history, sprint_field, sprint.id, measure, sprint.start)
        end = issue_at(issue, history, sprint_field, sprint.id, measure, sprint.end)
        committed += start.work if start.in_sprint else 0
        completed += end.work if end.resolved else 0
    return committed, completed


def sprint_days(
    sprint: SprintSpan,
    planned: int,
    issues: Sequence[SprintIssue],
    changes: Mapping[str, Sequence[Change]],
    sprint_field: str,
    measure: str | None,
    time_zone: str,
) -> list[dict[str, object]]:
    """A row per day of the sprint (``burndown.js``'s sprintDays): scope, done and remaining at the end of each day
    in ``time_zone`` (the last ends at ``sprint.end``), and the ideal line to 0 at ``planned``."""

    def work_at(at: int) -> tuple[float, float]:
        scope = done = 0.0
        for issue in issues:
            state = issue_at(issue, changes.get(issue.id, ()), sprint_field, sprint.id, measure, at)
            scope += state.work if state.in_sprint else 0
            done += state.work if state.in_sprint and state.resolved else 0
        return scope, done

    zone = ZoneInfo(time_zone)
    committed = work_at(sprint.start)[0]
    length = max(1, planned - sprint.start)
    day = datetime.fromtimestamp(sprint.start / 1000, zone).date()
    last = datetime.fromtimestamp(sprint.end / 1000, zone).date()
    rows: list[dict[str, object]] = []
    while day <= last:
        next_midnight = datetime.combine(day + timedelta(days=1), time(), zone)
        at = min(int(next_midnight.timestamp() * 1000) - 1, sprint.end)
        scope, done = work_at(at)
        ideal = committed * max(0.0, 1 - (at - sprint.start) / length)
        rows.append(
            {"day": day.isoformat(), "scope": scope, "done": done, "remaining": scope - done, "ideal": _round2(ideal)}
        )
        day += timedelta(days=1)
    return rows


def _round2(n: float) -> float:
    """Two decimals, halves up as JavaScript's Math.round does (Python's round() goes to even)."""
    return math.floor(n * 100 + 0.5) / 100


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
                "name": sequenced(f"Sprint {k + 1}", k),
                "goal": sample.pick(GOALS, module, str(k)),
                "start": _iso(start),
                "end": _iso(end),
                "closed": _iso(end + timedelta(hours=2)),
                "committed": committed,
                "completed": completed,
            }
        )
    return out


def sequenced(name: str, index: int) -> dict[str, str]:
    """A sprint's or version's name with its place among the rows (``read.js``'s sequenced)."""
    return {"name": name, "order": f"{index:06d}"}


def _iso(moment: datetime) -> str:
    return f"{moment.date().isoformat()}T{moment.hour:02d}:00:00.000+0000"


def sample_days(module: str, active: bool) -> list[dict[str, object]]:
    """The days of a made-up two-week sprint with a dozen issues (some added after the start, some resolved along
    the way): running until the sample day when ``active``, else closed two days before it."""
    today = datetime(sample.TODAY.year, sample.TODAY.month, sample.TODAY.day, 9)
    start = today - timedelta(days=8 if active else SPRINT_DAYS + 2)
    planned = start + timedelta(days=SPRINT_DAYS)
    span = SprintSpan(200, _ms(start), _ms(today if active else planned))
    issues, changes = _issues(module, span, True, count=12)
    return sprint_days(span, _ms(planned), issues, changes, SPRINT_FIELD, "points", "UTC")


def sample_rows(fields: Sequence[PlannedField], rows: Sequence[Mapping[str, object]]) -> list[dict[str, Cell]]:
    """Sample sprints or sprint days as preview rows: each field's value as the app shows it."""
    return [{f.name: sample.value_cell(f.type, row.get(f.name)) for f in fields} for row in rows]


GOALS = ("Checkout flow ready for beta", "Search faster than 200 ms", "Mobile login", "Pay down alert noise")


def _issues(
    module: str, sprint: SprintSpan, measured: bool, count: int = 6
) -> tuple[list[SprintIssue], dict[str, list[Change]]]:
    issues: list[SprintIssue] = []
    changes: dict[str, list[Change]] = {}
    for n in range(count):
        seed = (module, str(sprint.id), str(n))
        issue_id = f"{sprint.id}-{n}"
        joined = sprint.start - DAY_MS if n % 3 else sprint.start + 2 * DAY_MS  # a third join after the start
        done = sample.pick((True, True, False), *seed, "done")
        resolved = sprint.end - (1 + n % 6) * DAY_MS // 2 if done else None
        points = float(sample.pick((1, 2, 3, 5, 8), *seed)) if measured else None
        issues.append(SprintIssue(issue_id, sprint.start - 5 * DAY_MS, resolved, points))
        history = [Change(SPRINT_FIELD, joined, "", str(sprint.id))]
        if points is not None and n == 1:  # re-estimated during the sprint
            history.append(Change("points", sprint.start + DAY_MS, _js_text(points + 2), _js_text(points)))
        changes[issue_id] = history
    return issues, changes
