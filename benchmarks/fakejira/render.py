"""The fake site's objects as Jira's REST API writes them (shapes from the vendored OpenAPI documents).

Issue fields are rendered one by one, only those asked for (``fields=summary,status``, ``*all``,
``*navigable``, ``-description``); everything else — users, projects, worklogs, change histories, sprints,
boards, filters and the reference lists — has one function each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from benchmarks.fakejira.model import (
    SITE,
    Board,
    Change,
    Component,
    CustomField,
    Dataset,
    Filter,
    Issue,
    IssueType,
    Priority,
    Project,
    Resolution,
    Sprint,
    Status,
    StatusCategory,
    User,
    Version,
    Worklog,
)

EMBEDDED_WORKLOGS = 20  # fields=worklog embeds this many worklogs of each issue, with their total
EMBEDDED_CHANGES = 40  # expand=changelog embeds at most this many change histories

API = f"{SITE}/rest/api/3"
AGILE = f"{SITE}/rest/agile/1.0"


def moment(ms: int | None) -> str | None:
    """Jira's date-time format: 2026-11-18T12:00:00.000+0000."""
    if ms is None:
        return None
    at = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}+0000"


def day(ms: int | None) -> str | None:
    return None if ms is None else datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%d")


def duration(seconds: int) -> str:
    """Time tracking text as Jira writes it: working weeks (5 d), days (8 h), hours and minutes, e.g. "1d 2h"."""
    parts = []
    rest = seconds // 60
    for unit, size in (("w", 5 * 8 * 60), ("d", 8 * 60), ("h", 60), ("m", 1)):
        if rest >= size:
            parts.append(f"{rest // size}{unit}")
            rest %= size
    return " ".join(parts) or "0m"


def adf(text: str) -> dict[str, Any]:
    """Plain text as an Atlassian Document Format document."""
    return {
        "type": "doc",
        "version": 1,
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]}],
    }


def error_body(*messages: str) -> dict[str, Any]:
    return {"errorMessages": list(messages), "errors": {}}


# --------------------------------------------------------------------------------------------- entities


@cache
def user(u: User) -> dict[str, Any]:
    avatar = f"https://avatars.example.net/{u.account_id}.png"
    return {
        "self": f"{API}/user?accountId={u.account_id}",
        "accountId": u.account_id,
        "accountType": "atlassian",
        "avatarUrls": {size: f"{avatar}?s={size.split('x')[0]}" for size in ("48x48", "24x24", "16x16", "32x32")},
        "displayName": u.display_name,
        "active": True,
        "timeZone": "UTC",
    }


@cache
def category(c: StatusCategory) -> dict[str, Any]:
    return {"self": f"{API}/statuscategory/{c.id}", "id": c.id, "key": c.key, "colorName": c.color, "name": c.name}


@cache
def status(s: Status) -> dict[str, Any]:
    return {
        "self": f"{API}/status/{s.id}",
        "description": f"Issues that are {s.name.lower()}.",
        "iconUrl": f"{SITE}/images/icons/statuses/generic.png",
        "name": s.name,
        "untranslatedName": s.name,
        "id": s.id,
        "statusCategory": category(s.category),
    }


@cache
def priority(p: Priority) -> dict[str, Any]:
    return {
        "self": f"{API}/priority/{p.id}",
        "statusColor": "#ff5630" if p.rank >= 4 else "#ffab00" if p.rank == 3 else "#2684ff",
        "description": f"{p.name} priority.",
        "iconUrl": f"{SITE}/images/icons/priorities/{p.name.lower()}.svg",
        "name": p.name,
        "id": p.id,
    }


@cache
def issuetype(t: IssueType) -> dict[str, Any]:
    return {
        "self": f"{API}/issuetype/{t.id}",
        "id": t.id,
        "description": f"A {t.name.lower()}.",
        "iconUrl": f"{SITE}/images/icons/issuetypes/{t.name.lower()}.svg",
        "name": t.name,
        "subtask": t.subtask,
        "avatarId": 10300 + int(t.id) % 100,
        "hierarchyLevel": t.hierarchy_level,
    }


@cache
def resolution(r: Resolution) -> dict[str, Any]:
    return {"self": f"{API}/resolution/{r.id}", "id": r.id, "description": f"Resolved as {r.name}.", "name": r.name}


