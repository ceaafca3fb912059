"""Deterministic synthetic sample data for the preview, made from field types alone.

Every value comes from a SHA-256 of ``(module key, field name, row index)``, so the same spec always gives
the same rows, a field's values do not change when another field is added, and no Jira data is ever
involved. Values are plausible for their type (people's names for users, workflow names for statuses,
dates around a fixed day) so reviewers see how each column and chart will look. Some dates and people are
missing, as in Jira (no due date, unassigned), so the preview also shows how the app treats empty values.

Each cell's ``value`` has the shape the app's rows have (dates as Jira's ISO text, durations in seconds, lists
for multi-valued fields, None when empty): :mod:`targets.preview.aggregate` groups and aggregates it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from compiler.plan import PlannedField
from dsl.resolve import DataKind
from dsl.types import FieldType
from targets.preview.aggregate import MONTHS, moment
from targets.preview.expr import At
from targets.preview.periods import StatusPeriod
from targets.preview.units import shown_duration, shown_number

T = TypeVar("T")

TODAY = date(2025, 6, 16)
"""The fixed "today" of every preview (a Monday), so dates never depend on when it was rendered."""

CLOCK = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)
"""The preview's ``now()``: noon (UTC) of :data:`TODAY`, the clock computed fields are worked out with."""

AT = At(CLOCK)
"""The preview's clock in its time zone (UTC, as its charts' buckets)."""

RECENT = frozenset({"resolved", "updated"})
"""Date-time fields that come after ``created``: sampled from the last week instead of the last five."""

PEOPLE = ("Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson", "Linus Pauling", "Mae Jemison")
STATUSES = ("To Do", "In Progress", "In Review", "Done")
CATEGORIES = ("To Do", "In Progress", "Done")
PRIORITIES = ("Highest", "High", "Medium", "Low", "Lowest")
ISSUE_TYPES = ("Bug", "Story", "Task", "Sub-task")
PROJECTS = ("Apollo", "Borealis", "Cobalt", "Delta Ops")
PROJECT_KEYS = ("APO", "BOR", "COB", "OPS")
RESOLUTIONS = ("Done", "Won't Do", "Duplicate")
LABELS = ("backend", "frontend", "customer", "tech-debt", "security")
COMPONENTS = ("API", "Web app", "Mobile", "Billing")
VERSIONS = ("2.4.0", "2.5.0", "3.0.0")
OPTIONS = ("Alpha", "Bravo", "Charlie", "Delta")
SUMMARIES = (
    "Login times out on slow networks",
    "Export to CSV drops the last row",
    "Add dark mode to settings",
    "Payment page shows wrong currency",
    "Search ignores archived projects",
    "Upgrade the build pipeline",
    "Onboarding email has a broken link",
    "Dashboard loads twice on refresh",
    "Rate-limit the public API",
    "Translate the help centre",
)
FILTER_NAMES = ("My open bugs", "Release blockers", "Unassigned in sprint", "Support escalations", "Tech debt")
PROJECT_TYPES = ("software", "business", "service_desk")
PROJECT_CATEGORIES = ("Product", "Internal", "Customer")
TEXTS = ("Staging", "Production", "Chrome 126", "macOS 14", "Android 15")


