"""The plan's data types: what a checked app becomes before any target writes files.

Two audiences read these dataclasses. The compiler's own consumers (scopes, audit, diff, lock, preview) use
every field. The generated app carries a part of the plan as data (``src/app.js``, written by
``targets.forge_uikit.app_data``): every field not marked :data:`INTERNAL` is serialised there, with its name
in camelCase, and ``targets/forge_uikit/runtime/plan-types.js`` declares the same shapes as JSDoc typedefs.
Change a field here and change its typedef there (``tests/runtime/test_plan_types.py`` compares the two).

Variants of one idea (views, fetches, limits, JQL parts, worklog values) are separate dataclasses told apart by
a ``kind`` field that is fixed per class, so the runtime can switch on ``kind`` and nothing carries fields
that do not apply to it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Literal

from compiler.scope_table import JiraOperation
from dsl import ast
from dsl.jql import WorklogFilter
from dsl.resolve import DataKind
from dsl.span import Span

APP_FIELD = "app"
INTERNAL = MappingProxyType({APP_FIELD: False})
"""Field metadata: the compiler uses the field, the generated app does not carry it (spans, reasons, AST facts)."""


# ------------------------------------------------------------------------------------------ values in JQL


@dataclass(frozen=True)
class PlannedText:
    """Literal JQL, sent as written."""

    text: str
    kind: Literal["text"] = dataclasses.field(default="text", init=False)


@dataclass(frozen=True)
class PlannedValue:
    """A value filled in at run time: a configuration parameter, a setting or a context value.

    ``type`` decides how it is checked and quoted; ``label`` names it in messages; ``options`` are a select
    parameter's choices (empty otherwise).
    """

    source: str  # param | settings | context
    name: str
    type: str
    label: str
    options: tuple[str, ...]
    kind: Literal["value"] = dataclasses.field(default="value", init=False)


JqlPart = PlannedText | PlannedValue


@dataclass(frozen=True)
class PlannedTerm:
    """One operand of the query's top-level AND, for a query with optional values: the app leaves the operand out
    (with its AND) when one of its ``optional`` values is empty, and joins the rest with AND."""

    parts: tuple[JqlPart, ...]
    optional: tuple[PlannedValue, ...]


@dataclass(frozen=True)
class IssueRead:
    """The viewed issue's fields that the query uses (``{context.issue.reporter}`` …), read once per load before
    the query is built; each value's ``read`` path is as in an issue row, its type the field's."""

    operation: str
    fields: tuple[str, ...]
    values: tuple[PlannedField, ...]
    purpose: str = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)


@dataclass(frozen=True)
class OrderTerm:
    """One ``ORDER BY`` key as JQL names it."""

    jql: str
    direction: str  # ASC | DESC
    span: Span = dataclasses.field(metadata=INTERNAL)


@dataclass(frozen=True)
class FixedLimit:
    """At most ``value`` rows (from the spec, or the default of the data source)."""

    value: int
    kind: Literal["fixed"] = dataclasses.field(default="fixed", init=False)


@dataclass(frozen=True)
class ParamLimit:
    """At most as many rows as the number parameter ``param`` says, clamped to ``min``..``max``."""

    param: str
    label: str
    min: int
    max: int
    kind: Literal["param"] = dataclasses.field(default="param", init=False)


Limit = FixedLimit | ParamLimit


# ------------------------------------------------------------------------------------------ worklog conditions


@dataclass(frozen=True)
class CurrentUserRef:
    """``currentUser()``: the person viewing the app."""

    kind: Literal["currentUser"] = dataclasses.field(default="currentUser", init=False)


@dataclass(frozen=True)
class AccountRef:
    """A literal account id written in the query."""

    account: str
    kind: Literal["account"] = dataclasses.field(default="account", init=False)


@dataclass(frozen=True)
class DateShift:
    """A signed amount of JQL time units (``-30d``); units y, M (months), w, d, h, m (minutes)."""

    amount: int
    unit: str


@dataclass(frozen=True)
class DayRef:
    """A day written in the query (YYYY-MM-DD)."""

    day: str
    kind: Literal["day"] = dataclasses.field(default="day", init=False)


@dataclass(frozen=True)
class ShiftRef:
    """A moment relative to now (``-30d``)."""

    shift: DateShift
    kind: Literal["shift"] = dataclasses.field(default="shift", init=False)


@dataclass(frozen=True)
class FunctionRef:
    """``now()``, ``startOfMonth(-1)`` …: a JQL date function with its optional offset."""

    name: str
    offset: DateShift | None
    kind: Literal["function"] = dataclasses.field(default="function", init=False)


UserRef = CurrentUserRef | AccountRef | PlannedValue
DayValue = DayRef | ShiftRef | FunctionRef | PlannedValue


@dataclass(frozen=True)
class AuthorCondition:
    """``worklogAuthor = / in`` (``exclude`` False) or ``!= / not in`` (``exclude`` True) some people."""

    exclude: bool
    users: tuple[UserRef, ...]


@dataclass(frozen=True)
class DateCondition:
    """``worklogDate OP day``: compares the UTC day a worklog started with ``day``."""

    op: str
    day: DayValue


@dataclass(frozen=True)
class WorklogConditions:
    """The query's top-level worklog conditions, which the app applies to every worklog it reads."""

    authors: tuple[AuthorCondition, ...]
    dates: tuple[DateCondition, ...]


