"""The rules for gadget parameters and admin settings: a default of the parameter's type (and in range), no empty
default on a value that must be set, a default taken from an app setting of the same type, and optional values,
whose condition the query must be able to leave out whole."""

from __future__ import annotations

import re
from collections.abc import Mapping

from dsl import ast
from dsl.diagnostics import Diagnostic, error
from dsl.jql import JqlCheck
from dsl.numbers import MAX_SAFE_INTEGER, MAX_SIGNIFICANT_DIGITS, range_problem, shown
from dsl.similar import closest
from dsl.types import ParamType

_DATE_DEFAULT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[-+][0-9]+[wdhm]")


def number_problems(number: ast.Number) -> list[Diagnostic]:
    """E410 when the app cannot hold a number literal exactly."""
    problem = range_problem(number.raw)
    if problem is None:
        return []
    return [
        error(
            "E410",
            number.span,
            f"the app cannot hold {shown(number.raw)} exactly: {problem}",
            f"use a number from -{MAX_SAFE_INTEGER:,} to {MAX_SAFE_INTEGER:,} with at most "
            f"{MAX_SIGNIFICANT_DIGITS} significant digits",
        )
    ]


def param_problems(
    param: ast.Param, *, setting: bool, settings: Mapping[str, ast.Param], used_settings: set[str]
) -> list[Diagnostic]:
    """Everything wrong with one parameter (``setting``: an admin-page setting) apart from repeated options: an
    optional yes/no value, a default of another type, an empty default, a setting default (marked used)."""
    problems: list[Diagnostic] = []
    kind = param.type.kind
    if param.optional and kind is ParamType.BOOLEAN:
        problems.append(
            error(
                "E213",
                param.span,
                f"`{param.name.value}` is a yes/no value, which is never empty, so it cannot be optional",
                "remove `optional`",
            )
        )
    default = param.default
    if default is None:
        return problems
    if isinstance(default, ast.SettingRef):
        return problems + _setting_default_problems(param, default, setting, settings, used_settings)
    if isinstance(default, ast.Text) and not default.value.strip() and not param.optional:
        problems.append(
            error(
                "E206",
                default.span,
                f"an empty default is no default: the {'app' if setting else 'gadget'} would ask for "
                f"`{param.name.value}` before showing anything",
                f'make it optional to allow leaving it empty: `{param.name.value}: optional {kind.value} "…"`'
                if kind is ParamType.JQL
                else f"remove `= {default.raw or chr(34) * 2}`, or make it `optional`",
            )
        )
        return problems
    if isinstance(default, ast.Number):
        problems += number_problems(default)
    expected = {
        ParamType.NUMBER: ast.Number,
        ParamType.BOOLEAN: ast.Boolean,
        ParamType.FILTER: ast.Number | ast.Text,
        ParamType.BOARD: ast.Number,
    }.get(kind, ast.Text)
    if not isinstance(default, expected):
        problems.append(
            error(
                "E206",
                default.span,
                f"the default of `{param.name.value}` must be a {_value_word(kind)}",
                _default_hint(kind),
            )
        )
        return problems
    if kind is ParamType.SELECT and isinstance(default, ast.Text):
        options = [o.value for o in param.type.options]
        if default.value not in options:
            suggestion = closest(default.value, options)
            problems.append(
                error(
                    "E206",
                    default.span,
                    f'"{default.value}" is not one of the options',
                    f'did you mean "{suggestion}"?'
                    if suggestion
                    else "the default must be one of: " + ", ".join(f'"{o}"' for o in options),
                )
            )
    if kind is ParamType.DATE and isinstance(default, ast.Text) and not _DATE_DEFAULT.fullmatch(default.value.strip()):
        problems.append(
            error(
                "E206",
                default.span,
                f'"{default.value}" is not a date',
                'write a date as "2026-01-31" or a time relative to now as "-14d" (sign, number, w/d/h/m)',
            )
        )
    return problems


