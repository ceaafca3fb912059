"""The types of computed fields and highlight conditions.

A computed field's type follows from its calculation: a date minus a date is a duration, a duration divided by
a duration a number, and so on (:data:`_RESULTS`). A highlight condition compares values whose types fit: numbers
with numbers, durations with durations (or 0), dates with dates, categories with a quoted text by ``=`` and
``!=``. The rules here are used twice: by :mod:`dsl.resolve`, which only wants the types (the compiler and the
checker then agree on them), and by the checker, which also wants a diagnostic with a hint for each problem;
a ``report`` callback that drops them serves the first.
"""

from __future__ import annotations

from collections.abc import Callable

from dsl import ast
from dsl.diagnostics import Diagnostic, error
from dsl.similar import closest
from dsl.types import ArithmeticOp, FieldType

FUNCTIONS: dict[str, FieldType] = {"now": FieldType.DATETIME, "today": FieldType.DATE}
"""The functions an expression may call: the load's clock, as a moment (now) or as the current UTC day (today)."""

HISTORY_FUNCTIONS: dict[str, FieldType] = {"transitions": FieldType.NUMBER}
"""Functions of an issue's status history: ``transitions()``, how many times its status changed."""

STATUS_EVENTS = ("entered", "left")
"""``entered(…)`` / ``left(…)``: when an issue came into or went out of statuses."""

EVENT_ORDER = ("first", "last")
"""Which time an event counts, written before it (``last entered(done)``); first when not written."""

TIME_WORD = "time"
"""``time in …``: how long an issue spent in statuses."""

_CALLS = {**FUNCTIONS, **HISTORY_FUNCTIONS}

Lookup = Callable[[ast.Name], FieldType | None]
"""The type of a field named in an expression; None when it is unknown (the lookup reports that itself)."""

Report = Callable[[Diagnostic], None]


def ignore(_: Diagnostic) -> None:
    """A report that keeps nothing: for callers that want types only."""


_NUMBER, _DURATION, _DATE = "number", "duration", "date"

# (operator, left kind, right kind) -> result type; every other combination is an error (E209).
_RESULTS: dict[tuple[ArithmeticOp, str, str], FieldType] = {
    (ArithmeticOp.ADD, _NUMBER, _NUMBER): FieldType.NUMBER,
    (ArithmeticOp.ADD, _DURATION, _DURATION): FieldType.DURATION,
    (ArithmeticOp.SUBTRACT, _NUMBER, _NUMBER): FieldType.NUMBER,
    (ArithmeticOp.SUBTRACT, _DURATION, _DURATION): FieldType.DURATION,
    (ArithmeticOp.SUBTRACT, _DATE, _DATE): FieldType.DURATION,
    (ArithmeticOp.MULTIPLY, _NUMBER, _NUMBER): FieldType.NUMBER,
    (ArithmeticOp.MULTIPLY, _DURATION, _NUMBER): FieldType.DURATION,
    (ArithmeticOp.MULTIPLY, _NUMBER, _DURATION): FieldType.DURATION,
    (ArithmeticOp.DIVIDE, _NUMBER, _NUMBER): FieldType.NUMBER,
    (ArithmeticOp.DIVIDE, _DURATION, _NUMBER): FieldType.DURATION,
    (ArithmeticOp.DIVIDE, _DURATION, _DURATION): FieldType.NUMBER,
}

_PHRASES = {
    ArithmeticOp.ADD: "cannot add {left} and {right}",
    ArithmeticOp.SUBTRACT: "cannot subtract {right} from {left}",
    ArithmeticOp.MULTIPLY: "cannot multiply {left} by {right}",
    ArithmeticOp.DIVIDE: "cannot divide {left} by {right}",
}


def _operand_words(field_type: FieldType) -> str:
    """A calculation's operand in a message: dates with and without a time are both just dates there."""
    return "a date" if field_type.is_temporal else type_words(field_type)


def _kind(field_type: FieldType) -> str | None:
    if field_type is FieldType.NUMBER:
        return _NUMBER
    if field_type is FieldType.DURATION:
        return _DURATION
    return _DATE if field_type.is_temporal else None


def type_words(field_type: FieldType) -> str:
    """A type as a message names it: ``a number``, ``a date and time``, ``an issue type``."""
    words = {FieldType.DATETIME: "date and time", FieldType.KEY: "issue key", FieldType.ISSUE: "issue"}.get(
        field_type, field_type.value.replace("_", " ")
    )
    return ("an " if words[0] in "aeio" else "a ") + words


