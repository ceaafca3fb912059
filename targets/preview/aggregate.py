"""How the generated app groups rows and computes aggregates, in Python, so the preview shows what the app shows.

These are the rules of the runtime's ``aggregate.js``, ``dates.js`` and ``coverage.js``
(targets/forge_uikit/runtime), and the shared vectors in ``tests/vectors`` pin both implementations to the same
answers: an empty category groups as ``(none)``; a multi-valued field counts a row once in each of its groups; on a
date axis a row without a date is left out and counted, and every bucket between the first and the last is shown (an
empty one counts 0, or has no value for other aggregates); a missing number is ignored (count still counts the
row); durations are in hours; values are rounded to two decimals; a date-time is bucketed by the day it has in the
viewer's time zone (UTC unless given), a date by itself; weeks start on Monday, and a bucket is labelled
``16 Jun 2025``, ``w/c 16 Jun 2025``, ``Jun 2025``, ``Q2 2025`` or ``2025``. What a view says about how much it
covers is the same sentence as in the app (``coverage_note``).

Values are as the app holds them: dates as Jira sends them (ISO text), durations in seconds, missing as None.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

NONE = "(none)"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Month names spelled out here, not by strftime, which follows the machine's locale."""

TEMPORAL = frozenset({"date", "datetime"})
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None


def moment(value: object) -> datetime | None:
    """A Jira date (2026-01-31) or date-time (2026-01-31T09:00:00.000+0100) in UTC; None for anything else."""
    if not isinstance(value, str):
        return None
    if _DAY.fullmatch(value):
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z").astimezone(UTC)
    except ValueError:
        return None


def day_label(year: int, month: int, day: int) -> str:
    return f"{day} {MONTHS[month - 1]} {year}"


def local_day(value: object, time_zone: str = "UTC") -> date | None:
    """The calendar day a Jira value falls on in a time zone (a date is its own day); None when it is not a date."""
    if isinstance(value, str) and _DAY.fullmatch(value):
        found = moment(value)
        return None if found is None else found.date()
    found = moment(value)
    zone = UTC if time_zone == "UTC" else ZoneInfo(time_zone)  # UTC needs no time zone database
    return None if found is None else found.astimezone(zone).date()


def bucket_of_day(day: date, bucket: str | None) -> tuple[str, str]:
    """The label and first day (YYYY-MM-DD) of the bucket a calendar day falls in."""
    if bucket == "year":
        return str(day.year), day.replace(month=1, day=1).isoformat()
    if bucket == "quarter":
        quarter = (day.month - 1) // 3
        return f"Q{quarter + 1} {day.year}", day.replace(month=3 * quarter + 1, day=1).isoformat()
    if bucket == "month":
        return f"{MONTHS[day.month - 1]} {day.year}", day.replace(day=1).isoformat()
    if bucket == "week":
        start = day - timedelta(days=day.weekday())
        return "w/c " + day_label(start.year, start.month, start.day), start.isoformat()
    return day_label(day.year, day.month, day.day), day.isoformat()


def bucket_of(value: object, bucket: str | None, time_zone: str = "UTC") -> tuple[str, str] | None:
    """The label and first day (YYYY-MM-DD) of the bucket a date falls in; None when the value is not a date."""
    day = local_day(value, time_zone)
    return None if day is None else bucket_of_day(day, bucket)


