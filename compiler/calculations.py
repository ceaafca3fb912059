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
    PlannedIsEmpty,
    PlannedNegate,
    PlannedNot,
    PlannedNumber,
    PlannedOperand,
    PlannedString,
)
from dsl import ast
from dsl.expressions import FUNCTIONS, combined_type, references
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


def planned_expr(expr: ast.Expr, fields: Mapping[str, ResolvedField]) -> PlannedExpr:
    """A calculation as the plan holds it, each node with the type of its value."""
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
        operand = planned_expr(expr.operand, fields)
        return PlannedNegate(operand, operand.type)
    left, right = planned_expr(expr.left, fields), planned_expr(expr.right, fields)
    result = combined_type(expr.op, FieldType(left.type), FieldType(right.type))
    if result is None:
        raise CalculationError(expr.span, f"`{expr.op.value}` does not combine {left.type} and {right.type}")
    return PlannedBinary(expr.op.value, left, right, result.value)


def _operand(side: ast.Expr | ast.Text, fields: Mapping[str, ResolvedField]) -> PlannedOperand:
    return PlannedString(side.value) if isinstance(side, ast.Text) else planned_expr(side, fields)


def planned_condition(condition: ast.Condition, fields: Mapping[str, ResolvedField]) -> PlannedCondition:
    """A highlight condition as the plan holds it."""
    if isinstance(condition, ast.Comparison):
        left, right = _operand(condition.left, fields), _operand(condition.right, fields)
        return PlannedCompare(condition.op.value, left, right)
    if isinstance(condition, ast.IsEmpty):
        return PlannedIsEmpty(planned_expr(condition.operand, fields), condition.negated)
    if isinstance(condition, ast.Not):
        return PlannedNot(planned_condition(condition.operand, fields))
    parts = tuple(planned_condition(part, fields) for part in condition.parts)
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
    declared: tuple[ast.ComputedField, ...], wanted: set[str], fields: Mapping[str, ResolvedField]
) -> tuple[PlannedComputed, ...]:
    """The computed fields in ``wanted``, each after the computed fields it uses."""
    by_name = {c.name.value: c for c in reversed(declared)}
    order = [name for name in computation_order(declared)[0] if name in wanted]
    return tuple(
        PlannedComputed(name, fields[name].type.value, planned_expr(by_name[name].expr, fields), by_name[name].span)
        for name in order
    )
