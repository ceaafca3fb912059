"""The hint for a calculation written where only a field name may stand.

``avg(resolved - created)``, ``table { key, now() - created }``, ``x resolved - created``: calculations are
declared once as computed fields and then used by name, so the parser stops at the operator. The hint names
the right form with the author's own calculation in it: ``declare `field resolution_time = resolved -
created` and use `avg(resolution_time)```. The calculation is read back from the text around the operator
(the operand before it, then operands and operators after it), because the parser has no tree for it.
"""

from __future__ import annotations

import re

OPERATORS = frozenset("+-*/")

_OPERAND = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*\s*\(\s*\)|[A-Za-z_][A-Za-z0-9_]*|[0-9]+(?:\.[0-9]+)?)")
_OPERAND_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*\s*\(\s*\)|[A-Za-z_][A-Za-z0-9_]*|[0-9]+(?:\.[0-9]+)?)\s*$")
_OPERATOR = re.compile(r"\s*([-+*/])")
_AGGREGATE_BEFORE = re.compile(r"\b(sum|avg|min|max)\s*\(\s*$")
_TYPED_FIELD_BEFORE = re.compile(r"\bfield\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*[A-Za-z_]+\s*=\s*$")
_ORDER_BEFORE = re.compile(r"\border\s+by\s+(?:[A-Za-z0-9_ ]+,\s*)*$")
_CALL_THEN_OPERATOR = re.compile(r"\(\s*\)\s*(?=[-+*/])")

# Names for calculations people often write, as the language reference names them.
_KNOWN_NAMES = {
    "resolved - created": "resolution_time",
    "now() - created": "age",
    "today() - duedate": "days_overdue",
    "now() - updated": "since_update",
    "originalestimate - timespent": "remaining",
}
_OPERATOR_WORDS = {"+": "plus", "-": "minus", "*": "times", "/": "per"}
_MAX_OPERANDS = 8


def _normal(operand: str) -> str:
    return re.sub(r"\s+", "", operand) if operand.endswith(")") else operand


def _calculation(text: str, pos: int) -> tuple[int, str] | None:
    """Where the calculation around the operator at ``pos`` starts, and its text with single spaces."""
    before = _OPERAND_BEFORE.search(text, 0, pos)
    if before is None:
        return None
    parts = [_normal(before.group(1))]
    cursor = pos
    for _ in range(_MAX_OPERANDS):
        operator = _OPERATOR.match(text, cursor)
        operand = _OPERAND.match(text, operator.end()) if operator else None
        if operator is None or operand is None:
            break
        parts += [operator.group(1), _normal(operand.group(1))]
        cursor = operand.end()
    return (before.start(), " ".join(parts)) if len(parts) > 1 else None


def _name_for(calculation: str) -> str:
    known = _KNOWN_NAMES.get(calculation)
    if known is not None:
        return known
    words = calculation.split(" ")
    if len(words) == 3 and all(w.isidentifier() for w in (words[0], words[2])):
        return f"{words[0]}_{_OPERATOR_WORDS[words[1]]}_{words[2]}"
    return "calculated"


def inline_calculation_hint(text: str, pos: int) -> str | None:
    """The hint for an arithmetic operator at ``pos`` where the grammar allows none (or for the ``(`` of
    ``now()`` in ``now() - created``); None when the text around it does not read as a calculation."""
    call = _CALL_THEN_OPERATOR.match(text, pos)
    if call is not None:
        pos = call.end()
    found = _calculation(text, pos)
    if found is None:
        return None
    start, calculation = found
    typed = _TYPED_FIELD_BEFORE.search(text, 0, start)
    if typed is not None:
        return (
            f"a computed field has no type, it follows from the calculation: `field {typed.group(1)} = {calculation}`"
        )
    first = calculation.split(" ")[0].removesuffix("()")
    if _ORDER_BEFORE.search(text, 0, start):
        return f"Jira orders the rows, so `order by` takes a field Jira has: `order by {first} desc`"
    name = _name_for(calculation)
    aggregate = _AGGREGATE_BEFORE.search(text, 0, start)
    use = f"`{aggregate.group(1)}({name})`" if aggregate else f"`{name}` here"
    return f"calculations are declared once: `field {name} = {calculation}` (in the app or the module), then use {use}"