def _setting_default_problems(
    param: ast.Param,
    default: ast.SettingRef,
    setting: bool,
    settings: Mapping[str, ast.Param],
    used_settings: set[str],
) -> list[Diagnostic]:
    """``= {settings.NAME}``: a gadget parameter that starts from an app setting of the same type."""
    problems: list[Diagnostic] = []
    name = default.name.value
    if setting:
        problems.append(
            error(
                "E206",
                default.span,
                "a setting's default is a value, not another setting",
                'write a value, e.g. `= "…"`, or leave the default out',
            )
        )
        return problems
    found = settings.get(name)
    if found is None:
        suggestion = closest(name, settings)
        problems.append(
            error(
                "E107",
                default.name.span,
                f"no setting named `{name}`",
                f"did you mean `settings.{suggestion}`?"
                if suggestion
                else "declare it in an admin page's `settings { … }`",
            )
        )
        return problems
    used_settings.add(name)
    kind = param.type.kind
    if found.type.kind is not kind:
        problems.append(
            error(
                "E206",
                default.span,
                f"`settings.{name}` is a {found.type.kind.value} setting, but `{param.name.value}` is a {kind.value}",
                f"give `{param.name.value}` the type `{found.type.kind.value}`, or default to a {kind.value} setting",
            )
        )
    elif {o.value for o in found.type.options} != {o.value for o in param.type.options}:
        problems.append(
            error(
                "E206",
                default.span,
                f"`settings.{name}` has other options than `{param.name.value}`",
                "give both the same options, so the setting's value is always one of the parameter's",
            )
        )
    return problems


def optional_keys(module: ast.Module, settings: Mapping[str, ast.Param]) -> set[str]:
    """The placeholders that may be empty: optional parameters and optional settings."""
    keys = {p.name.value for p in module.config if p.optional}
    return keys | {f"settings.{name}" for name, p in settings.items() if p.optional}


def optional_problems(result: JqlCheck, jql: ast.Jql, optional: set[str]) -> list[Diagnostic]:
    """An optional value's condition is left out of the query when the value is empty: that must be one whole
    operand of the top-level AND, and something must remain of the query when every such value is empty."""
    problems: list[Diagnostic] = []
    if not optional:
        return problems
    kept = False
    dropped = False
    for conjunct in result.conjuncts:
        keys = [p for p in conjunct.template.placeholders if p.key in optional]
        if not keys:
            kept = True
            continue
        dropped = True
        if conjunct.droppable:
            continue
        for placeholder in keys:
            problems.append(
                error(
                    "E213",
                    placeholder.span,
                    f"`{{{placeholder.key}}}` is optional, so the app must be able to leave its condition out, "
                    "but it stands inside brackets, NOT or OR",
                    "make it a condition of its own, joined to the rest of the query with AND: "
                    f"`… AND {_example_condition(placeholder.key, placeholder.type)}`",
                )
            )
    if dropped and not kept:
        problems.append(
            error(
                "E213",
                jql.span,
                "when the optional values are empty, nothing is left of this query",
                "add a condition that always applies, joined with AND, e.g. `project = {project}` or "
                "`resolution is EMPTY`",
            )
        )
    return problems


def _example_condition(key: str, kind: str) -> str:
    """A condition a placeholder could stand in, for hints: ``{extra}`` alone, ``assignee = {person}``."""
    field = {"user": "assignee", "project": "project", "date": "created >=", "filter": "filter"}.get(kind)
    if kind == "jql":
        return f"{{{key}}}"
    if field is None:
        return f"FIELD = {{{key}}}"
    return f"{field} {{{key}}}" if field.endswith(">=") else f"{field} = {{{key}}}"


def _value_word(kind: ParamType) -> str:
    return {
        ParamType.NUMBER: "number",
        ParamType.BOOLEAN: "yes/no value",
        ParamType.FILTER: "filter id",
        ParamType.BOARD: "board id",
    }.get(kind, "quoted string")


def _default_hint(kind: ParamType) -> str:
    return {
        ParamType.NUMBER: "write it without quotes, e.g. `= 20`",
        ParamType.BOARD: "write the board's id without quotes, e.g. `= 12`",
        ParamType.BOOLEAN: "write `= true` or `= false`",
    }.get(kind, 'write it in double quotes, e.g. `= "…"`')
