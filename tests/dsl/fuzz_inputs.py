"""Input generators for the language fuzz tests (tests/dsl/test_fuzz.py).

The corpus is every bundled example, every example in the language reference and every bad-input
fixture. From it the strategies make: mutations (bytes cut and spliced in, hostile tokens among
them), splices of two corpus specs at line boundaries, soups of the language's own tokens, and clean
specs whose every text is hostile (for Atlassian's manifest validator). Hostile means: surrogate
escapes, numbers of thousands of digits, JQL nested hundreds of levels, strings of thousands of
characters, hundreds of errors at once, control and invisible characters, words YAML reads as
something else.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from hypothesis import strategies as st

from dsl import ast
from dsl.forge_limits import MAX_DESCRIPTION_LENGTH, MAX_MODULE_KEY_LENGTH, MAX_TITLE_LENGTH
from dsl.formatter import format_app
from dsl.parser import parse
from dsl.reference import reference_examples

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.appspec"))]
DOC_EXAMPLES = [text for _, text in reference_examples()]
FIXTURES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "dsl" / "fixtures").glob("*.appspec"))]
CORPUS = EXAMPLES + DOC_EXAMPLES + FIXTURES
CLEAN_CORPUS = EXAMPLES + DOC_EXAMPLES

HOSTILE = [
    '"\\uD83D\\uDE80"',
    '"\\ud800"',
    '"x\\uDE80"',
    '"\\uD83D\\u0041"',
    "9" * 5_000,
    "-" + "1" * 40,
    "0.00001",
    "0.12345678901234567",
    "9007199254740992",
    '"' + "NOT " * 495 + 'resolution is EMPTY"',
    '"' + "(" * 300 + "a = b" + ")" * 300 + '"',
    '"' + "x" * 3_000 + '"',
    '"' + "summary ~ w OR " * 200 + 'key = A-1"',
    "table { " + ", ".join(f"nosuch{i}" for i in range(300)) + " }",
    '"\x1b[31m"',
    '"\u202e"',
    "\u2028",
    "\r",
    "\x0c",
    "\ufeff",
    '"{context.issue.reporter}"',
    "sprint",
    "rank",
    '"1e3"',
    "a" * 30,
    "field x = " + "(" * 60 + "created" + ")" * 60,
    "field x = " + "- " * 70 + "1",
    "field x = " + " + ".join(["timespent"] * 70),
    "highlight when " + "not " * 70 + "x is empty",
    "highlight when " + " or ".join(f"x = {i}" for i in range(300)),
    '"{context.issue.labels}"',
    '"labels in {context.issue.labels}"',
    "= {settings.p}",
]

TOKENS = [
    *[
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
    ],
    *[
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
    ],
    *[
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
    ],
    *[
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
        "key",
        "summary",
        "assignee",
        "created",
    ],
    *["week", "customfield_1", "7", "-1", "2.5", "{p}", "p", "é", "description", "id", "scopes", "granular"],
    *["+", "-", "*", "/", "now()", "today()", "days", "in", "highlight", "is", "not", "and", "or", "optional", "<"],
    *["stacked", "split", "cumulative", "pivot", "rows", "columns", "group", "median", "percentile", "distinct"],
    *["unit", "resolved", "status"],
    '"T"',
    '"project = {p}"',
    '"a = b AND ("',
    '"{context.issue}"',
    "\"x ~ '{q}'\"",
    '"\\q"',
    '"',
    "#c\n",
    "\n",
    "\t",
    *HOSTILE,
]


@st.composite
def mutated(draw: st.DrawFn, corpus: list[str] = CORPUS) -> str:
    """A corpus spec with one to four cuts, each replaced by nothing, a token or a few random characters."""
    text = draw(st.sampled_from(corpus))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 12)))
        insert = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)))
        text = text[:start] + (insert if draw(st.booleans()) else "") + text[end:]
    return text


@st.composite
def spliced(draw: st.DrawFn) -> str:
    """The start of one corpus spec joined to the end of another at line boundaries, or a run of
    lines of one put into the other (whole modules move between specs this way)."""
    first = draw(st.sampled_from(CORPUS)).splitlines(keepends=True)
    second = draw(st.sampled_from(CORPUS)).splitlines(keepends=True)
    cut = draw(st.integers(0, len(first)))
    start = draw(st.integers(0, len(second)))
    if draw(st.booleans()):
        return "".join(first[:cut] + second[start:])
    end = draw(st.integers(start, len(second)))
    return "".join(first[:cut] + second[start:end] + first[cut:])


# Hostile values by the kind of token they replace, so they land where such a value is valid.
HOSTILE_STRINGS = [
    '"\\uD83D\\uDE80 rocket"',
    '"\\ud800"',
    '"x\\uDE80"',
    '"\\uD83D\\u0041"',
    '"\\u2028 \\u0085 \\u202e \\u001b[31m"',
    '"\x1b[31m red \u202e"',
    '"' + "x" * 3_000 + '"',
    '""',
    '" "',
    '"1e3"',
]
HOSTILE_QUERIES = [
    '"' + "NOT " * 495 + 'resolution is EMPTY"',
    '"project = ABC AND ' + "NOT " * 101 + 'resolution is EMPTY"',
    '"' + "(" * 400 + "a = b" + ")" * 400 + '"',
    '"' + "(a = b AND " * 150 + "c = d" + ")" * 150 + '"',
    '"' + "summary ~ w OR " * 200 + 'key = A-1"',
    '"key = {context.issue.reporter}"',
    '"sprint in openSprints() AND team = x AND type = Bug"',
    '"summary ~ \\"x) OR project = SECRET OR (summary ~ \\""',
    '"project = {project} AND ("',
]
HOSTILE_NUMBERS = [
    "9" * 5_000,
    "0.00001",
    "0.000000001",
    "1000.000",
    "007",
    "-0",
    "9007199254740992",
    "0.1234567890123456",
]
HOSTILE_NAMES = ["sprint", "rank", "team", "type", "a" * 19, "table", "gadget", "story_points", "Sprint"]
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|(?<![\w.])-?[0-9]+(?:\.[0-9]+)?(?![\w.])|[A-Za-z_][A-Za-z0-9_]*')


@st.composite
def substituted(draw: st.DrawFn) -> str:
    """A corpus spec with one to three strings, numbers or names replaced by hostile ones of the same
    kind: a surrogate escape where a title was, 5,000 digits where a limit was, 495 nested NOTs where a
    query was, `sprint` where a field name was."""
    text = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(1, 3))):
        tokens = list(_TOKEN.finditer(text))
        if not tokens:
            break
        token = draw(st.sampled_from(tokens))
        text = text[: token.start()] + draw(st.sampled_from(_pool(text, token))) + text[token.end() :]
    return text


def _pool(text: str, token: re.Match[str]) -> list[str]:
    first = token.group()[0]
    if first == '"':
        return HOSTILE_QUERIES if text[: token.start()].rstrip().endswith("where") else HOSTILE_STRINGS
    return HOSTILE_NUMBERS if first in "-0123456789" else HOSTILE_NAMES


def token_soup() -> st.SearchStrategy[str]:
    """Up to 40 of the language's tokens in any order, inside an app."""
    return st.lists(st.sampled_from(TOKENS), max_size=40).map(lambda tokens: 'app "F" { ' + " ".join(tokens) + " }")