def component(c: Component, p: Project) -> dict[str, Any]:
    """A component as the project's component list shows it (ProjectComponent)."""
    return {
        "self": f"{API}/component/{c.id}",
        "id": c.id,
        "name": c.name,
        "project": p.key,
        "projectId": int(p.id),
        "assigneeType": "PROJECT_DEFAULT",
        "isAssigneeTypeValid": False,
    }


@cache
def version(v: Version) -> dict[str, Any]:
    return {
        "self": f"{API}/version/{v.id}",
        "id": v.id,
        "name": v.name,
        "archived": False,
        "released": v.released,
        "releaseDate": day(v.release_day),
    }


def _avatars(kind: str, ident: str) -> dict[str, str]:
    return {
        size: f"{SITE}/secure/{kind}avatar?size={size}&pid={ident}" for size in ("48x48", "24x24", "16x16", "32x32")
    }


@cache
def project_ref(p: Project) -> dict[str, Any]:
    """A project as an issue's ``project`` field shows it."""
    return {
        "self": f"{API}/project/{p.id}",
        "id": p.id,
        "key": p.key,
        "name": p.name,
        "projectTypeKey": p.type_key,
        "simplified": False,
        "avatarUrls": _avatars("project", p.id),
    }


def project(p: Project, expand: frozenset[str], issue_count: int) -> dict[str, Any]:
    """A project as /project/search lists it; ``lead``, ``description`` and ``insight`` only when expanded."""
    out: dict[str, Any] = {
        "expand": "description,lead,issueTypes,url,projectKeys,permissions,insight",
        **project_ref(p),
        "style": "classic",
        "isPrivate": p.members is not None,
        "properties": {},
    }
    if p.category is not None:
        ident, name = p.category
        out["projectCategory"] = {
            "self": f"{API}/projectCategory/{ident}",
            "id": ident,
            "name": name,
            "description": "",
        }
    if "lead" in expand:
        out["lead"] = user(p.lead)
    if "description" in expand:
        out["description"] = f"Work of {p.name}."
    if "insight" in expand:
        out["insight"] = {"totalIssueCount": issue_count}
    return out


FILTER_EXPANDS = (
    "description",
    "owner",
    "jql",
    "viewUrl",
    "searchUrl",
    "favourite",
    "favouritedCount",
    "sharePermissions",
)


def saved_filter(f: Filter, expand: frozenset[str]) -> dict[str, Any]:
    """A filter as /filter/search lists it: id, name and self, the rest only when expanded (as Jira does)."""
    full: dict[str, Any] = {
        "description": f.description,
        "owner": user(f.owner),
        "jql": f.jql,
        "viewUrl": f"{SITE}/issues/?filter={f.id}",
        "searchUrl": f"{API}/search/jql?jql={f.jql}",
        "favourite": False,
        "favouritedCount": f.favourited_count,
        "sharePermissions": [{"id": 1, "type": "global"}] if f.shared else [],
    }
    out: dict[str, Any] = {
        "expand": ",".join(FILTER_EXPANDS),
        "self": f"{API}/filter/{f.id}",
        "id": f.id,
        "name": f.name,
    }
    out.update({k: v for k, v in full.items() if k in expand})
    return out


def worklog(w: Worklog, data: Dataset) -> dict[str, Any]:
    issue = data.issues[w.issue]
    return {
        "self": f"{API}/issue/{issue.id}/worklog/{w.id}",
        "author": user(w.author),
        "updateAuthor": user(w.author),
        "comment": adf(f"Worked on {issue.key}."),
        "created": moment(w.updated),
        "updated": moment(w.updated),
        "started": moment(w.started),
        "timeSpent": duration(w.seconds),
        "timeSpentSeconds": w.seconds,
        "id": str(w.id),
        "issueId": str(issue.id),
    }


def _history_items(c: Change, data: Dataset) -> list[dict[str, Any]]:
    if c.field == "status":
        names = {s.id: s.name for s in data.statuses}
        return [
            {
                "field": "status",
                "fieldtype": "jira",
                "fieldId": "status",
                "from": c.before,
                "fromString": names[c.before],
                "to": c.after,
                "toString": names[c.after],
            }
        ]
    sprints = data.sprint_by_id

    def names_of(ids: str) -> str:
        return ", ".join(sprints[int(x)].name for x in ids.split(", ") if x)

    field = data.custom_field("sprint")
    return [
        {
            "field": field.name,
            "fieldtype": "custom",
            "fieldId": field.id,
            "from": c.before,
            "fromString": names_of(c.before),
            "to": c.after,
            "toString": names_of(c.after),
        }
    ]


