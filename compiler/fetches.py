"""What a module reads from Jira and how: the fetches the app performs and the requests that authorise them.

Every decision about a request is made here, once, and handed to the generated app as data: which operation,
which ``fields`` and ``expand`` values it asks for, how many items a page, where each row value is found in
the answer (votes and watchers sit one level deeper than other fields; a project's lead needs ``expand``), and
the budgets that bound one load. The runtime carries these out and decides nothing of its own.
"""

from __future__ import annotations

from collections.abc import Mapping

from compiler import operations as ops
from compiler.plan_types import (
    CountFetch,
    Fetch,
    JiraRequest,
    ListFetch,
    Picker,
    PlannedField,
    PlannedParam,
    SearchFetch,
    WorklogConditions,
    WorklogFetch,
)
from compiler.scope_table import JiraOperation
from dsl.resolve import DataKind
from dsl.span import Span
from dsl.types import ParamType

CALLS_AS = "user"
"""Every Jira request is made as the person viewing the app (``api.asUser()`` at each call in the runtime)."""

BUDGET_MS = 20_000
"""How long one load may keep asking for further pages: Forge allows 25 s per UI invocation; 5 s are margin."""

SEARCH_PAGE = 100
"""Issues per search page: ``/search/jql`` returns at most 100 when fields other than id/key are asked for."""

LIST_PAGE = 100
"""Projects or filters per page (``/project/search`` and ``/filter/search`` return at most 100)."""

WORKLOG_PAGE = 100
"""Worklogs per page of ``/issue/{key}/worklog``."""

WORKLOG_ISSUE_CAP = 500
"""At most this many issues have their worklogs read in one load: each costs at least one request."""

PICKER_PAGE = 50
"""Choices a picker shows per search."""

PICKER_QUERY_CHARS = 100
"""A picker sends at most this many characters of what the user typed."""

ROWS = "rows"
COUNT = "count"

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
    return (jira_id or name,)


def _ids(fields: tuple[PlannedField, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.jira_id for f in fields if f.jira_id is not None))


def _request(op: JiraOperation, fields: tuple[str, ...], purpose: str, span: Span) -> JiraRequest:
    return JiraRequest(op.key, op, fields, purpose, span)


def issue_fetches(
    fields: tuple[PlannedField, ...], rows: bool, count: tuple[Span] | None, span: Span
) -> tuple[list[Fetch], list[JiraRequest]]:
    """An issue source: a search for the rows the views need, a count for a count metric (``count``: its span)."""
    fetches: list[Fetch] = []
    requests: list[JiraRequest] = []
    ids = _ids(fields)
    if rows:
        purpose = "search the issues its query matches"
        fetches.append(SearchFetch(ROWS, ops.SEARCH_ISSUES.key, ids or ("key",), SEARCH_PAGE, purpose, span))
        requests.append(_request(ops.SEARCH_ISSUES, ids, purpose, span))
    if count is not None:
        purpose = "count the issues its query matches"
        fetches.append(CountFetch(COUNT, ops.COUNT_ISSUES.key, purpose, count[0]))
        requests.append(_request(ops.COUNT_ISSUES, (), purpose, count[0]))
    return fetches, requests


def worklog_fetches(
    fields: tuple[PlannedField, ...], conditions: WorklogConditions, span: Span
) -> tuple[list[Fetch], list[JiraRequest]]:
    """A worklog source: the issues (with their summary when a view shows it), then each issue's worklogs."""
    issue_ids = ("summary",) if any(f.name == "summary" for f in fields) else ()
    worklog_ids = tuple(i for i in _ids(fields) if i != "summary")
    purpose = "read the worklogs of the matching issues"
    fetch = WorklogFetch(
        ROWS,
        ops.SEARCH_ISSUES.key,
        ops.ISSUE_WORKLOGS.key,
        issue_ids or ("key",),
        SEARCH_PAGE,
        WORKLOG_PAGE,
        WORKLOG_ISSUE_CAP,
        conditions,
        purpose,
        span,
    )
    requests = [
        _request(ops.SEARCH_ISSUES, issue_ids, "find the issues whose worklogs it reads", span),
        _request(ops.ISSUE_WORKLOGS, worklog_ids, purpose, span),
    ]
    return [fetch], requests


def list_fetches(kind: DataKind, fields: tuple[PlannedField, ...], span: Span) -> tuple[list[Fetch], list[JiraRequest]]:
    """Projects or filters: one paged list, expanding what the views read and Jira leaves out by default."""
    ids = _ids(fields)
    expand = tuple(i for i in ids if i in _EXPANDS[kind])
    if kind is DataKind.PROJECTS:
        op, purpose = ops.SEARCH_PROJECTS, "list the projects the viewer can browse"
        fetch = ListFetch("projects", ROWS, op.key, expand, LIST_PAGE, purpose, span)
    else:
        op, purpose = ops.SEARCH_FILTERS, "list the saved filters the viewer can see"
        fetch = ListFetch("filters", ROWS, op.key, expand, LIST_PAGE, purpose, span)
    return [fetch], [_request(op, ids, purpose, span)]


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
