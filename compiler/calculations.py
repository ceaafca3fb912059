"""Computed fields and highlight conditions in the plan: the trees the runtime evaluates for every row.

The checker has already typed every calculation (:mod:`dsl.expressions`); here each node of a calculation gets
its type written next to it, so the runtime (``runtime/expr.js``) and the preview (``targets/preview/expr.py``)
evaluate without working types out again: date - date is a duration, a duration literal is its seconds.

Which computed fields a module works out, and which Jira fields that needs fetched, follows from what its views
read: a computed field brings the fields (and computed fields) its calculation names, transitively.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Literal

from compiler.plan_types import (
    PlannedAll,
    PlannedAny,
    PlannedBinary,
    PlannedClock,
    PlannedCompare,
    PlannedComputed,
    PlannedCondition,
    PlannedExpr,
    PlannedFieldRef,
    PlannedHistory,
    PlannedIsEmpty,
    PlannedNegate,
    PlannedNot,
    PlannedNumber,
    PlannedOperand,
    PlannedString,
)
from dsl import ast
from dsl.expressions import FUNCTIONS, HISTORY_FUNCTIONS, combined_type, references
from dsl.history_checks import CATEGORIES
from dsl.numbers import canonical
from dsl.resolve import ResolvedField, computation_order
from dsl.span import Span
from dsl.types import FieldType


class CalculationError(ValueError):
    """A calculation the checker should have refused (an unknown name, types that do not combine)."""

    def __init__(self, span: Span, message: str) -> None:
        super().__init__(f"{span}: {message}")
        self.span = span


def _seconds(quantity: ast.Quantity) -> int | float:
    """A duration literal in seconds, worked out from its text (``0.1 minutes`` is 6, not 6.000000000000001)."""
    seconds = Decimal(canonical(quantity.amount.raw)) * quantity.unit.seconds
    return int(seconds) if seconds == seconds.to_integral_value() else float(seconds)


Groups = Mapping[str, ast.StatusGroup]
"""The app's status groups by name, written out in history measures."""


def _history(expr: ast.StatusEvent | ast.TimeIn, groups: Groups) -> PlannedHistory:
    """A history measure with its statuses written out: names as given, groups as their names, categories by key."""
    if expr.statuses is None:
        return PlannedHistory("current", False, (), (), FieldType.DURATION.value)
    names: dict[str, None] = {}
    categories: dict[str, None] = {}
    for item in expr.statuses.items:
        if isinstance(item, ast.Text):
            names[item.value] = None
        elif item.value in groups:
            names.update(dict.fromkeys(s.value for s in groups[item.value].statuses))
        elif item.value in CATEGORIES:
            categories[CATEGORIES[item.value]] = None
        else:
            raise CalculationError(item.span, f"unknown status group `{item.value}`")
    if isinstance(expr, ast.TimeIn):
        return PlannedHistory("time", False, tuple(names), tuple(categories), FieldType.DURATION.value)
    last = expr.which is not None and expr.which.value == "last"
    measure: Literal["entered", "left"] = "entered" if expr.event.value == "entered" else "left"
    return PlannedHistory(measure, last, tuple(names), tuple(categories), FieldType.DATETIME.value)


def planned_expr(expr: ast.Expr, fields: Mapping[str, ResolvedField], groups: Groups | None = None) -> PlannedExpr:
    """A calculation as the plan holds it, each node with the type of its value (``groups``: the app's status
    groups, for history measures)."""
    groups = groups if groups is not None else {}
    if isinstance(expr, ast.StatusEvent | ast.TimeIn):
        return _history(expr, groups)
    if isinstance(expr, ast.Call) and expr.function.value in HISTORY_FUNCTIONS:
        return PlannedHistory("transitions", False, (), (), FieldType.NUMBER.value)
    if isinstance(expr, ast.FieldRef):
        found = fields.get(expr.name.value)
        if found is None:
            raise CalculationError(expr.span, f"unknown field `{expr.name.value}`")
        return PlannedFieldRef(found.name, found.type.value)
    if isinstance(expr, ast.Call):
        clock = FUNCTIONS.get(expr.function.value)
        if clock is None:
            raise CalculationError(expr.span, f"unknown function `{expr.function.value}()`")
        return PlannedClock(expr.function.value, clock.value)
    if isinstance(expr, ast.Number):
        return PlannedNumber(expr.value, FieldType.NUMBER.value)
    if isinstance(expr, ast.Quantity):
        return PlannedNumber(_seconds(expr), FieldType.DURATION.value)
    if isinstance(expr, ast.Negate):
        operand = planned_expr(expr.operand, fields, groups)
        return PlannedNegate(operand, operand.type)
    left, right = planned_expr(expr.left, fields, groups), planned_expr(expr.right, fields, groups)
    result = combined_type(expr.op, FieldType(left.type), FieldType(right.type))
    if result is None:
        raise CalculationError(expr.span, f"`{expr.op.value}` does not combine {left.type} and {right.type}")
    return PlannedBinary(expr.op.value, left, right, result.value)