# ------------------------------------------------------------------------------------------ fetches


@dataclass(frozen=True)
class SearchFetch:
    """The first rows of the module's query in its order (``nextPageToken`` pages), up to the module's limit.

    A table or list shows them; a chart or metric reads them too when they are every matching issue.
    """

    into: str  # the result views read: rows
    operation: str
    fields: tuple[str, ...]
    page_size: int
    purpose: str = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)
    kind: Literal["search"] = dataclasses.field(default="search", init=False)


@dataclass(frozen=True)
class CountFetch:
    """How many issues match the module's query (one request, no issues read): the total every coverage
    statement is measured against, and what a count metric shows."""

    into: str  # count
    operation: str
    purpose: str = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)
    kind: Literal["count"] = dataclasses.field(default="count", init=False)


@dataclass(frozen=True)
class ScanFetch:
    """Every matching issue with only the fields the aggregate views read, for sums, averages, minimums and
    maximums. The query is cut into slices by ``slice_field`` (sized by counts, each read page by page) so that
    several requests are in flight; reading stops at the load's points or time budget, and the views then say
    how many of the matching issues they are based on."""

    into: str  # values
    operation: str
    fields: tuple[str, ...]
    page_size: int
    slice_field: str  # a JQL date field every issue has
    slice_issues: int  # a slice aims at this many issues
    purpose: str = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)
    kind: Literal["scan"] = dataclasses.field(default="scan", init=False)


@dataclass(frozen=True)
class RangeGroups:
    """Date buckets: the first and last date come from two one-issue searches ordered by the field; every bucket
    between them is a group (an empty one counts 0). ``date_only``: the field is a day without a time."""

    operation: str
    date_only: bool
    max_groups: int  # buckets counted at most (the most recent ones)
    kind: Literal["range"] = dataclasses.field(default="range", init=False)


@dataclass(frozen=True)
class DiscoveredGroups:
    """Values found in the matching issues: a page of issues, then pages of issues whose value is none of those
    found so far, until no such issue is left (or ``max_groups`` values are found)."""

    operation: str
    page_size: int
    max_groups: int
    kind: Literal["discover"] = dataclasses.field(default="discover", init=False)


@dataclass(frozen=True)
class ReferenceGroups:
    """A fixed value set, read from one of Jira's reference lists (``source`` names the runtime's reader)."""

    source: str  # statusCategories | resolutions
    operation: str
    max_groups: int
    kind: Literal["reference"] = dataclasses.field(default="reference", init=False)


