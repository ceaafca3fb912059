"""The Jira system fields a spec may name, with their types, and the row shapes of each data source.

One table serves the checker (does this field exist, what type is it), the compiler (which
``fields=`` value to request, how to read it) and the docs and LLM prompt (the field list),
so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from dsl.types import FieldType


@dataclass(frozen=True)
class SystemField:
    """A field of a data row.

    ``jira_id`` is what the REST API calls it (``fields=`` parameter and response key; None
    for values outside ``fields`` such as the issue key); ``jql`` lists the names JQL accepts
    for it (empty when JQL cannot search it); ``heading`` is the default column heading.
    """

    name: str
    type: FieldType
    heading: str
    jira_id: str | None
    jql: tuple[str, ...] = ()
    sortable: bool = True


T = FieldType

ISSUE_FIELDS: tuple[SystemField, ...] = (
    SystemField("key", T.KEY, "Key", None, ("key", "issuekey", "id", "issue")),
    SystemField("summary", T.TEXT, "Summary", "summary", ("summary",)),
    SystemField("status", T.STATUS, "Status", "status", ("status",)),
    SystemField("statuscategory", T.STATUS_CATEGORY, "Status category", "status", ("statuscategory",)),
    SystemField("assignee", T.USER, "Assignee", "assignee", ("assignee",)),
    SystemField("reporter", T.USER, "Reporter", "reporter", ("reporter",)),
    SystemField("creator", T.USER, "Creator", "creator", ("creator",)),
    SystemField("priority", T.PRIORITY, "Priority", "priority", ("priority",)),
    SystemField("issuetype", T.ISSUE_TYPE, "Type", "issuetype", ("issuetype", "type")),
    SystemField("project", T.PROJECT, "Project", "project", ("project",)),
    SystemField("created", T.DATETIME, "Created", "created", ("created", "createddate")),
    SystemField("updated", T.DATETIME, "Updated", "updated", ("updated", "updateddate")),
    SystemField("resolved", T.DATETIME, "Resolved", "resolutiondate", ("resolved", "resolutiondate")),
    SystemField("duedate", T.DATE, "Due", "duedate", ("duedate", "due")),
    SystemField("labels", T.LABELS, "Labels", "labels", ("labels",), sortable=False),
    SystemField("components", T.COMPONENTS, "Components", "components", ("component",), sortable=False),
    SystemField("fixversions", T.VERSIONS, "Fix versions", "fixVersions", ("fixversion",), sortable=False),
    SystemField("affectedversions", T.VERSIONS, "Affects versions", "versions", ("affectedversion",), sortable=False),
    SystemField("timespent", T.DURATION, "Time spent", "timespent", ("timespent",)),
    SystemField(
        "originalestimate",
        T.DURATION,
        "Original estimate",
        "timeoriginalestimate",
        ("originalestimate", "timeoriginalestimate"),
    ),
    SystemField(
        "remainingestimate", T.DURATION, "Remaining estimate", "timeestimate", ("remainingestimate", "timeestimate")
    ),
    SystemField("parent", T.ISSUE, "Parent", "parent", ("parent",)),
    SystemField("resolution", T.RESOLUTION, "Resolution", "resolution", ("resolution",)),
    SystemField("environment", T.TEXT, "Environment", "environment", ("environment",), sortable=False),
    SystemField("votes", T.NUMBER, "Votes", "votes", ("votes",)),
    SystemField("watchers", T.NUMBER, "Watchers", "watches", ("watchers",)),
)

WORKLOG_FIELDS: tuple[SystemField, ...] = (
    SystemField("author", T.USER, "Author", "author"),
    SystemField("started", T.DATETIME, "Started", "started"),
    SystemField("timespent", T.DURATION, "Time spent", "timeSpentSeconds"),
    SystemField("issue", T.KEY, "Issue", None),
    SystemField("summary", T.TEXT, "Summary", "summary"),
)

STATUS_PERIOD_ISSUE_FIELDS = ("summary", "issuetype", "assignee", "priority", "resolved")
"""Fields of the issue a status period belongs to, besides its key (``issue``): read with the issue."""

STATUS_PERIOD_FIELDS: tuple[SystemField, ...] = (
    SystemField("issue", T.KEY, "Issue", None),
    *(
        SystemField(f.name, f.type, f.heading, f.jira_id, sortable=f.sortable)
        for f in ISSUE_FIELDS
        if f.name in STATUS_PERIOD_ISSUE_FIELDS
    ),
    SystemField("status", T.STATUS, "Status", "status"),
    SystemField("category", T.STATUS_CATEGORY, "Status category", "status"),
    SystemField("entered", T.DATETIME, "Entered", "entered"),
    SystemField("left", T.DATETIME, "Left", "left"),
    SystemField("duration", T.DURATION, "Time in status", "duration"),
)
"""A status period: one stint of an issue in a status (``left`` is empty while it lasts, and ``duration`` then runs
until the load's clock)."""

PROJECT_FIELDS: tuple[SystemField, ...] = (
    SystemField("key", T.KEY, "Key", "key"),
    SystemField("name", T.TEXT, "Name", "name"),
    SystemField("lead", T.USER, "Lead", "lead"),
    SystemField("type", T.TEXT, "Type", "projectTypeKey"),
    SystemField("category", T.TEXT, "Category", "projectCategory"),
)

FILTER_FIELDS: tuple[SystemField, ...] = (
    SystemField("name", T.TEXT, "Name", "name"),
    SystemField("owner", T.USER, "Owner", "owner"),
    SystemField("jql", T.TEXT, "JQL", "jql", sortable=False),
    SystemField("description", T.TEXT, "Description", "description", sortable=False),
    SystemField("favourites", T.NUMBER, "Favourites", "favouritedCount"),
)

SPRINT_FIELDS: tuple[SystemField, ...] = (
    SystemField("name", T.SPRINT, "Sprint", "name"),
    SystemField("goal", T.TEXT, "Goal", "goal", sortable=False),
    SystemField("start", T.DATETIME, "Start", "startDate"),
    SystemField("end", T.DATETIME, "End", "endDate"),
    SystemField("closed", T.DATETIME, "Closed", "completeDate"),
    SystemField("committed", T.NUMBER, "Committed", "committed"),
    SystemField("completed", T.NUMBER, "Completed", "completed"),
)
"""A closed sprint of a board. ``committed`` and ``completed`` are worked out by the app from the sprint's issues
(counted, or summed by the source's ``measure``): they are durations when the measure sums a duration."""

VERSION_FIELDS: tuple[SystemField, ...] = (
    SystemField("name", T.RELEASE, "Version", "name"),
    SystemField("description", T.TEXT, "Description", "description", sortable=False),
    SystemField("start", T.DATE, "Start", "startDate"),
    SystemField("release", T.DATE, "Release", "releaseDate"),
    SystemField("state", T.TEXT, "State", "state"),
    SystemField("done", T.NUMBER, "Done", "done"),
    SystemField("remaining", T.NUMBER, "Remaining", "remaining"),
    SystemField("total", T.NUMBER, "Total", "total"),
)
"""A version (release) of a project. ``state`` is released or unreleased; ``done``, ``remaining`` and ``total``
are worked out by the app from the version's issues (fix version): those in a done status category, the others,
and all, counted or summed by the source's ``measure``."""

SPRINT_DAY_FIELDS: tuple[SystemField, ...] = (
    SystemField("day", T.DATE, "Day", "day"),
    SystemField("scope", T.NUMBER, "Scope", "scope"),
    SystemField("done", T.NUMBER, "Done", "done"),
    SystemField("remaining", T.NUMBER, "Remaining", "remaining"),
    SystemField("ideal", T.NUMBER, "Ideal", "ideal"),
)
"""A day of a sprint, from its start to its end (or today): the work in the sprint at the end of the day
(``scope``), resolved by then (``done``), the rest (``remaining``), and the ideal burndown from the work committed
at the start to nothing at the planned end (``ideal``)."""

MEASURED = ("committed", "completed", "done", "remaining", "total", "scope", "ideal")
"""The sprint, version and sprint-day fields whose type is the measure's."""

ISSUE_FIELDS_BY_NAME = {f.name: f for f in ISSUE_FIELDS}

# Every name JQL accepts for a system field, lower-cased, mapped to its catalogue entry. Fields that JQL
# knows but that are not row fields (text search, sprint, filter …) map to None: they may appear in a
# query, not in a view.
JQL_ONLY_FIELDS: tuple[str, ...] = (
    "text",
    "sprint",
    "filter",
    "savedfilter",
    "request",
    "epiclink",
    "category",
    "comment",
    "description",
    "attachments",
    "lastviewed",
    "level",
    "statuscategorychangeddate",
    "watcher",
    "voter",
    "worklogauthor",
    "worklogcomment",
    "worklogdate",
    "issuefunction",
    "approvals",
    "workratio",
    "hierarchylevel",
    "development",
    "team",
    "updatedby",
    "projecttype",
    "issuelink",
    "issuelinktype",
    "issueparent",
    "childissuesof",
    "parentproject",
    "subtasks",
)

JQL_FIELDS: dict[str, SystemField | None] = {name: None for name in JQL_ONLY_FIELDS}
for _field in ISSUE_FIELDS:
    for _alias in _field.jql:
        JQL_FIELDS[_alias] = _field