def change(issue: Issue, position: int, data: Dataset) -> dict[str, Any]:
    """Change number ``position`` of an issue's history (ids are stable: issue id x 100 + position)."""
    c = issue.changes[position]
    return {
        "id": str(issue.id * 100 + position),
        "author": user(c.author),
        "created": moment(c.at),
        "items": _history_items(c, data),
    }


def sprint(s: Sprint) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": s.id,
        "self": f"{AGILE}/sprint/{s.id}",
        "state": s.state,
        "name": s.name,
        "startDate": moment(s.start),
        "endDate": moment(s.end),
        "originBoardId": s.board_id,
        "goal": s.goal,
    }
    if s.complete is not None:
        out["completeDate"] = moment(s.complete)
    return out


def board(b: Board) -> dict[str, Any]:
    p = b.project
    return {
        "id": b.id,
        "self": f"{AGILE}/board/{b.id}",
        "name": b.name,
        "type": b.type,
        "location": {
            "projectId": int(p.id),
            "displayName": f"{p.name} ({p.key})",
            "projectName": p.name,
            "projectKey": p.key,
            "projectTypeKey": p.type_key,
            "name": f"{p.name} ({p.key})",
        },
    }


# --------------------------------------------------------------------------------------------- issue fields


@dataclass(frozen=True)
class ApiField:
    """An issue field of the API: id, display name, the JQL name it answers to, its schema, and its value."""

    id: str
    name: str
    jql: str | None
    navigable: bool
    schema: dict[str, Any]
    value: Callable[[Issue, Dataset], Any]


def _sprint_field(issue: Issue, data: Dataset) -> list[dict[str, Any]] | None:
    if not issue.sprints:
        return None
    return [{**sprint(s), "boardId": s.board_id} for s in issue.sprints]


def _parent(issue: Issue, data: Dataset) -> dict[str, Any] | None:
    if issue.parent is None:
        return None
    p = data.issues[issue.parent]
    summary = {"summary": p.summary, "status": status(p.status), "priority": priority(p.priority)}
    return {
        "id": str(p.id),
        "key": p.key,
        "self": f"{API}/issue/{p.id}",
        "fields": {**summary, "issuetype": issuetype(p.issuetype)},
    }


def _embedded_worklogs(issue: Issue, data: Dataset) -> dict[str, Any]:
    logs = issue.worklogs[:EMBEDDED_WORKLOGS]
    return {
        "startAt": 0,
        "maxResults": EMBEDDED_WORKLOGS,
        "total": len(issue.worklogs),
        "worklogs": [worklog(w, data) for w in logs],
    }


def _timetracking(issue: Issue, data: Dataset) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, seconds in (
        ("originalEstimate", issue.original_estimate),
        ("remainingEstimate", issue.remaining_estimate),
        ("timeSpent", issue.time_spent),
    ):
        if seconds is not None:
            out[name] = duration(seconds)
            out[f"{name}Seconds"] = seconds
    return out


def _option(custom: CustomField) -> Callable[[Issue, Dataset], Any]:
    ids = {value: str(10100 + n) for n, value in enumerate(custom.options)}

    def value(issue: Issue, data: Dataset) -> Any:
        chosen: str | None = getattr(issue, custom.attribute)
        if chosen is None:
            return None
        return {"self": f"{API}/customFieldOption/{ids[chosen]}", "value": chosen, "id": ids[chosen]}

    return value


def _system(type_: str, system: str, items: str | None = None) -> dict[str, Any]:
    schema = {"type": type_, "system": system}
    if items:
        schema["items"] = items
    return schema


GREENHOPPER = "com.pyxis.greenhopper.jira"
"""Jira Software's own custom field types (the Sprint field's is ``com.pyxis.greenhopper.jira:gh-sprint``)."""


def _custom(
    type_: str, custom_type: str, number: int, plugin: str = "com.atlassian.jira.plugin.system.customfieldtypes"
) -> dict[str, Any]:
    return {"type": type_, "custom": f"{plugin}:{custom_type}", "customId": number}