def next_bucket(start: date, bucket: str | None) -> date:
    """The first day of the bucket after the one starting on ``start``."""
    months = {"year": 12, "quarter": 3, "month": 1}.get(bucket or "")
    if months is not None:
        index = start.month - 1 + months
        return date(start.year + index // 12, index % 12 + 1, 1)
    return start + timedelta(days=7 if bucket == "week" else 1)


def buckets_between(first: date, last: date, bucket: str | None) -> Iterator[tuple[str, str]]:
    """Every bucket (label, first day) from the one holding ``first`` to the one holding ``last``, in time order."""
    end = date.fromisoformat(bucket_of_day(last, bucket)[1])
    start = date.fromisoformat(bucket_of_day(first, bucket)[1])
    while start <= end:
        yield bucket_of_day(start, bucket)
        start = next_bucket(start, bucket)


def _category(value: object) -> str:
    if value is None or value == "":
        return NONE
    if isinstance(value, dict):
        return str(value.get("displayName") or value.get("name") or NONE)
    return str(value)


def groups_of(value: object, x_type: str, bucket: str | None, time_zone: str = "UTC") -> list[tuple[str, str]]:
    """The groups (label, sort key) one row belongs to; none when a date axis finds no date."""
    if x_type in TEMPORAL:
        found = bucket_of(value, bucket, time_zone)
        return [] if found is None else [found]
    items = (list(value) or [None]) if isinstance(value, list | tuple) else [value]
    return [(label, label) for label in dict.fromkeys(_category(item) for item in items)]


def number_of(value: object, value_type: str | None) -> float | None:
    """What a value adds up to: durations (seconds) in hours; None for anything that is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return value / 3600 if value_type == "duration" else float(value)


def _round(n: float) -> float:
    return math.floor(n * 100 + 0.5) / 100


def combine(values: Sequence[float | None], fn: str) -> float | None:
    """``fn`` over one value per row; None when no row has a number (count counts every row)."""
    if fn == "count":
        return float(len(values))
    numbers = [v for v in values if v is not None]
    if not numbers:
        return None
    if fn == "sum":
        return _round(sum(numbers))
    if fn == "avg":
        return _round(sum(numbers) / len(numbers))
    return _round(min(numbers) if fn == "min" else max(numbers))


def chart_points(
    pairs: Sequence[tuple[object, object]],
    x_type: str,
    bucket: str | None,
    fn: str,
    y_type: str | None,
    time_zone: str = "UTC",
) -> tuple[list[Point], int]:
    """A chart's points from each row's (x, y), and how many rows a date axis left out.

    Dates come in time order with every bucket between the first and the last; categories by value, largest first,
    then by label.
    """
    groups: dict[str, tuple[str, list[float | None]]] = {}
    omitted = 0
    for x, y in pairs:
        keys = groups_of(x, x_type, bucket, time_zone)
        if not keys:
            omitted += 1
        for label, order in keys:
            groups.setdefault(label, (order, []))[1].append(1.0 if fn == "count" else number_of(y, y_type))
    points = [(label, order, combine(values, fn)) for label, (order, values) in groups.items()]
    if x_type in TEMPORAL:
        points.sort(key=lambda p: p[1])
        if points:
            have = {order for _, order, _ in points}
            first, last = date.fromisoformat(points[0][1]), date.fromisoformat(points[-1][1])
            empty = 0.0 if fn == "count" else None
            points += [(lb, st, empty) for lb, st in buckets_between(first, last, bucket) if st not in have]
            points.sort(key=lambda p: p[1])
    else:
        points.sort(key=lambda p: (-(p[2] or 0), p[0]))
    return [Point(label, value) for label, _, value in points], omitted


def metric_value(values: Sequence[object], fn: str, value_type: str | None) -> float | None:
    """A metric over one value per row."""
    return combine([number_of(v, value_type) for v in values], fn)


def omitted_note(omitted: int) -> str:
    """What a chart says about rows it left out (the app's ui.jsx says the same)."""
    return "1 row has no date and is not shown." if omitted == 1 else f"{omitted} rows have no date and are not shown."


OTHER = "(other)"


def format_count(n: float) -> str:
    """A whole number with a comma every three digits."""
    return f"{round(n):,}"


def coverage_note(coverage: Mapping[str, object]) -> str:
    """What a view says when it is not over everything the query matches (the app's coverage.js says the same)."""
    covered = format_count(float(str(coverage["covered"])))
    total = format_count(float(str(coverage["total"])))
    kind, unit = coverage["kind"], coverage["unit"]
    if kind == "worklogs":
        return f"Based on the worklogs of {covered} of {total} issues."
    if kind == "other":
        return f"“{OTHER}” counts {covered} of {total} {unit} whose value is not listed separately."
    if kind == "values":
        return f"Shows the {coverage['field']} values found in {covered} of {total} issues; others may be missing."
    if kind == "recent":
        return f"Shows the {covered} most recent of {total} {unit}."
    return f"Based on {covered} of {total} {unit}."
