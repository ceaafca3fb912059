"""Jira Cloud's REST operations that generated apps call (and will call), answered from the fake site.

One function per operation, found by method and path. Each answer says how many objects it returned (Jira's
points: 1 per request plus 1 per issue, project, worklog … returned) and notes what Jira would accept silently
but is probably a mistake of the caller (an unknown field or parameter, a page size above the limit), so a
benchmark can show requests that are not well-formed. Limits follow Jira: /search/jql pages 50 by default and
at most 100 issues with fields (5,000 with id/key only); bulk fetch 100 issues; changelogs 1,000 issues and 10
fields a call; worklog lists 1,000 ids; project and filter pages 100; agile pages 50.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from benchmarks.fakejira import render
from benchmarks.fakejira.jql.engine import Engine, Viewer
from benchmarks.fakejira.jql.errors import JqlError
from benchmarks.fakejira.model import Dataset, Issue, Project

SEARCH_PAGE = 50
SEARCH_MAX_WITH_FIELDS = 100
SEARCH_MAX_IDS = 5000
BULK_ISSUES = 100
CHANGELOG_ISSUES = 1000
CHANGELOG_FIELDS = 10
CHANGELOG_PAGE = 1000
CHANGELOG_MAX = 10000
WORKLOG_IDS = 1000
WORKLOG_UPDATED_PAGE = 1000
PAGE_MAX = 100
AGILE_PAGE = 50
NOT_FOUND = "Issue does not exist or you do not have permission to see it."


@dataclass(frozen=True)
class ApiRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    viewer: Viewer


@dataclass
class ApiResponse:
    status: int
    body: Any
    objects: int = 0  # objects returned, for Jira's points
    notes: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    def __init__(self, status: int, *messages: str) -> None:
        super().__init__(*messages)
        self.status = status
        self.messages = messages


# ------------------------------------------------------------------------------------------------- parameters


class Params:
    """A request's parameters (query string, or JSON body for POST), with Jira's checks and the notes."""

    def __init__(self, request: ApiRequest, known: Iterable[str], *, body: bool = False) -> None:
        self.values: dict[str, Any] = {}
        self.notes: list[str] = []
        if body:
            if request.body is not None and not isinstance(request.body, dict):
                raise ApiError(400, "The request body must be a JSON object.")
            self.values = dict(request.body or {})
        else:
            self.values = {k: v if len(v) > 1 else v[0] for k, v in request.query.items()}
        unknown = sorted(set(self.values) - set(known))
        if unknown:
            self.notes.append(f"unknown parameter(s) ignored: {', '.join(unknown)}")

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name, default)
        if isinstance(value, list):
            return ",".join(str(v) for v in value)
        return None if value is None else str(value)

    def items(self, name: str) -> list[str]:
        """A list parameter: repeated, comma-separated, or a JSON array."""
        value = self.values.get(name)
        if value is None:
            return []
        raw = value if isinstance(value, list) else [value]
        return [part.strip() for item in raw for part in str(item).split(",") if part.strip()]

    def integer(self, name: str, default: int, *, cap: int | None = None, minimum: int = 0) -> int:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            number = int(str(value))
        except ValueError:
            raise ApiError(400, f"The value '{value}' is not valid for the parameter '{name}'.") from None
        if number < minimum:
            raise ApiError(400, f"The value of '{name}' must be at least {minimum}.")
        if cap is not None and number > cap:
            self.notes.append(f"{name}={number} above the limit: {cap} served")
            return cap
        return number


def _token(kind: str, offset: int) -> str:
    digest = hashlib.sha1(kind.encode()).hexdigest()[:10]
    return base64.urlsafe_b64encode(f"{digest}:{offset}".encode()).decode().rstrip("=")


def _offset(token: str | None, kind: str) -> int:
    """The position a page token points at; it must come from the same query (Jira: 400 otherwise)."""
    if not token:
        return 0
    try:
        digest, offset = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().split(":")
        if digest == hashlib.sha1(kind.encode()).hexdigest()[:10]:
            return int(offset)
    except (ValueError, UnicodeDecodeError):
        pass
    raise ApiError(400, "The nextPageToken is invalid or does not belong to this query.")


def _page_bean(
    path: str, query: dict[str, Any], start: int, size: int, values: list[Any], total: int
) -> dict[str, Any]:
    """Jira's offset page (PageBean…): values, startAt, maxResults, total, isLast, self and nextPage."""
    is_last = start + len(values) >= total
    out: dict[str, Any] = {
        "self": f"{render.API}{path}?{urlencode({**query, 'startAt': start, 'maxResults': size})}",
        "maxResults": size,
        "startAt": start,
        "total": total,
        "isLast": is_last,
        "values": values,
    }
    if not is_last:
        out["nextPage"] = f"{render.API}{path}?{urlencode({**query, 'startAt': start + size, 'maxResults': size})}"
    return out