def _number(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def pick(options: Sequence[T], *parts: str) -> T:
    """One of ``options``, chosen by the hash of ``parts``."""
    return options[_number(*parts) % len(options)]


@dataclass(frozen=True)
class Cell:
    """One sample value: ``display`` for tables and lists, ``value`` for grouping and aggregation, shaped like the
    app's row values (a str category, a number, ISO date text, a tuple for multi-valued fields, None if empty)."""

    display: str
    # a mapping: a sprint or version {name, order}
    value: str | float | tuple[str, ...] | tuple[StatusPeriod, ...] | Mapping[str, str] | None
    kind: str  # how the template shows it: text, user, users, status, lozenge, tags, key, number, date, empty


EMPTY = Cell("—", None, "empty")
"""A missing value, shown as the app shows it."""


def _month(day: date) -> str:
    return MONTHS[day.month - 1]


def format_date(day: date) -> str:
    return f"{day.day} {_month(day)} {day.year}"


def _key(module: str, row: int) -> str:
    return f"{pick(PROJECT_KEYS, module, 'project')}-{100 + _number(module, 'key', str(row)) % 400}"


def _text(module: str, name: str, row: int, kind: DataKind) -> str:
    if name == "summary":
        return pick(SUMMARIES, module, name, str(row))
    if kind is DataKind.PROJECTS:
        if name == "name":
            return PROJECTS[row % len(PROJECTS)] if row < len(PROJECTS) else f"{pick(PROJECTS, module, str(row))} {row}"
        if name == "type":
            return pick(PROJECT_TYPES, module, name, str(row))
        if name == "category":
            return pick(PROJECT_CATEGORIES, module, name, str(row))
    if kind is DataKind.FILTERS:
        if name == "name":
            return FILTER_NAMES[row % len(FILTER_NAMES)]
        if name == "jql":
            return f"project = {pick(PROJECT_KEYS, module, name, str(row))} AND resolution is EMPTY"
        if name == "description":
            return "Shared with the team"
    return pick(TEXTS, module, name, str(row))


def cell(module: str, field: PlannedField, row: int, kind: DataKind) -> Cell:
    """The sample value of ``field`` in row ``row`` of ``module``."""
    name = field.name
    seed = (module, name, str(row))
    n = _number(*seed)
    t = FieldType(field.type)
    if t is FieldType.KEY:
        if kind is DataKind.PROJECTS:
            value = PROJECT_KEYS[row % len(PROJECT_KEYS)] + ("" if row < len(PROJECT_KEYS) else str(row))
        else:
            value = _key(module, row)
        return Cell(value, value, "key")
    if t is FieldType.ISSUE:
        value = _key(module, 1000 + row)
        return Cell(value, value, "key")
    if t is FieldType.TEXT:
        value = _text(module, name, row, kind)
        return Cell(value, value, "text")
    if t is FieldType.NUMBER:
        amount = float(pick((1, 2, 3, 5, 8, 13), *seed)) if "point" in name else float(n % 40)
        return Cell(shown_number(amount), amount, "number")
    if t is FieldType.DURATION:
        seconds = float((1 + n % 16) * 1800)
        return Cell(shown_duration(seconds, None), seconds, "number")
    if t is FieldType.DATE:
        if n % 6 == 5:
            return EMPTY  # no due date
        day = TODAY + timedelta(days=(n % 43) - 21)
        return Cell(format_date(day), day.isoformat(), "date")
    if t is FieldType.DATETIME:
        span = 24 * (7 if name in RECENT else 35)
        when = datetime(TODAY.year, TODAY.month, TODAY.day, 9) - timedelta(hours=n % span)
        iso = f"{when.date().isoformat()}T{when.hour:02d}:00:00.000+0000"
        return Cell(f"{format_date(when.date())} {when.hour:02d}:00", iso, "date")
    if t is FieldType.USER:
        if n % 9 == 8:
            return EMPTY  # unassigned
        person = pick(PEOPLE, *seed)
        return Cell(person, person, "user")
    if t is FieldType.USERS:
        people = tuple(sorted({pick(PEOPLE, *seed), pick(PEOPLE, *seed, "2")}))
        return Cell(", ".join(people), people, "users")
    simple: dict[FieldType, tuple[Sequence[str], str]] = {
        FieldType.STATUS: (STATUSES, "status"),
        FieldType.STATUS_CATEGORY: (CATEGORIES, "status"),
        FieldType.PRIORITY: (PRIORITIES, "text"),
        FieldType.ISSUE_TYPE: (ISSUE_TYPES, "text"),
        FieldType.PROJECT: (PROJECTS, "text"),
        FieldType.RESOLUTION: (RESOLUTIONS, "text"),
        FieldType.OPTION: (OPTIONS, "lozenge"),
    }
    if t in simple:
        options, shown = simple[t]
        value = pick(options, *seed)
        return Cell(value, value, shown)
    multi = {
        FieldType.LABELS: LABELS,
        FieldType.COMPONENTS: COMPONENTS,
        FieldType.VERSIONS: VERSIONS,
        FieldType.OPTIONS: OPTIONS,
    }
    options = multi.get(t, TEXTS)
    values = tuple(sorted({pick(options, *seed), pick(options, *seed, "2")}))
    return Cell(", ".join(values), values, "tags")


def value_cell(field_type: str, value: object, unit: str | None = None) -> Cell:
    """How a computed value (or a duration shown in a unit, a number with its unit label) looks in a table: as the
    app shows it."""
    if value is None or value == "":
        return EMPTY
    if field_type == FieldType.DURATION.value and isinstance(value, int | float):
        return Cell(shown_duration(value, unit), value, "number")
    if field_type == FieldType.NUMBER.value and isinstance(value, int | float):
        return Cell(shown_number(value) + (f" {unit}" if unit else ""), value, "number")
    found = moment(value) if field_type in (FieldType.DATE.value, FieldType.DATETIME.value) else None
    if found is not None:
        day = format_date(found.date())
        return Cell(day if field_type == FieldType.DATE.value else f"{day} {found.hour:02d}:00", str(value), "date")
    if isinstance(value, dict) and field_type in (FieldType.SPRINT.value, FieldType.RELEASE.value):
        return Cell(str(value.get("name") or ""), value, "text")  # the whole value: charts keep its order
    if isinstance(value, dict):
        return Cell(str(value.get("displayName") or value.get("name") or ""), value.get("name"), "text")
    return Cell(str(value), str(value), "text")


def rows(module: str, fields: Sequence[PlannedField], kind: DataKind, count: int) -> list[dict[str, Cell]]:
    """``count`` sample rows of ``module`` holding every field it reads."""
    return [{f.name: cell(module, f, row, kind) for f in fields} for row in range(count)]
