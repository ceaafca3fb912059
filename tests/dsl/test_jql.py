"""JQL checking and templates: placeholders are typed holes, custom names become cf[…]."""

from __future__ import annotations

from pathlib import Path

from dsl import analyze, ast
from dsl.jql import (
    CurrentUser,
    DateFunction,
    DateOffset,
    JqlPlaceholder,
    JqlText,
    WorklogAuthor,
    WorklogFilter,
    check_jql,
    check_module_jql,
)
from dsl.parser import parse
from dsl.resolve import ResolvedField
from dsl.span import NO_SPAN
from dsl.types import FieldType

POINTS = {"points": ResolvedField("points", FieldType.NUMBER, "Points", "customfield_10016", True, True)}


def jql_node(query: str) -> ast.Jql:
    literal = query.replace("\\", "\\\\").replace('"', '\\"')
    app = parse(f'app "X" {{ gadget g "G" {{ issues where "{literal}" table {{ key }} }} }}').app
    assert app is not None and isinstance(app.modules[0].data, ast.IssuesSource)
    return app.modules[0].data.jql


def test_template_splits_placeholders_and_rewrites_custom_fields() -> None:
    result = check_jql(
        jql_node("project = {p} AND points > 3 AND assignee = {context.user}"),
        POINTS,
        {"p": "project", "context.user": "user"},
    )
    assert result.diagnostics == ()
    assert result.template is not None
    parts = result.template.parts
    assert parts[0] == JqlText("project = ")
    assert isinstance(parts[1], JqlPlaceholder) and parts[1].key == "p" and parts[1].type == "project"
    assert parts[2] == JqlText(" AND cf[10016] > 3 AND assignee = ")
    assert isinstance(parts[3], JqlPlaceholder) and parts[3].kind == "context" and parts[3].name == "user"


def test_placeholder_inside_a_quoted_value_is_rejected() -> None:
    result = check_jql(jql_node('summary ~ "{q}"'), {}, {"q": "text"})
    assert [d.code for d in result.diagnostics] == ["E303"]


def test_jql_param_must_stand_alone() -> None:
    ok = check_jql(jql_node("{extra} AND project = ABC"), {}, {"extra": "jql"})
    assert ok.diagnostics == ()
    bad = check_jql(jql_node("project = {extra}"), {}, {"extra": "jql"})
    assert [d.code for d in bad.diagnostics] == ["E204"]


def test_unknown_placeholders_are_returned_for_the_checker() -> None:
    result = check_jql(jql_node("project = {nope}"), {}, {})
    assert [key for key, _ in result.unresolved] == ["nope"]


def test_error_positions_survive_escapes_in_the_literal() -> None:
    node = jql_node('summary ~ "a\\"b" AND projekt = X')
    result = check_jql(node, {}, {})
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "E302"
    source_line = 'app "X" { gadget g "G" { issues where "summary ~ \\"a\\\\\\"b\\" AND projekt = X" table { key } } }'
    start = diagnostic.span.column - 1
    assert source_line[start : start + len("projekt")] == "projekt"


def test_history_and_functions_parse() -> None:
    for query in [
        "status changed to Done after -14d",
        "assignee was currentUser() during (startOfWeek(), now())",
        "issue in linkedIssues({context.issue}) OR parent = {context.issue}",
        "cf[10016] >= 3 AND labels not in (a, b) AND NOT resolution is not EMPTY",
        "'Story Points' > 1 || type = Bug && priority != High",
    ]:
        result = check_jql(jql_node(query), {}, {"context.issue": "key"})
        assert result.diagnostics == (), (query, result.diagnostics)


# ------------------------------------------------------------------------------------ worklog conditions

TYPES = {"person": "user", "since": "date", "context.user": "user", "settings.from": "date"}


def worklogs(query: str) -> WorklogFilter:
    result = check_jql(jql_node(query), {}, TYPES)
    assert result.diagnostics == (), result.diagnostics
    return result.worklogs


def test_worklog_author_forms_are_extracted() -> None:
    found = worklogs(
        'worklogAuthor = {person} AND WORKLOGAUTHOR in (abc, "def", currentUser()) '
        "AND worklogAuthor != {context.user} AND worklogauthor not in ('x')"
    )
    assert found.dates == () and found.ignored == ()
    first, listed, excluded, not_in = found.authors
    assert not first.exclude and len(first.users) == 1
    person = first.users[0]
    assert isinstance(person, JqlPlaceholder) and (person.kind, person.name, person.type) == ("param", "person", "user")
    assert listed == WorklogAuthor(False, ("abc", "def", CurrentUser()), NO_SPAN)
    user = excluded.users[0]
    assert excluded.exclude and isinstance(user, JqlPlaceholder) and user.key == "context.user"
    assert not_in == WorklogAuthor(True, ("x",), NO_SPAN)


