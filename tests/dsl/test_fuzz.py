"""Fuzzing: no input makes the parser, checker or formatter raise; only diagnostics come back.

Two generators: mutations of the real examples (so inputs stay close to valid specs and reach
deep into the checker) and soups of the language's own tokens. Together they run well over
2,000 inputs per CI run.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsl import analyze
from dsl.formatter import format_app
from dsl.parser import parse

EXAMPLES = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parents[2] / "examples").glob("*.appspec"))]
TOKENS = [
    "app",
    "gadget",
    "issue_panel",
    "project_page",
    "global_page",
    "admin_page",
    "{",
    "}",
    "(",
    ")",
    ",",
    ":",
    "=",
    "config",
    "settings",
    "field",
    "issues",
    "where",
    "worklogs",
    "of",
    "projects",
    "filters",
    "order",
    "by",
    "asc",
    "desc",
    "limit",
    "table",
    "list",
    "bar",
    "horizontal",
    "line",
    "pie",
    "donut",
    "chart",
    "metric",
    "x",
    "y",
    "slice",
    "value",
    "count",
    "sum",
    "avg",
    "when",
    "loading",
    "empty",
    "error",
    "number",
    "text",
    "select",
    "project",
    "user",
    "boolean",
    "date",
    "jql",
    "filter",
    "true",
    "false",
    '"T"',
    '"project = {p}"',
    '"a = b AND ("',
    '"{context.issue}"',
    "\"x ~ '{q}'\"",
    '"\\q"',
    '"',
    "key",
    "summary",
    "assignee",
    "created",
    "week",
    "customfield_1",
    "7",
    "-1",
    "2.5",
    "#c\n",
    "\n",
    "{p}",
    "p",
    "é",
    "\t",
    "description",
    "id",
    "scopes",
    "granular",
]


def _exercise(text: str) -> None:
    analysis = analyze(text, "fuzz.appspec")
    for diagnostic in analysis.diagnostics:
        assert diagnostic.span.line >= 1 and diagnostic.span.column >= 1
        assert diagnostic.message
    if analysis.app is not None:
        formatted = format_app(analysis.app, analysis.comments)
        again = parse(formatted, "fuzz.appspec")
        assert again.app == analysis.app, formatted
        assert format_app(again.app, again.comments) == formatted


@st.composite
def mutated_examples(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(EXAMPLES))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 12)))
        insert = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)))
        text = text[:start] + (insert if draw(st.booleans()) else "") + text[end:]
    return text


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_examples())
def test_mutated_examples_never_crash(text: str) -> None:
    _exercise(text)


@settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join))
def test_token_soup_never_crashes(text: str) -> None:
    _exercise('app "F" { ' + text + " }")