@dataclass(frozen=True)
class ProjectGroups:
    """Values that belong to projects (components, versions): the projects of the matching issues are found
    first, then each project's list (``source`` names the runtime's reader) gives every possible value."""

    source: str  # components | versions
    operation: str
    search: str  # the search that finds the projects
    page_size: int
    max_projects: int
    max_groups: int
    kind: Literal["projects"] = dataclasses.field(default="projects", init=False)


GroupValues = RangeGroups | DiscoveredGroups | ReferenceGroups | ProjectGroups


@dataclass(frozen=True)
class GroupFetch:
    """How many matching issues fall in each group of one field: one ``approximate-count`` per group, many in
    flight, no issue read. ``(none)`` is counted with IS EMPTY; for a field with one value per issue, issues whose
    value was not counted separately are the total minus the listed groups, shown as ``(other)``.

    ``clause`` is how JQL names the field; ``fields``/``read``: what a search asks for and where the value is in
    each issue it returns (the searches that find the groups).
    """

    into: str  # groups:FIELD or groups:FIELD:BUCKET
    operation: str
    field: str
    type: str
    clause: str
    fields: tuple[str, ...]
    read: tuple[str, ...]
    bucket: str | None
    multi: bool  # an issue can have several values (it is counted in each of its groups)
    nullable: bool  # an issue can have no value: counted as (none) with IS EMPTY
    values: GroupValues
    purpose: str = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)
    kind: Literal["groups"] = dataclasses.field(default="groups", init=False)


@dataclass(frozen=True)
class CellFetch:
    """How many matching issues fall in each cell of two fields' groups (a pivot's rows and columns, a chart's x and
    its split): each side's groups are found and counted as a group fetch finds and counts them (the row and column
    totals), then one ``approximate-count`` per cell, many in flight. ``(none)`` cells are counted with IS EMPTY;
    for a field with one value per issue, ``(other)`` cells are its totals minus the listed cells."""

    into: str  # cells:ROWS+COLUMNS, each side FIELD or FIELD:BUCKET
    operation: str
    rows: GroupFetch
    columns: GroupFetch
    purpose: str = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)
    kind: Literal["cells"] = dataclasses.field(default="cells", init=False)


@dataclass(frozen=True)
class WorklogFetch:
    """The worklogs of the issues matching the query: issues page by page with their first worklogs embedded
    (``fields=worklog``), then, only for issues with more, the rest of their worklogs, many in flight and bounded
    by the query's worklogDate conditions.

    ``conditions``: which worklogs become rows; a table shows the first of them up to the limit, charts and
    metrics use all of them.
    """

    into: str
    search: str
    operation: str
    issue_fields: tuple[str, ...]
    page_size: int
    worklog_page_size: int
    conditions: WorklogConditions
    purpose: str = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)
    kind: Literal["worklogs"] = dataclasses.field(default="worklogs", init=False)


@dataclass(frozen=True)
class HistoryPaging:
    """How issue histories are read in bulk (``POST /rest/api/3/changelog/bulkfetch``): the issues one call asks
    for (Jira takes up to 1,000) and the changes one page holds (up to 10,000). Smaller groups waste less when the
    budget stops a read, since a group's issues are complete only once its last page is read."""

    issues_per_call: int
    page_size: int


@dataclass(frozen=True)
class HistoryFetch:
    """Issues with their status histories: the matching issues page by page (``created``, ``status`` and the
    fields the views read), each page's histories read in bulk while the next page is found, every history cut into
    stints (``periods.js``). ``statusPeriods`` rows are the stints; ``issueHistories`` rows are the issues, whose
    history measures (``time in active`` …) are then worked out. ``newest_first``: in order of creation, newest
    first, instead of the module's order. ``statuses``: the site's status list, read once when a category is
    needed (a history names a status but not its category).

    Reading stops when the next page and its histories would not fit the budget; the views then say how many
    issues' histories they cover. A table alone stops at its limit.
    """

    kind: Literal["statusPeriods", "issueHistories"]
    into: str
    search: str
    histories: str
    statuses: str | None
    issue_fields: tuple[str, ...]
    page_size: int
    paging: HistoryPaging
    newest_first: bool
    purpose: str = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)


