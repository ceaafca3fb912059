"""How the generated app groups rows and computes aggregates, in Python, so the preview shows what the app shows.

These are the rules of the runtime's ``aggregate.js``, ``dates.js`` and ``coverage.js``
(targets/forge_uikit/runtime), and the shared vectors in ``tests/vectors`` pin both implementations to the same
answers: an empty category groups as ``(none)``; a multi-valued field counts a row once in each of its groups; on a
chart's date axis a row without a date is left out and counted (elsewhere it groups as ``(none)``), and every bucket
between the first and the last is shown (an empty one counts 0, or has no value for other aggregates); a missing
number is ignored (count still counts the row); durations are in hours; values are rounded to two decimals; a
percentile interpolates linearly between the two nearest values (the median is the 50th); ``distinct`` counts
different values (a person by account); a date-time is bucketed by the day it has in the
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

from targets.preview.units import UNIT_SECONDS

NONE = "(none)"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Month names spelled out here, not by strftime, which follows the machine's locale."""

TEMPORAL = frozenset({"date", "datetime"})
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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


NONE_ORDER = "~"
"""Orders ``(none)`` after every date."""

SEQUENCES = frozenset({"sprint", "release"})
"""Types whose values come in an order of their own (sprints oldest first, versions in release order): a value is
``{name, order}``, grouped by its name and shown in its order, not by size."""


def groups_of(
    value: object, x_type: str, bucket: str | None, time_zone: str = "UTC", keep_none: bool = False
) -> list[tuple[str, str]]:
    """The groups (label, sort key) one row belongs to; none when a chart's date axis finds no date (elsewhere a
    missing date groups as ``(none)``)."""
    if x_type in TEMPORAL:
        found = bucket_of(value, bucket, time_zone)
        if found is None:
            return [(NONE, NONE_ORDER)] if keep_none else []
        return [found]
    if x_type in SEQUENCES:
        order = value.get("order") if isinstance(value, dict) else None
        return [(_category(value), order if isinstance(order, str) else NONE_ORDER)]
    items = (list(value) or [None]) if isinstance(value, list | tuple) else [value]
    return [(label, label) for label in dict.fromkeys(_category(item) for item in items)]


def number_of(value: object, value_type: str | None, unit: str | None = None) -> float | None:
    """What a value adds up to: durations (seconds) in hours or the unit given; None for anything that is not a
    number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return value / UNIT_SECONDS.get(unit or "hours", 3600) if value_type == "duration" else float(value)


def keys_of(value: object) -> list[str]:
    """What tells a value from another, for ``distinct``: a person's account, anything else's name or text."""
    items = list(value) if isinstance(value, list | tuple) else [value]
    keys: list[str] = []
    for item in items:
        if item is None or item == "":
            continue
        if isinstance(item, dict):
            key = item.get("accountId") or item.get("name") or item.get("displayName")
            if key:
                keys.append(str(key))
        else:
            keys.append(str(item) if not isinstance(item, float) or not item.is_integer() else str(int(item)))
    return keys


@dataclass(frozen=True)
class Computed:
    """What an aggregate computes (the plan's series, metrics and pivots carry these)."""

    aggregate: str
    field: str | None
    field_type: str | None
    percent: int | None = None
    unit: str | None = None  # a duration's unit (None: hours), or a number field's unit label


Contribution = float | None | list[str]
Row = Mapping[str, object]


def contribution(row: Row, computed: Computed) -> Contribution:
    """What one row adds: 1 (count), a number or None, or the keys of its values (distinct)."""
    if computed.aggregate == "count" or computed.field is None:
        return 1.0
    value = row.get(computed.field)
    return keys_of(value) if computed.aggregate == "distinct" else number_of(value, computed.field_type, computed.unit)


def round2(n: float) -> float:
    """Two decimals, halves up (JavaScript's Math.round, which Python's round is not)."""
    return math.floor(n * 100 + 0.5) / 100


def percentile_of(ordered: Sequence[float], percent: float) -> float:
    """The ``percent``th percentile of numbers sorted ascending, interpolating linearly between the nearest ranks
    (Excel's PERCENTILE.INC): the median is the 50th."""
    rank = (len(ordered) - 1) * percent / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (rank - low) * (ordered[high] - ordered[low])


def combine(values: Sequence[Contribution], fn: str, percent: int | None = None) -> float | None:
    """``fn`` over one contribution per row; None when no row has a number (a count or distinct count is 0)."""
    if fn == "count":
        return float(len(values))
    if fn == "distinct":
        return float(len({k for v in values if isinstance(v, list) for k in v}))
    numbers = [v for v in values if isinstance(v, float)]
    if not numbers:
        return None
    if fn == "sum":
        return round2(sum(numbers))
    if fn == "avg":
        return round2(sum(numbers) / len(numbers))
    if fn in ("min", "max"):
        return round2(min(numbers) if fn == "min" else max(numbers))
    return round2(percentile_of(sorted(numbers), 50 if fn == "median" else float(percent or 0)))


def empty_value(fn: str) -> float | None:
    """The value of an empty group: 0 for what counts, nothing for the rest."""
    return 0.0 if fn in ("count", "distinct") else None


@dataclass(frozen=True)
class Dimension:
    """What rows are grouped by."""

    field: str
    type: str
    bucket: str | None


@dataclass(frozen=True)
class Group:
    label: str
    order: str
    value: float | None


def grouped(
    rows: Sequence[Row], dimensions: Sequence[Dimension], computed: Computed, time_zone: str, keep_none: bool
) -> tuple[dict[tuple[str, ...], tuple[tuple[tuple[str, str], ...], list[Contribution]]], int]:
    """Every combination of groups a row falls in, with the rows' contributions; and the rows left out."""
    cells: dict[tuple[str, ...], tuple[tuple[tuple[str, str], ...], list[Contribution]]] = {}
    omitted = 0
    for row in rows:
        combos: list[tuple[tuple[str, str], ...]] = [()]
        for d in dimensions:
            found = groups_of(row.get(d.field), d.type, d.bucket, time_zone, keep_none)
            combos = [(*combo, g) for combo in combos for g in found]
        if not combos:
            omitted += 1
            continue
        value = contribution(row, computed)
        for combo in combos:
            key = tuple(label for label, _ in combo)
            cells.setdefault(key, (combo, []))[1].append(value)
    return cells, omitted


def group_values(
    rows: Sequence[Row], dimension: Dimension, computed: Computed, time_zone: str, keep_none: bool
) -> tuple[list[Group], int]:
    """The groups of one dimension with ``computed`` over each, and the rows a date left out."""
    cells, omitted = grouped(rows, [dimension], computed, time_zone, keep_none)
    groups = [
        Group(combo[0][0], combo[0][1], combine(values, computed.aggregate, computed.percent))
        for combo, values in cells.values()
    ]
    return groups, omitted


def metric_value(rows: Sequence[Row], computed: Computed) -> float | None:
    """A metric over every row (a count is the number of rows)."""
    return combine([contribution(row, computed) for row in rows], computed.aggregate, computed.percent)


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
    if kind == "histories":
        return f"Based on the status history of {covered} of {total} issues."
    if kind == "other":
        return f"“{OTHER}” counts {covered} of {total} {unit} whose value is not listed separately."
    if kind == "values":
        return f"Shows the {coverage['field']} values found in {covered} of {total} issues; others may be missing."
    if kind == "recent":
        return f"Shows the {covered} most recent of {total} {unit}."
    if kind == "cells":
        return f"Counted {covered} of {total} cells; the others are left empty."
    return f"Based on {covered} of {total} {unit}."