def _arithmetic_hint(op: ArithmeticOp, left: str | None, right: str | None) -> str:
    """What to write instead of an operation the table has no result for."""
    if left is None or right is None:
        return "calculate with numbers, durations (such as `timespent`) and dates (such as `created`)"
    pair = {left, right}
    if op in (ArithmeticOp.ADD, ArithmeticOp.SUBTRACT) and pair == {_NUMBER, _DURATION}:
        return "give the number a unit so it is a duration, e.g. `3 days`"
    if _DATE in pair and op in (ArithmeticOp.MULTIPLY, ArithmeticOp.DIVIDE):
        return "dates cannot be multiplied or divided; subtract two dates to get a duration first"
    if (left, right) == (_DATE, _DURATION):
        return (
            "a date can only have a date subtracted from it; to test a date against a moved day, compare a "
            "duration instead, e.g. `duedate - today() < 3 days` in a highlight"
        )
    if _DATE in pair and pair != {_DATE}:
        return "subtract two dates to get the time between them, e.g. `today() - duedate`"
    if pair == {_DATE}:
        return "subtract dates to get the time between them: `resolved - created`"
    if op is ArithmeticOp.MULTIPLY:
        return "multiply a duration by a number, e.g. `timespent * 2`"
    return "divide a duration by a number or by another duration"


def combined_type(op: ArithmeticOp, left: FieldType, right: FieldType) -> FieldType | None:
    """The type of ``left op right``, or None when the two do not combine."""
    return _RESULTS.get((op, _kind(left) or "", _kind(right) or ""))


def _expression_type(expr: ast.Expr, lookup: Lookup, report: Report) -> FieldType | None:
    if isinstance(expr, ast.FieldRef):
        return lookup(expr.name)
    if isinstance(expr, ast.Call):
        found = _CALLS.get(expr.function.value)
        if found is None:
            suggestion = closest(expr.function.value, _CALLS)
            report(
                error(
                    "E111",
                    expr.function.span,
                    f"there is no function `{expr.function.value}()`",
                    f"did you mean `{suggestion}()`?"
                    if suggestion
                    else "the functions are `now()`, `today()` and `transitions()`",
                )
            )
        return found
    if isinstance(expr, ast.StatusEvent | ast.TimeIn):
        return _history_type(expr, report)
    if isinstance(expr, ast.Number):
        return FieldType.NUMBER
    if isinstance(expr, ast.Quantity):
        return FieldType.DURATION
    if isinstance(expr, ast.Negate):
        operand = _expression_type(expr.operand, lookup, report)
        if operand is not None and not operand.is_numeric:
            report(
                error(
                    "E209",
                    expr.span,
                    f"cannot put a minus before {type_words(operand)}",
                    "only numbers and durations have a minus",
                )
            )
            return None
        return operand
    left = _expression_type(expr.left, lookup, report)
    right = _expression_type(expr.right, lookup, report)
    if left is None or right is None:
        return None
    left_kind, right_kind = _kind(left), _kind(right)
    result = combined_type(expr.op, left, right)
    if result is None:
        report(
            error(
                "E209",
                expr.span,
                _PHRASES[expr.op].format(left=_operand_words(left), right=_operand_words(right)),
                _arithmetic_hint(expr.op, left_kind, right_kind),
            )
        )
    return result


def _wrong_word(word: ast.Name, allowed: tuple[str, ...], example: str, report: Report) -> bool:
    if word.value in allowed:
        return False
    suggestion = closest(word.value, allowed)
    hint = f"did you mean `{suggestion}`?" if suggestion else f"write it as {example}"
    report(error("E111", word.span, f"`{word.value}` is not a history measure", hint))
    return True


def _history_type(expr: ast.StatusEvent | ast.TimeIn, report: Report) -> FieldType | None:
    """A date and time for ``entered``/``left``, a duration for ``time in``; None (reported) for a wrong word."""
    if isinstance(expr, ast.TimeIn):
        wrong = _wrong_word(expr.word, (TIME_WORD,), '`time in ("In Progress")`', report)
        return None if wrong else FieldType.DURATION
    wrong = _wrong_word(expr.event, STATUS_EVENTS, '`entered("In Progress")` or `left("In Progress")`', report)
    if expr.which is not None:
        wrong = _wrong_word(expr.which, EVENT_ORDER, "`first entered(…)` or `last entered(…)`", report) or wrong
    return None if wrong else FieldType.DATETIME


def expression_type(expr: ast.Expr, lookup: Lookup, report: Report = ignore) -> FieldType | None:
    """The type of an expression's value; None when a part is unknown or the types do not combine (reported)."""
    return _expression_type(expr, lookup, report)


def _leaves(expr: ast.Expr) -> list[ast.Expr]:
    """The fields, numbers, durations and calls of an expression, in source order."""
    if isinstance(expr, ast.Negate):
        return _leaves(expr.operand)
    if isinstance(expr, ast.Binary):
        return _leaves(expr.left) + _leaves(expr.right)
    return [expr]