@dataclass(frozen=True)
class ListFetch:
    """Projects or saved filters the viewer can see, page by page (``startAt``), with what to ``expand``.

    ``all``: a chart or metric needs every item, so after the first page (which says how many there are) the
    remaining pages are read, many in flight; otherwise reading stops at the module's limit.
    """

    kind: Literal["projects", "filters"]
    into: str
    operation: str
    expand: tuple[str, ...]
    page_size: int
    all: bool
    purpose: str = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)


@dataclass(frozen=True)
class WorkMeasure:
    """What the work of a sprint or a version is measured in: each issue counts 1 (``field`` None), or its value of a
    number or duration field (``field`` the Jira id, read from the issue and, for sprints, as it was at a moment from
    its history)."""

    field: str | None
    type: str  # number | duration


@dataclass(frozen=True)
class SprintFetch:
    """A board's last closed sprints (the module's limit says how many), each with the work committed at its start
    and completed by its end; or, when ``days`` names a sprint (the active one, the last closed), that sprint's days
    with the work in scope, done and remaining at the end of each (a burndown).

    The board's closed sprints are listed (``operation``, pages of ``sprint_page``, oldest first) and the last ones
    kept; the issues of each (``issues_operation``, pages of ``issue_page``) are read with ``issue_fields``; the
    Sprint field's id is looked up once (``fields_operation``: it differs between sites), and the histories of the
    sprint's issues read for it and the measured field (``histories_operation`` with ``paging``). An issue is
    *committed* when the Sprint field held the sprint at the sprint's start, *completed* when it was resolved by
    the sprint's completion date (``resolutiondate``).
    """

    into: str
    board: str  # the board parameter
    operation: str
    sprint_page: int
    issues_operation: str
    issue_page: int
    issue_fields: tuple[str, ...]
    fields_operation: str
    histories_operation: str
    paging: HistoryPaging
    measure: WorkMeasure
    days: str | None  # None: a row per sprint; "active" / "last closed": a row per day of that sprint
    purpose: str = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)
    kind: Literal["sprints"] = dataclasses.field(default="sprints", init=False)


@dataclass(frozen=True)
class VersionFetch:
    """A project's versions (archived ones left out; only released or unreleased ones when ``state`` says so), in
    release order, at most ``most`` of them (the soonest unreleased, else the latest), each with the work of its
    issues (fix version) done (status category Done), remaining and in total.

    The project is a parameter (``project``) or the module's own (``project`` None). Counted: two counts a version
    (``count_operation``: all its issues, and the done ones). Summed: its issues' measured field read page by page
    (``search_operation``, pages of ``page_size``) as far as the budget goes, which the rows then state.
    """

    into: str
    project: str | None
    state: str | None
    most: int
    operation: str
    count_operation: str
    search_operation: str
    page_size: int
    measure: WorkMeasure
    purpose: str = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)
    kind: Literal["versions"] = dataclasses.field(default="versions", init=False)


Fetch = (
    SearchFetch
    | CountFetch
    | ScanFetch
    | GroupFetch
    | CellFetch
    | WorklogFetch
    | HistoryFetch
    | ListFetch
    | SprintFetch
    | VersionFetch
)


@dataclass(frozen=True)
class Picker:
    """A project, filter or board choice in a configuration or settings form, searched on Jira as the user types."""

    param: str
    type: str  # project | filter | board
    operation: str
    page_size: int
    query_chars: int  # the typed text is cut to this length


# ------------------------------------------------------------------------------------------ calculations

# A computed field's calculation as a tree. Every node carries ``type``, the type of its value (number, duration,
# date, datetime …), so the runtime knows that date - date is a duration without working types out again.


@dataclass(frozen=True)
class PlannedFieldRef:
    """A row field's value (a field Jira holds, or a computed field worked out before this one)."""

    field: str
    type: str
    kind: Literal["field"] = dataclasses.field(default="field", init=False)


