"""Rules for agile data sources: ``sprints of board {board} last 6 closed measure sum(story_points)``,
``burndown of active sprint of board {board}`` and ``versions of project {project} unreleased measure
sum(story_points)``.

Kept apart from the module checker so each file stays small; the module checker hands in how it looks up a
parameter (which marks it used and reports an undeclared one) and the issue fields the measure may name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from dsl import ast
from dsl.diagnostics import Diagnostic, error
from dsl.field_hints import FieldUse, unknown_field_hint
from dsl.resolve import DataKind, ResolvedField, context_values, declared_fields, measure_field, system_fields
from dsl.similar import closest
from dsl.types import Aggregation, ParamType

MAX_SPRINTS = 50
"""At most this many sprints a source reads: a velocity chart of more is unreadable, and each sprint costs requests."""


def agile_problems(
    module: ast.Module,
    source: ast.SprintsSource | ast.VersionsSource | ast.BurndownSource,
    param: Callable[[ast.Name], ast.Param | None],
    app_fields: dict[str, ResolvedField],
) -> list[Diagnostic]:
    """Problems of a sprints or versions source: the board is a ``board`` parameter, the project a ``project``
    parameter or the module's own project; the measure counts issues or sums a number or duration field Jira holds.
    (A sprints source's ``last N`` is checked like a limit, by the caller.)"""
    problems: list[Diagnostic] = []
    if isinstance(source, ast.SprintsSource | ast.BurndownSource):
        problems += _typed_param(source.board, ParamType.BOARD, "a board", param)
    elif isinstance(source.project, ast.ParamRef):
        problems += _typed_param(source.project, ParamType.PROJECT, "a project", param)
    elif "project" not in context_values(module.kind):
        problems.append(
            error(
                "E503",
                source.project.span,
                "this module is not shown in a project, so it has no `{context.project}`",
                'let people pick one: `project: project "Project"` in `config`, and `versions of project {project}`',
            )
        )
    if source.measure is not None:
        problems += _measure_problems(module, source.measure, app_fields)
    return problems


def _typed_param(
    ref: ast.ParamRef, wanted: ParamType, what: str, param: Callable[[ast.Name], ast.Param | None]
) -> list[Diagnostic]:
    found = param(ref.name)
    if found is None or found.type.kind is wanted:
        return []
    name = ref.name.value
    label = wanted.value.capitalize()
    return [
        error(
            "E501",
            ref.span,
            f"`{{{name}}}` is not {what}",
            f'give `{name}` the type `{wanted.value}`, e.g. `{name}: {wanted.value} "{label}"`, so people pick '
            f"{what.replace('a ', 'one of their ', 1)}s",
        )
    ]


def _measure_problems(
    module: ast.Module, measure: ast.Aggregate, app_fields: dict[str, ResolvedField]
) -> list[Diagnostic]:
    if measure.function not in (Aggregation.COUNT, Aggregation.SUM):
        field = measure.field.value if measure.field is not None else "story_points"
        return [
            error(
                "E502",
                measure.span,
                f"the work of a sprint or version is counted or summed, not `{measure.function.value}`",
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
    return error("E101", name.span, f"unknown issue field `{name.value}` to measure the work by", hint)
