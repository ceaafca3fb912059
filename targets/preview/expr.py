"""Computed fields and highlight conditions in Python, so the preview shows what the app shows.

These are the rules of the runtime's ``expr.js`` (targets/forge_uikit/runtime), and the shared vectors in
``tests/vectors/expressions.json`` pin both implementations to the same answers: a date minus a date is a
duration in seconds (two days without a time are whole days apart; otherwise a day without a time starts at its
midnight in the viewer's time zone); ``today()`` is the clock's day in that time zone, ``now()`` its moment; an
empty operand, a division by zero or a result that is not a finite number is empty (None); a comparison
with an empty side is false; a category is compared with a text by its name, ignoring case, and a field with
several values equals a text when one of them does.

Plan trees come in as the plan's dataclasses or, from the vectors, as their JSON (``kind`` first): both are read
through :func:`_get`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from targets.preview.aggregate import local_day, moment
from targets.preview.measures import PERIODS, measure_history

TEMPORAL = frozenset({"date", "datetime"})
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class At:
    """Where a calculation is worked out: the load's clock and the viewer's time zone."""

    clock: datetime
    time_zone: str = "UTC"

    @property
    def zone(self) -> tzinfo:
        return UTC if self.time_zone == "UTC" else ZoneInfo(self.time_zone)  # UTC needs no time zone database


Row = Mapping[str, object]


def _get(node: Any, name: str) -> Any:
    """A field of a plan node, whether a dataclass (snake_case) or its JSON (camelCase: no field here differs)."""
    return node[name] if isinstance(node, Mapping) else getattr(node, name)


def is_blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and len(value) == 0)


def clock_text(name: str, at: At) -> str:
    """``today()`` as the viewer's day, ``now()`` as the moment in the runtime's ISO form (milliseconds, ``Z``)."""
    moment_utc = at.clock.astimezone(UTC)
    iso = moment_utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment_utc.microsecond // 1000:03d}Z"
    if name == "today":
        day = local_day(iso, at.time_zone)
        assert day is not None
        return day.isoformat()
    return iso


def _instant(value: object, at: At) -> datetime | None:
    """A date's moment: a day without a time at its midnight in the viewer's time zone; None when not a date."""
    found = moment(value)
    if found is None or not (isinstance(value, str) and _DAY.fullmatch(value)):
        return found
    return datetime.combine(found.date(), time(0), tzinfo=at.zone).astimezone(UTC)


def _between(later: object, earlier: object, days: bool, at: At) -> float | None:
    """Seconds between two dates (whole days for two days without a time)."""
    if days:
        end, start = moment(later), moment(earlier)
        return None if end is None or start is None else float((end.date() - start.date()).days * 86400)
    end, start = _instant(later, at), _instant(earlier, at)
    return None if end is None or start is None else (end - start).total_seconds()


def _finite(value: float) -> float | None:
    return value + 0 if math.isfinite(value) else None


def _number(value: object) -> float | None:
    return None if isinstance(value, bool) or not isinstance(value, int | float) else value


def _arithmetic(expr: Any, left: object, right: object, at: At) -> float | None:
    op, left_type, right_type = _get(expr, "op"), _get(_get(expr, "left"), "type"), _get(_get(expr, "right"), "type")
    if left_type in TEMPORAL:
        gap = _between(left, right, left_type == right_type == "date", at)
        return None if gap is None else _finite(gap)
    a, b = _number(left), _number(right)
    if a is None or b is None:
        return None
    if op == "+":
        return _finite(a + b)
    if op == "-":
        return _finite(a - b)
    if op == "*":
        return _finite(a * b)
    return None if b == 0 else _finite(a / b)


def evaluate(expr: Any, row: Row, at: At) -> object:
    """The value of a calculation for one row (computed fields it names must already be in the row)."""
    kind = _get(expr, "kind")
    if kind == "field":
        return row.get(_get(expr, "field"))
    if kind == "number":
        return _get(expr, "value")
    if kind == "clock":
        return clock_text(_get(expr, "name"), at)
    if kind == "history":
        periods = row.get(PERIODS)
        return measure_history(expr, periods if isinstance(periods, list | tuple) else None)
    if kind == "negate":
        value = _number(evaluate(_get(expr, "operand"), row, at))
        return None if value is None else _finite(-value)
    left, right = evaluate(_get(expr, "left"), row, at), evaluate(_get(expr, "right"), row, at)
    if is_blank(left) or is_blank(right):
        return None
    return _arithmetic(expr, left, right, at)


def with_computed(computed: Sequence[Any], row: Mapping[str, object], at: At) -> dict[str, object]:
    """The row with every computed field added, each after the fields it uses."""
    out = dict(row)
    for field in computed:
        out[_get(field, "name")] = evaluate(_get(field, "expr"), out, at)
    return out


def _name(value: object) -> str:
    if isinstance(value, Mapping):
        return str(value.get("name") or value.get("displayName") or "").lower()
    return str(value).lower()


def _holds(op: str, order: float) -> bool:
    return {
        "=": order == 0,
        "!=": order != 0,
        "<": order < 0,
        "<=": order <= 0,
        ">": order > 0,
        ">=": order >= 0,
    }[op]


def _compare(op: str, left: object, right: object, types: tuple[str, str] | None, at: At) -> bool:
    if types is not None and types[0] in TEMPORAL:
        gap = _between(left, right, types == ("date", "date"), at)
        return gap is not None and _holds(op, gap)
    a, b = _number(left), _number(right)
    if a is not None and b is not None:
        return _holds(op, a - b)
    wanted = [_name(v) for v in right] if isinstance(right, list | tuple) else [_name(right)]
    found = [_name(v) for v in left] if isinstance(left, list | tuple) else [_name(left)]
    same = any(name in wanted for name in found)
    return same if op == "=" else (not same if op == "!=" else False)


def _operand(operand: Any, row: Row, at: At) -> object:
    return _get(operand, "value") if _get(operand, "kind") == "string" else evaluate(operand, row, at)


def holds_for(condition: Any, row: Row, at: At) -> bool:
    """Whether a highlight condition holds for one row."""
    kind = _get(condition, "kind")
    if kind == "compare":
        left_node, right_node = _get(condition, "left"), _get(condition, "right")
        left, right = _operand(left_node, row, at), _operand(right_node, row, at)
        if is_blank(left) or is_blank(right):
            return False
        op = _get(condition, "op")
        if _get(left_node, "kind") == "string":
            return _compare(op, right, left, None, at)
        types = None if _get(right_node, "kind") == "string" else (_get(left_node, "type"), _get(right_node, "type"))
        return _compare(op, left, right, types, at)
    if kind == "empty":
        return is_blank(evaluate(_get(condition, "operand"), row, at)) != bool(_get(condition, "negated"))
    if kind == "not":
        return not holds_for(_get(condition, "operand"), row, at)
    parts = [holds_for(part, row, at) for part in _get(condition, "parts")]
    return all(parts) if kind == "all" else any(parts)
