"""The typed syntax tree of an appspec: frozen dataclasses, each carrying the span it came from.

Spans are excluded from equality so that ``parse(fmt(x)) == parse(x)`` holds. The tree keeps
what the author wrote (names as written, literals as values); meaning (which field a name
refers to, what type it has) is the checker's business, not the parser's.

Layout of a spec::

    app "Name" {                      App
      description "…"                 App.description
      id "ari:cloud:ecosystem::app/…" App.app_id
      scopes granular                 App.scope_style
      field points: number = customfield_10016   CustomField (app-wide)
      field age = now() - created     ComputedField (app-wide)
      gadget key "Title" { … }        Module
    }
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType

from dsl.span import NO_SPAN, Span
from dsl.types import Aggregation, ArithmeticOp, Bucket, CompareOp, DurationUnit, ParamType


class ModuleKind(StrEnum):
    """The five Jira module kinds, by the keyword that introduces them in a spec."""

    GADGET = "gadget"
    ISSUE_PANEL = "issue_panel"
    PROJECT_PAGE = "project_page"
    GLOBAL_PAGE = "global_page"
    ADMIN_PAGE = "admin_page"


class ScopeStyle(StrEnum):
    """Which family of OAuth scopes the compiler emits."""

    CLASSIC = "classic"
    GRANULAR = "granular"


class ChartKind(StrEnum):
    """Chart views, by the words that introduce them (``bar chart``, ``horizontal bar chart`` …)."""

    BAR = "bar"
    HORIZONTAL_BAR = "horizontal bar"
    STACKED_BAR = "stacked bar"
    STACKED_HORIZONTAL_BAR = "stacked horizontal bar"
    LINE = "line"
    PIE = "pie"
    DONUT = "donut"

    @property
    def is_radial(self) -> bool:
        """Pie and donut charts take ``slice``/``value`` instead of ``x``/``y``."""
        return self in (ChartKind.PIE, ChartKind.DONUT)

    @property
    def is_stacked(self) -> bool:
        """Stacked bars pile a chart's series on top of each other: they need several series."""
        return self in (ChartKind.STACKED_BAR, ChartKind.STACKED_HORIZONTAL_BAR)


class SortDirection(StrEnum):
    ASC = "asc"
    DESC = "desc"


class StateKind(StrEnum):
    """The texts a module shows while loading, when empty and on error."""

    LOADING = "loading"
    EMPTY = "empty"
    ERROR = "error"


@dataclass(frozen=True)
class Node:
    """Base of all nodes: the span is position only and never affects equality."""

    span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Name(Node):
    """An identifier as written: a module key, field, parameter or setting name."""

    value: str


