"""The value types of fields and parameters, and what each may be used for.

Types drive the checker (a chart needs a category or date on x and a number on y), the
compiler (how a value is read from the Jira response and shown) and the JQL placeholder rules.
"""

from __future__ import annotations

from enum import StrEnum


class FieldType(StrEnum):
    """The type of a value in a data row."""

    TEXT = "text"
    KEY = "key"
    NUMBER = "number"
    DURATION = "duration"
    DATE = "date"
    DATETIME = "datetime"
    USER = "user"
    USERS = "users"
    STATUS = "status"
    STATUS_CATEGORY = "status_category"
    PRIORITY = "priority"
    ISSUE_TYPE = "issue_type"
    PROJECT = "project"
    RESOLUTION = "resolution"
    LABELS = "labels"
    COMPONENTS = "components"
    VERSIONS = "versions"
    OPTION = "option"
    OPTIONS = "options"
    ISSUE = "issue"
    SPRINT = "sprint"  # a sprint's name, grouped in the sprints' order (oldest first), not alphabetically
    RELEASE = "release"  # a version's name, grouped in release order, not alphabetically

    @property
    def is_numeric(self) -> bool:
        """Numbers and durations can be summed and averaged and plotted on a y axis."""
        return self in (FieldType.NUMBER, FieldType.DURATION)

    @property
    def is_temporal(self) -> bool:
        """Dates can be bucketed by day, week, month, quarter or year."""
        return self in (FieldType.DATE, FieldType.DATETIME)

    @property
    def is_categorical(self) -> bool:
        """Everything that is neither a number nor a date groups into categories."""
        return not (self.is_numeric or self.is_temporal)

    @property
    def is_multi(self) -> bool:
        """Multi-valued fields count an issue once in every group it belongs to."""
        return self in (
            FieldType.USERS,
            FieldType.LABELS,
            FieldType.COMPONENTS,
            FieldType.VERSIONS,
            FieldType.OPTIONS,
        )


# Types a custom field may be declared with, by the word used in the spec.
CUSTOM_FIELD_TYPES: dict[str, FieldType] = {
    "text": FieldType.TEXT,
    "number": FieldType.NUMBER,
    "date": FieldType.DATE,
    "datetime": FieldType.DATETIME,
    "user": FieldType.USER,
    "users": FieldType.USERS,
    "option": FieldType.OPTION,
    "options": FieldType.OPTIONS,
    "labels": FieldType.LABELS,
    "versions": FieldType.VERSIONS,
}


class ParamType(StrEnum):
    """The type of a gadget configuration parameter or an admin-page setting."""

    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    PROJECT = "project"
    USER = "user"
    FILTER = "filter"
    BOARD = "board"
    JQL = "jql"
    SELECT = "select"


class Bucket(StrEnum):
    """How dates are grouped on a chart axis."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Aggregation(StrEnum):
    """What a chart's y axis, a metric or a pivot computes over the rows of each group."""

    COUNT = "count"
    SUM = "sum"
    AVG = "avg"
    MIN = "min"
    MAX = "max"
    MEDIAN = "median"
    PERCENTILE = "percentile"
    DISTINCT = "distinct"

    @property
    def needs_numbers(self) -> bool:
        """Every aggregate but ``count`` and ``distinct`` (the number of different values) works on numbers."""
        return self not in (Aggregation.COUNT, Aggregation.DISTINCT)

    @property
    def adds_up(self) -> bool:
        """Counts and sums add up across groups, so they can run cumulatively and be stacked meaningfully."""
        return self in (Aggregation.COUNT, Aggregation.SUM)


class DurationUnit(StrEnum):
    """A unit of time: for duration literals (``3 days``) and for showing a duration (``in days``)."""

    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    WEEKS = "weeks"

    @property
    def seconds(self) -> int:
        """How many seconds one of this unit is (a day is 24 hours; a week 7 days)."""
        return {"minutes": 60, "hours": 3_600, "days": 86_400, "weeks": 604_800}[self.value]

    @staticmethod
    def of(word: str) -> DurationUnit:
        """The unit a word names, singular or plural: ``day`` and ``days`` are both DAYS."""
        return DurationUnit(word if word.endswith("s") else word + "s")


class ArithmeticOp(StrEnum):
    """The operators of a computed field's expression."""

    ADD = "+"
    SUBTRACT = "-"
    MULTIPLY = "*"
    DIVIDE = "/"

    @property
    def precedence(self) -> int:
        """Multiplication and division bind tighter than addition and subtraction."""
        return 2 if self in (ArithmeticOp.MULTIPLY, ArithmeticOp.DIVIDE) else 1


class CompareOp(StrEnum):
    """The comparisons of a highlight condition."""

    EQUAL = "="
    NOT_EQUAL = "!="
    LESS = "<"
    LESS_OR_EQUAL = "<="
    GREATER = ">"
    GREATER_OR_EQUAL = ">="

    @property
    def is_equality(self) -> bool:
        """``=`` and ``!=`` compare any values; the others need an order (numbers, durations, dates)."""
        return self in (CompareOp.EQUAL, CompareOp.NOT_EQUAL)
