"""Computed fields and highlight conditions in Python, so the preview shows what the app shows.

These are the rules of the runtime's ``expr.js`` (targets/forge_uikit/runtime), and the shared vectors in
``tests/vectors/expressions.json`` pin both implementations to the same answers: a date minus a date is a
duration in seconds (a date without a time is its UTC midnight); ``today()`` is the clock's UTC day, ``now()`` its
moment; an empty operand, a division by zero or a result that is not a finite number is empty (None); a comparison
with an empty side is false; a category is compared with a text by its name, ignoring case, and a field with
several values equals a text when one of them does.

Plan trees come in as the plan's dataclasses or, from the vectors, as their JSON (``kind`` first): both are read
through :func:`_get`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from targets.preview.aggregate import moment

TEMPORAL = frozenset({"date", "datetime"})

Row = Mapping[str, object]


def _get(node: Any, name: str) -> Any:
    """A field of a plan node, whether a dataclass (snake_case) or its JSON (camelCase: no field here differs)."""
    return node[name] if isinstance(node, Mapping) else getattr(node, name)


def is_blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and len(value) == 0)


def clock_text(name: str, clock: datetime) -> str:
    """``today()`` as its UTC day, ``now()`` as the moment in the runtime's ISO form (milliseconds, ``Z``)."""
    moment_utc = clock.astimezone(UTC)
    if name == "today":
        return moment_utc.date().isoformat()
    return moment_utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment_utc.microsecond // 1000:03d}Z"


def _finite(value: float) -> float | None:
    return value + 0 if math.isfinite(value) else None


def _number(value: object) -> float | None:
    return None if isinstance(value, bool) or not isinstance(value, int | float) else value


def _arithmetic(op: str, left: object, right: object, left_type: str) -> float | None:
    if left_type in TEMPORAL:
        start, end = moment(right), moment(left)
        return None if start is None or end is None else _finite((end - start).total_seconds())
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


def evaluate(expr: Any, row: Row, clock: datetime) -> object:
    """The value of a calculation for one row (computed fields it names must already be in the row)."""
    kind = _get(expr, "kind")
    if kind == "field":
        return row.get(_get(expr, "field"))
    if kind == "number":
        return _get(expr, "value")
    if kind == "clock":
        return clock_text(_get(expr, "name"), clock)
    if kind == "negate":
        value = _number(evaluate(_get(expr, "operand"), row, clock))
        return None if value is None else _finite(-value)
    left, right = evaluate(_get(expr, "left"), row, clock), evaluate(_get(expr, "right"), row, clock)
    if is_blank(left) or is_blank(right):
        return None
    return _arithmetic(_get(expr, "op"), left, right, _get(_get(expr, "left"), "type"))


def with_computed(computed: Sequence[Any], row: Mapping[str, object], clock: datetime) -> dict[str, object]:
    """The row with every computed field added, each after the fields it uses."""
    out = dict(row)
    for field in computed:
        out[_get(field, "name")] = evaluate(_get(field, "expr"), out, clock)
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


def _compare(op: str, left: object, right: object, value_type: str | None) -> bool:
    if value_type in TEMPORAL:
        start, end = moment(right), moment(left)
        return start is not None and end is not None and _holds(op, (end - start).total_seconds())
    a, b = _number(left), _number(right)
    if a is not None and b is not None:
        return _holds(op, a - b)
    wanted = [_name(v) for v in right] if isinstance(right, list | tuple) else [_name(right)]
    found = [_name(v) for v in left] if isinstance(left, list | tuple) else [_name(left)]
    same = any(name in wanted for name in found)
    return same if op == "=" else (not same if op == "!=" else False)


def _operand(operand: Any, row: Row, clock: datetime) -> object:
    return _get(operand, "value") if _get(operand, "kind") == "string" else evaluate(operand, row, clock)


def holds_for(condition: Any, row: Row, clock: datetime) -> bool:
    """Whether a highlight condition holds for one row."""
    kind = _get(condition, "kind")
    if kind == "compare":
        left_node, right_node = _get(condition, "left"), _get(condition, "right")
        left, right = _operand(left_node, row, clock), _operand(right_node, row, clock)
        if is_blank(left) or is_blank(right):
            return False
        texts = _get(left_node, "kind") == "string" or _get(right_node, "kind") == "string"
        value_type = None if texts else _get(left_node, "type")
        if _get(left_node, "kind") == "string":
            return _compare(_get(condition, "op"), right, left, value_type)
        return _compare(_get(condition, "op"), left, right, value_type)
    if kind == "empty":
        return is_blank(evaluate(_get(condition, "operand"), row, clock)) != bool(_get(condition, "negated"))
    if kind == "not":
        return not holds_for(_get(condition, "operand"), row, clock)
    parts = [holds_for(part, row, clock) for part in _get(condition, "parts")]
    return all(parts) if kind == "all" else any(parts)