def _operand(side: ast.Expr | ast.Text, fields: Mapping[str, ResolvedField], groups: Groups | None) -> PlannedOperand:
    return PlannedString(side.value) if isinstance(side, ast.Text) else planned_expr(side, fields, groups)


def planned_condition(
    condition: ast.Condition, fields: Mapping[str, ResolvedField], groups: Groups | None = None
) -> PlannedCondition:
    """A highlight condition as the plan holds it."""
    if isinstance(condition, ast.Comparison):
        left, right = _operand(condition.left, fields, groups), _operand(condition.right, fields, groups)
        return PlannedCompare(condition.op.value, left, right)
    if isinstance(condition, ast.IsEmpty):
        return PlannedIsEmpty(planned_expr(condition.operand, fields, groups), condition.negated)
    if isinstance(condition, ast.Not):
        return PlannedNot(planned_condition(condition.operand, fields, groups))
    parts = tuple(planned_condition(part, fields, groups) for part in condition.parts)
    return PlannedAll(parts) if isinstance(condition, ast.AllOf) else PlannedAny(parts)


def field_closure(names: Iterable[ast.Name], fields: Mapping[str, ResolvedField]) -> tuple[list[ast.Name], set[str]]:
    """The fields Jira must send for ``names`` (each name as first met, computed fields replaced by what they are
    computed from, transitively), and the computed fields among them. Iterative: a long chain of computed
    fields cannot exhaust the stack."""
    fetched: dict[str, ast.Name] = {}
    computed: set[str] = set()
    pending = list(reversed(list(names)))
    while pending:
        name = pending.pop()
        found = fields.get(name.value)
        if found is None:
            raise CalculationError(name.span, f"unknown field `{name.value}`")
        if found.expression is None:
            fetched.setdefault(name.value, name)
        elif name.value not in computed:
            computed.add(name.value)
            pending.extend(reversed(references(found.expression)))
    return list(fetched.values()), computed


def planned_computed(
    declared: tuple[ast.ComputedField, ...],
    wanted: set[str],
    fields: Mapping[str, ResolvedField],
    groups: Groups | None = None,
) -> tuple[PlannedComputed, ...]:
    """The computed fields in ``wanted``, each after the computed fields it uses."""
    by_name = {c.name.value: c for c in reversed(declared)}
    order = [name for name in computation_order(declared)[0] if name in wanted]
    return tuple(
        PlannedComputed(
            name, fields[name].type.value, planned_expr(by_name[name].expr, fields, groups), by_name[name].span
        )
        for name in order
    )


def _measures_in(expr: PlannedExpr) -> list[PlannedHistory]:
    if isinstance(expr, PlannedHistory):
        return [expr]
    if isinstance(expr, PlannedNegate):
        return _measures_in(expr.operand)
    if isinstance(expr, PlannedBinary):
        return _measures_in(expr.left) + _measures_in(expr.right)
    return []


def _condition_measures(condition: PlannedCondition) -> list[PlannedHistory]:
    if isinstance(condition, PlannedCompare):
        sides = [s for s in (condition.left, condition.right) if not isinstance(s, PlannedString)]
        return [m for side in sides for m in _measures_in(side)]
    if isinstance(condition, PlannedIsEmpty):
        return _measures_in(condition.operand)
    if isinstance(condition, PlannedNot):
        return _condition_measures(condition.operand)
    return [m for part in condition.parts for m in _condition_measures(part)]


def history_measures(
    computed: Iterable[PlannedComputed], conditions: Iterable[PlannedCondition]
) -> list[PlannedHistory]:
    """Every history measure a module works out: its rows must then come with their status histories."""
    found = [m for field in computed for m in _measures_in(field.expr)]
    return found + [m for condition in conditions for m in _condition_measures(condition)]