@dataclass(frozen=True)
class PlannedNumber:
    """A number; a duration written as ``3 days`` is its number of seconds, with type duration."""

    value: int | float
    type: str
    kind: Literal["number"] = dataclasses.field(default="number", init=False)


@dataclass(frozen=True)
class PlannedClock:
    """The load's clock: ``now`` (a moment) or ``today`` (the current UTC day)."""

    name: str
    type: str
    kind: Literal["clock"] = dataclasses.field(default="clock", init=False)


@dataclass(frozen=True)
class PlannedNegate:
    operand: PlannedExpr
    type: str
    kind: Literal["negate"] = dataclasses.field(default="negate", init=False)


@dataclass(frozen=True)
class PlannedBinary:
    """``left op right`` (op: + - * /)."""

    op: str
    left: PlannedExpr
    right: PlannedExpr
    type: str
    kind: Literal["binary"] = dataclasses.field(default="binary", init=False)


@dataclass(frozen=True)
class PlannedHistory:
    """A measure over the row's status history (issue rows read with their histories): ``entered`` / ``left``
    (the first time, or the ``last``, the issue came into or went out of the statuses, a stay in several of them in
    a row counting as one), ``time`` (all its time in them, the present stay until the load's clock),
    ``transitions`` (how often its status changed) or ``current`` (how long it has been in its status).

    The statuses are the names given (compared ignoring case) and every status of the ``categories`` (Jira's
    category keys: new, indeterminate, done); status groups are written out here.
    """

    measure: Literal["entered", "left", "time", "transitions", "current"]
    last: bool
    statuses: tuple[str, ...]
    categories: tuple[str, ...]
    type: str
    kind: Literal["history"] = dataclasses.field(default="history", init=False)


PlannedExpr = PlannedFieldRef | PlannedNumber | PlannedClock | PlannedNegate | PlannedBinary | PlannedHistory


@dataclass(frozen=True)
class PlannedComputed:
    """A computed field: worked out for every row, after the fields it uses (the module lists them in that order)."""

    name: str
    type: str
    expr: PlannedExpr
    span: Span = dataclasses.field(metadata=INTERNAL)


# ------------------------------------------------------------------------------------------ highlight conditions


@dataclass(frozen=True)
class PlannedString:
    """A quoted text a category is compared with (by name, ignoring case)."""

    value: str
    kind: Literal["string"] = dataclasses.field(default="string", init=False)


PlannedOperand = PlannedExpr | PlannedString


@dataclass(frozen=True)
class PlannedCompare:
    """``left op right`` (op: = != < <= > >=); false whenever a side is empty."""

    op: str
    left: PlannedOperand
    right: PlannedOperand
    kind: Literal["compare"] = dataclasses.field(default="compare", init=False)


@dataclass(frozen=True)
class PlannedIsEmpty:
    operand: PlannedExpr
    negated: bool
    kind: Literal["empty"] = dataclasses.field(default="empty", init=False)


@dataclass(frozen=True)
class PlannedNot:
    operand: PlannedCondition
    kind: Literal["not"] = dataclasses.field(default="not", init=False)


@dataclass(frozen=True)
class PlannedAll:
    parts: tuple[PlannedCondition, ...]
    kind: Literal["all"] = dataclasses.field(default="all", init=False)


@dataclass(frozen=True)
class PlannedAny:
    parts: tuple[PlannedCondition, ...]
    kind: Literal["any"] = dataclasses.field(default="any", init=False)


PlannedCondition = PlannedCompare | PlannedIsEmpty | PlannedNot | PlannedAll | PlannedAny


@dataclass(frozen=True)
class PlannedHighlight:
    """The rows of a table or list to mark: those ``condition`` holds for, with ``label`` shown on them."""

    label: str | None
    condition: PlannedCondition


# ------------------------------------------------------------------------------------------ rows and views


