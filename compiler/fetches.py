"""What a module reads from Jira and how: the fetches the app performs and the requests that authorise them.

Every decision about a request is made here, once, and handed to the generated app as data: which operation,
which ``fields`` and ``expand`` values it asks for, how many items a page, where each row value is found in
the answer (votes and watchers sit one level deeper than other fields; a project's lead needs ``expand``), and
the budgets that bound one load. The runtime carries these out and decides nothing of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from compiler import operations as ops
from compiler.parts import GroupBy, Part, PartKind
from compiler.plan_types import (
    CellFetch,
    CountFetch,
    DiscoveredGroups,
    Fetch,
    GroupFetch,
    GroupValues,
    HistoryFetch,
    HistoryPaging,
    IssueRead,
    JiraRequest,
    ListFetch,
    LoadBudget,
    Picker,
    PlannedField,
    PlannedParam,
    ProjectGroups,
    RangeGroups,
    RateLimit,
    ReferenceGroups,
    ScanFetch,
    SearchFetch,
    SprintFetch,
    VersionFetch,
    WorklogConditions,
    WorklogFetch,
    WorkMeasure,
)
from compiler.scope_table import JiraOperation
from dsl import ast
from dsl.catalogue import STATUS_PERIOD_ISSUE_FIELDS
from dsl.resolve import DataKind
from dsl.span import Span
from dsl.types import FieldType, ParamType

CALLS_AS = "user"
"""Every Jira request is made as the person viewing the app (``api.asUser()`` at each call in the runtime)."""

BUDGET_MS = 20_000
"""How long one load may keep asking Jira: Forge allows 25 s per UI invocation; 5 s are margin."""

BUDGET_POINTS = 12_000
"""Jira points one load may spend (1 per request, 1 per issue, worklog, project … returned). The app's default
pool is 65,000 an hour for every site it is installed on; reading 10,000 issues for a sum costs about 10,100."""

CONCURRENCY = 20
"""Requests one load keeps in flight at most."""

PER_SECOND = 80
"""Requests a second to one operation at most (Jira's burst limit is 100 per operation and site)."""

RATES = (RateLimit(ops.COUNT_ISSUES.key, 120),)
"""Operations allowed a faster rate: Jira's burst limit for approximate-count is 150 a second."""

SEARCH_PAGE = 100
"""Issues per search page: ``/search/jql`` returns at most 100 when fields other than id/key are asked for."""

SLICE_ISSUES = 400
"""A scan cuts its query into slices of about this many issues (four pages), read side by side."""

DISCOVERY_PAGE = 50
"""Issues per page when looking for the values a field has in the matching issues."""

MAX_CATEGORIES = 100
"""Categories counted one by one at most; the rest of a single-valued field is one group (total minus these)."""

MAX_BUCKETS = 366
"""Date buckets counted at most (the most recent): a year of days, seven years of weeks."""

MAX_PROJECTS = 20
"""Projects whose components or versions are listed at most."""

PROJECT_PAGE = 10
"""Issues per page when looking for the projects of the matching issues (most queries have one or a few)."""

LIST_PAGE = 100
"""Projects or filters per page (``/project/search`` and ``/filter/search`` return at most 100)."""

WORKLOG_PAGE = 5000
"""Worklogs per page of ``/issue/{key}/worklog`` (Jira's maximum)."""

HISTORY_PAGING = HistoryPaging(issues_per_call=SEARCH_PAGE, page_size=2000)
"""Status histories are read a search page at a time (100 issues a call), in pages of 2,000 changes: one page
holds the histories of 100 issues with up to 20 status changes each."""

PICKER_PAGE = 50
"""Choices a picker shows per search."""

PICKER_QUERY_CHARS = 100
"""A picker sends at most this many characters of what the user typed."""

ROWS = "rows"
COUNT = "count"
VALUES = "values"

_NESTED: dict[str, tuple[str, ...]] = {"votes": ("votes", "votes"), "watches": ("watches", "watchCount")}
"""Issue fields whose number is one level down: Jira answers ``votes: {votes: 3}``, ``watches: {watchCount: 2}``."""

_EXPANDS: dict[DataKind, frozenset[str]] = {
    DataKind.PROJECTS: frozenset({"lead"}),
    DataKind.FILTERS: frozenset({"description", "favouritedCount", "jql", "owner"}),
}
"""Fields Jira leaves out of project and filter lists unless ``expand`` names them."""


def read_path(kind: DataKind, name: str, jira_id: str | None) -> tuple[str, ...]:
    """Where a row field's value is in the item its fetch yields (for worklogs: ``{issue, worklog}``)."""
    if kind is DataKind.ISSUES:
        if jira_id is None:
            return ("key",)
        return ("fields", *_NESTED.get(jira_id, (jira_id,)))
    if kind is DataKind.WORKLOGS:
        if name == "issue":
            return ("issue", "key")
        if name == "summary":
            return ("issue", "fields", "summary")
        return ("worklog", jira_id or name)
    if kind is DataKind.STATUS_PERIODS:
        if name == "issue":
            return ("issue", "key")
        if name in STATUS_PERIOD_ISSUE_FIELDS:
            return ("issue", "fields", jira_id or name)
        return ("period", jira_id or name)
    return (jira_id or name,)


def _ids(fields: tuple[PlannedField, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.jira_id for f in fields if f.jira_id is not None))


def _request(op: JiraOperation, fields: tuple[str, ...], purpose: str, span: Span) -> JiraRequest:
    return JiraRequest(op.key, op, fields, purpose, span)


def budget() -> LoadBudget:
    """What one load may spend, as the plan states it."""
    return LoadBudget(BUDGET_MS, BUDGET_POINTS, CONCURRENCY, PER_SECOND, RATES)


# ------------------------------------------------------------------------------------------ issues


_COUNTABLE = frozenset(
    {
        FieldType.STATUS,
        FieldType.STATUS_CATEGORY,
        FieldType.PRIORITY,
        FieldType.ISSUE_TYPE,
        FieldType.RESOLUTION,
        FieldType.USER,
        FieldType.USERS,
        FieldType.PROJECT,
        FieldType.OPTION,
        FieldType.OPTIONS,
        FieldType.ISSUE,
        FieldType.LABELS,
        FieldType.COMPONENTS,
        FieldType.VERSIONS,
        FieldType.DATE,
        FieldType.DATETIME,
    }
)
"""Field types whose groups JQL can count exactly: text and keys cannot be matched by equality (``~`` finds
words), so a chart over them needs the values."""

_REFERENCE: dict[FieldType, tuple[str, JiraOperation, str]] = {
    FieldType.STATUS_CATEGORY: ("statusCategories", ops.STATUS_CATEGORIES, "list the status categories"),
    FieldType.RESOLUTION: ("resolutions", ops.RESOLUTIONS, "list the resolutions"),
}
"""Fields with a small fixed value set that a reference list gives in one request."""

_PROJECT_LISTS: dict[FieldType, tuple[str, JiraOperation, str]] = {
    FieldType.COMPONENTS: ("components", ops.PROJECT_COMPONENTS, "list the components of those projects"),
    FieldType.VERSIONS: ("versions", ops.PROJECT_VERSIONS, "list the versions of those projects"),
}
"""Multi-valued fields whose every value is listed by the projects the issues belong to."""


_NEVER_EMPTY_TYPES = frozenset({FieldType.STATUS, FieldType.STATUS_CATEGORY, FieldType.ISSUE_TYPE, FieldType.PROJECT})
_NEVER_EMPTY_FIELDS = frozenset({"created", "updated"})


def _nullable(x: PlannedField) -> bool:
    """Whether an issue can lack a value of this field (every issue has a status, a type, a project, a creation
    and an update date; everything else may be empty)."""
    if x.custom:
        return True
    return FieldType(x.type) not in _NEVER_EMPTY_TYPES and x.name not in _NEVER_EMPTY_FIELDS


def _group_key(field: str, bucket: str | None) -> str:
    return f"groups:{field}" + (f":{bucket}" if bucket else "")


def _side(by: GroupBy) -> str:
    return by.field + (f":{by.bucket}" if by.bucket else "")


def _countable(by: GroupBy | None, fields: Mapping[str, PlannedField]) -> PlannedField | None:
    """The field rows are grouped by, when JQL can count its groups exactly."""
    x = fields.get(by.field) if by is not None else None
    if x is None or x.clause is None or FieldType(x.type) not in _COUNTABLE:
        return None
    return x


def _group_fetch(x: PlannedField, bucket: str | None, span: Span) -> tuple[GroupFetch, list[JiraRequest]]:
    """The fetch counting one field's groups, and the requests it makes (each with its reason)."""
    type_ = FieldType(x.type)
    ids = (x.jira_id,) if x.jira_id else ()
    counting = _request(ops.COUNT_ISSUES, (), f"count the matching issues in each group of `{x.name}`", span)
    requests = [counting]
    values: GroupValues
    if type_.is_temporal:
        values = RangeGroups(ops.SEARCH_ISSUES_BODY.key, type_ is FieldType.DATE, MAX_BUCKETS)
        why = f"find the first and last `{x.name}` of the matching issues"
        requests.append(_request(ops.SEARCH_ISSUES_BODY, ids, why, span))
    elif type_ in _REFERENCE:
        source, op, why = _REFERENCE[type_]
        values = ReferenceGroups(source, op.key, MAX_CATEGORIES)
        requests.append(_request(op, (), f"{why} to count each", span))
    elif type_ in _PROJECT_LISTS:
        source, op, why = _PROJECT_LISTS[type_]
        values = ProjectGroups(source, op.key, ops.SEARCH_ISSUES_BODY.key, PROJECT_PAGE, MAX_PROJECTS, MAX_CATEGORIES)
        requests.append(
            _request(ops.SEARCH_ISSUES_BODY, ("project",), "find the projects of the matching issues", span)
        )
        requests.append(_request(op, (), f"{why} to count each", span))
    else:
        values = DiscoveredGroups(ops.SEARCH_ISSUES_BODY.key, DISCOVERY_PAGE, MAX_CATEGORIES)
        why = f"find the values of `{x.name}` in the matching issues"
        requests.append(_request(ops.SEARCH_ISSUES_BODY, ids, why, span))
    fetch = GroupFetch(
        _group_key(x.name, bucket),
        ops.COUNT_ISSUES.key,
        x.name,
        x.type,
        x.clause or x.name,
        ids,
        x.read,
        bucket,
        type_.is_multi,
        _nullable(x),
        values,
        f"count the matching issues per `{x.name}`" + (f" {bucket}" if bucket else ""),
        span,
    )
    return fetch, requests


def _cell_fetch(
    rows: tuple[PlannedField, GroupBy], columns: tuple[PlannedField, GroupBy], span: Span
) -> tuple[CellFetch, list[JiraRequest]]:
    """The fetch counting every cell of two fields' groups, with each side's totals, and its requests."""
    row_fetch, row_requests = _group_fetch(rows[0], rows[1].bucket, span)
    column_fetch, column_requests = _group_fetch(columns[0], columns[1].bucket, span)
    why = f"count the matching issues in each cell of `{rows[0].name}` and `{columns[0].name}`"
    fetch = CellFetch(
        f"cells:{_side(rows[1])}+{_side(columns[1])}", ops.COUNT_ISSUES.key, row_fetch, column_fetch, why, span
    )
    return fetch, [*row_requests, *column_requests, _request(ops.COUNT_ISSUES, (), why, span)]


@dataclass(frozen=True)
class IssueFetches:
    """What an issue module reads: the fetches, the requests behind them, and the sources of each view's parts (in
    the order of :func:`compiler.parts.view_parts`)."""

    fetches: tuple[Fetch, ...]
    requests: tuple[JiraRequest, ...]
    sources: tuple[tuple[tuple[str, ...], ...], ...]


def _read_fields(
    parts: Sequence[Part], fields: Mapping[str, PlannedField], computed: Mapping[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """The Jira fields the aggregating parts read (what a scan asks for): a computed field's are those it is
    computed from."""
    names = [n for p in parts if p.kind is PartKind.AGGREGATE for n in p.fields]
    wanted = [read for name in names for read in computed.get(name, (name,))]
    return _ids(tuple(fields[n] for n in dict.fromkeys(wanted) if n in fields)) or ("key",)


class _Counting:
    """The exact way Jira counts a part's groups, each fetch made once and shared by every part counting alike."""

    def __init__(self, fields: Mapping[str, PlannedField]) -> None:
        self.fields = fields
        self.fetches: dict[str, Fetch] = {}
        self.requests: list[JiraRequest] = []

    def key(self, part: Part, span: Span) -> str | None:
        """The result counting ``part`` per group (made on first use), or None when Jira cannot count it."""
        x = _countable(part.x, self.fields)
        if not part.counts or x is None or part.x is None:
            return None
        if part.split is None:
            key = _group_key(x.name, part.x.bucket)
            if key not in self.fetches:
                self.fetches[key], asked = _group_fetch(x, part.x.bucket, span)
                self.requests += asked
            return key
        split = _countable(part.split, self.fields)
        if split is None:
            return None
        cells, asked = _cell_fetch((x, part.x), (split, part.split), span)
        if cells.into not in self.fetches:
            self.fetches[cells.into] = cells
            self.requests += asked
        return cells.into


def issue_fetches(
    fields: tuple[PlannedField, ...],
    views: Sequence[ast.View],
    parts: Sequence[tuple[Part, ...]],
    span: Span,
    computed: Mapping[str, tuple[str, ...]] = MappingProxyType({}),
) -> IssueFetches:
    """An issue source. Tables and lists read the first rows in order (``rows``). Every other part comes with the
    count of matching issues; a count metric shows it; a count per group is counted in Jira (``groups:…``, or
    ``cells:…`` per pair of groups); sums and the other aggregates read the values of every matching issue
    (``values``). A part uses the rows instead when they are every matching issue, and a count uses the values when
    they are read anyway or fit one page (then one request answers every view). ``computed``: the fields Jira sends
    for each computed field; rows grouped by a computed field cannot be counted in Jira (the app works it out), so
    such a part reads the values."""
    by_name = {f.name: f for f in fields}
    fetches: list[Fetch] = []
    requests: list[JiraRequest] = []
    has_rows = any(p.kind is PartKind.ROWS for view_parts in parts for p in view_parts) or not views
    aggregating = [
        (v, p) for v, view_parts in zip(views, parts, strict=True) for p in view_parts if p.kind is not PartKind.ROWS
    ]
    if has_rows:
        purpose = "search the issues its query matches"
        fetches.append(SearchFetch(ROWS, ops.SEARCH_ISSUES.key, _ids(fields) or ("key",), SEARCH_PAGE, purpose, span))
        requests.append(_request(ops.SEARCH_ISSUES, _ids(fields), purpose, span))
    if aggregating:
        metric = next((v for v, p in aggregating if p.kind is PartKind.TOTAL), None)
        where = metric.span if metric is not None else span
        purpose = "count the issues its query matches"
        fetches.append(CountFetch(COUNT, ops.COUNT_ISSUES.key, purpose, where))
        requests.append(_request(ops.COUNT_ISSUES, (), purpose, where))
    # Aggregates need the values; a count reads them too when they are read anyway, or when the issues fit one page.
    scanned = any(p.kind is PartKind.AGGREGATE for _, p in aggregating)
    if scanned:
        read = _read_fields([p for _, p in aggregating], by_name, computed)
        purpose = "read the values its views add up, in slices read side by side"
        fetches.append(
            ScanFetch(VALUES, ops.SEARCH_ISSUES_BODY.key, read, SEARCH_PAGE, "created", SLICE_ISSUES, purpose, span)
        )
        requests.append(_request(ops.SEARCH_ISSUES_BODY, read, purpose, span))
        requests.append(_request(ops.COUNT_ISSUES, (), "count the issues of each slice", span))
    counting = _Counting(by_name)
    first = (ROWS,) if has_rows else ()

    def sources(view: ast.View, part: Part) -> tuple[str, ...]:
        if part.kind is PartKind.ROWS:
            return (ROWS,)
        if part.kind is PartKind.TOTAL:
            return (COUNT,)
        key = counting.key(part, view.span)
        if key is not None:
            return (*first, *((VALUES,) if scanned else ()), key)
        return (*first, VALUES)

    planned = tuple(tuple(sources(v, p) for p in view_parts) for v, view_parts in zip(views, parts, strict=True))
    fetches += counting.fetches.values()
    requests += counting.requests
    return IssueFetches(tuple(fetches), tuple(requests), planned)


# ------------------------------------------------------------------------------------------ other sources


def issue_read(values: tuple[PlannedField, ...], span: Span) -> tuple[IssueRead, JiraRequest]:
    """The viewed issue, with only the fields its module's query uses, read before the query is built."""
    ids = _ids(values)
    names = ", ".join(v.name for v in values)
    purpose = f"read the viewed issue's {names} for its query"
    return IssueRead(ops.GET_ISSUE.key, ids, values, purpose, span), _request(ops.GET_ISSUE, ids, purpose, span)


def worklog_fetches(
    fields: tuple[PlannedField, ...], conditions: WorklogConditions, span: Span
) -> tuple[list[Fetch], list[JiraRequest]]:
    """A worklog source: the issues with their first worklogs embedded (and their summary when a view shows
    it), then the rest of the worklogs of the issues that have more."""
    issue_ids = ("summary", "worklog") if any(f.name == "summary" for f in fields) else ("worklog",)
    worklog_ids = tuple(i for i in _ids(fields) if i != "summary")
    purpose = "read the worklogs of the matching issues"
    fetch = WorklogFetch(
        ROWS,
        ops.SEARCH_ISSUES.key,
        ops.ISSUE_WORKLOGS.key,
        issue_ids,
        SEARCH_PAGE,
        WORKLOG_PAGE,
        conditions,
        purpose,
        span,
    )
    requests = [
        _request(
            ops.SEARCH_ISSUES, issue_ids, "find the issues whose worklogs it reads, with their first worklogs", span
        ),
        _request(ops.ISSUE_WORKLOGS, worklog_ids, "read the rest of the worklogs of issues that have more", span),
        _request(ops.COUNT_ISSUES, (), "count the matching issues, to say how many a cut-short report covers", span),
    ]
    return [fetch], requests


def _history_fetches(
    kind: Literal["statusPeriods", "issueHistories"],
    shown: tuple[str, ...],
    categories: bool,
    ordered: bool,
    span: Span,
) -> tuple[list[Fetch], list[JiraRequest]]:
    issue_ids = tuple(dict.fromkeys(("created", "status", *shown)))
    order = "in the module's order" if ordered else "newest first"
    purpose = "read the status histories of the matching issues"
    statuses = ops.STATUSES.key if categories else None
    fetch = HistoryFetch(
        kind,
        ROWS,
        ops.SEARCH_ISSUES.key,
        ops.ISSUE_HISTORIES.key,
        statuses,
        issue_ids,
        SEARCH_PAGE,
        HISTORY_PAGING,
        not ordered,
        purpose,
        span,
    )
    requests = [
        _request(ops.SEARCH_ISSUES, issue_ids, f"find the issues whose status history it reads, {order}", span),
        _request(ops.ISSUE_HISTORIES, ("status",), "read their status changes in bulk, 100 issues a call", span),
        _request(ops.COUNT_ISSUES, (), "count the matching issues, to say how many a cut-short report covers", span),
    ]
    if categories:
        requests.append(_request(ops.STATUSES, (), "find the category of each status in the histories", span))
    return [fetch], requests


def status_period_fetches(fields: tuple[PlannedField, ...], span: Span) -> tuple[list[Fetch], list[JiraRequest]]:
    """A status period source: the matching issues page by page with what the periods need (``created``, the
    current ``status``) and the issue fields the views read; their status histories in bulk; the site's status list
    when a view shows the category."""
    shown = tuple(f.jira_id for f in fields if f.name in STATUS_PERIOD_ISSUE_FIELDS and f.jira_id is not None)
    categories = any(f.name == "category" for f in fields)
    return _history_fetches("statusPeriods", shown, categories, False, span)


def issue_history_fetches(
    fields: tuple[PlannedField, ...], categories: bool, ordered: bool, span: Span
) -> tuple[list[Fetch], list[JiraRequest]]:
    """Issues whose calculations measure their status history: every view reads the issues with their histories
    (a chart by such a measure cannot be counted in Jira). In the module's order when it has one (a table shows the
    first rows), else newest first; the status list when a measure names a category."""
    return _history_fetches("issueHistories", _ids(fields), categories, ordered, span)


def list_fetches(
    kind: DataKind, fields: tuple[PlannedField, ...], parts: Sequence[tuple[Part, ...]], span: Span
) -> tuple[list[Fetch], list[JiraRequest]]:
    """Projects or filters: one paged list, expanding what the views read and Jira leaves out by default; every
    page when an aggregate (a chart, a pivot, a group's subtotal, a metric other than a count) needs every item (a
    count reads Jira's total)."""
    ids = _ids(fields)
    expand = tuple(i for i in ids if i in _EXPANDS[kind])
    every = any(p.kind is PartKind.AGGREGATE for view_parts in parts for p in view_parts)
    if kind is DataKind.PROJECTS:
        op, purpose = ops.SEARCH_PROJECTS, "list the projects the viewer can browse"
        fetch = ListFetch("projects", ROWS, op.key, expand, LIST_PAGE, every, purpose, span)
    else:
        op, purpose = ops.SEARCH_FILTERS, "list the saved filters the viewer can see"
        fetch = ListFetch("filters", ROWS, op.key, expand, LIST_PAGE, every, purpose, span)
    return [fetch], [_request(op, ids, purpose, span)]


SPRINT_PAGE = 50
"""Sprints per page of ``/board/{boardId}/sprint`` (Jira Software serves at most 50)."""

SPRINT_ISSUE_PAGE = 50
"""Issues per page of ``/sprint/{sprintId}/issue`` (Jira Software serves at most 50)."""

SPRINT_HISTORIES = HistoryPaging(issues_per_call=50, page_size=250)
"""The sprint issues' histories of the Sprint field (and the measured one): a few changes an issue, so a group of
50 issues fits a page of 250 changes. Each page sets aside its full size in points while in flight, so small pages
let many groups run side by side within the budget."""

MOST_SPRINT_DAYS = 100
"""Days of a sprint a table shows at most (charts show every day)."""

SPRINT_ISSUE_FIELDS = ("resolutiondate", "created")
"""What decides whether an issue was committed (created before the sprint started) and completed (resolved by
its end); the measured field is added."""


def sprint_fetches(
    source: ast.SprintsSource | ast.BurndownSource, measure: WorkMeasure, span: Span
) -> tuple[list[Fetch], list[JiraRequest]]:
    """A sprints source (the board's closed sprints, the issues of the last ones and their histories), or a burndown
    (the same for one sprint: the active one, or the last closed)."""
    issue_fields = (*SPRINT_ISSUE_FIELDS, *((measure.field,) if measure.field else ()))
    board = source.board.name.value
    days = source.sprint.value if isinstance(source, ast.BurndownSource) else None
    which = "the active sprint" if days == "active" else "the closed sprints"
    purpose = f"list {which} of the board `{board}`"
    fetch = SprintFetch(
        ROWS,
        board,
        ops.BOARD_SPRINTS.key,
        SPRINT_PAGE,
        ops.SPRINT_ISSUES.key,
        SPRINT_ISSUE_PAGE,
        issue_fields,
        ops.FIELDS.key,
        ops.ISSUE_HISTORIES.key,
        SPRINT_HISTORIES,
        measure,
        days,
        purpose,
        span,
    )
    history_fields = ("sprint", *((measure.field,) if measure.field else ()))
    requests = [
        _request(ops.BOARD_SPRINTS, (), purpose, span),
        _request(
            ops.SPRINT_ISSUES, issue_fields, f"read the issues of {'that sprint' if days else 'those sprints'}", span
        ),
        _request(ops.FIELDS, (), "find which field is the Sprint field on this site", span),
        _request(
            ops.ISSUE_HISTORIES,
            history_fields,
            "read when each issue joined or left a sprint, to tell the work in the sprint at each moment",
            span,
        ),
    ]
    return [fetch], requests


MOST_VERSIONS = 50
"""Versions a release view shows at most (each costs two counts, or its issues' values)."""

VERSION_FIELDS_READ = ("fixVersions", "status")
"""What a summed release view reads of each issue besides the measured field: its versions and its status."""


def version_fetches(
    source: ast.VersionsSource, measure: WorkMeasure, span: Span
) -> tuple[list[Fetch], list[JiraRequest]]:
    """A versions source: the project's versions, then per version two counts, or its issues' measured values."""
    project = source.project.name.value if isinstance(source.project, ast.ParamRef) else None
    state = source.state.value if source.state is not None else None
    whose = f"the project `{project}`" if project else "the module's project"
    purpose = f"list the versions of {whose}"
    fetch = VersionFetch(
        ROWS,
        project,
        state,
        MOST_VERSIONS,
        ops.PROJECT_VERSIONS.key,
        ops.COUNT_ISSUES.key,
        ops.SEARCH_ISSUES_BODY.key,
        SEARCH_PAGE,
        measure,
        purpose,
        span,
    )
    requests = [_request(ops.PROJECT_VERSIONS, (), purpose, span)]
    if measure.field is None:
        why = "count the issues of each version, and those done"
        requests.append(_request(ops.COUNT_ISSUES, (), why, span))
    else:
        name = source.measure.field.value if source.measure is not None and source.measure.field else measure.field
        why = f"read `{name}` and the status of each version's issues, to add up the work done and remaining"
        requests.append(_request(ops.SEARCH_ISSUES_BODY, (*VERSION_FIELDS_READ, measure.field), why, span))
        why = "count the versions' issues, to say how many a sum cut short by the budget covers"
        requests.append(_request(ops.COUNT_ISSUES, (), why, span))
    return [fetch], requests


_PICKED: Mapping[str, tuple[JiraOperation, tuple[str, ...], str]] = {
    ParamType.PROJECT.value: (
        ops.SEARCH_PROJECTS,
        ("key", "name"),
        "list projects for the `{name}` picker in the {where}",
    ),
    ParamType.FILTER.value: (
        ops.SEARCH_FILTERS,
        ("id", "name"),
        "list saved filters for the `{name}` picker in the {where}",
    ),
    ParamType.BOARD.value: (
        ops.SEARCH_BOARDS,
        ("id", "name"),
        "list boards for the `{name}` picker in the {where}",
    ),
}


def pickers(params: tuple[PlannedParam, ...], where: str) -> tuple[list[Picker], list[JiraRequest]]:
    """The project and filter choices of a configuration or settings form, each searched on Jira."""
    found: list[Picker] = []
    requests: list[JiraRequest] = []
    for param in params:
        picked = _PICKED.get(param.type)
        if picked is None:
            continue
        op, fields, purpose = picked
        found.append(Picker(param.name, param.type, op.key, PICKER_PAGE, PICKER_QUERY_CHARS))
        requests.append(_request(op, fields, purpose.format(name=param.name, where=where), param.span))
    return found, requests
