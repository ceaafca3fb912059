"""JQL checking and templates: placeholders are typed holes, custom names become cf[…]."""

from __future__ import annotations

from dsl import ast
from dsl.jql import JqlPlaceholder, JqlText, check_jql
from dsl.parser import parse
from dsl.resolve import ResolvedField
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
