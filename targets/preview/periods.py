"""An issue's status periods in Python: the rules of the runtime's ``periods.js``, pinned to the same answers by
``tests/vectors/status-periods.json``, so the preview and the scale benchmark's oracle cut histories into stints
as the app does.

The first stint starts when the issue was created, in the status the first change left (the current status when
nothing changed); each change ends one stint and starts the next (a change dated before its stint began ends it at
once); the last stint has no end and lasts until the load's clock. A status is the site's listed one when known,
else the issue's current one when the id matches, else the name the history gives it, with no category.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

JiraStatus = Mapping[str, Any]
"""``{id, name, statusCategory: {key, name} | None}``, as Jira shows a status on an issue."""


@dataclass(frozen=True)
class StatusChange:
    """One status change: when (ms since the epoch) and the status ids and names before and after."""

    at: int
    from_id: str | None
    from_name: str | None
    to_id: str | None
    to_name: str | None


@dataclass(frozen=True)
class StatusPeriod:
    status: JiraStatus
    entered: str
    left: str | None
    duration: float  # seconds


def iso_ms(ms: int) -> str:
    """A moment as JavaScript's ``toISOString`` writes it (milliseconds, ``Z``)."""
    moment = datetime.fromtimestamp(ms / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def _status(ident: str | None, name: str | None, current: JiraStatus, statuses: Mapping[str, JiraStatus]) -> JiraStatus:
    key = "" if ident is None else ident
    if key in statuses:
        return statuses[key]
    if key == str(current["id"]):
        return current
    return {"id": key, "name": key if name is None else name, "statusCategory": None}


def status_periods(
    created: int,
    current: JiraStatus,
    changes: Sequence[StatusChange],
    statuses: Mapping[str, JiraStatus],
    now: int,
) -> list[StatusPeriod]:
    """Every stint of one issue, oldest first (times in ms since the epoch)."""
    status = _status(changes[0].from_id, changes[0].from_name, current, statuses) if changes else current
    since = created
    periods: list[StatusPeriod] = []
    for change in changes:
        at = max(change.at, since)
        periods.append(StatusPeriod(status, iso_ms(since), iso_ms(at), (at - since) / 1000))
        status = _status(change.to_id, change.to_name, current, statuses)
        since = at
    periods.append(StatusPeriod(status, iso_ms(since), None, max(0, now - since) / 1000))
    return periods
