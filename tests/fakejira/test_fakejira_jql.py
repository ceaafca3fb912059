"""The fake Jira's JQL: every operator and function against a plain Python filter over the same data,
ORDER BY, date arithmetic with a fixed clock, permissions, and Jira-worded errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from benchmarks.fakejira.jql.engine import Engine, Viewer
from benchmarks.fakejira.jql.errors import JqlError
from benchmarks.fakejira.jql.syntax import Function, Literal
from benchmarks.fakejira.jql.values import date_function, moment
from benchmarks.fakejira.model import DAY_MS, Dataset, Issue

NOW = int(datetime(2026, 11, 18, 12, 0, tzinfo=UTC).timestamp() * 1000)  # the data's clock: a Wednesday


def _ms(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> int:
    return int(datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp() * 1000)


def _day(ms: int) -> int:
    return ms - ms % DAY_MS


Pred = Callable[[Issue], bool]
BEN = "acc-02-ben"

CASES: list[tuple[str, Pred]] = [
    ("project = DEMO", lambda i: i.project.key == "DEMO"),
    ("project = 'Demo Platform'", lambda i: i.project.key == "DEMO"),
    ("project != DEMO", lambda i: i.project.key != "DEMO"),
    ("project in (DEMO, WEB)", lambda i: i.project.key in ("DEMO", "WEB")),
    ("project not in (DEMO, WEB)", lambda i: i.project.key not in ("DEMO", "WEB")),
    ("assignee is EMPTY", lambda i: i.assignee is None),
    ("assignee = EMPTY", lambda i: i.assignee is None),
    ("assignee is not EMPTY", lambda i: i.assignee is not None),
    # != and NOT never match an empty field, as in Jira
    (f"assignee != {BEN}", lambda i: i.assignee is not None and i.assignee.account_id != BEN),
    (f"NOT assignee = {BEN}", lambda i: i.assignee is not None and i.assignee.account_id != BEN),
    (
        f"assignee not in ({BEN}, acc-01-ana)",
        lambda i: i.assignee is not None and i.assignee.account_id not in (BEN, "acc-01-ana"),
    ),
    ("assignee = currentUser()", lambda i: i.assignee is not None and i.assignee.account_id == "acc-01-ana"),
    ("reporter = acc-03-chloe", lambda i: i.reporter.account_id == "acc-03-chloe"),
    ("priority = High", lambda i: i.priority.name == "High"),
    ("priority > Medium", lambda i: i.priority.rank > 3),
    ("priority <= Low", lambda i: i.priority.rank <= 2),
    ("status = 'in progress'", lambda i: i.status.name == "In Progress"),
    ("statusCategory = Done", lambda i: i.status.category.key == "done"),
    ('statusCategory != "To Do"', lambda i: i.status.category.key != "new"),
    ("issuetype = Bug", lambda i: i.issuetype.name == "Bug"),
    ("type in subTaskIssueTypes()", lambda i: i.issuetype.subtask),
    ("resolution = Unresolved", lambda i: i.resolution is None),
    ("resolution = Done", lambda i: i.resolution is not None and i.resolution.name == "Done"),
    ('created >= "2026-01-01"', lambda i: i.created >= _ms(2026, 1, 1)),
    ("created < 2025-06-01", lambda i: i.created < _ms(2025, 6, 1)),
    ('created >= "2026/03/01 10:30"', lambda i: i.created >= _ms(2026, 3, 1, 10, 30)),
    ("updated > -14d", lambda i: i.updated > NOW - 14 * DAY_MS),
    ('resolved <= "-2w"', lambda i: i.resolved is not None and i.resolved <= NOW - 14 * DAY_MS),
    ('duedate <= "4w 2d"', lambda i: i.due is not None and i.due <= NOW + 30 * DAY_MS),
    ("duedate < now()", lambda i: i.due is not None and i.due < NOW),
    ("due is EMPTY", lambda i: i.due is None),
    ("created > startOfMonth(-1)", lambda i: i.created > _ms(2026, 10, 1)),
    ('"Story Points" >= 5', lambda i: i.story_points is not None and i.story_points >= 5),
    ("cf[10016] = 8", lambda i: i.story_points == 8),
    ("votes > 0", lambda i: i.votes > 0),
    ("originalEstimate >= 8h", lambda i: i.original_estimate is not None and i.original_estimate >= 8 * 3600),
    ("remainingEstimate < 1d", lambda i: i.remaining_estimate is not None and i.remaining_estimate < 8 * 3600),
    ("timeSpent > 2h", lambda i: (i.time_spent or 0) > 7200),
    ("summary ~ login", lambda i: "login" in i.summary.lower()),
    ('summary ~ "LOGIN flow"', lambda i: "login" in i.summary.lower() and "flow" in i.summary.lower()),
    ("summary !~ login", lambda i: "login" not in i.summary.lower()),
    ("text ~ ben", lambda i: "ben" in f"{i.summary} {i.description}".lower()),
    ("labels = platform", lambda i: "platform" in i.labels),
    ("labels in (ux, security)", lambda i: bool({"ux", "security"} & set(i.labels))),
    ("labels not in (platform)", lambda i: bool(i.labels) and "platform" not in i.labels),
    ("labels is EMPTY", lambda i: not i.labels),
    ("component = API", lambda i: any(c.name == "API" for c in i.components)),
    ("component is EMPTY", lambda i: not i.components),
    ("fixVersion in unreleasedVersions()", lambda i: any(not v.released for v in i.fix_versions)),
    (
        "fixVersion in releasedVersions(WEB)",
        lambda i: any(v.released and v.project_key == "WEB" for v in i.fix_versions),
    ),
    ('fixVersion = "1.2"', lambda i: any(v.name == "1.2" for v in i.fix_versions)),
    ("sprint in openSprints()", lambda i: any(s.state == "active" for s in i.sprints)),
    ("sprint in closedSprints()", lambda i: any(s.state == "closed" for s in i.sprints)),
    ("sprint in futureSprints()", lambda i: any(s.state == "future" for s in i.sprints)),
    ("sprint is EMPTY", lambda i: not i.sprints),
    ("team = Phoenix", lambda i: i.team == "Phoenix"),
    ('"Release risk" in (High, Medium)', lambda i: i.risk in ("High", "Medium")),
    ("customfield_10001 is EMPTY", lambda i: i.team is None),
    ("key > DEMO-100", lambda i: i.project.key == "DEMO" and i.number > 100),
    ("issuekey in (DEMO-1, WEB-2)", lambda i: i.key in ("DEMO-1", "WEB-2")),
    (f"worklogAuthor = {BEN}", lambda i: any(w.author.account_id == BEN for w in i.worklogs)),
    (f"worklogAuthor != {BEN}", lambda i: any(w.author.account_id != BEN for w in i.worklogs)),
    ("worklogDate >= -30d", lambda i: any(_day(w.started) >= _day(NOW - 30 * DAY_MS) for w in i.worklogs)),
    ('worklogDate = "2026-11-02"', lambda i: any(_day(w.started) == _ms(2026, 11, 2) for w in i.worklogs)),
    ("worklogDate < startOfWeek()", lambda i: any(_day(w.started) < _ms(2026, 11, 16) for w in i.worklogs)),
    (
        "status changed to Done after -14d",
        lambda i: any(c.field == "status" and c.after == "10003" and c.at > NOW - 14 * DAY_MS for c in i.changes),
    ),
    (
        'status changed from "In Progress" to "In Review" before -30d',
        lambda i: any(
            c.field == "status" and c.before == "3" and c.after == "10002" and c.at < NOW - 30 * DAY_MS
            for c in i.changes
        ),
    ),
    ("status changed", lambda i: any(c.field == "status" for c in i.changes)),
    ("NOT status changed after -1d", lambda i: not any(c.field == "status" and c.at > NOW - DAY_MS for c in i.changes)),
    (
        "status changed by acc-03-chloe",
        lambda i: any(c.field == "status" and c.author.account_id == "acc-03-chloe" for c in i.changes),
    ),
    (
        'status was "In Review"',
        lambda i: any(c.field == "status" and "10002" in (c.before, c.after) for c in i.changes),
    ),
    (
        'status was not in ("In Review", Backlog)',
        lambda i: not any(c.field == "status" and {c.before, c.after} & {"10002", "10000"} for c in i.changes),
    ),
    ("sprint changed after -20d", lambda i: any(c.field == "Sprint" and c.at > NOW - 20 * DAY_MS for c in i.changes)),
    ("filter = 10000", lambda i: i.project.key == "DEMO" and i.resolution is None),
    ('filter = "All open work in DEMO"', lambda i: i.project.key == "DEMO" and i.resolution is None),
    # AND binds tighter than OR; brackets; the symbolic forms
    (
        "project = DEMO OR project = WEB AND priority = High",
        lambda i: i.project.key == "DEMO" or (i.project.key == "WEB" and i.priority.name == "High"),
    ),
    (
        "project = DEMO AND (priority = High OR labels = platform)",
        lambda i: i.project.key == "DEMO" and (i.priority.name == "High" or "platform" in i.labels),
    ),
    (
        "project = DEMO && !(priority = High) || project = WEB",
        lambda i: (i.project.key == "DEMO" and i.priority.name != "High") or i.project.key == "WEB",
    ),
    (
        "NOT (project = DEMO OR labels = platform)",
        lambda i: i.project.key != "DEMO" and bool(i.labels) and "platform" not in i.labels,
    ),
]


def _visible(data: Dataset, viewer: Viewer, pred: Pred) -> set[str]:
    return {i.key for i in data.visible_issues(viewer.account) if pred(i)}


def _found(data: Dataset, engine: Engine, jql: str, viewer: Viewer) -> set[str]:
    return {data.issues[i].key for i in engine.search(jql, viewer)}


@pytest.mark.parametrize(("jql", "pred"), CASES, ids=[c[0] for c in CASES])
def test_matches_a_plain_filter(data: Dataset, engine: Engine, viewer: Viewer, jql: str, pred: Pred) -> None:
    expected = _visible(data, viewer, pred)
    assert _found(data, engine, jql, viewer) == expected
    assert expected, f"the data should hold issues for {jql!r}, or the case proves nothing"


def test_parent_matches_the_sub_tasks(data: Dataset, engine: Engine, viewer: Viewer) -> None:
    parent = max(data.children, key=lambda p: len(data.children[p]))
    key = data.issues[parent].key
    expected = {data.issues[c].key for c in data.children[parent] if data.can_see(data.issues[c], viewer.account)}
    assert _found(data, engine, f"parent = {key}", viewer) == expected != set()


def test_hidden_issues_never_match(data: Dataset, engine: Engine, viewer: Viewer) -> None:
    """A private project is unknown to those who cannot browse it; restricted issues are left out."""
    with pytest.raises(JqlError, match="The value 'SEC' does not exist for the field 'project'"):
        engine.search("project = SEC", viewer)
    app = Viewer.app()
    assert engine.count("project = SEC", app) == sum(1 for i in data.issues if i.project.key == "SEC") > 0
    restricted = {i.key for i in data.issues if i.security and i.project.key == "DEMO"}
    assert restricted
    assert restricted <= _found(data, engine, "project = DEMO", app)
    assert not restricted & _found(data, engine, "project = DEMO", viewer)


def test_a_query_is_evaluated_once_per_viewer(engine: Engine, viewer: Viewer) -> None:
    jql = "project = WEB AND priority = Medium ORDER BY created DESC"
    first = engine.search(jql, viewer)
    assert engine.search(jql, viewer) is first
    assert engine.search(jql, Viewer.app()) is not first


# ------------------------------------------------------------------------------------------------- ORDER BY


def _issues(data: Dataset, engine: Engine, jql: str, viewer: Viewer) -> list[Issue]:
    return [data.issues[i] for i in engine.search(jql, viewer)]


def test_without_order_by_the_newest_come_first(data: Dataset, engine: Engine, viewer: Viewer) -> None:
    ids = [i.id for i in _issues(data, engine, "project = WEB", viewer)]
    assert ids == sorted(ids, reverse=True)


def test_empty_values_last_ascending_and_first_descending(data: Dataset, engine: Engine, viewer: Viewer) -> None:
    up = _issues(data, engine, "project = DEMO ORDER BY duedate ASC", viewer)
    dues = [i.due for i in up]
    with_due = [d for d in dues if d is not None]
    assert dues == with_due + [None] * (len(dues) - len(with_due))
    assert with_due == sorted(with_due) and with_due and len(with_due) < len(dues)
    down = [i.due for i in _issues(data, engine, "project = DEMO ORDER BY duedate DESC", viewer)]
    assert down == [None] * (len(dues) - len(with_due)) + sorted(with_due, reverse=True)


def test_several_sort_keys(data: Dataset, engine: Engine, viewer: Viewer) -> None:
    found = _issues(data, engine, "project = DEMO ORDER BY priority DESC, created ASC", viewer)
    assert [(-i.priority.rank, i.created) for i in found] == sorted((-i.priority.rank, i.created) for i in found)
    assert found[0].priority.name == "Highest"
    names = [i.summary.lower() for i in _issues(data, engine, "project = WEB order by summary", viewer)]
    assert names == sorted(names)
    keys = [(i.project.key, i.number) for i in _issues(data, engine, "project in (WEB, API) ORDER BY key DESC", viewer)]
    assert keys == sorted(keys, reverse=True)


# ------------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        (Function("now"), NOW),
        (Function("startOfDay"), _ms(2026, 11, 18)),
        (Function("startOfDay", ("-14d",)), _ms(2026, 11, 4)),
        (Function("startOfWeek"), _ms(2026, 11, 16)),  # weeks start on Monday
        (Function("endOfWeek", ("+1d",)), _ms(2026, 11, 23) + DAY_MS - 1),
        (Function("startOfMonth"), _ms(2026, 11, 1)),
        (Function("startOfMonth", ("-1",)), _ms(2026, 10, 1)),  # no unit: the function's own (months)
        (Function("endOfMonth"), _ms(2026, 12, 1) - 1),
        (Function("endOfMonth", ("-1",)), _ms(2026, 11, 1) - 1),
        (Function("startOfYear"), _ms(2026, 1, 1)),
        (Function("endOfYear", ("-1y",)), _ms(2026, 1, 1) - 1),
        (Function("endOfDay"), _ms(2026, 11, 19) - 1),
        (Function("now", ("-1h",)), NOW - 3_600_000),
    ],
    ids=lambda v: f"{v.name}({','.join(v.args)})" if isinstance(v, Function) else "",
)
def test_date_functions_with_a_fixed_clock(function: Function, expected: int) -> None:
    assert date_function(function, NOW) == expected


def test_month_arithmetic_keeps_the_day_where_it_exists() -> None:
    jan_31 = _ms(2026, 1, 31, 9)
    assert date_function(Function("now", ("+1M",)), jan_31) == _ms(2026, 2, 28, 9)


def test_relative_and_absolute_dates() -> None:
    assert moment(Literal("-2w", quoted=True), NOW, "created") == NOW - 14 * DAY_MS
    assert moment(Literal("4w 2d"), NOW, "created") == NOW + 30 * DAY_MS
    assert moment(Literal("90", quoted=True), NOW, "created") == NOW + 90 * 60_000  # minutes by default
    assert moment(Literal("1700000000000"), NOW, "created") == 1_700_000_000_000  # unquoted: epoch ms
    assert moment(Literal("2026/02/03 07:05"), NOW, "created") == _ms(2026, 2, 3, 7, 5)


# ------------------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("jql", "message"),
    [
        ("project = DEMO AND", "Error in the JQL Query: Expecting a field name before the end of the query."),
        (
            "project = DEMO foo",
            "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'foo'. (line 1, character 16)",
        ),
        ("project DEMO", "Error in the JQL Query: Expecting operator but got 'DEMO'."),
        (
            "project = ",
            "Error in the JQL Query: Expecting either a value, list or function before the end of the query.",
        ),
        ("project = AND", "You must surround 'AND' in quotation marks to use it as a value. (line 1, character 11)"),
        (
            'summary ~ "abc',
            "Error in the JQL Query: The quoted string 'abc' has not been completed. (line 1, character 11)",
        ),
        ("(project = DEMO", "Error in the JQL Query: Expecting ')' before the end of the query."),
        ("project in DEMO", "Expecting '(' before the end of the query."),
        ("assignee is nobody", "Expecting 'EMPTY' but got 'nobody'."),
        ("project = DEMO ORDER created", "Expecting 'by' but got 'created'."),
        ("colour = red", "Field 'colour' does not exist or you do not have permission to view it."),
        ("status = Blocked", "The value 'Blocked' does not exist for the field 'status'."),
        ("assignee = nobody", "The value 'nobody' does not exist for the field 'assignee'."),
        ("summary = login", "The operator '=' is not supported by the 'summary' field."),
        ("status > Done", "The operator '>' is not supported by the 'status' field."),
        ('created > "last week"', "Date value 'last week' for field 'created' is invalid."),
        ("created > -1y", "Date value '-1y' for field 'created' is invalid."),
        ("created > soon()", "Unable to find JQL function 'soon()'."),
        ("assignee in membersOf(jira-users)", "not supported by the fake Jira"),
        ("assignee changed", "not supported by the fake Jira"),
        ("project = DEMO ORDER BY description", "Field 'description' does not support sorting."),
        ("ORDER BY created", "Unbounded JQL queries are not allowed here."),
        ("", "Unbounded JQL queries are not allowed here."),
        ("filter = 99999", "The value '99999' does not exist for the field 'filter'."),
        ("key = NOPE-1", "An issue with key 'NOPE-1' does not exist for field 'issuekey'."),
        (
            "project = DEMO ORDER BY key, created, updated, priority, status, duedate, summary, votes",
            "at most 7 fields",
        ),
    ],
)
def test_refused_like_jira(engine: Engine, viewer: Viewer, jql: str, message: str) -> None:
    with pytest.raises(JqlError) as caught:
        engine.search(jql, viewer)
    assert message in caught.value.message