@dataclass(frozen=True)
class PlannedField:
    """A row field: its type, and where its value is in the item a fetch yields (``read``, a key path)."""

    name: str
    type: str
    read: tuple[str, ...]
    heading: str = dataclasses.field(metadata=INTERNAL)
    jira_id: str | None = dataclasses.field(metadata=INTERNAL)
    custom: bool = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)
    clause: str | None = dataclasses.field(default=None, metadata=INTERNAL)  # how JQL names it (issues only)


@dataclass(frozen=True)
class PlannedColumn:
    """A table or list column: the field, the heading shown (the spec's or the field's), the field type and, for a
    duration, the unit it is shown in (None: hours and minutes)."""

    field: str
    heading: str
    type: str
    unit: str | None
    span: Span = dataclasses.field(metadata=INTERNAL)


@dataclass(frozen=True)
class PlannedSeries:
    """What one series shows: ``aggregate`` (with its ``percent`` for a percentile) over ``field`` of the rows in
    each group of ``x``. ``sources``: the fetch results it can be computed from, cheapest first; the app uses the
    first that covers every matching issue (or the last, which then says how much it covers)."""

    label: str
    x: str
    aggregate: str  # count | sum | avg | min | max | median | percentile | distinct
    field: str | None
    field_type: str | None
    percent: int | None
    unit: str | None  # a duration's unit (None: hours), or the unit label of a number field
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PlannedAxis:
    """What rows are grouped by: a field of the rows, its type and heading, and a date's bucket."""

    field: str
    type: str
    bucket: str | None
    heading: str


@dataclass(frozen=True)
class PlannedGrouping:
    """A table's or list's rows under a header per group of ``by``; each header (and the grand total) shows the
    ``summary`` series: the count of the group's items, then the sum of each number or duration column."""

    by: PlannedAxis
    summary: tuple[PlannedSeries, ...]


@dataclass(frozen=True)
class PlannedTable:
    """A table of rows: the first of the ``sources`` result, up to the module's limit, grouped when ``group``
    says so."""

    sources: tuple[str, ...]
    title: str | None
    when: str | None  # a boolean parameter that shows or hides the view
    columns: tuple[PlannedColumn, ...]
    highlight: PlannedHighlight | None
    group: PlannedGrouping | None
    span: Span = dataclasses.field(metadata=INTERNAL)
    kind: Literal["table"] = dataclasses.field(default="table", init=False)


@dataclass(frozen=True)
class PlannedList:
    """A list of rows, one line each, grouped when ``group`` says so."""

    sources: tuple[str, ...]
    title: str | None
    when: str | None
    columns: tuple[PlannedColumn, ...]
    highlight: PlannedHighlight | None
    group: PlannedGrouping | None
    span: Span = dataclasses.field(metadata=INTERNAL)
    kind: Literal["list"] = dataclasses.field(default="list", init=False)


@dataclass(frozen=True)
class PlannedChart:
    """Rows grouped on the x axis (dates by ``bucket``), one or more ``series`` over them.

    Several series come from several x date fields (a series each), several aggregates, or ``split``: the one
    series is then shown once per group of the split field, found at run time. ``cumulative``: each point adds up
    the points before it, in time order.
    """

    title: str | None
    when: str | None
    chart: str  # bar | horizontal bar | stacked bar | stacked horizontal bar | line | pie | donut
    x_type: str
    bucket: str | None
    series: tuple[PlannedSeries, ...]
    split: PlannedAxis | None
    cumulative: bool
    span: Span = dataclasses.field(metadata=INTERNAL)
    kind: Literal["chart"] = dataclasses.field(default="chart", init=False)


@dataclass(frozen=True)
class PlannedMetric:
    """One number: ``aggregate`` over the rows, or the number of matching items (a count reads the fetch's total).

    ``sources`` as for a series.
    """

    sources: tuple[str, ...]
    title: str | None
    when: str | None
    aggregate: str
    field: str | None
    field_type: str | None
    percent: int | None
    unit: str | None  # as a series'
    span: Span = dataclasses.field(metadata=INTERNAL)
    kind: Literal["metric"] = dataclasses.field(default="metric", init=False)