@dataclass(frozen=True)
class Text(Node):
    """A string literal, already unescaped; ``raw`` keeps the literal as written (quotes
    included) so positions inside the value can be mapped back to source columns."""

    value: str
    raw: str = field(default="", compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Number(Node):
    """An integer or decimal literal; ``raw`` keeps it as written, which the value may not hold
    exactly (see :mod:`dsl.numbers`), so messages and the formatter use the text."""

    value: int | float
    raw: str = field(compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Boolean(Node):
    value: bool


Literal = Text | Number | Boolean


@dataclass(frozen=True)
class ParamRef(Node):
    """``{rows}`` used where a value is expected (a limit or a view condition)."""

    name: Name


@dataclass(frozen=True)
class SettingRef(Node):
    """``{settings.home_project}`` as a parameter's default: the value an admin set on the settings page."""

    name: Name


@dataclass(frozen=True)
class ParamTypeRef(Node):
    """A parameter's declared type; ``options`` only for ``select("a", "b")``."""

    kind: ParamType
    options: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Param(Node):
    """A gadget configuration parameter or an admin-page setting:
    ``rows: number = 20 "Rows to show"``; ``optional`` when it may be left empty (the query then drops the
    condition it stands in), ``default`` a literal or, for a gadget parameter, an app setting."""

    name: Name
    type: ParamTypeRef
    default: Literal | SettingRef | None = None
    label: Text | None = None
    optional: bool = False


@dataclass(frozen=True)
class CustomField(Node):
    """``field points: number = customfield_10016``: a Jira custom field given a name and a type; a number field
    may carry the unit its values are shown with (``unit "points"``)."""

    name: Name
    type: Name
    jira_id: Name
    unit: Text | None = None


# ------------------------------------------------------------------------------------------ expressions


@dataclass(frozen=True)
class FieldRef(Node):
    """A row field (or another computed field) named in an expression."""

    name: Name


@dataclass(frozen=True)
class Call(Node):
    """``now()`` or ``today()``: a function of the load's clock (the checker knows which exist)."""

    function: Name


@dataclass(frozen=True)
class Quantity(Node):
    """A duration written as a number and a unit: ``3 days``, ``90 minutes``."""

    amount: Number
    unit: DurationUnit


@dataclass(frozen=True)
class Negate(Node):
    """``-x``: minus a number or a duration."""

    operand: Expr


@dataclass(frozen=True)
class Binary(Node):
    """``left op right``; brackets leave no node of their own, the tree's shape keeps what they grouped."""

    op: ArithmeticOp
    left: Expr
    right: Expr


@dataclass(frozen=True)
class StatusSet(Node):
    """The statuses a history measure is about, as written: quoted status names and names of status groups or
    categories (``todo``, ``in_progress``, ``done``)."""

    items: tuple[Text | Name, ...]


@dataclass(frozen=True)
class StatusEvent(Node):
    """``entered("In Progress")``, ``last entered(done)``, ``left(active)``: when an issue first (or, with
    ``last``, last) came into or went out of the statuses, a stay in several of them in a row counting as one."""

    event: Name  # entered | left (the checker says so)
    which: Name | None  # first | last; None: first
    statuses: StatusSet


@dataclass(frozen=True)
class TimeIn(Node):
    """``time in active``: how long an issue has spent in the statuses, all its stays added up (the present one
    until the load's clock); ``time in current status`` (``statuses`` None): how long it has been in its status."""

    word: Name  # time (the checker says so)
    statuses: StatusSet | None


Expr = FieldRef | Call | Number | Quantity | Negate | Binary | StatusEvent | TimeIn


@dataclass(frozen=True)
class StatusGroup(Node):
    """``statuses active = "In Progress", "In Review"``: statuses that history measures treat as one."""

    name: Name
    statuses: tuple[Text, ...]


@dataclass(frozen=True)
class ComputedField(Node):
    """``field resolution_time = resolved - created``: a value worked out for each row from its fields."""

    name: Name
    expr: Expr


# ------------------------------------------------------------------------------------------ conditions


@dataclass(frozen=True)
class Comparison(Node):
    """``days_overdue > 0``, ``status = "Done"``: two values compared; a text literal on either side."""

    left: Expr | Text
    op: CompareOp
    right: Expr | Text


@dataclass(frozen=True)
class IsEmpty(Node):
    """``assignee is empty`` (``negated``: ``is not empty``)."""

    operand: Expr
    negated: bool = False


@dataclass(frozen=True)
class Not(Node):
    operand: Condition


@dataclass(frozen=True)
class AllOf(Node):
    """``a and b and c``: two or more conditions, never directly another AllOf (the parser flattens)."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf(Node):
    """``a or b or c``: two or more conditions, never directly another AnyOf."""

    parts: tuple[Condition, ...]


Condition = Comparison | IsEmpty | Not | AllOf | AnyOf


@dataclass(frozen=True)
class Highlight(Node):
    """``highlight "Overdue" when days_overdue > 0 days``: rows the condition holds for are marked."""

    condition: Condition
    label: Text | None = None


@dataclass(frozen=True)
class Jql(Node):
    """A JQL string with ``{placeholders}``; the span is the string literal's, quotes included."""

    text: Text


@dataclass(frozen=True)
class OrderKey(Node):
    field: Name
    direction: SortDirection = SortDirection.ASC


Limit = Number | ParamRef


@dataclass(frozen=True)
class IssuesSource(Node):
    """``issues where "JQL" order by f desc limit 50``: the issues matching a query."""

    jql: Jql
    order: tuple[OrderKey, ...] = ()
    limit: Limit | None = None


@dataclass(frozen=True)
class WorklogsSource(Node):
    """``worklogs of issues where "JQL" limit 100``: work logged on the matching issues."""

    jql: Jql
    limit: Limit | None = None


@dataclass(frozen=True)
class StatusPeriodsSource(Node):
    """``status periods of issues where "JQL"``: one row per stint of a matching issue in a status, from the
    issues' status histories."""

    jql: Jql
    limit: Limit | None = None


@dataclass(frozen=True)
class ProjectsSource(Node):
    """``projects``: the projects the viewing user can browse."""

    limit: Limit | None = None


@dataclass(frozen=True)
class FiltersSource(Node):
    """``filters``: the saved filters the viewing user can see."""

    limit: Limit | None = None


@dataclass(frozen=True)
class Aggregate(Node):
    """``count``, ``sum(points)``, ``median(timespent)``, ``percentile(timespent, 85)`` …; ``field`` is None only
    for count, ``percent`` is given only for a percentile."""

    function: Aggregation
    field: Name | None = None
    percent: Number | None = None
    unit: DurationUnit | None = None  # a duration's value shown in this unit (`avg(resolution_time) in days`)


@dataclass(frozen=True)
class SprintsSource(Node):
    """``sprints of board {board} last 6 closed measure sum(story_points)``: a board's most recent closed sprints,
    oldest first, each with the work committed at its start and completed by its end (counted, or summed)."""

    board: ParamRef
    last: Limit
    measure: Aggregate | None = None


@dataclass(frozen=True)
class ContextProject(Node):
    """``{context.project}``: the project a project page or issue panel is shown in."""


class VersionState(StrEnum):
    UNRELEASED = "unreleased"
    RELEASED = "released"


@dataclass(frozen=True)
class VersionsSource(Node):
    """``versions of project {project} unreleased measure sum(story_points)``: a project's versions (archived ones
    left out), by release date, each with the work of its issues done and remaining (counted, or summed)."""

    project: ParamRef | ContextProject
    state: VersionState | None = None
    measure: Aggregate | None = None


class WhichSprint(StrEnum):
    ACTIVE = "active"
    LAST_CLOSED = "last closed"


@dataclass(frozen=True)
class BurndownSource(Node):
    """``burndown of active sprint of board {board} measure sum(story_points)``: one row per day of the sprint, with
    the work in its scope, done and remaining at the end of the day, and the ideal line from the committed work."""

    board: ParamRef
    sprint: WhichSprint = WhichSprint.ACTIVE
    measure: Aggregate | None = None


DataSource = (
    IssuesSource
    | WorklogsSource
    | StatusPeriodsSource
    | ProjectsSource
    | FiltersSource
    | SprintsSource
    | VersionsSource
    | BurndownSource
)


@dataclass(frozen=True)
class GroupKey(Node):
    """What rows are grouped by: a field, optionally bucketed when it is a date (``created by week``).

    A chart's x axis may name further date fields sharing the bucket (``x created, resolved by week``): ``also``
    holds them, and each gives the chart a series. Elsewhere (pivots, ``group by``) the checker allows one field.
    """

    field: Name
    bucket: Bucket | None = None
    also: tuple[Name, ...] = ()

    @property
    def fields(self) -> tuple[Name, ...]:
        """Every field named, in order."""
        return (self.field, *self.also)


@dataclass(frozen=True)
class Series(Node):
    """One series of a chart's ``y``: an aggregate and the label its legend shows (``sum(timespent) "Spent"``)."""

    aggregate: Aggregate
    label: Text | None = None


@dataclass(frozen=True)
class Column(Node):
    """A table or list column: a field, an optional heading and, for a duration, the unit it is shown in."""

    field: Name
    heading: Text | None = None
    unit: DurationUnit | None = None


@dataclass(frozen=True)
class TableView(Node):
    """A table; ``group`` puts its rows under a header per value of a field (``group by assignee``)."""

    columns: tuple[Column, ...]
    title: Text | None = None
    when: ParamRef | None = None
    highlight: Highlight | None = None
    group: GroupKey | None = None


@dataclass(frozen=True)
class ListView(Node):
    items: tuple[Column, ...]
    title: Text | None = None
    when: ParamRef | None = None
    highlight: Highlight | None = None
    group: GroupKey | None = None


@dataclass(frozen=True)
class ChartView(Node):
    """A chart; for pie and donut ``x`` is the slice and ``y`` the value.

    Its series come from one of: several date fields on ``x``, several aggregates in ``y``, or ``split`` (one
    series per value of a field, found at run time). ``cumulative``: each point adds up the ones before it.
    """

    kind: ChartKind
    x: GroupKey
    y: tuple[Series, ...]
    title: Text | None = None
    when: ParamRef | None = None
    split: Name | None = None
    cumulative: bool = False


@dataclass(frozen=True)
class MetricView(Node):
    """A single number: ``metric "Open bugs" { value count }``."""

    value: Aggregate
    title: Text | None = None
    when: ParamRef | None = None


@dataclass(frozen=True)
class PivotView(Node):
    """A two-dimensional table: ``value`` over the rows of each row group and column group, with totals."""

    rows: GroupKey
    columns: GroupKey
    value: Aggregate
    title: Text | None = None
    when: ParamRef | None = None


View = TableView | ListView | ChartView | MetricView | PivotView


@dataclass(frozen=True)
class StateText(Node):
    kind: StateKind
    text: Text


@dataclass(frozen=True)
class Module(Node):
    """One Jira module: its kind, key, title and everything declared inside its braces."""

    kind: ModuleKind
    key: Name
    title: Text
    description: Text | None = None
    config: tuple[Param, ...] = ()
    settings: tuple[Param, ...] = ()
    fields: tuple[CustomField, ...] = ()
    computed: tuple[ComputedField, ...] = ()
    data: DataSource | None = None
    views: tuple[View, ...] = ()
    texts: tuple[StateText, ...] = ()


@dataclass(frozen=True)
class App(Node):
    """The root: one app with its header and its modules."""

    name: Text
    description: Text | None = None
    app_id: Text | None = None
    scope_style: ScopeStyle = ScopeStyle.CLASSIC
    fields: tuple[CustomField, ...] = ()
    computed: tuple[ComputedField, ...] = ()
    modules: tuple[Module, ...] = ()
    status_groups: tuple[StatusGroup, ...] = ()

    @cached_property
    def settings_by_name(self) -> Mapping[str, Param]:
        """The settings declared on the app's admin pages, by name, usable anywhere as ``{settings.NAME}``.

        Every module's JQL asks for them: computed once per (immutable) tree and then read, so checking
        and compiling stay linear in the number of modules.
        """
        return MappingProxyType({p.name.value: p for m in self.modules for p in m.settings})

    @cached_property
    def computed_names(self) -> frozenset[str]:
        """The names of the app-wide computed fields (every module's JQL checks its names against them)."""
        return frozenset(c.name.value for c in self.computed)


@dataclass(frozen=True)
class Comment(Node):
    """A ``# comment``; kept beside the tree (not in it) so the formatter can put it back."""

    text: str
