"""Rules for agile data sources: ``sprints of board {board} last 6 closed measure sum(story_points)``.

Kept apart from the module checker so each file stays small; the module checker hands in how it looks up a
parameter (which marks it used and reports an undeclared one) and the issue fields the measure may name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from dsl import ast
from dsl.diagnostics import Diagnostic, error
from dsl.field_hints import FieldUse, unknown_field_hint
from dsl.resolve import DataKind, ResolvedField, declared_fields, measure_field, system_fields
from dsl.similar import closest
from dsl.types import Aggregation, ParamType

MAX_SPRINTS = 50
"""At most this many sprints a source reads: a velocity chart of more is unreadable, and each sprint costs requests."""


def sprints_problems(
    module: ast.Module,
    source: ast.SprintsSource,
    param: Callable[[ast.Name], ast.Param | None],
    app_fields: dict[str, ResolvedField],
) -> list[Diagnostic]:
    """Problems of a sprints source: the board is a ``board`` parameter; the measure counts issues or sums a
    number or duration field Jira holds. (``last N`` is checked like a limit, by the caller.)"""
    problems: list[Diagnostic] = []
    board = param(source.board.name)
    if board is not None and board.type.kind is not ParamType.BOARD:
        name = source.board.name.value
        problems.append(
            error(
                "E501",
                source.board.span,
                f"`{{{name}}}` is not a board",
                f'give `{name}` the type `board`, e.g. `{name}: board "Board"`, so people pick one of their boards',
            )
        )
    if source.measure is not None:
        problems += _measure_problems(module, source.measure, app_fields)
    return problems


def _measure_problems(
    module: ast.Module, measure: ast.Aggregate, app_fields: dict[str, ResolvedField]
) -> list[Diagnostic]:
    if measure.function not in (Aggregation.COUNT, Aggregation.SUM):
        field = measure.field.value if measure.field is not None else "story_points"
        return [
            error(
                "E502",
                measure.span,
                f"a sprint's work is counted or summed, not `{measure.function.value}`",
                f"write `measure sum({field})`, or leave the measure out to count issues",
            )
        ]
    if measure.field is None:
        return []
    found = measure_field(module, app_fields)
    if found is None:
        return [_unknown(module, measure.field, app_fields)]
    if not found.type.is_numeric:
        return [
            error(
                "E202",
                measure.span,
                f"cannot take the sum of `{measure.field.value}` ({found.type.value})",
                "sum a number or a duration such as story points or `originalestimate`, or leave the measure out "
                "to count issues",
            )
        ]
    return []


def _unknown(module: ast.Module, name: ast.Name, app_fields: dict[str, ResolvedField]) -> Diagnostic:
    fields: Mapping[str, ResolvedField] = {
        **system_fields(DataKind.ISSUES),
        **app_fields,
        **declared_fields(module.fields),
    }
    numeric = [f for f, resolved in fields.items() if resolved.type.is_numeric]
    suggestion = closest(name.value, numeric)
    hint = f"did you mean `{suggestion}`?" if suggestion else unknown_field_hint(name.value, FieldUse.VALUE, True, [])
    return error("E101", name.span, f"unknown issue field `{name.value}` to measure sprints by", hint)