@dataclass(frozen=True)
class PlannedPivot:
    """A two-dimensional table: ``aggregate`` over the rows in each row group and column group, with a total per
    row, per column and overall (each over the rows it spans, every row counted once). ``sources`` as for a
    series."""

    sources: tuple[str, ...]
    title: str | None
    when: str | None
    rows: PlannedAxis
    columns: PlannedAxis
    aggregate: str
    field: str | None
    field_type: str | None
    percent: int | None
    unit: str | None  # as a series'
    span: Span = dataclasses.field(metadata=INTERNAL)
    kind: Literal["pivot"] = dataclasses.field(default="pivot", init=False)


PlannedView = PlannedTable | PlannedList | PlannedChart | PlannedMetric | PlannedPivot
Sourced = PlannedTable | PlannedList | PlannedMetric | PlannedPivot | PlannedSeries
"""Something that reads one fetch result, chosen from its ``sources``."""


def sourced_parts(view: PlannedView) -> tuple[Sourced, ...]:
    """The parts of a view that each read one fetch result (the runtime's ``partsOf``): a chart's series, a table's
    or list's rows and its summary series, or the view itself."""
    if isinstance(view, PlannedChart):
        return view.series
    if isinstance(view, PlannedTable | PlannedList) and view.group is not None:
        return (view, *view.group.summary)
    return (view,)


# ------------------------------------------------------------------------------------------ modules and app


@dataclass(frozen=True)
class PlannedParam:
    """A gadget configuration parameter or an app setting, with the values the UI needs.

    A value never set is ``default``, or the app setting ``default_setting`` names; a value set to empty stays
    empty: ``optional`` ones then leave their condition out of the query, the others must be set first.
    """

    name: str
    type: str
    label: str
    default: str | int | float | bool | None
    default_setting: str | None
    optional: bool
    options: tuple[str, ...]
    span: Span = dataclasses.field(metadata=INTERNAL)


@dataclass(frozen=True)
class PlannedData:
    """What a module reads: the kind of rows, the query with its typed values, order and limit.

    ``terms``: for a query with optional values, its top-level AND operands (the app builds the query from those
    it keeps; empty otherwise). ``issue``: the viewed issue's fields the query uses, read first (None when it
    uses none). ``worklogs`` (internal) is the checker's reading of the query's worklog conditions; the app
    carries them as the worklog fetch's ``conditions``.
    """

    kind: DataKind
    jql: tuple[JqlPart, ...]
    terms: tuple[PlannedTerm, ...]
    issue: IssueRead | None
    order: tuple[OrderTerm, ...]
    limit: Limit
    jql_text: str = dataclasses.field(metadata=INTERNAL)
    worklogs: WorklogFilter = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)


@dataclass(frozen=True)
class JiraRequest:
    """One Jira REST operation a module's resolver calls, and why (the source of its scopes)."""

    operation_key: str
    operation: JiraOperation
    fields: tuple[str, ...]
    purpose: str
    span: Span


@dataclass(frozen=True)
class ModuleTexts:
    """What the module shows while loading, when there is nothing to show, and on an error."""

    loading: str
    empty: str
    error: str
    given: tuple[str, ...] = dataclasses.field(metadata=INTERNAL)  # the kinds the spec wrote (the others are defaults)


@dataclass(frozen=True)
class PlannedModule:
    key: str
    kind: ast.ModuleKind
    host_key: str  # the Forge module that shows it: itself, or the first page of its kind (tabs)
    title: str
    texts: ModuleTexts
    config: tuple[PlannedParam, ...]
    settings: tuple[PlannedParam, ...]
    pickers: tuple[Picker, ...]
    data: PlannedData | None
    fetches: tuple[Fetch, ...]
    fields: tuple[PlannedField, ...]
    computed: tuple[PlannedComputed, ...]
    views: tuple[PlannedView, ...]
    forge_type: str = dataclasses.field(metadata=INTERNAL)
    description: str | None = dataclasses.field(metadata=INTERNAL)
    requests: tuple[JiraRequest, ...] = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)

    @property
    def has_edit_view(self) -> bool:
        return self.kind is ast.ModuleKind.GADGET and bool(self.config)

    def fetch(self, into: str) -> Fetch | None:
        """The fetch whose result is called ``into`` (rows, count), if the module has one."""
        return next((f for f in self.fetches if f.into == into), None)


