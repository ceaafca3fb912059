"""Diagnostics are values: a code, a severity, a span, a message and an optional hint.

Every problem the language tooling finds becomes one of these; nothing raises past the
analysis boundary. ``CODES`` is the single catalogue of codes (docs and tests read it), so a
new check cannot be added without a registered, documented code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dsl.span import Span


class Severity(StrEnum):
    """How serious a diagnostic is; only errors make ``check`` fail."""

    ERROR = "error"
    WARNING = "warning"


# code -> one-line description. Ranges: E0xx syntax, E1xx names, E2xx types,
# E3xx JQL, E4xx structure and limits; W codes are warnings.
CODES: dict[str, str] = {
    "E001": "unexpected character or token",
    "E002": "unterminated string",
    "E003": "unexpected end of file",
    "E004": "invalid escape sequence in a string",
    "E101": "unknown field",
    "E102": "duplicate module key",
    "E103": "duplicate module title",
    "E104": "duplicate name (field, parameter, setting, column or series label)",
    "E105": "undefined parameter",
    "E106": "unknown context value for this module kind",
    "E107": "undefined setting",
    "E108": "view column not provided by the data",
    "E109": "custom field id is not a Jira custom field id",
    "E110": "custom field named like a Jira field (a system field, or any field JQL knows)",
    "E111": "unknown function or history measure in a calculation (`now()`, `today()`, `transitions()`, `entered`, …)",
    "E112": "computed field that uses itself, directly or through other computed fields",
    "E201": "rows grouped by something that is not a category or a date (chart x, split, pivot, group by)",
    "E202": "aggregate over a non-numeric field",
    "E203": "date bucket on a field that is not a date",
    "E204": "parameter type incompatible with its use in JQL",
    "E205": "limit must be a number or a number parameter",
    "E206": "default value does not match the parameter type",
    "E207": "view condition must be a boolean parameter",
    "E208": "field type does not support ordering",
    "E209": "calculation with types that do not combine (such as a date plus a number)",
    "E210": "computed field where Jira must search or sort (in JQL or `order by`)",
    "E211": "unit (`in days` …) on a column or value that is not a duration",
    "E212": "highlight condition comparing values that cannot be compared",
    "E213": "optional value where it cannot be left out (not a whole operand of the query's top-level AND)",
    "E214": "calculation or condition nested more than 50 levels deep",
    "E215": "percentile that is not a whole number from 1 to 99",
    "E216": "chart series given in more than one way (several x dates, several y values, split)",
    "E217": "series a chart cannot have (x fields that are not dates, series on a pie, a stack of one series)",
    "E218": "more than one field where one groups the rows (pivot rows or columns, group by), or the same on both",
    "E219": "cumulative chart without a date axis, or of a value other than a count or a sum",
    "E220": "series of one chart that cannot share an axis (durations beside numbers or counts, other units)",
    "E221": 'unit label (`unit "points"`) on a field that is not a number',
    "E230": "status history measure on rows that are not issues",
    "E231": "unknown status group (declare it with `statuses NAME = …`, or use todo, in_progress, done)",
    "E232": "status group named like a built-in status category",
    "E301": "JQL syntax error",
    "E302": "unknown JQL field",
    "E303": "placeholder inside a quoted JQL string",
    "E304": "ORDER BY inside a JQL string",
    "E305": "JQL longer than the app can send (2,000 characters)",
    "E306": "JQL nested too deeply (NOT and brackets, 100 levels)",
    "E401": "empty app: no modules",
    "E402": "module shows nothing (no data and no settings)",
    "E403": "limit (or number of sprints) out of range",
    "E404": "invalid Forge app id",
    "E405": "configuration only exists on dashboard gadgets",
    "E406": "settings only exist on admin pages",
    "E407": "view needs data rows but the module has none",
    "E408": "select option given twice",
    "E409": "given twice where one is allowed (data source, description, config …)",
    "E410": "number the app cannot hold exactly (beyond ±9,007,199,254,740,991, or over 15 significant digits)",
    "E411": "title or description empty, or longer than Forge allows (255 / 1,000 characters)",
    "E412": "module key longer than Forge allows (18 characters)",
    "E413": "more modules than one Forge app can hold (50 resources)",
    "E501": "board or project of a sprints or versions source that is not a `board` or `project` parameter",
    "E502": "measure of sprints or versions other than a count or a sum",
    "E503": "`{context.project}` in a module that is not shown in a project",
    "W101": "unused parameter",
    "W102": "unused custom or computed field",
    "W103": "module has data but no view",
    "W104": "pages of one kind share a single Forge page, as tabs",
    "W105": "worklog condition cannot filter the worklog rows",
    "W106": "`empty` text on a module that only counts, which never shows",
}


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a spec, with where it is and how to fix it."""

    code: str
    severity: Severity
    span: Span
    message: str
    hint: str | None = None

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered diagnostic code {self.code}")

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Sort by file, position, then code, so output is stable across runs."""
        return (self.span.file, self.span.line, self.span.column, self.code, self.message)

    def to_json(self) -> dict[str, object]:
        """The machine form, used by ``check --format json`` and the LLM repair loop."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.span.file,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "message": self.message,
            "hint": self.hint,
        }


def error(code: str, span: Span, message: str, hint: str | None = None) -> Diagnostic:
    """Shorthand for an error diagnostic."""
    return Diagnostic(code, Severity.ERROR, span, message, hint)


def warning(code: str, span: Span, message: str, hint: str | None = None) -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic(code, Severity.WARNING, span, message, hint)


def sort_diagnostics(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """Diagnostics in reading order, duplicates removed."""
    return tuple(sorted(set(diagnostics), key=lambda d: d.sort_key))


def has_errors(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> bool:
    """True when any diagnostic is an error (warnings alone do not fail a check)."""
    return any(d.severity is Severity.ERROR for d in diagnostics)