def references(expr: ast.Expr) -> list[ast.Name]:
    """Every field an expression names, in source order."""
    return [leaf.name for leaf in _leaves(expr) if isinstance(leaf, ast.FieldRef)]


def numbers_in(expr: ast.Expr) -> list[ast.Number]:
    """Every number literal of an expression (durations' amounts included), for the range check (E410)."""
    found = []
    for leaf in _leaves(expr):
        if isinstance(leaf, ast.Number):
            found.append(leaf)
        elif isinstance(leaf, ast.Quantity):
            found.append(leaf.amount)
    return found


def condition_expressions(condition: ast.Condition) -> list[ast.Expr]:
    """Every expression a highlight condition compares or tests, in source order."""
    if isinstance(condition, ast.Comparison):
        return [side for side in (condition.left, condition.right) if not isinstance(side, ast.Text)]
    if isinstance(condition, ast.IsEmpty):
        return [condition.operand]
    if isinstance(condition, ast.Not):
        return condition_expressions(condition.operand)
    return [expr for part in condition.parts for expr in condition_expressions(part)]


# ------------------------------------------------------------------------------------------ conditions

_PEOPLE = frozenset({FieldType.USER, FieldType.USERS})


def _is_zero(side: ast.Expr | ast.Text) -> bool:
    return isinstance(side, ast.Number) and side.value == 0


def _comparison_problem(
    condition: ast.Comparison, left: FieldType | None, right: FieldType | None
) -> tuple[str, str] | None:
    """(message, hint) when the two sides of a comparison cannot be compared; None when they can (or a side is
    already reported unknown)."""
    op = condition.op
    left_text, right_text = isinstance(condition.left, ast.Text), isinstance(condition.right, ast.Text)
    if left_text and right_text:
        return "this compares two texts, which never changes from row to row", "compare a field with a text"
    if left_text or right_text:
        other = right if left_text else left
        if other is None:
            return None
        if other in _PEOPLE:
            return (
                f"people cannot be compared with a text here ({type_words(other)})",
                "test them with `is empty`, or choose people in the query (`assignee = currentUser()`)",
            )
        if other.is_numeric:
            return f"{type_words(other)} is compared with a text", "write numbers without quotes, e.g. `> 3`"
        if other.is_temporal:
            return f"{type_words(other)} is compared with a text", "compare dates with dates, e.g. `duedate < today()`"
        if not op.is_equality:
            return f"`{op.value}` needs numbers, durations or dates", "compare texts with `=` or `!=`"
        return None
    if left is None or right is None:
        return None
    if left in _PEOPLE or right in _PEOPLE:
        return (
            "people cannot be compared here",
            "test them with `is empty`, or choose people in the query (`assignee = currentUser()`)",
        )
    if left is right and (left.is_numeric or left.is_temporal):
        return None
    if left.is_temporal and right.is_temporal:
        return None
    if {left, right} == {FieldType.DURATION, FieldType.NUMBER}:
        number_side = condition.right if right is FieldType.NUMBER else condition.left
        if _is_zero(number_side):
            return None
        if not isinstance(number_side, ast.Number):
            return (
                "a number cannot be compared with a duration",
                "compare numbers with numbers, durations with durations",
            )
        return (
            "a duration is compared with a number that has no unit",
            "give the number a unit, e.g. `> 3 days` (units: minutes, hours, days, weeks)",
        )
    if left is right and op.is_equality and not left.is_multi:
        return None
    if left is right and not op.is_equality and not left.is_numeric:
        return f"`{op.value}` needs numbers, durations or dates", "compare these with `=` or `!=`"
    return (
        f"{type_words(left)} cannot be compared with {type_words(right)}",
        'compare values of one type, or a category with a quoted text such as `status = "Done"`',
    )


def check_condition(condition: ast.Condition, lookup: Lookup, report: Report) -> None:
    """Report every problem in a highlight condition: unknown names (through ``lookup``) and sides whose types
    cannot be compared (E212)."""
    if isinstance(condition, ast.Comparison):
        left = _side_type(condition.left, lookup, report)
        right = _side_type(condition.right, lookup, report)
        problem = _comparison_problem(condition, left, right)
        if problem is not None:
            report(error("E212", condition.span, *problem))
    elif isinstance(condition, ast.IsEmpty):
        expression_type(condition.operand, lookup, report)
    elif isinstance(condition, ast.Not):
        check_condition(condition.operand, lookup, report)
    else:
        for part in condition.parts:
            check_condition(part, lookup, report)


def _side_type(side: ast.Expr | ast.Text, lookup: Lookup, report: Report) -> FieldType | None:
    return None if isinstance(side, ast.Text) else expression_type(side, lookup, report)