def api_fields(data: Dataset) -> tuple[ApiField, ...]:
    """Every issue field the fake site has, in the order /field lists them."""
    points, sprints = data.custom_field("number"), data.custom_field("sprint")
    options = [f for f in data.custom_fields if f.kind == "option"]

    def user_or_none(u: User | None) -> dict[str, Any] | None:
        return user(u) if u is not None else None

    return (
        ApiField("summary", "Summary", "summary", True, _system("string", "summary"), lambda i, d: i.summary),
        ApiField(
            "description",
            "Description",
            "description",
            True,
            _system("string", "description"),
            lambda i, d: adf(i.description),
        ),
        ApiField(
            "project", "Project", "project", True, _system("project", "project"), lambda i, d: project_ref(i.project)
        ),
        ApiField(
            "issuetype",
            "Issue Type",
            "issuetype",
            True,
            _system("issuetype", "issuetype"),
            lambda i, d: issuetype(i.issuetype),
        ),
        ApiField("status", "Status", "status", True, _system("status", "status"), lambda i, d: status(i.status)),
        ApiField(
            "priority", "Priority", "priority", True, _system("priority", "priority"), lambda i, d: priority(i.priority)
        ),
        ApiField(
            "resolution",
            "Resolution",
            "resolution",
            True,
            _system("resolution", "resolution"),
            lambda i, d: resolution(i.resolution) if i.resolution else None,
        ),
        ApiField(
            "assignee", "Assignee", "assignee", True, _system("user", "assignee"), lambda i, d: user_or_none(i.assignee)
        ),
        ApiField("reporter", "Reporter", "reporter", True, _system("user", "reporter"), lambda i, d: user(i.reporter)),
        ApiField("creator", "Creator", "creator", True, _system("user", "creator"), lambda i, d: user(i.reporter)),
        ApiField("labels", "Labels", "labels", True, _system("array", "labels", "string"), lambda i, d: list(i.labels)),
        ApiField(
            "components",
            "Components",
            "component",
            True,
            _system("array", "components", "component"),
            lambda i, d: [{"self": f"{API}/component/{c.id}", "id": c.id, "name": c.name} for c in i.components],
        ),
        ApiField(
            "fixVersions",
            "Fix versions",
            "fixversion",
            True,
            _system("array", "fixVersions", "version"),
            lambda i, d: [version(v) for v in i.fix_versions],
        ),
        ApiField("created", "Created", "created", True, _system("datetime", "created"), lambda i, d: moment(i.created)),
        ApiField("updated", "Updated", "updated", True, _system("datetime", "updated"), lambda i, d: moment(i.updated)),
        ApiField(
            "resolutiondate",
            "Resolved",
            "resolved",
            True,
            _system("datetime", "resolutiondate"),
            lambda i, d: moment(i.resolved),
        ),
        ApiField("duedate", "Due date", "duedate", True, _system("date", "duedate"), lambda i, d: day(i.due)),
        ApiField(
            "timeoriginalestimate",
            "Original estimate",
            "originalestimate",
            True,
            _system("number", "timeoriginalestimate"),
            lambda i, d: i.original_estimate,
        ),
        ApiField(
            "timeestimate",
            "Remaining Estimate",
            "remainingestimate",
            True,
            _system("number", "timeestimate"),
            lambda i, d: i.remaining_estimate,
        ),
        ApiField(
            "timespent", "Time Spent", "timespent", True, _system("number", "timespent"), lambda i, d: i.time_spent
        ),
        ApiField("timetracking", "Time tracking", None, False, _system("timetracking", "timetracking"), _timetracking),
        ApiField(
            "votes",
            "Votes",
            "votes",
            True,
            _system("votes", "votes"),
            lambda i, d: {"self": f"{API}/issue/{i.key}/votes", "votes": i.votes, "hasVoted": False},
        ),
        ApiField(
            "watches",
            "Watchers",
            "watchers",
            True,
            _system("watches", "watches"),
            lambda i, d: {"self": f"{API}/issue/{i.key}/watchers", "watchCount": i.watchers, "isWatching": False},
        ),
        ApiField("parent", "Parent", "parent", True, _system("issuelink", "parent"), _parent),
        ApiField(
            "subtasks",
            "Sub-tasks",
            None,
            True,
            _system("array", "subtasks", "issuelinks"),
            lambda i, d: [{"id": str(d.issues[c].id), "key": d.issues[c].key} for c in d.children.get(i.index, [])],
        ),
        ApiField(
            "issuelinks", "Linked Issues", None, True, _system("array", "issuelinks", "issuelinks"), lambda i, d: []
        ),
        ApiField(
            "security",
            "Security Level",
            None,
            True,
            _system("securitylevel", "security"),
            lambda i, d: {"id": "10000", "name": i.security} if i.security else None,
        ),
        ApiField(
            "worklog", "Log Work", "worklogdate", False, _system("array", "worklog", "worklog"), _embedded_worklogs
        ),
        ApiField(
            "comment",
            "Comment",
            "comment",
            False,
            _system("comments-page", "comment"),
            lambda i, d: {"comments": [], "maxResults": 0, "total": 0, "startAt": 0},
        ),
        ApiField(
            points.id,
            points.name,
            points.id,
            True,
            _custom("number", "float", points.number),
            lambda i, d: i.story_points,
        ),
        *(ApiField(o.id, o.name, o.id, True, _custom("option", "select", o.number), _option(o)) for o in options),
        ApiField(
            sprints.id,
            sprints.name,
            sprints.id,
            True,
            _custom("array", "gh-sprint", sprints.number, GREENHOPPER) | {"items": "json"},
            _sprint_field,
        ),
    )


