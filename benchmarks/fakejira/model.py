"""The fake site's data: people, projects, issues with their history and worklogs, boards, sprints, filters.

Plain objects, built once by :mod:`benchmarks.fakejira.generate` and only read afterwards (the server's
threads share them). Moments are UTC epoch milliseconds; a due date is the millisecond of its midnight.
Who may see what is decided here, in one place (:meth:`Dataset.can_see`), so the API, the JQL evaluator
and the benchmark's oracle all agree on what "reads as the viewer" means.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

SITE = "https://fake.atlassian.net"
DAY_MS = 86_400_000


@dataclass(frozen=True, slots=True)
class User:
    account_id: str
    display_name: str


@dataclass(frozen=True, slots=True)
class StatusCategory:
    id: int
    key: str
    name: str
    color: str


@dataclass(frozen=True, slots=True)
class Status:
    id: str
    name: str
    category: StatusCategory


@dataclass(frozen=True, slots=True)
class Priority:
    id: str
    name: str
    rank: int  # Highest has the largest rank: ORDER BY priority DESC lists it first


@dataclass(frozen=True, slots=True)
class IssueType:
    id: str
    name: str
    subtask: bool
    hierarchy_level: int


@dataclass(frozen=True, slots=True)
class Resolution:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Component:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Version:
    id: str
    name: str
    project_key: str
    released: bool
    release_day: int  # ms of the release date's midnight


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    key: str
    name: str
    type_key: str
    lead: User
    category: tuple[str, str] | None  # (id, name)
    members: frozenset[str] | None  # account ids allowed to browse; None: everyone
    components: tuple[Component, ...] = ()
    versions: tuple[Version, ...] = ()


@dataclass(frozen=True, slots=True)
class Sprint:
    id: int
    name: str
    state: str  # closed / active / future
    board_id: int
    start: int
    end: int
    complete: int | None
    goal: str


@dataclass(frozen=True, slots=True)
class Board:
    id: int
    name: str
    type: str
    project: Project
    sprints: tuple[Sprint, ...]


@dataclass(frozen=True, slots=True)
class Filter:
    id: str
    name: str
    owner: User
    jql: str
    description: str
    favourited_count: int
    shared: bool  # False: only the owner sees it


class Change(NamedTuple):
    """One entry of an issue's history: ``field`` is "status" (ids) or "Sprint" (comma-separated sprint ids)."""

    at: int
    field: str
    before: str
    after: str
    author: User


@dataclass(frozen=True, slots=True)
class Worklog:
    id: int
    issue: int  # index of the issue in Dataset.issues
    author: User
    started: int
    seconds: int
    updated: int


@dataclass(slots=True)
class Issue:
    """One issue. ``index`` is its position in Dataset.issues; ids grow with creation time."""

    index: int
    id: int
    key: str
    number: int
    project: Project
    issuetype: IssueType
    status: Status
    priority: Priority
    resolution: Resolution | None
    summary: str
    assignee: User | None
    reporter: User
    labels: tuple[str, ...]
    components: tuple[Component, ...]
    fix_versions: tuple[Version, ...]
    created: int
    updated: int
    resolved: int | None
    due: int | None
    story_points: float | None
    team: str | None
    risk: str | None
    original_estimate: int | None
    remaining_estimate: int | None
    votes: int
    watchers: int
    parent: int | None = None
    sprints: tuple[Sprint, ...] = ()
    security: str | None = None
    changes: tuple[Change, ...] = ()
    worklogs: list[Worklog] = field(default_factory=list)

    @property
    def description(self) -> str:
        """The description's plain text (derived, so 100,000 issues do not carry 100,000 more strings)."""
        return f"{self.summary}: details reported by {self.reporter.display_name}."

    @property
    def time_spent(self) -> int | None:
        """Seconds logged: the sum of the issue's worklogs, as Jira keeps it."""
        return sum(w.seconds for w in self.worklogs) if self.worklogs else None


@dataclass(frozen=True)
class CustomField:
    """A custom field of the site, with the values an option field allows."""

    id: str
    name: str
    kind: str  # number / option / sprint
    attribute: str  # the Issue attribute holding its value
    options: tuple[str, ...] = ()

    @property
    def number(self) -> int:
        return int(self.id.removeprefix("customfield_"))


@dataclass
class Dataset:
    """Everything the fake site holds, and who may see it."""

    now: int
    seed: int
    users: tuple[User, ...]
    viewer: User
    statuses: tuple[Status, ...]
    categories: tuple[StatusCategory, ...]
    priorities: tuple[Priority, ...]
    issuetypes: tuple[IssueType, ...]
    resolutions: tuple[Resolution, ...]
    custom_fields: tuple[CustomField, ...]
    projects: tuple[Project, ...]
    issues: list[Issue]
    worklogs: list[Worklog]
    boards: tuple[Board, ...]
    filters: tuple[Filter, ...]
    security_members: dict[str, frozenset[str]]

    # ------------------------------------------------------------------------------------------- look-ups

    @cached_property
    def issue_by_key(self) -> dict[str, Issue]:
        return {i.key: i for i in self.issues}

    @cached_property
    def issue_by_id(self) -> dict[int, Issue]:
        return {i.id: i for i in self.issues}

    @cached_property
    def project_by_key(self) -> dict[str, Project]:
        return {p.key: p for p in self.projects}

    @cached_property
    def user_by_id(self) -> dict[str, User]:
        return {u.account_id: u for u in self.users}

    @cached_property
    def sprint_by_id(self) -> dict[int, Sprint]:
        return {s.id: s for b in self.boards for s in b.sprints}

    @cached_property
    def worklog_by_id(self) -> dict[int, Worklog]:
        return {w.id: w for w in self.worklogs}

    @cached_property
    def children(self) -> dict[int, list[int]]:
        """Issue index -> indexes of its sub-tasks."""
        out: dict[int, list[int]] = {}
        for issue in self.issues:
            if issue.parent is not None:
                out.setdefault(issue.parent, []).append(issue.index)
        return out

    def issue(self, id_or_key: str) -> Issue | None:
        """An issue by key (any case) or numeric id."""
        text = id_or_key.strip()
        if text.isdigit():
            return self.issue_by_id.get(int(text))
        return self.issue_by_key.get(text.upper())

    def custom_field(self, kind: str) -> CustomField:
        return next(f for f in self.custom_fields if f.kind == kind)

    # ------------------------------------------------------------------------------------------- permissions

    def can_browse(self, project: Project, account: str | None) -> bool:
        """``account`` None is the app itself (asApp), which sees every project."""
        return account is None or project.members is None or account in project.members

    def can_see(self, issue: Issue, account: str | None) -> bool:
        if account is None:
            return True
        if not self.can_browse(issue.project, account):
            return False
        return issue.security is None or account in self.security_members[issue.security]

    def can_see_filter(self, item: Filter, account: str | None) -> bool:
        return account is None or item.shared or item.owner.account_id == account

    def visible_issues(self, account: str | None) -> Iterator[Issue]:
        return (i for i in self.issues if self.can_see(i, account))
