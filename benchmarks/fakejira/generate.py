"""Seeded synthetic Jira data with realistic shapes: same seed and size, same data, on every machine.

Issues spread over several projects and about two years (more of them recently, as sites grow); priorities
skewed towards Medium; statuses in their categories; about 50 people with a few carrying most of the work and
some issues unassigned; labels, components, fix versions, story points and two option fields; most issues
resolved; due dates, estimates, votes and watchers. Every issue has 2-20 status changes (and sprint changes when
it was in sprints), worklogs are concentrated in the last months, every board has 50 closed sprints, and some
data is hidden from the viewing user: a private project, issues under a security level, private filters.
"""

from __future__ import annotations

import bisect
import gc
import itertools
import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime

from benchmarks.fakejira.model import (
    DAY_MS,
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

NOW = int(datetime(2026, 11, 18, 12, 0, tzinfo=UTC).timestamp() * 1000)
"""The site's "now": every date in the data is placed relative to it (a Wednesday, midday UTC)."""

HOUR_MS = 3_600_000
SPAN_DAYS = 730
SPRINT_DAYS = 14
CLOSED_SPRINTS = 50
SECURITY_LEVEL = "Restricted"


@dataclass(frozen=True)
class DataSize:
    """How much data: ``issues``, and ``worklogs`` (default two per issue) logged over the last ``worklog_days``.

    ``projects`` and ``filters`` default to one per ten issues (at least ten): most projects of a large site
    hold few issues, but project and filter lists must be long enough to need paging.
    """

    issues: int
    worklogs: int | None = None
    projects: int | None = None
    filters: int | None = None
    worklog_days: int = 150
    seed: int = 20261118

    @property
    def label(self) -> str:
        text = _short(self.issues) + " issues"
        return text + (f" + {_short(self.worklogs)} worklogs" if self.worklogs is not None else "")


def _short(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


# --------------------------------------------------------------------------------------------- reference data

_FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Femi",
    "Gus",
    "Hana",
    "Ivo",
    "Jade",
    "Kai",
    "Lena",
    "Milo",
    "Nia",
    "Omar",
    "Pia",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Vic",
    "Wen",
    "Xavi",
    "Yara",
]
_LAST = [
    "Lima",
    "Okafor",
    "Novak",
    "Patel",
    "Schmidt",
    "Tanaka",
    "Weber",
    "Silva",
    "Kowalski",
    "Haddad",
    "Berg",
    "Moreau",
    "Rossi",
    "Jansen",
    "Costa",
    "Ivanova",
    "Nakamura",
    "Fischer",
    "Lopez",
    "Meyer",
    "Santos",
    "Olsen",
    "Duarte",
    "Keller",
    "Brandt",
]

CATEGORIES = (
    StatusCategory(1, "undefined", "No Category", "medium-gray"),
    StatusCategory(2, "new", "To Do", "blue-gray"),
    StatusCategory(4, "indeterminate", "In Progress", "yellow"),
    StatusCategory(3, "done", "Done", "green"),
)
_CAT = {c.key: c for c in CATEGORIES}
STATUSES = (
    Status("10000", "Backlog", _CAT["new"]),
    Status("10001", "To Do", _CAT["new"]),
    Status("3", "In Progress", _CAT["indeterminate"]),
    Status("10002", "In Review", _CAT["indeterminate"]),
    Status("10003", "Done", _CAT["done"]),
)
BACKLOG, TODO, IN_PROGRESS, IN_REVIEW, DONE = STATUSES
PRIORITIES = (
    Priority("1", "Highest", 5),
    Priority("2", "High", 4),
    Priority("3", "Medium", 3),
    Priority("4", "Low", 2),
    Priority("5", "Lowest", 1),
)
_OPEN = (BACKLOG, TODO, IN_PROGRESS, IN_REVIEW)
_OTHER_OPEN = {s.id: tuple(o for o in _OPEN if o is not s) for s in STATUSES}  # a status to move to from s
_OTHER_FIRST = {s.id: tuple(o for o in (BACKLOG, TODO) if o is not s) for s in STATUSES}  # a first status before s
_PRIORITY_WEIGHTS = (3, 12, 55, 22, 8)
ISSUETYPES = (
    IssueType("10000", "Epic", False, 1),
    IssueType("10001", "Story", False, 0),
    IssueType("10002", "Bug", False, 0),
    IssueType("10003", "Task", False, 0),
    IssueType("10004", "Sub-task", True, -1),
)
_TYPE_WEIGHTS = (2, 35, 28, 25, 10)
RESOLUTIONS = (Resolution("10000", "Done"), Resolution("10001", "Won't Do"), Resolution("10002", "Duplicate"))
_RESOLUTION_WEIGHTS = (80, 12, 8)

STORY_POINTS = CustomField("customfield_10016", "Story Points", "number", "story_points")
TEAM = CustomField("customfield_10001", "Team", "option", "team", ("Phoenix", "Atlas", "Orion", "Nova", "Vega"))
RISK = CustomField("customfield_10234", "Release risk", "option", "risk", ("Low", "Medium", "High"))
SPRINT = CustomField("customfield_10020", "Sprint", "sprint", "sprints")
CUSTOM_FIELDS = (STORY_POINTS, TEAM, RISK, SPRINT)

# Projects that hold issues: key, name, type, share of the issues. SEC is private to the security team.
_ISSUE_PROJECTS = (
    ("DEMO", "Demo Platform", "software", 40),
    ("WEB", "Web Shop", "software", 18),
    ("API", "Public API", "software", 14),
    ("OPS", "Operations", "business", 10),
    ("DATA", "Data Pipeline", "software", 9),
    ("MOB", "Mobile App", "software", 6),
    ("SEC", "Security Incidents", "service_desk", 3),
)
_PROJECT_CATEGORIES = (("10000", "Engineering"), ("10001", "Operations"), ("10002", "Business"), ("10003", "Archive"))
_COMPONENTS = ("API", "UI", "Database", "Auth", "Docs", "Infra")
_LABELS = (
    ("platform", 0.22),
    ("backend", 0.18),
    ("frontend", 0.15),
    ("customer", 0.12),
    ("tech-debt", 0.10),
    ("ux", 0.08),
    ("performance", 0.07),
    ("security", 0.06),
)
_VERBS = ["Fix", "Add", "Improve", "Remove", "Refactor", "Document", "Speed up", "Migrate", "Test", "Review"]
_OBJECTS = [
    "login flow",
    "checkout page",
    "search index",
    "billing export",
    "user avatars",
    "audit log",
    "rate limiter",
    "dark mode",
    "email digest",
    "REST client",
    "CSV import",
    "session cache",
    "deploy script",
    "error banner",
    "release notes",
]
_STORY_POINTS = (1, 2, 3, 5, 8, 13)
_WORKLOG_SECONDS = (900, 1800, 3600, 5400, 7200, 10800, 14400, 28800)
_WORKLOG_WEIGHTS = (10, 18, 25, 12, 14, 8, 8, 5)
_ESTIMATE_HOURS = (1, 2, 4, 8, 16, 24, 40)


def _day_start(ms: int) -> int:
    return ms - ms % DAY_MS


class _Generator:
    """Holds the random stream while one dataset is built; the order of draws is part of the seed's meaning."""

    def __init__(self, size: DataSize) -> None:
        self.size = size
        self.rng = random.Random(size.seed)
        self.users = tuple(
            User(f"acc-{i + 1:02d}-{_FIRST[i % 25].lower()}", f"{_FIRST[i % 25]} {_LAST[(i * 3 + i // 25) % 25]}")
            for i in range(50)
        )
        self.security_team = frozenset(u.account_id for u in self.users[40:])
        self.next_version = 10000
        self.next_component = 10000
        self.next_sprint = 1

    # ------------------------------------------------------------------------------------------ projects

    def _project(self, index: int, key: str, name: str, type_key: str, members: frozenset[str] | None) -> Project:
        rng = self.rng
        category = rng.choice(_PROJECT_CATEGORIES) if rng.random() < 0.7 else None
        return Project(str(10000 + index), key, name, type_key, rng.choice(self.users), category, members)

    def _with_details(self, project: Project) -> Project:
        """A project that holds issues: six components and fourteen versions, the last three unreleased."""
        components = []
        for name in _COMPONENTS:
            components.append(Component(str(self.next_component), name))
            self.next_component += 1
        versions = []
        first_release = NOW - SPAN_DAYS * DAY_MS + 45 * DAY_MS
        for n in range(14):
            day = _day_start(first_release + n * 56 * DAY_MS)
            versions.append(Version(str(self.next_version), f"{1 + n // 4}.{n % 4}", project.key, day < NOW, day))
            self.next_version += 1
        return Project(
            project.id,
            project.key,
            project.name,
            project.type_key,
            project.lead,
            project.category,
            project.members,
            tuple(components),
            tuple(versions),
        )

    def projects(self) -> tuple[Project, ...]:
        rng = self.rng
        out = []
        for i, (key, name, type_key, _) in enumerate(_ISSUE_PROJECTS):
            members = self.security_team if key == "SEC" else None
            out.append(self._with_details(self._project(i, key, name, type_key, members)))
        total = self.size.projects if self.size.projects is not None else max(10, self.size.issues // 10)
        for n in range(len(out), total):
            type_key = rng.choices(("software", "business", "service_desk"), (6, 3, 1))[0]
            members = None
            if rng.random() < 0.05:  # a private project the viewer (users[0]) is not in
                members = frozenset(u.account_id for u in rng.sample(self.users[1:], 5))
            out.append(self._project(n, f"X{n:05d}", f"Project {n:05d}", type_key, members))
        return tuple(out)

    # ------------------------------------------------------------------------------------------ boards

    def boards(self, projects: tuple[Project, ...]) -> tuple[Board, ...]:
        """One scrum board per issue project: 50 closed two-week sprints, the active one and a future one."""
        active_start = _day_start(NOW) - 5 * DAY_MS
        span = SPRINT_DAYS * DAY_MS
        out = []
        for board_id, project in enumerate(projects[: len(_ISSUE_PROJECTS)], start=1):
            sprints = []
            for k in range(CLOSED_SPRINTS + 2):
                start = active_start - (CLOSED_SPRINTS - k) * span
                state = "closed" if k < CLOSED_SPRINTS else "active" if k == CLOSED_SPRINTS else "future"
                complete = start + span + 2 * HOUR_MS if state == "closed" else None
                sprints.append(
                    Sprint(
                        self.next_sprint,
                        f"{project.key} Sprint {k + 1}",
                        state,
                        board_id,
                        start,
                        start + span,
                        complete,
                        f"Sprint goal {k + 1}",
                    )
                )
                self.next_sprint += 1
            out.append(Board(board_id, f"{project.key} board", "scrum", project, tuple(sprints)))
        return tuple(out)

    # ------------------------------------------------------------------------------------------ issues

    def _teams(self, projects: tuple[Project, ...]) -> dict[str, tuple[list[User], list[float]]]:
        """Per issue project: 12 people who get its work, a few of them much more than the rest."""
        teams = {}
        for project in projects[: len(_ISSUE_PROJECTS)]:
            pool = self.users[40:] if project.key == "SEC" else self.users
            people = self.rng.sample(list(pool), min(12, len(pool)))
            teams[project.key] = (people, [1 / (n + 1) ** 0.8 for n in range(len(people))])
        return teams

    def issues(self, projects: tuple[Project, ...], boards: tuple[Board, ...]) -> list[Issue]:
        rng = self.rng
        n = self.size.issues
        start = NOW - SPAN_DAYS * DAY_MS
        span = SPAN_DAYS * DAY_MS - HOUR_MS
        created = sorted(start + int(span * math.sqrt(rng.random())) for _ in range(n))
        issue_projects = projects[: len(_ISSUE_PROJECTS)]
        weights = [w for *_, w in _ISSUE_PROJECTS]
        teams = self._teams(projects)
        board_of = {b.project.key: b for b in boards}
        numbers: dict[str, int] = {}
        recent: dict[str, list[int]] = {}  # per project, indexes of recent issues that may have sub-tasks
        out: list[Issue] = []
        for index, at in enumerate(created):
            project = rng.choices(issue_projects, weights)[0]
            numbers[project.key] = numbers.get(project.key, 0) + 1
            issuetype = rng.choices(ISSUETYPES, _TYPE_WEIGHTS)[0]
            parents = recent.setdefault(project.key, [])
            parent = rng.choice(parents[-30:]) if issuetype.subtask and parents else None
            if issuetype.subtask and parent is None:
                issuetype = ISSUETYPES[3]
            issue = self._issue(index, at, project, issuetype, parent, teams[project.key])
            numbers_key = numbers[project.key]
            issue.key = f"{project.key}-{numbers_key}"
            issue.number = numbers_key
            if not issuetype.subtask and issuetype.hierarchy_level == 0:
                parents.append(index)
            board = board_of.get(project.key)
            if board is not None and issuetype.hierarchy_level == 0 and rng.random() < 0.7:
                self._place_in_sprints(issue, board)
            out.append(issue)
        return out

    def _issue(
        self,
        index: int,
        created: int,
        project: Project,
        issuetype: IssueType,
        parent: int | None,
        team: tuple[list[User], list[float]],
    ) -> Issue:
        rng = self.rng
        people, weights = team
        duration = int(rng.expovariate(1 / (20 * DAY_MS))) + HOUR_MS
        resolved = created + duration if created + duration < NOW and rng.random() < 0.85 else None
        status = DONE if resolved else rng.choices(_OPEN, (25, 35, 25, 15))[0]
        assignee = rng.choices(people, weights)[0] if rng.random() < 0.88 else None
        reporter = rng.choice(self.users)
        changes = self._history(created, resolved, status, assignee or reporter)
        last = changes[-1].at
        updated = min(NOW - 60_000, last + int(rng.random() * 30 * DAY_MS))
        labels = tuple(name for name, p in _LABELS if rng.random() < p)[:3]
        components = tuple(rng.sample(project.components, rng.choices((0, 1, 2), (30, 50, 20))[0]))
        estimate = rng.choice(_ESTIMATE_HOURS) * 3600 if rng.random() < 0.65 else None
        return Issue(
            index=index,
            id=10000 + index,
            key="",
            number=0,
            project=project,
            issuetype=issuetype,
            status=status,
            priority=rng.choices(PRIORITIES, _PRIORITY_WEIGHTS)[0],
            resolution=rng.choices(RESOLUTIONS, _RESOLUTION_WEIGHTS)[0] if resolved else None,
            summary=f"{rng.choice(_VERBS)} the {rng.choice(_OBJECTS)}",
            assignee=assignee,
            reporter=reporter,
            labels=labels,
            components=components,
            fix_versions=self._fix_versions(project, resolved),
            created=created,
            updated=max(updated, created),
            resolved=resolved,
            due=_day_start(created) + rng.randint(3, 60) * DAY_MS if rng.random() < 0.55 else None,
            story_points=float(rng.choice(_STORY_POINTS))
            if issuetype.name in ("Story", "Bug") and rng.random() < 0.75
            else None,
            team=rng.choices(TEAM.options, (30, 25, 20, 15, 10))[0] if rng.random() < 0.8 else None,
            risk=rng.choices(RISK.options, (50, 35, 15))[0] if rng.random() < 0.45 else None,
            original_estimate=estimate,
            remaining_estimate=None if estimate is None else 0 if resolved else estimate,
            votes=int(rng.paretovariate(2.5)) - 1 if rng.random() < 0.3 else 0,
            watchers=rng.randint(1, 8),
            parent=parent,
            security=SECURITY_LEVEL if project.key != "SEC" and rng.random() < 0.03 else None,
            changes=tuple(changes),
        )

    def _fix_versions(self, project: Project, resolved: int | None) -> tuple[Version, ...]:
        rng = self.rng
        if resolved is not None:
            days = [v.release_day for v in project.versions]
            at = bisect.bisect_left(days, _day_start(resolved))
            return (project.versions[at],) if at < len(days) and rng.random() < 0.75 else ()
        unreleased = [v for v in project.versions if not v.released]
        return (rng.choice(unreleased),) if unreleased and rng.random() < 0.55 else ()

    def _history(self, created: int, resolved: int | None, final: Status, author: User) -> list[Change]:
        """2-20 status changes from the first status to ``final``; the last one at ``resolved`` when resolved."""
        rng = self.rng
        count = rng.randint(2, 20)
        path = [final]
        for _ in range(count - 1):
            path.append(rng.choice(_OTHER_OPEN[path[-1].id]))
        path.append(rng.choice(_OTHER_FIRST[path[-1].id]))
        path.reverse()
        end = resolved if resolved is not None else NOW - 60_000
        times = sorted(created + 1 + int(rng.random() * max(1, end - created - 1)) for _ in range(count))
        if resolved is not None:
            times[-1] = resolved
        people = (author, author, rng.choice(self.users))
        return [Change(at, "status", path[k].id, path[k + 1].id, people[k % 3]) for k, at in enumerate(times)]

    def _place_in_sprints(self, issue: Issue, board: Board) -> None:
        """The sprint running when the issue was created, and the next ones while it stays open (at most 4)."""
        rng = self.rng
        sprints = [s for s in board.sprints if s.end > issue.created and s.state != "future"]
        chosen: list[Sprint] = []
        for sprint in sprints[:4]:
            chosen.append(sprint)
            if sprint.state == "active" or (issue.resolved is not None and issue.resolved <= sprint.end):
                break
        if issue.resolved is None and chosen and chosen[-1].state == "closed" and rng.random() < 0.5:
            chosen.clear()  # dropped back to the backlog
        if issue.resolved is None and not chosen and rng.random() < 0.2:
            chosen.append(board.sprints[-1])
        changes = list(issue.changes)
        ids: list[str] = []
        for sprint in chosen:
            before = ", ".join(ids)
            ids.append(str(sprint.id))
            at = max(issue.created + 1, min(sprint.start, NOW - 60_000))
            changes.append(Change(at, "Sprint", before, ", ".join(ids), issue.reporter))
        issue.sprints = tuple(chosen)
        issue.changes = tuple(sorted(changes, key=lambda c: c.at))

    # ------------------------------------------------------------------------------------------ worklogs

    def worklogs(self, issues: list[Issue]) -> list[Worklog]:
        """Worklogs on issues that were open during the last ``worklog_days``, mostly by their assignee."""
        rng = self.rng
        total = self.size.worklogs if self.size.worklogs is not None else 2 * self.size.issues
        window_start = NOW - self.size.worklog_days * DAY_MS
        last_moment = NOW - 2 * 60_000
        spans: list[tuple[Issue, int, int]] = []
        for issue in issues:
            begin = max(issue.created, window_start)
            end = min(issue.resolved if issue.resolved is not None else last_moment, last_moment)
            if end > begin:
                spans.append((issue, begin, end))
        if not spans or total <= 0:
            return []
        cumulative = list(itertools.accumulate([min(end - begin, 30 * DAY_MS) for _, begin, end in spans]))
        drafts: list[tuple[int, Issue, User, int]] = []
        for _ in range(total):
            issue, begin, end = spans[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
            started = begin + int(rng.random() * (end - begin))
            if issue.assignee is not None and rng.random() < 0.6:
                author = issue.assignee
            else:
                author = rng.choice(self.users[:40] if issue.project.key != "SEC" else self.users[40:])
            drafts.append((started, issue, author, rng.choices(_WORKLOG_SECONDS, _WORKLOG_WEIGHTS)[0]))
        drafts.sort(key=lambda d: (d[0], d[1].index))
        out = []
        for n, (started, issue, author, seconds) in enumerate(drafts):
            updated = min(started + seconds * 1000 + int(rng.random() * 2 * HOUR_MS), last_moment)
            log = Worklog(100000 + n, issue.index, author, started, seconds, updated)
            issue.worklogs.append(log)
            out.append(log)
        for issue in issues:  # time left shrinks with the time logged
            if issue.worklogs and issue.original_estimate is not None and issue.resolved is None:
                issue.remaining_estimate = max(0, issue.original_estimate - (issue.time_spent or 0))
        return out

    # ------------------------------------------------------------------------------------------ filters

    def filters(self, projects: tuple[Project, ...]) -> tuple[Filter, ...]:
        rng = self.rng
        keys = [p.key for p in projects[: len(_ISSUE_PROJECTS) - 1]]
        templates = (
            ("Open work in {p}", "project = {p} AND resolution is EMPTY"),
            ("New bugs in {p}", "project = {p} AND issuetype = Bug AND created >= -30d"),
            ("My open issues", "assignee = currentUser() AND resolution is EMPTY ORDER BY priority DESC"),
            ("Label {l}", "labels = {l} ORDER BY updated DESC"),
            ("In progress in {p}", 'project = {p} AND status = "In Progress"'),
            ("Urgent open issues", "priority in (Highest, High) AND resolution is EMPTY"),
            ("Next release of {p}", "project = {p} AND fixVersion in unreleasedVersions()"),
            ("Sprint of {p}", "project = {p} AND sprint in openSprints()"),
        )
        out = [
            Filter(
                "10000", "All open work in DEMO", self.users[1], "project = DEMO AND resolution is EMPTY", "", 42, True
            )
        ]
        total = self.size.filters if self.size.filters is not None else max(10, self.size.issues // 10)
        for n in range(1, total):
            name, jql = rng.choice(templates)
            values = {"p": rng.choice(keys), "l": rng.choice(_LABELS)[0]}
            owner = rng.choice(self.users)
            out.append(
                Filter(
                    str(10000 + n),
                    f"{name.format(**values)} #{n}",
                    owner,
                    jql.format(**values),
                    f"Saved by {owner.display_name}",
                    min(500, int(rng.paretovariate(1.2)) - 1),
                    rng.random() < 0.85,
                )
            )
        return tuple(out)


def generate(size: DataSize) -> Dataset:
    """The dataset for ``size``: the same for the same size and seed.

    The garbage collector is paused meanwhile: the data is a few million long-lived objects, and repeated
    collections while they are created make 100,000 issues several times slower.
    """
    gen = _Generator(size)
    paused = gc.isenabled()
    gc.disable()
    try:
        projects = gen.projects()
        boards = gen.boards(projects)
        issues = gen.issues(projects, boards)
        worklogs = gen.worklogs(issues)
        filters = gen.filters(projects)
    finally:
        if paused:
            gc.enable()
    gc.freeze()  # later collections need not walk the data again
    return Dataset(
        now=NOW,
        seed=size.seed,
        users=gen.users,
        viewer=gen.users[0],
        statuses=STATUSES,
        categories=CATEGORIES,
        priorities=PRIORITIES,
        issuetypes=ISSUETYPES,
        resolutions=RESOLUTIONS,
        custom_fields=CUSTOM_FIELDS,
        projects=projects,
        issues=issues,
        worklogs=worklogs,
        boards=boards,
        filters=filters,
        security_members={SECURITY_LEVEL: gen.security_team},
    )
