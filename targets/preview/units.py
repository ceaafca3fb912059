"""How numbers and durations are shown, as the app's ``runtime/units.js`` shows them (tests/vectors pins both):
durations (seconds) in a column's unit with its letter (``2.5d``) or as hours and minutes (``3h 20m``), numbers with
at most two decimals."""

from __future__ import annotations

import math

UNIT_SECONDS = {"minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800}
_LETTERS = {"minutes": "m", "hours": "h", "days": "d", "weeks": "w"}


def _round_half_up(value: float) -> float:
    """JavaScript's Math.round (halves towards +infinity), which Python's round (halves to even) is not."""
    return math.floor(value + 0.5)


def shown_number(value: float) -> str:
    """A number with at most two decimals, without a trailing ``.0`` and without ``-0``."""
    rounded = _round_half_up(value * 100) / 100
    if rounded == 0:
        return "0"
    return str(int(rounded)) if rounded == int(rounded) else repr(rounded)


def shown_duration(seconds: float, unit: str | None) -> str:
    """A duration in a unit with its letter, or as hours and minutes when no unit is given."""
    if unit in UNIT_SECONDS:
        return shown_number(seconds / UNIT_SECONDS[unit]) + _LETTERS[unit]
    sign = "-" if seconds < 0 else ""
    minutes = int(_round_half_up(abs(seconds) / 60))
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{sign}{rest}m"
    return f"{sign}{hours}h" if rest == 0 else f"{sign}{hours}h {rest}m"


def value_suffix(field_type: str | None, aggregate: str, unit: str | None) -> str:
    """What follows a computed value (a metric, a series point, a pivot cell, a subtotal), as ``units.js`` has it: a
    duration's unit letter (hours unless another unit is given), a number field's unit label after a space; nothing
    for a count, a distinct count or a plain number."""
    if aggregate in ("count", "distinct"):
        return ""
    if field_type == "duration":
        return _LETTERS.get(unit or "hours", "h")
    return f" {unit}" if unit else ""


def shown_value(value: float | None, field_type: str | None, aggregate: str, unit: str | None) -> str:
    """A computed value as the app shows it: at most two decimals with its suffix, ``—`` for none."""
    if value is None:
        return "—"
    return shown_number(value) + value_suffix(field_type, aggregate, unit)