# ------------------------------------------------------------------------------------------------- the API


Handler = Callable[["FakeJiraApi", ApiRequest, re.Match[str]], ApiResponse]
_ROUTES: list[tuple[str, re.Pattern[str], Handler]] = []


def route(method: str, pattern: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _ROUTES.append((method, re.compile(f"^{pattern}$"), handler))
        return handler

    return register


def endpoint(method: str, path: str) -> str:
    """The operation a request is for, e.g. ``GET /rest/api/3/issue/{id}/worklog`` (for burst limits, reports)."""
    for m, pattern, _ in _ROUTES:
        if m == method and pattern.match(path):
            return f"{m} {_template(pattern.pattern)}"
    return f"{method} {path}"


def _template(pattern: str) -> str:
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", pattern.strip("^$"))


class FakeJiraApi:
    """Answers API requests over one dataset; the engine keeps query results for the whole run."""

    def __init__(self, data: Dataset, engine: Engine | None = None) -> None:
        self.data = data
        self.engine = engine or Engine(data)
        self.fields = render.api_fields(data)
        self._issue_counts: dict[str, int] = {}
        for issue in data.issues:
            self._issue_counts[issue.project.key] = self._issue_counts.get(issue.project.key, 0) + 1

    def handle(self, request: ApiRequest) -> ApiResponse:
        allowed = []
        for method, pattern, handler in _ROUTES:
            match = pattern.match(request.path)
            if match is None:
                continue
            if method != request.method:
                allowed.append(method)
                continue
            try:
                return handler(self, request, match)
            except ApiError as exc:
                return ApiResponse(exc.status, render.error_body(*exc.messages))
            except JqlError as exc:
                return ApiResponse(400, render.error_body(exc.message))
        if allowed:
            return ApiResponse(405, render.error_body(f"Method {request.method} is not allowed here."))
        message = f"No operation at {request.method} {request.path} (the fake Jira does not have it)."
        return ApiResponse(404, render.error_body(message), notes=["unknown operation"])

    # ------------------------------------------------------------------------------------------ helpers

    def _issue(self, id_or_key: str, viewer: Viewer) -> Issue:
        issue = self.data.issue(id_or_key)
        if issue is None or not self.data.can_see(issue, viewer.account):
            raise ApiError(404, NOT_FOUND)
        return issue

    def _selection(self, params: Params, *, default: str) -> render.Selection:
        selection = render.select(params.items("fields"), self.fields, default=default)
        if selection.unknown:
            params.notes.append(f"unknown field(s) ignored: {', '.join(selection.unknown)}")
        return selection

    def _issues_json(self, issues: Sequence[Issue], selection: render.Selection, expand: Iterable[str]) -> list[Any]:
        changelog = "changelog" in expand
        return [render.issue(i, selection, self.data, self.fields, changelog=changelog) for i in issues]

    def _visible_projects(self, viewer: Viewer) -> list[Project]:
        return [p for p in self.data.projects if self.data.can_browse(p, viewer.account)]


# ------------------------------------------------------------------------------------------------- issue search


_SEARCH_PARAMS = (
    "jql",
    "nextPageToken",
    "maxResults",
    "fields",
    "expand",
    "properties",
    "fieldsByKeys",
    "failFast",
    "reconcileIssues",
)


@route("GET", "/rest/api/3/search/jql")
@route("POST", "/rest/api/3/search/jql")
def search(api: FakeJiraApi, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
    params = Params(request, _SEARCH_PARAMS, body=request.method == "POST")
    jql = params.text("jql") or ""
    selection = api._selection(params, default="id")
    ids_only = selection.ids is None or not selection.ids
    limit = SEARCH_MAX_IDS if ids_only else SEARCH_MAX_WITH_FIELDS
    size = params.integer("maxResults", SEARCH_PAGE, cap=limit, minimum=1)
    found = api.engine.search(jql, request.viewer)
    start = _offset(params.text("nextPageToken"), f"search:{jql}")
    page = [api.data.issues[i] for i in found[start : start + size]]
    expand = params.items("expand")
    body: dict[str, Any] = {"issues": api._issues_json(page, selection, expand)}
    if "names" in expand or "schema" in expand:
        names, schema = render.names_and_schema(api.fields, selection)
        body |= {"names": names} if "names" in expand else {}
        body |= {"schema": schema} if "schema" in expand else {}
    end = start + len(page)
    body["isLast"] = end >= len(found)
    if end < len(found):
        body["nextPageToken"] = _token(f"search:{jql}", end)
    return ApiResponse(200, body, len(page), params.notes)


@route("POST", "/rest/api/3/search/approximate-count")
def approximate_count(api: FakeJiraApi, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
    params = Params(request, ("jql",), body=True)
    jql = params.text("jql")
    if jql is None:
        raise ApiError(400, "The JQL query is required.")
    return ApiResponse(200, {"count": api.engine.count(jql, request.viewer)}, 0, params.notes)


@route("POST", "/rest/api/3/issue/bulkfetch")
def bulk_fetch(api: FakeJiraApi, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
    params = Params(request, ("issueIdsOrKeys", "fields", "expand", "fieldsByKeys", "properties"), body=True)
    wanted = params.items("issueIdsOrKeys")
    if not wanted:
        raise ApiError(400, "issueIdsOrKeys is required.")
    if len(wanted) > BULK_ISSUES:
        raise ApiError(400, f"You can request at most {BULK_ISSUES} issues at a time.")
    found: dict[int, Issue] = {}
    errors = []
    for ident in wanted:
        issue = api.data.issue(ident)
        if issue is None or not api.data.can_see(issue, request.viewer.account):
            errors.append({"id": ident, "errorMessage": NOT_FOUND})
        else:
            found[issue.id] = issue
    issues = [found[k] for k in sorted(found)]
    selection = api._selection(params, default="*navigable")
    body = {"issues": api._issues_json(issues, selection, params.items("expand")), "issueErrors": errors}
    return ApiResponse(200, body, len(issues), params.notes)


@route("GET", "/rest/api/3/issue/(?P<issue>[^/]+)")
def get_issue(api: FakeJiraApi, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
    """One issue the viewer can see, with the fields asked for (by default every navigable one)."""
    params = Params(request, ("fields", "expand", "properties", "fieldsByKeys", "updateHistory", "failFast"))
    issue = api._issue(match["issue"], request.viewer)
    selection = api._selection(params, default="*navigable")
    (body,) = api._issues_json([issue], selection, params.items("expand"))
    return ApiResponse(200, body, 1, params.notes)


# ------------------------------------------------------------------------------------------------- worklogs


@route("GET", "/rest/api/3/issue/(?P<issue>[^/]+)/worklog")
def issue_worklogs(api: FakeJiraApi, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
    params = Params(request, ("startAt", "maxResults", "startedAfter", "startedBefore", "expand"))
    issue = api._issue(match["issue"], request.viewer)
    after = params.integer("startedAfter", 0)
    before = params.integer("startedBefore", 2**62)
    logs = [w for w in issue.worklogs if after <= w.started < before]
    start = params.integer("startAt", 0)
    size = params.integer("maxResults", 5000, cap=5000)
    page = logs[start : start + size]
    body = {
        "startAt": start,
        "maxResults": size,
        "total": len(logs),
        "worklogs": [render.worklog(w, api.data) for w in page],
    }
    return ApiResponse(200, body, len(page), params.notes)


@route("GET", "/rest/api/3/worklog/updated")
def worklogs_updated(api: FakeJiraApi, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
    """Ids of worklogs updated after ``since``, oldest first, 1,000 a page (none from the last minute, as in Jira)."""
    params = Params(request, ("since", "expand"))
    since = params.integer("since", 0)
    latest = api.engine.now - 60_000
    data = api.data
    logs = sorted(
        (
            w
            for w in data.worklogs
            if since < w.updated <= latest and data.can_see(data.issues[w.issue], request.viewer.account)
        ),
        key=lambda w: (w.updated, w.id),
    )
    page = logs[:WORKLOG_UPDATED_PAGE]
    until = page[-1].updated if page else since
    last = len(logs) <= WORKLOG_UPDATED_PAGE
    body: dict[str, Any] = {
        "values": [{"worklogId": w.id, "updatedTime": w.updated, "properties": []} for w in page],
        "since": since,
        "until": until,
        "self": f"{render.API}/worklog/updated?since={since}",
        "lastPage": last,
    }
    if not last:
        body["nextPage"] = f"{render.API}/worklog/updated?since={until}"
    return ApiResponse(200, body, len(page), params.notes)


@route("POST", "/rest/api/3/worklog/list")
def worklog_list(api: FakeJiraApi, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
    params = Params(request, ("ids",), body=True)
    raw = params.values.get("ids")
    if not isinstance(raw, list) or not raw:
        raise ApiError(400, "ids is required: a list of worklog ids.")
    if len(raw) > WORKLOG_IDS:
        raise ApiError(400, f"You can request at most {WORKLOG_IDS} worklogs at a time.")
    data = api.data
    out = []
    for ident in raw:
        log = data.worklog_by_id.get(int(ident)) if str(ident).isdigit() else None
        if log is not None and data.can_see(data.issues[log.issue], request.viewer.account):
            out.append(render.worklog(log, data))
    return ApiResponse(200, out, len(out), params.notes)


# ------------------------------------------------------------------------------------------------- history


def _histories(issue: Issue, field_ids: frozenset[str] | None, data: Dataset) -> list[int]:
    """Positions of the issue's changes, keeping only those of ``field_ids`` (None: all)."""
    sprint_id = data.custom_field("sprint").id
    return [
        k
        for k, c in enumerate(issue.changes)
        if field_ids is None or (c.field if c.field == "status" else sprint_id) in field_ids
    ]


@route("POST", "/rest/api/3/changelog/bulkfetch")
def changelog_bulk(api: FakeJiraApi, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
    """All histories of up to 1,000 issues, oldest first (then by issue id), in pages of up to 10,000."""
    params = Params(request, ("issueIdsOrKeys", "fieldIds", "maxResults", "nextPageToken"), body=True)
    wanted = params.items("issueIdsOrKeys")
    if not wanted:
        raise ApiError(400, "issueIdsOrKeys is required.")
    if len(wanted) > CHANGELOG_ISSUES:
        raise ApiError(400, f"You can request the changelogs of at most {CHANGELOG_ISSUES} issues at a time.")
    field_ids = params.items("fieldIds")
    if len(field_ids) > CHANGELOG_FIELDS:
        raise ApiError(400, f"You can filter by at most {CHANGELOG_FIELDS} field ids.")
    size = params.integer("maxResults", CHANGELOG_PAGE, cap=CHANGELOG_MAX, minimum=1)
    issues = [i for w in wanted if (i := api.data.issue(w)) is not None and api.data.can_see(i, request.viewer.account)]
    chosen = frozenset(field_ids) if field_ids else None
    entries = sorted(
        ((issue.changes[k].at, issue.id, k, issue) for issue in issues for k in _histories(issue, chosen, api.data)),
        key=lambda e: (e[0], e[1], e[2]),
    )
    kind = f"changelog:{','.join(wanted)}:{','.join(field_ids)}"
    start = _offset(params.text("nextPageToken"), kind)
    page = entries[start : start + size]
    grouped: dict[int, dict[str, Any]] = {}
    for *_ordering, k, issue in page:
        group = grouped.setdefault(issue.id, {"issueId": str(issue.id), "changeHistories": []})
        group["changeHistories"].append(render.change(issue, k, api.data))
    body: dict[str, Any] = {"issueChangeLogs": list(grouped.values())}
    if start + size < len(entries):
        body["nextPageToken"] = _token(kind, start + size)
    return ApiResponse(200, body, len(page), params.notes)


@route("GET", "/rest/api/3/issue/(?P<issue>[^/]+)/changelog")
def issue_changelog(api: FakeJiraApi, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
    params = Params(request, ("startAt", "maxResults"))
    issue = api._issue(match["issue"], request.viewer)
    start = params.integer("startAt", 0)
    size = params.integer("maxResults", PAGE_MAX, cap=PAGE_MAX)
    positions = list(range(len(issue.changes)))
    values = [render.change(issue, k, api.data) for k in positions[start : start + size]]
    body = _page_bean(f"/issue/{issue.key}/changelog", {}, start, size, values, len(positions))
    return ApiResponse(200, body, len(values), params.notes)


# ------------------------------------------------------------------------------------------------- projects, filters

_PROJECT_ORDER: dict[str, Callable[[Project], Any]] = {
    "key": lambda p: p.key,
    "name": lambda p: p.name.lower(),
    "category": lambda p: (p.category is None, p.category[1] if p.category else ""),
    "owner": lambda p: p.lead.display_name.lower(),
}


@route("GET", "/rest/api/3/project/search")
def project_search(api: FakeJiraApi, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
    known = ("startAt", "maxResults", "orderBy", "id", "keys", "query", "typeKey", "categoryId", "action", "expand")
    params = Params(request, (*known, "status", "properties", "propertyQuery"))
    projects = api._visible_projects(request.viewer)
    if text := (params.text("query") or "").strip().lower():
        projects = [p for p in projects if text in p.key.lower() or text in p.name.lower()]
    if types := params.items("typeKey"):
        projects = [p for p in projects if p.type_key in types]
    if (category := params.text("categoryId")) is not None:
        projects = [p for p in projects if p.category is not None and p.category[0] == category]
    if keys := params.items("keys"):
        projects = [p for p in projects if p.key in keys]
    if ids := params.items("id"):
        projects = [p for p in projects if p.id in ids]
    order = params.text("orderBy", "key") or "key"
    name = order.lstrip("+-")
    if name == "issueCount":
        projects.sort(key=lambda p: api._issue_counts.get(p.key, 0), reverse=order.startswith("-"))
    elif name in _PROJECT_ORDER:
        projects.sort(key=_PROJECT_ORDER[name], reverse=order.startswith("-"))
    else:
        raise ApiError(400, f"The orderBy value '{order}' is not supported.")
    start = params.integer("startAt", 0)
    size = params.integer("maxResults", 50, cap=PAGE_MAX)
    expand = frozenset(params.items("expand"))
    values = [render.project(p, expand, api._issue_counts.get(p.key, 0)) for p in projects[start : start + size]]
    query = {k: params.text(k) for k in ("orderBy", "query", "expand") if params.text(k)}
    return ApiResponse(
        200, _page_bean("/project/search", query, start, size, values, len(projects)), len(values), params.notes
    )


_FILTER_ORDER: dict[str, Callable[[Any], Any]] = {
    "name": lambda f: f.name.lower(),
    "id": lambda f: int(f.id),
    "description": lambda f: f.description.lower(),
    "owner": lambda f: f.owner.display_name.lower(),
    "favourite_count": lambda f: f.favourited_count,
    "is_favourite": lambda f: False,
}


@route("GET", "/rest/api/3/filter/search")
def filter_search(api: FakeJiraApi, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
    known = ("filterName", "accountId", "owner", "groupname", "groupId", "projectId", "id", "orderBy")
    params = Params(
        request, (*known, "startAt", "maxResults", "expand", "overrideSharePermissions", "isSubstringMatch")
    )
    data = api.data
    filters = [f for f in data.filters if data.can_see_filter(f, request.viewer.account)]
    if text := (params.text("filterName") or "").strip().lower():
        filters = [f for f in filters if text in f.name.lower()]
    if account := params.text("accountId"):
        filters = [f for f in filters if f.owner.account_id == account]
    if ids := params.items("id"):
        filters = [f for f in filters if f.id in ids]
    order = params.text("orderBy", "name") or "name"
    if order.lstrip("+-") not in _FILTER_ORDER:
        raise ApiError(400, f"The orderBy value '{order}' is not supported.")
    filters.sort(key=_FILTER_ORDER[order.lstrip("+-")], reverse=order.startswith("-"))
    start = params.integer("startAt", 0)
    size = params.integer("maxResults", 50, cap=PAGE_MAX)
    expand = frozenset(params.items("expand"))
    values = [render.saved_filter(f, expand) for f in filters[start : start + size]]
    query = {k: params.text(k) for k in ("filterName", "orderBy", "expand") if params.text(k)}
    return ApiResponse(
        200, _page_bean("/filter/search", query, start, size, values, len(filters)), len(values), params.notes
    )


# ------------------------------------------------------------------------------------------------- reference data


@route("GET", "/rest/api/3/resolution/search")
def resolution_search(api: FakeJiraApi, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
    """The site's resolutions, paged (PageBeanResolutionJsonBean)."""
    params = Params(request, ("startAt", "maxResults", "id", "onlyDefault"))
    resolutions = list(api.data.resolutions)
    start = params.integer("startAt", 0)
    size = params.integer("maxResults", 50, cap=PAGE_MAX)
    values = [render.resolution(r) for r in resolutions[start : start + size]]
    body = _page_bean("/resolution/search", {}, start, size, values, len(resolutions))
    return ApiResponse(200, body, len(values), params.notes)


def _browsable(api: FakeJiraApi, ident: str, viewer: Viewer) -> Project:
    """A project by id or key, as the viewer may browse it (404 otherwise, as Jira answers)."""
    for project in api.data.projects:
        if ident in (project.id, project.key) and api.data.can_browse(project, viewer.account):
            return project
    raise ApiError(404, f"No project could be found with key '{ident}'.")


@route("GET", "/rest/api/3/project/(?P<project>[^/]+)/components")
def project_components(api: FakeJiraApi, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
    """Every component of a project (a plain list, not paged)."""
    params = Params(request, ("componentSource",))
    project = _browsable(api, match["project"], request.viewer)
    values = [render.component(c, project) for c in project.components]
    return ApiResponse(200, values, len(values), params.notes)


@route("GET", "/rest/api/3/project/(?P<project>[^/]+)/versions")
def project_versions(api: FakeJiraApi, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
    """Every version of a project (a plain list, not paged)."""
    params = Params(request, ("expand",))
    project = _browsable(api, match["project"], request.viewer)
    values = [render.version(v) for v in project.versions]
    return ApiResponse(200, values, len(values), params.notes)


def _listing(name: str, items: Callable[[FakeJiraApi], list[Any]]) -> None:
    def handler(api: FakeJiraApi, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
        params = Params(request, ())
        values = items(api)
        return ApiResponse(200, values, len(values), params.notes)

    route("GET", f"/rest/api/3/{name}")(handler)


_listing("priority", lambda api: [render.priority(p) for p in api.data.priorities])
_listing("status", lambda api: [render.status(s) for s in api.data.statuses])
_listing("statuscategory", lambda api: [render.category(c) for c in api.data.categories])
_listing("issuetype", lambda api: [render.issuetype(t) for t in api.data.issuetypes])
_listing("resolution", lambda api: [render.resolution(r) for r in api.data.resolutions])
_listing(
    "field",
    lambda api: [
        {
            "id": f.id,
            "key": f.id,
            "name": f.name,
            "custom": f.id.startswith("customfield_"),
            "orderable": True,
            "navigable": f.navigable,
            "searchable": f.jql is not None,
            "clauseNames": api.engine.fields.aliases(f.jql) if f.jql else [],
            "schema": f.schema,
        }
        for f in api.fields
    ],
)


@route("GET", "/rest/api/3/field")
def field_list(api: FakeJiraApi, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
    """Every field of the site (a list, not a page); Jira charges the request only, not per field."""
    params = Params(request, ())
    return ApiResponse(200, render.field_list(api.fields), 0, params.notes)


# ------------------------------------------------------------------------------------------------- agile


def _agile_page(start: int, size: int, values: list[Any], total: int) -> dict[str, Any]:
    return {
        "maxResults": size,
        "startAt": start,
        "total": total,
        "isLast": start + len(values) >= total,
        "values": values,
    }


@route("GET", "/rest/agile/1.0/board")
def boards(api: FakeJiraApi, request: ApiRequest, _: re.Match[str]) -> ApiResponse:
    params = Params(request, ("startAt", "maxResults", "type", "name", "projectKeyOrId", "orderBy", "expand"))
    found = [b for b in api.data.boards if api.data.can_browse(b.project, request.viewer.account)]
    if types := params.items("type"):
        found = [b for b in found if b.type in types]
    if name := (params.text("name") or "").lower():
        found = [b for b in found if name in b.name.lower()]
    if project := params.text("projectKeyOrId"):
        found = [b for b in found if project in (b.project.key, b.project.id)]
    start = params.integer("startAt", 0)
    size = params.integer("maxResults", AGILE_PAGE, cap=AGILE_PAGE)
    values = [render.board(b) for b in found[start : start + size]]
    return ApiResponse(200, _agile_page(start, size, values, len(found)), len(values), params.notes)


def _board(api: FakeJiraApi, ident: str, viewer: Viewer) -> Any:
    for b in api.data.boards:
        if str(b.id) == ident and api.data.can_browse(b.project, viewer.account):
            return b
    raise ApiError(404, "Board does not exist or you do not have permission to see it.")


@route("GET", "/rest/agile/1.0/board/(?P<board>[^/]+)/sprint")
def board_sprints(api: FakeJiraApi, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
    params = Params(request, ("startAt", "maxResults", "state"))
    board = _board(api, match["board"], request.viewer)
    states = params.items("state")
    bad = [s for s in states if s not in ("future", "active", "closed")]
    if bad:
        raise ApiError(400, f"The sprint state '{bad[0]}' is not valid: use future, active or closed.")
    found = [s for s in board.sprints if not states or s.state in states]
    start = params.integer("startAt", 0)
    size = params.integer("maxResults", AGILE_PAGE, cap=AGILE_PAGE)
    values = [render.sprint(s) for s in found[start : start + size]]
    return ApiResponse(200, _agile_page(start, size, values, len(found)), len(values), params.notes)


def _agile_issues(api: FakeJiraApi, request: ApiRequest, pool: list[int]) -> ApiResponse:
    """Issues of a sprint or board, narrowed by ``jql`` (ordered by it, else by rank, i.e. oldest first)."""
    params = Params(request, ("startAt", "maxResults", "jql", "validateQuery", "fields", "expand"))
    positions = pool
    if jql := params.text("jql"):
        matched = api.engine.search(jql, request.viewer, bounded=False)
        allowed = set(pool)
        positions = (
            [i for i in matched if i in allowed] if api.engine.parse(jql).order else sorted(allowed & set(matched))
        )
    visible = [i for i in positions if api.data.can_see(api.data.issues[i], request.viewer.account)]
    start = params.integer("startAt", 0)
    size = params.integer("maxResults", AGILE_PAGE, cap=PAGE_MAX)
    selection = api._selection(params, default="*navigable")
    page = [api.data.issues[i] for i in visible[start : start + size]]
    issues = api._issues_json(page, selection, params.items("expand"))
    for item, issue in zip(issues, page, strict=True):
        if selection.ids is not None and "fields" in item:
            current = [s for s in issue.sprints if s.state != "closed"]
            item["fields"]["sprint"] = render.sprint(current[-1]) if current else None
            item["fields"]["closedSprints"] = [render.sprint(s) for s in issue.sprints if s.state == "closed"]
            item["fields"]["flagged"] = False
    body = {"expand": "schema,names", "startAt": start, "maxResults": size, "total": len(visible), "issues": issues}
    return ApiResponse(200, body, len(page), params.notes)


@route("GET", "/rest/agile/1.0/sprint/(?P<sprint>[^/]+)/issue")
def sprint_issues(api: FakeJiraApi, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
    sprint = api.data.sprint_by_id.get(int(match["sprint"])) if match["sprint"].isdigit() else None
    board = next((b for b in api.data.boards if sprint is not None and b.id == sprint.board_id), None)
    if sprint is None or board is None or not api.data.can_browse(board.project, request.viewer.account):
        raise ApiError(404, "Sprint does not exist or you do not have permission to see it.")
    pool = [i.index for i in api.data.issues if sprint in i.sprints]
    return _agile_issues(api, request, pool)


@route("GET", "/rest/agile/1.0/board/(?P<board>[^/]+)/issue")
def board_issues(api: FakeJiraApi, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
    board = _board(api, match["board"], request.viewer)
    pool = [i.index for i in api.data.issues if i.project is board.project]
    return _agile_issues(api, request, pool)
