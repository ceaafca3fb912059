"""What each JQL field means over the fake site's data: its kind, its value per issue, how a written value
resolves (names, ids, functions), and how it sorts.

Kinds decide which operators apply (see engine.py): ``entity`` one named value, ``multi`` several, ``date``
a moment, ``day`` a date, ``number``, ``duration`` (seconds), ``text`` (~ only), ``key``, and the clauses that
are not fields of the issue: ``worklog_date``, ``worklog_author`` and ``filter``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from benchmarks.fakejira.jql.errors import JqlError, no_field, no_value
from benchmarks.fakejira.jql.syntax import Empty, Function, Operand
from benchmarks.fakejira.jql.values import not_a_function
from benchmarks.fakejira.model import CustomField, Dataset, Issue


@dataclass(frozen=True)
class Context:
    """Who asks (``account`` None: the app itself) and when."""

    account: str | None
    now: int


Resolver = Callable[[Operand, Context], frozenset[str | None]]


@dataclass(frozen=True)
class JqlField:
    name: str
    kind: str
    value: Callable[[Issue], Any] | None = None
    resolve: Resolver | None = None
    sort: Callable[[Issue], Any] | None = None
    rank: Mapping[str, int] | None = None  # entity values comparable with < > (priority)
    history: str | None = None  # Change.field that records the field's history


def _table_resolver(field: str, table: Mapping[str, frozenset[str]]) -> Resolver:
    """Names and ids (any case) → ids; an unknown value is an error, as in Jira."""

    def resolve(operand: Operand, ctx: Context) -> frozenset[str | None]:
        if isinstance(operand, Empty):
            return frozenset({None})
        if isinstance(operand, Function):
            raise not_a_function(operand, field)
        ids = table.get(operand.text.strip().lower())
        if ids is None:
            raise no_value(operand.text, field)
        return frozenset(ids)

    return resolve


def _table(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """(written form, id) pairs → written form (lower case) → ids; a name may stand for several ids."""
    out: dict[str, set[str]] = {}
    for written, ident in pairs:
        out.setdefault(written.lower(), set()).add(ident)
    return {k: frozenset(v) for k, v in out.items()}


class JqlFields:
    """The site's JQL fields by every name they answer to (lower case), built once per dataset."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self._by_name: dict[str, JqlField] = {}
        self._names: dict[str, list[str]] = {}
        self._build()

    def lookup(self, name: str) -> JqlField:
        found = self._by_name.get(name.strip().lower())
        if found is None:
            raise no_field(name)
        return found

    def aliases(self, name: str) -> list[str]:
        """Every name (as Jira spells it) of the field ``name`` names: /field lists them as clauseNames."""
        return list(self._names[self.lookup(name).name])

    def _add(self, names: str, jql_field: JqlField) -> None:
        for name in names.split("|"):
            self._by_name[name.lower()] = jql_field
            self._names.setdefault(jql_field.name, []).append(name)

    # ------------------------------------------------------------------------------------------ building

    def _build(self) -> None:
        data = self.data
        status_order = {s.id: n for n, s in enumerate(data.statuses)}
        type_order = {t.id: n for n, t in enumerate(data.issuetypes)}
        resolution_order = {r.id: n for n, r in enumerate(data.resolutions)}
        self._add(
            "project",
            JqlField("project", "entity", lambda i: i.project.key, self._project, lambda i: i.project.name.lower()),
        )
        self._add(
            "issuetype|type",
            JqlField(
                "issuetype",
                "entity",
                lambda i: i.issuetype.id,
                self._issuetypes(),
                lambda i: type_order[i.issuetype.id],
            ),
        )
        self._add(
            "status",
            JqlField(
                "status",
                "entity",
                lambda i: i.status.id,
                _table_resolver(
                    "status", _table([*((s.name, s.id) for s in data.statuses), *((s.id, s.id) for s in data.statuses)])
                ),
                lambda i: status_order[i.status.id],
                history="status",
            ),
        )
        self._add(
            "statusCategory",
            JqlField(
                "statusCategory",
                "entity",
                lambda i: i.status.category.key,
                _table_resolver(
                    "statusCategory",
                    _table((w, c.key) for c in data.categories for w in (c.name, c.key, str(c.id))),
                ),
                lambda i: i.status.category.id,
            ),
        )
        priorities = _table([*((p.name, p.id) for p in data.priorities), *((p.id, p.id) for p in data.priorities)])
        self._add(
            "priority",
            JqlField(
                "priority",
                "entity",
                lambda i: i.priority.id,
                _table_resolver("priority", priorities),
                lambda i: i.priority.rank,
                rank={p.id: p.rank for p in data.priorities},
            ),
        )
        resolutions = _table([*((r.name, r.id) for r in data.resolutions), *((r.id, r.id) for r in data.resolutions)])
        unresolved = _table_resolver("resolution", resolutions)

        def resolution(operand: Operand, ctx: Context) -> frozenset[str | None]:
            if not isinstance(operand, Empty | Function) and operand.text.strip().lower() == "unresolved":
                return frozenset({None})
            return unresolved(operand, ctx)

        self._add(
            "resolution",
            JqlField(
                "resolution",
                "entity",
                lambda i: i.resolution.id if i.resolution else None,
                resolution,
                lambda i: resolution_order[i.resolution.id] if i.resolution else None,
            ),
        )
        for names, title, getter in (
            ("assignee", "assignee", lambda i: i.assignee.account_id if i.assignee else None),
            ("reporter|creator", "reporter", lambda i: i.reporter.account_id),
        ):
            self._add(names, JqlField(title, "entity", getter, self._users(title), self._user_sort(title)))
        self._options()
        self._add("labels|label", JqlField("labels", "multi", lambda i: tuple(x.lower() for x in i.labels), _labels))
        self._add(
            "component|components",
            JqlField(
                "component",
                "multi",
                lambda i: tuple(c.id for c in i.components),
                self._components,
                lambda i: min((c.name.lower() for c in i.components), default=None),
            ),
        )
        self._add(
            "fixVersion|fixVersions",
            JqlField(
                "fixVersion",
                "multi",
                lambda i: tuple(v.id for v in i.fix_versions),
                self._versions,
                lambda i: min((int(v.id) for v in i.fix_versions), default=None),
            ),
        )
        sprint = data.custom_field("sprint")
        self._add(
            f"sprint|cf[{sprint.number}]|{sprint.id}",
            JqlField(
                "sprint",
                "multi",
                lambda i: tuple(str(s.id) for s in i.sprints),
                self._sprints,
                lambda i: i.sprints[-1].id if i.sprints else None,
                history="Sprint",
            ),
        )
        self._add(
            "parent",
            JqlField("parent", "entity", self._parent_key, self._issue_keys("parent"), self._parent_sort),
        )
        self._add("issuekey|key|issue|id", JqlField("issuekey", "key", sort=lambda i: (i.project.key, i.number)))
        for names, title, kind, getter in (
            ("created|createdDate", "created", "date", lambda i: i.created),
            ("updated|updatedDate", "updated", "date", lambda i: i.updated),
            ("resolved|resolutionDate", "resolved", "date", lambda i: i.resolved),
            ("due|dueDate", "due", "day", lambda i: i.due),
            ("votes", "votes", "number", lambda i: i.votes),
            ("watchers", "watchers", "number", lambda i: i.watchers),
            ("originalEstimate|timeOriginalEstimate", "originalEstimate", "duration", lambda i: i.original_estimate),
            ("remainingEstimate|timeEstimate", "remainingEstimate", "duration", lambda i: i.remaining_estimate),
            ("timeSpent", "timeSpent", "duration", lambda i: i.time_spent),
        ):
            self._add(names, JqlField(title, kind, getter, sort=getter))
        points = data.custom_field("number")
        self._add(
            f"{points.name}|cf[{points.number}]|{points.id}",
            JqlField(points.name, "number", lambda i: i.story_points, sort=lambda i: i.story_points),
        )
        self._add("summary", JqlField("summary", "text", lambda i: i.summary, sort=lambda i: i.summary.lower()))
        self._add("description", JqlField("description", "text", lambda i: i.description))
        self._add("text", JqlField("text", "text", lambda i: f"{i.summary} {i.description}"))
        self._add("comment", JqlField("comment", "text", lambda i: ""))
        self._add("worklogDate", JqlField("worklogDate", "worklog_date"))
        self._add("worklogAuthor", JqlField("worklogAuthor", "worklog_author", resolve=self._users("worklogAuthor")))
        self._add("filter|request|savedFilter|searchRequest", JqlField("filter", "filter"))

    def _options(self) -> None:
        for custom in self.data.custom_fields:
            if custom.kind == "option":
                self._add_option(custom)

    def _add_option(self, custom: CustomField) -> None:
        order = {value.lower(): n for n, value in enumerate(custom.options)}

        def value(issue: Issue) -> str | None:
            raw: str | None = getattr(issue, custom.attribute)
            return raw.lower() if raw is not None else None

        def sort(issue: Issue) -> int | None:
            written = value(issue)
            return None if written is None else order[written]

        resolve = _table_resolver(custom.name, _table((v, v.lower()) for v in custom.options))
        self._add(
            f"{custom.name}|cf[{custom.number}]|{custom.id}", JqlField(custom.name, "entity", value, resolve, sort)
        )

    # ------------------------------------------------------------------------------------------ resolvers

    def _project(self, operand: Operand, ctx: Context) -> frozenset[str | None]:
        if isinstance(operand, Empty):
            return frozenset({None})
        if isinstance(operand, Function):
            raise not_a_function(operand, "project")
        text = operand.text.strip().lower()
        for project in self.data.projects:
            if text in (project.key.lower(), project.name.lower(), project.id) and self.data.can_browse(
                project, ctx.account
            ):
                return frozenset({project.key})
        raise no_value(operand.text, "project")

    def _issuetypes(self) -> Resolver:
        types = self.data.issuetypes
        table = _table([*((t.name, t.id) for t in types), *((t.id, t.id) for t in types)])
        by_name = _table_resolver("issuetype", table)

        def resolve(operand: Operand, ctx: Context) -> frozenset[str | None]:
            if isinstance(operand, Function) and not operand.args:
                if operand.name == "standardIssueTypes":
                    return frozenset(t.id for t in types if not t.subtask)
                if operand.name == "subTaskIssueTypes":
                    return frozenset(t.id for t in types if t.subtask)
            return by_name(operand, ctx)

        return resolve

    def _users(self, field: str) -> Resolver:
        users = self.data.user_by_id

        def resolve(operand: Operand, ctx: Context) -> frozenset[str | None]:
            if isinstance(operand, Empty):
                return frozenset({None})
            if isinstance(operand, Function):
                if operand.name == "currentUser" and not operand.args:
                    return frozenset({ctx.account}) if ctx.account else frozenset()
                raise not_a_function(operand, field)
            if operand.text.strip() not in users:
                raise no_value(operand.text, field)
            return frozenset({operand.text.strip()})

        return resolve

    def _user_sort(self, field: str) -> Callable[[Issue], str | None]:
        def key(issue: Issue) -> str | None:
            user = issue.assignee if field == "assignee" else issue.reporter
            return user.display_name.lower() if user else None

        return key

    def _components(self, operand: Operand, ctx: Context) -> frozenset[str | None]:
        if isinstance(operand, Empty):
            return frozenset({None})
        if isinstance(operand, Function):
            raise not_a_function(operand, "component")
        text = operand.text.strip().lower()
        found = frozenset(
            c.id
            for p in self.data.projects
            if self.data.can_browse(p, ctx.account)
            for c in p.components
            if text in (c.name.lower(), c.id)
        )
        if not found:
            raise no_value(operand.text, "component")
        return found

    def _versions(self, operand: Operand, ctx: Context) -> frozenset[str | None]:
        if isinstance(operand, Empty):
            return frozenset({None})
        projects = [p for p in self.data.projects if self.data.can_browse(p, ctx.account)]
        if isinstance(operand, Function):
            if operand.name not in ("unreleasedVersions", "releasedVersions"):
                raise not_a_function(operand, "fixVersion")
            if operand.args:
                wanted = {a.strip().lower() for a in operand.args}
                projects = [p for p in projects if {p.key.lower(), p.name.lower(), p.id} & wanted]
            released = operand.name == "releasedVersions"
            return frozenset(v.id for p in projects for v in p.versions if v.released == released)
        text = operand.text.strip().lower()
        found = frozenset(v.id for p in projects for v in p.versions if text in (v.name.lower(), v.id))
        if not found:
            raise no_value(operand.text, "fixVersion")
        return found

    def _sprints(self, operand: Operand, ctx: Context) -> frozenset[str | None]:
        if isinstance(operand, Empty):
            return frozenset({None})
        sprints = self.data.sprint_by_id.values()
        if isinstance(operand, Function):
            states = {"openSprints": "active", "closedSprints": "closed", "futureSprints": "future"}
            if operand.name not in states or operand.args:
                raise not_a_function(operand, "sprint")
            return frozenset(str(s.id) for s in sprints if s.state == states[operand.name])
        text = operand.text.strip().lower()
        found = frozenset(str(s.id) for s in sprints if text in (s.name.lower(), str(s.id)))
        if not found:
            raise no_value(operand.text, "sprint")
        return found

    def _issue_keys(self, field: str) -> Resolver:
        def resolve(operand: Operand, ctx: Context) -> frozenset[str | None]:
            if isinstance(operand, Empty):
                return frozenset({None})
            if isinstance(operand, Function):
                raise not_a_function(operand, field)
            issue = self.data.issue(operand.text)
            if issue is None or not self.data.can_see(issue, ctx.account):
                raise JqlError(f"An issue with key '{operand.text}' does not exist for field '{field}'.")
            return frozenset({issue.key})

        return resolve

    def _parent_key(self, issue: Issue) -> str | None:
        return self.data.issues[issue.parent].key if issue.parent is not None else None

    def _parent_sort(self, issue: Issue) -> tuple[str, int] | None:
        if issue.parent is None:
            return None
        parent = self.data.issues[issue.parent]
        return (parent.project.key, parent.number)


def _labels(operand: Operand, ctx: Context) -> frozenset[str | None]:
    if isinstance(operand, Empty):
        return frozenset({None})
    if isinstance(operand, Function):
        raise not_a_function(operand, "labels")
    return frozenset({operand.text.strip().lower()})
