"""The rules for computed fields as a whole: those declared app-wide (checked once, over issue rows), those that
use themselves, and those whose calculation failed (so their uses report nothing more). A module's own computed
fields are checked by the module checker, with the same functions."""

from __future__ import annotations

from collections.abc import Mapping

from dsl import ast
from dsl.diagnostics import Diagnostic, error
from dsl.expressions import expression_type, numbers_in
from dsl.field_hints import FieldUse, unknown_field_hint
from dsl.history_checks import check_history, status_groups
from dsl.param_checks import number_problems
from dsl.resolve import DataKind, ResolvedField, computation_order, system_fields
from dsl.similar import closest
from dsl.types import FieldType


def failed_computed(declared: tuple[ast.ComputedField, ...], typed: Mapping[str, ResolvedField]) -> set[str]:
    """The computed fields among ``declared`` that could not be typed (looked up by name, never by a scan of
    ``typed``, which may hold every app-wide field)."""
    found = set()
    for field in declared:
        resolved = typed.get(field.name.value)
        if resolved is None or not resolved.computed:
            found.add(field.name.value)
    return found


def cycle_problems(declared: tuple[ast.ComputedField, ...]) -> list[Diagnostic]:
    """E112 for each computed field that uses itself, directly or through others (and those built on one)."""
    cyclic = computation_order(declared)[1]
    return [
        error(
            "E112",
            field.name.span,
            f"`{field.name.value}` cannot be computed: it uses itself, directly or through other computed fields",
            "compute it from fields Jira has, such as `created`, `resolved` or `timespent`",
        )
        for field in declared
        if field.name.value in cyclic
    ]


class AppComputedChecker:
    """The app-wide computed fields, checked once over issue rows (system fields and the app's custom fields)."""

    def __init__(
        self,
        app: ast.App,
        app_fields: Mapping[str, ResolvedField],
        computed: Mapping[str, ResolvedField],
        used: set[str],
    ) -> None:
        self.app = app
        self.known = {**computed, **app_fields, **system_fields(DataKind.ISSUES)}  # system names win (E110)
        self.declared = {c.name.value for c in app.computed}
        self.used = used
        self.problems: list[Diagnostic] = []

    def _lookup(self, name: ast.Name) -> FieldType | None:
        found = self.known.get(name.value)
        if found is not None:
            if found.custom or found.computed:
                self.used.add(name.value)
            return found.type
        if name.value in self.declared:
            self.used.add(name.value)
        else:
            suggestion = closest(name.value, self.known)
            hint = (
                f"did you mean `{suggestion}`?"
                if suggestion
                else unknown_field_hint(name.value, FieldUse.CALCULATION, True, [])
                + " (app-wide, or declare the computed field in the module that has the field)"
            )
            self.problems.append(error("E101", name.span, f"unknown field `{name.value}`", hint))
        return None

    def run(self) -> list[Diagnostic]:
        groups = status_groups(self.app)
        for field in self.app.computed:
            expression_type(field.expr, self._lookup, self.problems.append)
            self.problems += check_history(field.expr, groups, None)
            self.problems += [p for number in numbers_in(field.expr) for p in number_problems(number)]
        return self.problems + cycle_problems(self.app.computed)