# --- clean specs with hostile texts ------------------------------------------------------------

# Words YAML reads as something else, and characters that are special in YAML, JSX or Markdown.
_TRICKY_TEXTS = [
    *[
        "yes",
        "no",
        "on",
        "off",
        "null",
        "~",
        "true",
        "False",
        "NULL",
        ".inf",
        ".nan",
        "0x1F",
        "017",
        "12",
        "-3",
        ".5",
        "2001-12-14",
        "12:30",
    ],
    *[
        "-",
        "?",
        ":",
        "#",
        "!",
        "&",
        "*",
        "|",
        ">",
        "%",
        "@",
        "`",
        "'",
        '"',
        "\\",
        ",",
        "[",
        "]",
        "{",
        "}",
        "<b>",
        "{x}",
        "</script>",
        "$1",
        "\\n",
    ],
    "a: b",
    "- item",
    "#1 issues",
    'Tom\'s "quoted" work',
    "line\u2028separator",
    "next\u0085line",
    "para\u2029graph",
    "tab\there",
    "new\nline",
    "bidi \u202e reversed",
    "zero\u200bwidth",
    "bom\ufeff",
    "🚀 launch",
    "👨‍👩‍👧 family",
    "漢字のタイトル",
    "e\u0301 combining",
]


def _text(max_size: int) -> st.SearchStrategy[str]:
    any_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=24)
    long_text = st.builds(
        lambda ch, n: ch * n, st.characters(exclude_categories=("Cs", "Cc")), st.integers(1, max_size)
    )
    return (
        st.one_of(st.sampled_from(_TRICKY_TEXTS), any_text, long_text)
        .map(lambda s: s[:max_size])
        .filter(lambda s: s.strip() != "")
    )


_KEY = st.from_regex(rf"[A-Za-z_][A-Za-z0-9_]{{0,{MAX_MODULE_KEY_LENGTH - 1}}}", fullmatch=True)


@st.composite
def hostile_texts(draw: st.DrawFn) -> str:
    """A clean corpus spec with hostile texts everywhere people read them: the app's name and
    description, every module's key, title and description, labels, headings and state texts."""
    source = draw(st.sampled_from(CLEAN_CORPUS))
    app = parse(source).app
    assert app is not None
    modules = []
    for index, module in enumerate(app.modules):
        title = draw(_text(MAX_TITLE_LENGTH - 4))
        modules.append(
            dataclasses.replace(
                module,
                key=ast.Name(f"{draw(_KEY)[: MAX_MODULE_KEY_LENGTH - 3]}_{index}"),
                title=ast.Text(f"{title} {index}"),
                description=draw(st.none() | _text(MAX_DESCRIPTION_LENGTH).map(ast.Text)),
                views=tuple(_retitled(view, draw) for view in module.views),
                texts=tuple(dataclasses.replace(t, text=ast.Text(draw(_text(200)))) for t in module.texts),
                config=tuple(_relabelled(p, draw) for p in module.config),
                settings=tuple(_relabelled(p, draw) for p in module.settings),
            )
        )
    description = draw(st.none() | _text(MAX_DESCRIPTION_LENGTH).map(ast.Text))
    changed = dataclasses.replace(
        app, name=ast.Text(draw(_text(MAX_TITLE_LENGTH))), description=description, modules=tuple(modules)
    )
    return format_app(changed)


def _retitled(view: ast.View, draw: st.DrawFn) -> ast.View:
    return dataclasses.replace(view, title=draw(st.none() | _text(120).map(ast.Text)))


def _relabelled(param: ast.Param, draw: st.DrawFn) -> ast.Param:
    return dataclasses.replace(param, label=draw(st.none() | _text(120).map(ast.Text)))
