"""JQL values that need arithmetic: dates (absolute, relative, date functions) and time-tracking durations.

All moments are UTC epoch milliseconds; the viewer's time zone is UTC and weeks start on Monday (Jira takes both
from the user's profile; the generated apps bucket weeks from Monday too).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from benchmarks.fakejira.jql.errors import JqlError, unsupported
from benchmarks.fakejira.jql.syntax import Empty, Function, Literal, Operand

DAY_MS = 86_400_000
_UNIT_MS = {"w": 7 * DAY_MS, "d": DAY_MS, "h": 3_600_000, "m": 60_000}
_ABSOLUTE = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?")
_PERIOD = re.compile(r"\s*(\d+)\s*([wdhm]?)")
_OFFSET = re.compile(r"([+-]?)(\d+)([yMwdhm]?)")
_FUNCTION_UNITS = {"Day": "d", "Week": "w", "Month": "M", "Year": "y"}
DATE_FUNCTIONS = frozenset({"now", *(f"{edge}Of{unit}" for edge in ("start", "end") for unit in _FUNCTION_UNITS)})
# Working time, as Jira's time tracking counts it by default: a day is 8 hours, a week 5 days.
_DURATION_UNIT_S = {"w": 5 * 8 * 3600, "d": 8 * 3600, "h": 3600, "m": 60}


def _invalid_date(text: str, field: str) -> JqlError:
    return JqlError(
        f"Date value '{text}' for field '{field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', "
        "'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."
    )


def _period_ms(text: str) -> int | None:
    """ "-4w 2d" → milliseconds (minutes when no unit is given); None when ``text`` is not a period."""
    body = text.strip()
    sign = -1 if body.startswith("-") else 1
    body = body.lstrip("+-")
    total = 0
    pos = 0
    while pos < len(body):
        m = _PERIOD.match(body, pos)
        if m is None or m.end() == pos:
            return None
        total += int(m.group(1)) * _UNIT_MS[m.group(2) or "m"]
        pos = m.end()
    return sign * total if body else None


def _to_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _shift_months(moment: datetime, months: int) -> datetime:
    """Calendar arithmetic: the day of the month is kept where it exists (Jan 31 + 1 month = Feb 28)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    following = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    last = (following - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last))


def _shift(moment: datetime, amount: int, unit: str) -> datetime:
    if unit in ("y", "M"):
        return _shift_months(moment, amount * (12 if unit == "y" else 1))
    return moment + timedelta(milliseconds=amount * _UNIT_MS[unit])


def _period_start(now: datetime, unit: str) -> datetime:
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "w":
        return day - timedelta(days=day.weekday())
    if unit == "M":
        return day.replace(day=1)
    if unit == "y":
        return day.replace(month=1, day=1)
    return day


def date_function(function: Function, now_ms: int) -> int:
    """now(), startOfMonth(-1), endOfWeek("+1d") …: an offset in the function's own unit moves the whole period."""
    if function.name not in DATE_FUNCTIONS:
        raise JqlError(f"Unable to find JQL function '{function.name}({', '.join(function.args)})'.")
    if len(function.args) > 1:
        raise JqlError(f"Function '{function.name}' expected at most 1 argument but received {len(function.args)}.")
    now = datetime.fromtimestamp(now_ms / 1000, tz=UTC)
    unit = "m" if function.name == "now" else _FUNCTION_UNITS[function.name[function.name.index("Of") + 2 :]]
    offset: tuple[int, str] | None = None
    if function.args:
        m = _OFFSET.fullmatch(function.args[0].strip())
        if m is None:
            raise JqlError(f"Duration format '{function.args[0]}' in function '{function.name}' is invalid.")
        offset = (int(m.group(1) + m.group(2)), m.group(3) or unit)
    if function.name == "now":
        return _to_ms(_shift(now, *offset) if offset else now)
    start = _period_start(now, unit)
    if function.name.startswith("start"):
        return _to_ms(_shift(start, *offset) if offset else start)
    periods = offset[0] + 1 if offset and offset[1] == unit else 1
    end = _shift(start, periods, unit) - timedelta(milliseconds=1)
    return _to_ms(_shift(end, *offset) if offset and offset[1] != unit else end)


def moment(operand: Operand, now_ms: int, field: str) -> int | None:
    """The moment a date operand stands for (None for EMPTY), or a Jira-worded error."""
    if isinstance(operand, Empty):
        return None
    if isinstance(operand, Function):
        return date_function(operand, now_ms)
    text = operand.text.strip()
    if not operand.quoted and text.isdigit():
        return int(text)  # an unquoted number is milliseconds since 1970, as in Jira
    m = _ABSOLUTE.fullmatch(text)
    if m is not None:
        year, _, month, day, hour, minute = m.groups()
        try:
            when = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=UTC)
        except ValueError as exc:
            raise _invalid_date(text, field) from exc
        return _to_ms(when)
    period = _period_ms(text)
    if period is None:
        raise _invalid_date(text, field)
    return now_ms + period


def duration_seconds(operand: Literal, field: str) -> int:
    """ "1h 30m", "2d" (working days), "90" (minutes) → seconds."""
    text = operand.text.strip()
    total = 0
    pos = 0
    while pos < len(text):
        m = _PERIOD.match(text, pos)
        if m is None or m.end() == pos:
            raise JqlError(f"The value '{operand.text}' for field '{field}' is not a valid duration.")
        total += int(m.group(1)) * _DURATION_UNIT_S[m.group(2) or "m"]
        pos = m.end()
    if not text:
        raise JqlError(f"The value '{operand.text}' for field '{field}' is not a valid duration.")
    return total


def number(operand: Literal, field: str) -> float:
    try:
        return float(operand.text)
    except ValueError:
        raise JqlError(f"The value '{operand.text}' for field '{field}' is not a valid number.") from None


def not_a_function(function: Function, field: str) -> JqlError:
    if function.name in ("membersOf", "issueHistory", "linkedIssues", "watchedIssues", "votedIssues"):
        return unsupported(f"The function '{function.name}()'")
    return JqlError(f"Unable to find JQL function '{function.name}({', '.join(function.args)})' for field '{field}'.")