def test_worklog_date_forms_are_extracted() -> None:
    found = worklogs(
        'worklogDate >= -30d AND worklogDate > 2026-01-31 AND worklogDate <= "2026/02/03" AND worklogDate < now() '
        'AND worklogDate = startOfMonth() AND worklogDate >= startOfMonth(-1) AND worklogDate >= startOfDay("-7d") '
        "AND worklogDate < endOfYear(+2w) AND worklogDate >= {since} AND worklogDate != {settings.from}"
    )
    assert found.authors == () and found.ignored == ()
    assert [(d.op, d.value) for d in found.dates[:8]] == [
        (">=", DateOffset(-30, "d")),
        (">", "2026-01-31"),
        ("<=", "2026-02-03"),
        ("<", DateFunction("now", None)),
        ("=", DateFunction("startOfMonth", None)),
        (">=", DateFunction("startOfMonth", DateOffset(-1, "M"))),
        (">=", DateFunction("startOfDay", DateOffset(-7, "d"))),
        ("<", DateFunction("endOfYear", DateOffset(2, "w"))),
    ]
    since, setting = (d.value for d in found.dates[8:])
    assert isinstance(since, JqlPlaceholder) and since.key == "since"
    assert isinstance(setting, JqlPlaceholder) and setting.key == "settings.from"


def test_worklog_conditions_in_parentheses_joined_by_and_still_filter() -> None:
    found = worklogs("project = X AND (worklogAuthor = a AND (worklogDate >= -1h))")
    assert [a.users for a in found.authors] == [("a",)]
    assert [d.value for d in found.dates] == [DateOffset(-1, "h")]


def test_worklog_conditions_under_or_or_not_only_choose_issues() -> None:
    for query in (
        "worklogAuthor = a OR worklogDate >= -1w",
        "project = X AND (worklogAuthor = a OR project = Y)",
        "NOT worklogAuthor = a",
        "project = X AND !(worklogDate >= -1w)",
    ):
        found = worklogs(query)
        assert not found.active, query
        assert found.ignored and all("OR or NOT" in why for _, why in found.ignored), query


def test_worklog_conditions_in_forms_the_resolver_cannot_evaluate_are_listed() -> None:
    found = worklogs(
        "worklogAuthor is EMPTY AND worklogAuthor in membersOf(devs) AND worklogDate > now(1) "
        'AND worklogDate >= "2026-02-30" AND worklogDate in (2026-01-01) AND worklogDate >= lastLogin() '
        'AND worklogDate >= "2026-01-01 10:00"'
    )
    assert not found.active
    assert len(found.ignored) == 7


def test_worklog_span_points_at_the_clause() -> None:
    node = jql_node("project = X AND worklogDate >= -30d")
    (condition,) = check_jql(node, {}, {}).worklogs.dates
    source_line = 'app "X" { gadget g "G" { issues where "project = X AND worklogDate >= -30d" table { key } } }'
    span = condition.span
    assert source_line[span.column - 1 : span.end_column - 1] == "worklogDate >= -30d"


def test_w105_only_for_worklog_rows() -> None:
    """An issue search may use worklog conditions under OR freely; a worklog source is warned."""
    jql = "worklogAuthor = currentUser() OR worklogDate >= -1w"
    issues = analyze(f'app "X" {{ global_page p "P" {{ issues where "{jql}" table {{ key }} }} }}', "x.appspec")
    assert issues.diagnostics == ()
    rows = analyze(f'app "X" {{ global_page p "P" {{ worklogs of issues where "{jql}" table {{ author }} }} }}', "x")
    assert [d.code for d in rows.diagnostics] == ["W105", "W105"]


def test_the_worklog_examples_filter_their_rows_and_check_clean() -> None:
    root = Path(__file__).resolve().parents[2] / "examples"
    for name in ("weekly-timesheet", "team-time-report"):
        text = (root / f"{name}.appspec").read_text(encoding="utf-8")
        analysis = analyze(text, f"{name}.appspec")
        assert analysis.diagnostics == (), name
        assert analysis.app is not None
        module = analysis.app.modules[0]
        assert isinstance(module.data, ast.WorklogsSource)
        assert check_module_jql(analysis.app, module, module.data.jql).worklogs.active, name