def field_list(fields: tuple[ApiField, ...]) -> list[dict[str, Any]]:
    """``GET /rest/api/3/field``: every field with its id, name, whether it is custom, JQL names and schema."""
    return [
        {
            "id": f.id,
            "key": f.id,
            "name": f.name,
            "custom": f.id.startswith("customfield_"),
            "navigable": f.navigable,
            "searchable": f.jql is not None,
            "clauseNames": [f.jql] if f.jql else [],
            "schema": f.schema,
        }
        for f in fields
    ]


@dataclass(frozen=True)
class Selection:
    """Which fields an issue carries: ``ids`` None means only the issue id (Jira's default for /search/jql)."""

    ids: frozenset[str] | None
    unknown: tuple[str, ...] = ()  # asked for but not fields of this site: Jira ignores them silently


def select(asked: Iterable[str] | None, fields: tuple[ApiField, ...], *, default: str) -> Selection:
    """Jira's ``fields`` rules: ids, ``*all``, ``*navigable``, ``-id`` to leave one out; ``default`` when not given."""
    names = [n.strip() for item in (asked or []) for n in str(item).split(",") if n.strip()] or [default]
    known = {f.id: f for f in fields}
    chosen: set[str] = set()
    excluded: set[str] = set()
    unknown = []
    for name in names:
        if name == "*all":
            chosen.update(known)
        elif name == "*navigable":
            chosen.update(f.id for f in fields if f.navigable)
        elif name.startswith("-"):
            excluded.add(name[1:])
        elif name in known:
            chosen.add(name)
        elif name not in ("id", "key"):
            unknown.append(name)
    if excluded and not chosen and all(n.startswith("-") for n in names):
        chosen.update(f.id for f in fields if f.navigable)
    if names == ["id"]:
        return Selection(None)
    return Selection(frozenset(chosen - excluded), tuple(unknown))


def issue(
    i: Issue, selection: Selection, data: Dataset, fields: tuple[ApiField, ...], *, changelog: bool = False
) -> dict[str, Any]:
    if selection.ids is None:
        return {"id": str(i.id)}
    out: dict[str, Any] = {
        "expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
        "id": str(i.id),
        "self": f"{API}/issue/{i.id}",
        "key": i.key,
        "fields": {f.id: f.value(i, data) for f in fields if f.id in selection.ids},
    }
    if changelog:
        recent = sorted(range(len(i.changes)), key=lambda k: -i.changes[k].at)[:EMBEDDED_CHANGES]
        out["changelog"] = {
            "startAt": 0,
            "maxResults": len(recent),
            "total": len(recent),
            "histories": [change(i, k, data) for k in recent],
        }
    return out


def names_and_schema(fields: tuple[ApiField, ...], selection: Selection) -> tuple[dict[str, str], dict[str, Any]]:
    shown = [f for f in fields if selection.ids is not None and f.id in selection.ids]
    return {f.id: f.name for f in shown}, {f.id: f.schema for f in shown}