@dataclass(frozen=True)
class ScopeReason:
    module_key: str | None
    operation: str
    span: Span
    why: str

    def describe(self) -> str:
        """``"overdue: search the issues its query matches (spec line 13) -> GET /rest/api/3/search/jql"``."""
        owner = self.module_key or "app"
        return f"{owner}: {self.why} (spec line {self.span.line}) -> {self.operation}"


@dataclass(frozen=True)
class ScopeGrant:
    scope: str
    reasons: tuple[ScopeReason, ...]


@dataclass(frozen=True)
class SettingsStore:
    """App settings (declared on admin pages), kept in Forge storage under ``storage_key``.

    ``editors``: the modules whose page reads and saves them.
    """

    storage_key: str
    params: tuple[PlannedParam, ...]
    editors: tuple[str, ...]
    span: Span = dataclasses.field(metadata=INTERNAL)


@dataclass(frozen=True)
class RateLimit:
    """At most ``per_second`` requests a second to one Jira operation (below Jira's burst limit for it)."""

    operation: str
    per_second: int


@dataclass(frozen=True)
class LoadBudget:
    """What one load of a module may spend: ``time_ms`` of asking Jira, ``points`` of the app's hourly Jira
    points (1 per request and 1 per item returned), ``concurrency`` requests in flight at once, and the request
    rate per operation (``rates``; ``per_second`` for the others)."""

    time_ms: int
    points: int
    concurrency: int
    per_second: int
    rates: tuple[RateLimit, ...]


@dataclass(frozen=True)
class Plan:
    """A checked app as the targets see it. ``budget``: what one load may spend.

    ``calls_as``: whom the app calls Jira as (``user``: the person viewing it, so Jira's permissions decide what
    each person sees); ``egress``: addresses outside Atlassian the app may call (the manifest declares exactly
    these; forgewright plans none). The audit reports both from here.
    """

    budget: LoadBudget
    store: SettingsStore | None
    modules: tuple[PlannedModule, ...]
    calls_as: str = dataclasses.field(metadata=INTERNAL)
    egress: tuple[str, ...] = dataclasses.field(metadata=INTERNAL)
    app_name: str = dataclasses.field(metadata=INTERNAL)
    app_description: str | None = dataclasses.field(metadata=INTERNAL)
    app_id: str | None = dataclasses.field(metadata=INTERNAL)
    scope_style: ast.ScopeStyle = dataclasses.field(metadata=INTERNAL)
    scopes: tuple[ScopeGrant, ...] = dataclasses.field(metadata=INTERNAL)
    span: Span = dataclasses.field(metadata=INTERNAL)

    @property
    def scope_names(self) -> tuple[str, ...]:
        return tuple(g.scope for g in self.scopes)

    @property
    def uses_storage(self) -> bool:
        return self.store is not None

    @property
    def settings(self) -> tuple[PlannedParam, ...]:
        return self.store.params if self.store is not None else ()

    @property
    def settings_module(self) -> str | None:
        return self.store.editors[0] if self.store is not None else None

    def hosted_by(self, host_key: str) -> tuple[PlannedModule, ...]:
        """The spec modules a Forge module shows (more than one only for pages sharing a type)."""
        return self._hosted.get(host_key, ())

    @cached_property
    def _hosted(self) -> dict[str, tuple[PlannedModule, ...]]:
        hosted: dict[str, list[PlannedModule]] = {}
        for module in self.modules:
            hosted.setdefault(module.host_key, []).append(module)
        return {key: tuple(members) for key, members in hosted.items()}
