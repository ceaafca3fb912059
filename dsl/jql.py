"""JQL inside specs: parsed with its own small LALR grammar, checked, and turned into a template.

A spec's JQL is checked like the rest of the spec: syntax errors and unknown fields point at
the exact character inside the string. Placeholders (``{project}``, ``{context.issue}``,
``{settings.team}``) are typed: a number parameter cannot stand where a user is compared, a
boolean cannot appear at all. The result is a :class:`JqlTemplate` — literal text and typed
holes — which the compiler fills at run time with safely quoted values, so no configuration
value can change the structure of the query.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from lark import Lark, Token, Transformer, Tree, UnexpectedInput

from dsl import ast
from dsl.catalogue import ISSUE_FIELDS_BY_NAME, JQL_FIELDS
from dsl.diagnostics import Diagnostic, error
from dsl.jql_bounds import too_deep, too_long
from dsl.resolve import (
    ISSUE_CONTEXT_TYPES,
    ResolvedField,
    context_values,
    declared_fields,
    issue_context_fields,
    resolved_custom_fields,
)
from dsl.similar import closest
from dsl.span import Span
from dsl.strings import unquote
from dsl.tables import LalrGrammar
from dsl.types import FieldType

# What a placeholder holds, as far as JQL cares. Parameters map their ParamType onto this,
# context values and settings likewise.
PlaceholderType = str  # one of: text number boolean date project user filter jql select key

# The type JQL-only fields (not row fields) compare with; None means "any plain value".
_JQL_ONLY_TYPES: dict[str, str | None] = {
    "watcher": "user",
    "voter": "user",
    "worklogauthor": "user",
    "updatedby": "user",
    "filter": "filter",
    "savedfilter": "filter",
    "worklogdate": "date",
    "lastviewed": "date",
    "statuscategorychangeddate": "date",
}

LIST_TYPES = frozenset({"users", "texts"})
"""Placeholder types holding several values (the viewed issue's labels, components …): only after ``in``."""

# Which placeholder types may be compared with a field of each type.
_COMPATIBLE: dict[str, frozenset[str]] = {
    "text": frozenset({"text", "select", "texts"}),
    "number": frozenset({"number", "text", "select"}),
    "date": frozenset({"date", "text", "select"}),
    "user": frozenset({"user", "text", "select", "users"}),
    "project": frozenset({"project", "text", "select"}),
    "issue": frozenset({"key", "text", "select"}),
    "filter": frozenset({"filter", "text", "select"}),
}


def _field_category(field_type: FieldType) -> str:
    if field_type.is_numeric:
        return "number"
    if field_type.is_temporal:
        return "date"
    if field_type in (FieldType.USER, FieldType.USERS):
        return "user"
    if field_type is FieldType.PROJECT:
        return "project"
    if field_type in (FieldType.KEY, FieldType.ISSUE):
        return "issue"
    return "text"


@dataclass(frozen=True)
class JqlText:
    """Literal JQL, copied into the query as is."""

    text: str


@dataclass(frozen=True)
class JqlPlaceholder:
    """A hole filled at run time: ``kind`` is param, context or settings; ``type`` its value type."""

    kind: str
    name: str
    type: PlaceholderType
    span: Span = field(compare=False)

    @property
    def key(self) -> str:
        """The name as written inside the braces (``rows``, ``context.issue``)."""
        return self.name if self.kind == "param" else f"{self.kind}.{self.name}"


@dataclass(frozen=True)
class JqlTemplate:
    """A checked query: literal parts and typed placeholders, in order."""

    parts: tuple[JqlText | JqlPlaceholder, ...]

    @property
    def placeholders(self) -> tuple[JqlPlaceholder, ...]:
        return tuple(p for p in self.parts if isinstance(p, JqlPlaceholder))

    def preview(self) -> str:
        """The query with placeholders shown as ``{name}``, for people."""
        return "".join(p.text if isinstance(p, JqlText) else "{" + p.key + "}" for p in self.parts)


@dataclass(frozen=True)
class Conjunct:
    """One operand of the query's top-level AND (the whole query when it has none), as its own template.

    ``droppable``: the operand is a single clause or a ``{jql}`` placeholder, so leaving it out (with its AND)
    removes exactly that condition; an operand in brackets, under NOT or an OR group is not.
    """

    template: JqlTemplate
    droppable: bool
    span: Span = field(compare=False)


# ------------------------------------------------------------------------------------ worklog conditions


@dataclass(frozen=True)
class CurrentUser:
    """``currentUser()``: the account that runs the query."""


@dataclass(frozen=True)
class DateOffset:
    """A signed amount of JQL time units: ``-30d``, ``+2w``; units y M w d h m (M months, m minutes)."""

    amount: int
    unit: str


@dataclass(frozen=True)
class DateFunction:
    """``now()``, ``startOfMonth(-1)``, ``endOfDay("+1d")`` …; ``offset`` None when it has no argument."""

    name: str  # canonical spelling, e.g. startOfMonth
    offset: DateOffset | None


WorklogUser = str | CurrentUser | JqlPlaceholder  # a literal account id, currentUser(), or a placeholder
WorklogDay = str | DateOffset | DateFunction | JqlPlaceholder  # an ISO day (YYYY-MM-DD) or a moment


@dataclass(frozen=True)
class WorklogAuthor:
    """``worklogAuthor = V`` / ``in (V, …)`` (``exclude`` False) or ``!=`` / ``not in`` (``exclude`` True)."""

    exclude: bool
    users: tuple[WorklogUser, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class WorklogDate:
    """``worklogDate OP D``: compares the day a worklog started with the day of ``value``."""

    op: str  # = != > >= < <=
    value: WorklogDay
    span: Span = field(compare=False)


@dataclass(frozen=True)
class WorklogFilter:
    """The worklog conditions of a query that can filter worklog rows, and those that cannot.

    Only clauses joined to the rest of the query by AND at the top level filter rows (``authors`` and ``dates``
    must all hold); a worklog clause under OR or NOT, or in a form the resolver cannot evaluate, only chooses
    issues and is listed in ``ignored`` with the reason.
    """

    authors: tuple[WorklogAuthor, ...] = ()
    dates: tuple[WorklogDate, ...] = ()
    ignored: tuple[tuple[Span, str], ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.authors or self.dates)


@dataclass(frozen=True)
class JqlCheck:
    """The outcome of checking one JQL string.

    ``placeholders`` and ``custom_fields`` name what the query uses, even when it has errors (then
    found by scanning the text), so an error in a query never makes the checker also call a parameter
    or field unused: a repair would delete it.
    """

    template: JqlTemplate | None
    diagnostics: tuple[Diagnostic, ...]
    unresolved: tuple[tuple[str, Span], ...]  # placeholders whose names nobody declared
    worklogs: WorklogFilter = WorklogFilter()
    placeholders: frozenset[str] = frozenset()  # keys as written inside braces: rows, context.issue
    custom_fields: frozenset[str] = frozenset()  # declared custom fields the query compares
    conjuncts: tuple[Conjunct, ...] = ()  # the operands of the top-level AND, in order


GRAMMAR = LalrGrammar("jql.lark", {"lexer": "contextual"})


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return GRAMMAR.load()


_ORDER_BY = re.compile(r"\border\s+by\b", re.IGNORECASE)
_PLACEHOLDER_IN_QUOTES = re.compile(r"\{[A-Za-z_][A-Za-z0-9_.]*\}")


class _Locator:
    """Maps offsets inside the unescaped JQL value to spans in the spec source."""

    def __init__(self, node: ast.Jql) -> None:
        self.span = node.text.span
        try:
            _, self.offsets = unquote(node.text.raw) if node.text.raw else ("", range(0))
        except ValueError:  # a bad escape was already reported by the parser
            self.offsets = ()

    def _column(self, offset: int) -> int:
        if 0 <= offset < len(self.offsets):
            return self.span.column + self.offsets[offset]
        return max(self.span.end_column - 1, self.span.column)

    def at(self, start: int, end: int) -> Span:
        """The source span of value offsets ``start``..``end`` (end exclusive)."""
        first = self._column(start)
        last = max(self._column(max(end - 1, start)) + 1, first + 1)
        s = self.span
        return Span(s.file, s.line, first, s.line, last, s.start + first - s.column, s.start + last - s.column)


@dataclass
class _Clause:
    field_token: Token
    values: list[Token]
    lists: list[Token] = field(default_factory=list)  # placeholders that are the whole list after IN


class _Collect(Transformer[Token, Any]):
    """Collects clauses (field + placeholder values) and standalone placeholders from the tree."""

    def __init__(self) -> None:
        super().__init__()
        self.clauses: list[_Clause] = []
        self.standalone: list[Token] = []
        self.in_function: list[Token] = []

    def field(self, items: list[Token]) -> Token:
        return items[0]

    def placeholder_value(self, items: list[Token]) -> Token:
        return items[0]

    def jql_placeholder(self, items: list[Token]) -> None:
        self.standalone.append(items[0])

    def function_call(self, items: list[Any]) -> None:
        self.in_function.extend(i for i in items[1:] if isinstance(i, Token) and i.type == "PLACEHOLDER")

    def value_list(self, items: list[Any]) -> list[Token]:
        return [i for i in items if isinstance(i, Token) and i.type == "PLACEHOLDER"]

    def _clause(self, items: list[Any]) -> None:
        values: list[Token] = []
        lists: list[Token] = []
        after_in = False
        for item in items[1:]:
            if isinstance(item, Token) and item.type == "IN":
                after_in = True
            elif isinstance(item, Token) and item.type == "PLACEHOLDER":
                (lists if after_in else values).append(item)
            elif isinstance(item, list):
                values.extend(item)
        self.clauses.append(_Clause(items[0], values, lists))

    compare_clause = list_clause = history_clause = _clause

    def empty_clause(self, items: list[Any]) -> None:
        self.clauses.append(_Clause(items[0], []))


def check_jql(
    node: ast.Jql,
    custom_fields: Mapping[str, ResolvedField],
    placeholder_types: Mapping[str, PlaceholderType],
    computed: Container[str] = frozenset(),
) -> JqlCheck:
    """Check one JQL string; ``placeholder_types`` maps ``rows``/``context.issue``/… to types; ``computed``
    names the computed fields, which Jira cannot search."""
    text = node.text.value
    where = _Locator(node)
    refused = too_long(text, where.at) or _ordering(text, where)
    if refused is not None:
        return _unchecked(refused, text, custom_fields)
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        return _unchecked(_syntax_error(exc, text, where), text, custom_fields)
    deep = too_deep(tree, where.at)
    if deep is not None:
        return _unchecked(deep, text, custom_fields)
    collector = _Collect()
    collector.transform(tree)
    # Every named token is in the tree (only punctuation is filtered), in source order.
    tokens = sorted(tree.scan_values(lambda v: isinstance(v, Token)), key=lambda t: t.start_pos or 0)
    problems = _quoted_placeholders(tokens, where)
    rewrites: dict[int, str] = {}
    unresolved: list[tuple[str, Span]] = []
    used_fields: set[str] = set()
    for clause in collector.clauses:
        category = _check_field(clause.field_token, custom_fields, where, problems, rewrites, used_fields, computed)
        for value in clause.values:
            _check_placeholder(value, category, placeholder_types, where, problems, unresolved)
        for listed in clause.lists:
            _check_placeholder(listed, category, placeholder_types, where, problems, unresolved, whole_list=True)
    for token in collector.standalone:
        _check_standalone(token, placeholder_types, where, problems, unresolved)
    for token in collector.in_function:
        _check_placeholder(token, None, placeholder_types, where, problems, unresolved)
    template = _template(text, tokens, rewrites, placeholder_types, where)
    worklogs = _worklog_filter(tree, custom_fields, placeholder_types, where)
    used = frozenset(p.key for p in template.placeholders)
    conjuncts = _conjunct_templates(tree, text, tokens, rewrites, placeholder_types, where)
    return JqlCheck(template, tuple(problems), tuple(unresolved), worklogs, used, frozenset(used_fields), conjuncts)


def _ordering(text: str, where: _Locator) -> Diagnostic | None:
    order = _ORDER_BY.search(_without_quoted(text))
    if order is None:
        return None
    return error(
        "E304",
        where.at(order.start(), order.end()),
        "ordering is written outside the JQL string",
        "remove ORDER BY from the string and add `order by FIELD asc|desc` after it",
    )


_PLACEHOLDER_TEXT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}")
_WORD_TEXT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _unchecked(problem: Diagnostic, text: str, custom_fields: Mapping[str, ResolvedField]) -> JqlCheck:
    """The result for a query that could not be parsed: its one problem, and the placeholders and
    custom fields it mentions, found by scanning the text (one pass each, whatever its length)."""
    placeholders = frozenset(_PLACEHOLDER_TEXT.findall(text))
    words = set(_WORD_TEXT.findall(_without_quoted(text))) if custom_fields else set()
    return JqlCheck(
        None, (problem,), (), placeholders=placeholders, custom_fields=frozenset(words & custom_fields.keys())
    )


def _without_quoted(text: str) -> str:
    """The text with quoted strings blanked out, so words inside quotes are not keywords.

    One pass: once a quote character has no closing partner, later ones of that kind cannot have one
    either, so they are not searched again (a regex would, and take quadratic time on such text).
    """
    out = list(text)
    unclosed: set[str] = set()
    i = 0
    while i < len(text):
        quote = text[i]
        if quote not in "\"'" or quote in unclosed:
            i += 1
            continue
        end = _closing(text, i + 1, quote)
        if end is None:
            unclosed.add(quote)
            i += 1
            continue
        out[i : end + 1] = " " * (end + 1 - i)
        i = end + 1
    return "".join(out)


def _closing(text: str, start: int, quote: str) -> int | None:
    """The position of the quote closing a string opened before ``start``, skipping escapes."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == quote:
            return i
        else:
            i += 1
    return None


def _syntax_error(exc: UnexpectedInput, text: str, where: _Locator) -> Diagnostic:
    pos = getattr(exc, "pos_in_stream", None)
    token = getattr(exc, "token", None)
    if isinstance(token, Token) and token.type == "$END":
        pos = len(text)
    if isinstance(token, Token) and token.type != "$END":
        pos = token.start_pos
        found = f"`{token.value}`"
    elif pos is not None and 0 <= pos < len(text):
        found = f"`{text[pos]}`"
    else:
        pos = len(text)
        found = "end of the query"
    expected = _expected_words(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or set())
    hint = "JQL clauses look like `field = value`, joined with AND / OR"
    if found == "end of the query":
        hint = "the query stops in the middle of a clause"
    length = len(token.value) if isinstance(token, Token) and token.type != "$END" else 1
    return error(
        "E301",
        where.at(pos or 0, (pos or 0) + length),
        f"JQL syntax: unexpected {found}; expected {expected}"
        if found != "end of the query"
        else f"JQL syntax: the query ends early; expected {expected}",
        hint,
    )


_JQL_WORDS = {
    "WORD": "a field or value",
    "QUOTED": "a quoted value",
    "PLACEHOLDER": "a {placeholder}",
    "COMPARE": "an operator such as `=` or `<`",
    "IN": "`in`",
    "IS": "`is`",
    "WAS": "`was`",
    "CHANGED": "`changed`",
    "NOT": "`not`",
    "AND": "`and`",
    "OR": "`or`",
    "EMPTY_VALUE": "`empty`",
    "RPAR": "`)`",
    "LPAR": "`(`",
    "COMMA": "`,`",
}


def _expected_words(expected: set[str] | frozenset[str]) -> str:
    words = sorted({_JQL_WORDS[e] for e in expected if e in _JQL_WORDS})
    if not words:
        return "a complete clause"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _quoted_placeholders(tokens: list[Token], where: _Locator) -> list[Diagnostic]:
    found = []
    for token in tokens:
        if token.type == "QUOTED":
            match = _PLACEHOLDER_IN_QUOTES.search(token.value)
            if match:
                start = (token.start_pos or 0) + match.start()
                found.append(
                    error(
                        "E303",
                        where.at(start, start + len(match.group())),
                        f"placeholder {match.group()} is inside quotes, so it would be searched literally",
                        f"remove the quotes: write {match.group()} and forgewright quotes the value safely",
                    )
                )
    return found


def _field_name(token: Token) -> str:
    value = str(token.value)
    return value[1:-1] if token.type == "QUOTED" else value


def _check_field(
    token: Token,
    custom_fields: Mapping[str, ResolvedField],
    where: _Locator,
    problems: list[Diagnostic],
    rewrites: dict[int, str],
    used_fields: set[str],
    computed: Container[str] = frozenset(),
) -> str | None:
    """The value category a field compares with; reports unknown system fields and computed fields."""
    if token.type == "CUSTOM_REF":
        return None
    name = _field_name(token)
    lowered = name.lower()
    if name in computed and lowered not in JQL_FIELDS and token.type != "QUOTED":
        used_fields.add(name)
        start = token.start_pos or 0
        problems.append(
            error(
                "E210",
                where.at(start, start + len(token.value)),
                f"`{name}` is computed by the app from each issue it reads, so Jira cannot search by it",
                "choose the issues by the fields it is computed from (e.g. `resolved >= -30d`), and mark rows by "
                f"it with `highlight when {name} …`",
            )
        )
        return None
    declared = custom_fields.get(name)
    if declared is not None and declared.jira_id:
        used_fields.add(name)
        reference = "cf[" + declared.jira_id.removeprefix("customfield_") + "]"
        if lowered not in JQL_FIELDS or name in ISSUE_FIELDS_BY_NAME:  # row-field names: E110 where declared
            rewrites[token.start_pos or 0] = reference
            return _field_category(declared.type)
        start = token.start_pos or 0
        problems.append(
            error(
                "E110",
                where.at(start, start + len(token.value)),
                f"in JQL, `{name}` is Jira's own field, not your custom field `{name}` ({declared.jira_id})",
                f"rename the custom field (e.g. `{name}_field`) and write that name here, or write {reference} "
                f"for the custom field",
            )
        )
    if re.fullmatch(r"customfield_[0-9]+", lowered):
        rewrites[token.start_pos or 0] = "cf[" + lowered.removeprefix("customfield_") + "]"
        return None
    if lowered in JQL_FIELDS:
        system = JQL_FIELDS[lowered]
        return _field_category(system.type) if system else _JQL_ONLY_TYPES.get(lowered)
    if token.type == "QUOTED":
        return None  # a custom field by its display name: Jira resolves it, we can't
    suggestion = closest(lowered, [*JQL_FIELDS, *custom_fields])
    hint = (
        f"did you mean `{suggestion}`?"
        if suggestion
        else ("declare a custom field with `field NAME: TYPE = customfield_NNNNN`, or quote its Jira name")
    )
    start = token.start_pos or 0
    problems.append(error("E302", where.at(start, start + len(token.value)), f"unknown JQL field `{name}`", hint))
    return None


def _placeholder_key(token: Token) -> str:
    return str(token.value)[1:-1]


def split_key(key: str) -> tuple[str, str]:
    """``rows`` → (param, rows); ``context.issue`` → (context, issue); ``context.issue.reporter`` →
    (context, issue.reporter): the scope is what comes before the first dot."""
    scope, dot, name = key.partition(".")
    return (scope, name) if dot else ("param", key)


def _resolve_placeholder(
    token: Token,
    types: Mapping[str, PlaceholderType],
    where: _Locator,
    unresolved: list[tuple[str, Span]],
) -> tuple[str, Span, PlaceholderType | None]:
    """A placeholder's name, source span and type; unknown names are recorded for the checker."""
    key = _placeholder_key(token)
    start = token.start_pos or 0
    span = where.at(start, start + len(token.value))
    kind = types.get(key)
    if kind is None:
        unresolved.append((key, span))
    return key, span, kind


def _check_placeholder(
    token: Token,
    category: str | None,
    types: Mapping[str, PlaceholderType],
    where: _Locator,
    problems: list[Diagnostic],
    unresolved: list[tuple[str, Span]],
    *,
    whole_list: bool = False,
) -> None:
    key, span, kind = _resolve_placeholder(token, types, where, unresolved)
    if kind is None:
        return
    if kind in LIST_TYPES and not whole_list:
        problems.append(
            error(
                "E204",
                span,
                f"`{{{key}}}` holds several values, so it can only be the list after `in` or `not in`",
                f"write `FIELD in {{{key}}}` (or `not in`), without brackets around it",
            )
        )
    elif whole_list and kind not in LIST_TYPES and kind != "jql":
        problems.append(
            error(
                "E204",
                span,
                f"`{{{key}}}` is one value, and after `in` JQL needs a list in brackets",
                f"write `in ({{{key}}})`, or compare with `=`",
            )
        )
    elif kind == "boolean":
        problems.append(
            error(
                "E204",
                span,
                f"`{{{key}}}` is a yes/no value and cannot be used in JQL",
                f"use it to show or hide a view: `when {{{key}}}`",
            )
        )
    elif kind == "jql":
        problems.append(
            error(
                "E204",
                span,
                f"`{{{key}}}` holds a whole JQL query, not a value",
                f"use it as a clause of its own: `{{{key}}} AND …`",
            )
        )
    elif category is not None and kind not in _COMPATIBLE.get(category, frozenset({kind})):
        problems.append(
            error(
                "E204",
                span,
                f"`{{{key}}}` is a {kind} but is compared with a {category} field",
                f"compare it with a {kind} field, or give the parameter the type `{category}`",
            )
        )


def _check_standalone(
    token: Token,
    types: Mapping[str, PlaceholderType],
    where: _Locator,
    problems: list[Diagnostic],
    unresolved: list[tuple[str, Span]],
) -> None:
    key, span, kind = _resolve_placeholder(token, types, where, unresolved)
    if kind is not None and kind != "jql":
        problems.append(
            error(
                "E204",
                span,
                f"`{{{key}}}` stands where a JQL clause should be, but it is a {kind}",
                f"compare it with a field, e.g. `project = {{{key}}}`, or give it the type `jql`",
            )
        )


def _template(
    text: str,
    tokens: list[Token],
    rewrites: dict[int, str],
    types: Mapping[str, PlaceholderType],
    where: _Locator,
    start: int = 0,
    end: int | None = None,
) -> JqlTemplate:
    """The query (or its part from ``start`` to ``end``) as literal text and typed placeholders."""
    end = len(text) if end is None else end
    parts: list[JqlText | JqlPlaceholder] = []
    cursor = start
    for token in tokens:
        begin = token.start_pos or 0
        finish = token.end_pos or begin
        if begin < start or finish > end:
            continue
        if token.type == "PLACEHOLDER":
            parts.append(JqlText(text[cursor:begin]))
            key = _placeholder_key(token)
            kind, name = split_key(key)
            parts.append(JqlPlaceholder(kind, name, types.get(key, "text"), where.at(begin, finish)))
            cursor = finish
        elif begin in rewrites:
            parts.append(JqlText(text[cursor:begin] + rewrites[begin]))
            cursor = finish
    parts.append(JqlText(text[cursor:end]))
    merged: list[JqlText | JqlPlaceholder] = []
    for part in parts:
        if isinstance(part, JqlText) and merged and isinstance(merged[-1], JqlText):
            merged[-1] = JqlText(merged[-1].text + part.text)
        elif not (isinstance(part, JqlText) and not part.text):
            merged.append(part)
    return JqlTemplate(tuple(merged))


_DROPPABLE = frozenset({"compare_clause", "list_clause", "empty_clause", "history_clause", "jql_placeholder"})


def _conjunct_templates(
    tree: Tree[Token],
    text: str,
    tokens: list[Token],
    rewrites: dict[int, str],
    types: Mapping[str, PlaceholderType],
    where: _Locator,
) -> tuple[Conjunct, ...]:
    """The operands of the query's top-level AND, each cut from the text between the ANDs that join them (so
    its brackets and ``!`` stay with it) and made a template of its own."""
    if not tree.children:
        return ()
    root = tree.children[0]
    operands = root.children if isinstance(root, Tree) and root.data == "and_expr" else [root]
    joins = [t for t in operands if isinstance(t, Token) and t.type == "AND"]
    nodes = [n for n in operands if not (isinstance(n, Token) and n.type == "AND")]
    bounds = [0, *(b for t in joins for b in (t.start_pos or 0, t.end_pos or 0)), len(text)]
    found = []
    for index, node in enumerate(nodes):
        start, end = bounds[2 * index], bounds[2 * index + 1]
        start += len(text[start:end]) - len(text[start:end].lstrip())
        end -= len(text[start:end]) - len(text[start:end].rstrip())
        droppable = isinstance(node, Tree) and node.data in _DROPPABLE
        template = _template(text, tokens, rewrites, types, where, start, end)
        found.append(Conjunct(template, droppable, where.at(start, max(end, start + 1))))
    return tuple(found)


_WORKLOG_FIELDS = ("worklogauthor", "worklogdate")
_DATE_OPS = frozenset({"=", "!=", ">", ">=", "<", "<="})
_DATE_FUNCTIONS = {
    name.lower(): (name, unit)
    for name, unit in (
        ("now", None),
        ("startOfDay", "d"),
        ("startOfWeek", "w"),
        ("startOfMonth", "M"),
        ("startOfYear", "y"),
        ("endOfDay", "d"),
        ("endOfWeek", "w"),
        ("endOfMonth", "M"),
        ("endOfYear", "y"),
    )
}
_OFFSET = re.compile(r"([+-]?)([0-9]+)([yMwdhm])")
_FUNCTION_OFFSET = re.compile(r"([+-]?)([0-9]+)([yMwdhm]?)")
_ISO_DAY = re.compile(r"([0-9]{4})([-/])([0-9]{2})\2([0-9]{2})")
_NOT_TOP_LEVEL = "it is inside OR or NOT, so it only chooses issues"


def _conjuncts(node: Tree[Token] | Token) -> Iterator[Tree[Token] | Token]:
    """The parts of a query joined by AND at its top level (parentheses around ANDs included)."""
    if isinstance(node, Tree) and node.data == "and_expr":
        for child in node.children:
            if not (isinstance(child, Token) and child.type == "AND"):
                yield from _conjuncts(child)
    else:
        yield node


def _span_of(node: Tree[Token], where: _Locator) -> Span:
    tokens = list(node.scan_values(lambda v: isinstance(v, Token)))
    start = min(t.start_pos or 0 for t in tokens)
    end = max(t.end_pos or 0 for t in tokens)
    return where.at(start, end)


def _worklog_field(clause: Tree[Token], custom_fields: Mapping[str, ResolvedField]) -> str | None:
    """``worklogauthor`` or ``worklogdate`` when the clause compares that JQL field, else None."""
    field_node = clause.children[0]
    if not (isinstance(field_node, Tree) and field_node.data == "field"):
        return None
    token = field_node.children[0]
    if not isinstance(token, Token) or token.type == "CUSTOM_REF":
        return None
    name = _field_name(token)
    lowered = name.lower()
    return lowered if lowered in _WORKLOG_FIELDS and name not in custom_fields else None


def _worklog_filter(
    tree: Tree[Token],
    custom_fields: Mapping[str, ResolvedField],
    types: Mapping[str, PlaceholderType],
    where: _Locator,
) -> WorklogFilter:
    """The worklog conditions of a parsed query (see :class:`WorklogFilter`)."""
    clauses = sorted(
        (
            node
            for node in tree.iter_subtrees()
            if node.data.endswith("_clause") and _worklog_field(node, custom_fields) is not None
        ),
        key=lambda node: _span_of(node, where).start,
    )
    if not clauses:
        return WorklogFilter()
    top = {id(node) for node in _conjuncts(tree.children[0]) if isinstance(node, Tree)} if tree.children else set()
    authors: list[WorklogAuthor] = []
    dates: list[WorklogDate] = []
    ignored: list[tuple[Span, str]] = []
    for clause in clauses:
        span = _span_of(clause, where)
        if id(clause) not in top:
            ignored.append((span, _NOT_TOP_LEVEL))
            continue
        found = (
            _author_condition(clause, types, where, span)
            if _worklog_field(clause, custom_fields) == "worklogauthor"
            else _date_condition(clause, types, where, span)
        )
        if isinstance(found, str):
            ignored.append((span, found))
        elif isinstance(found, WorklogAuthor):
            authors.append(found)
        else:
            dates.append(found)
    return WorklogFilter(tuple(authors), tuple(dates), tuple(ignored))


def _placeholder_part(token: Token, types: Mapping[str, PlaceholderType], where: _Locator) -> JqlPlaceholder:
    key = _placeholder_key(token)
    kind, name = split_key(key)
    start = token.start_pos or 0
    return JqlPlaceholder(kind, name, types.get(key, "text"), where.at(start, start + len(token.value)))


def _value_token(value: Tree[Token] | Token) -> Token | None:
    """The token of a plain value (word, quoted string or placeholder), or None for a function call."""
    if isinstance(value, Tree) and value.data in ("word_value", "quoted_value", "placeholder_value"):
        token = value.children[0]
        return token if isinstance(token, Token) else None
    return None


def _plain_text(token: Token) -> str:
    """A word as written, or a quoted value without its quotes and backslash escapes."""
    if token.type != "QUOTED":
        return str(token.value)
    return re.sub(r"\\(.)", r"\1", str(token.value)[1:-1])


def _user_value(
    value: Tree[Token] | Token, types: Mapping[str, PlaceholderType], where: _Locator
) -> WorklogUser | None:
    token = _value_token(value)
    if token is not None:
        if token.type == "PLACEHOLDER":
            return _placeholder_part(token, types, where)
        if token.type == "EMPTY_VALUE":
            return None
        text = _plain_text(token)
        return text if text else None
    if isinstance(value, Tree) and value.data == "function_call":
        name, *args = value.children
        if isinstance(name, Token) and name.value.lower() == "currentuser" and all(a is None for a in args):
            return CurrentUser()
    return None


def _author_condition(
    clause: Tree[Token], types: Mapping[str, PlaceholderType], where: _Locator, span: Span
) -> WorklogAuthor | str:
    unsupported = "only `worklogAuthor = USER`, `!= USER`, `in (USER, …)` and `not in (…)` can filter worklog rows"
    rest = clause.children[1:]
    if clause.data == "compare_clause":
        op, value = rest
        if not isinstance(op, Token) or op.value not in ("=", "!="):
            return unsupported
        values = [value]
        exclude = op.value == "!="
    elif clause.data == "list_clause":
        exclude = any(isinstance(t, Token) and t.type == "NOT" for t in rest)
        listed = rest[-1]
        if isinstance(listed, Tree) and listed.data == "value_list":
            values = list(listed.children)
        elif isinstance(listed, Tree) and listed.data == "placeholder_value":
            values = [listed]
        else:
            return unsupported
    else:
        return unsupported
    users = [_user_value(v, types, where) for v in values]
    if any(u is None for u in users):
        return "a worklog author must be an account id, currentUser() or a {placeholder}"
    return WorklogAuthor(exclude, tuple(u for u in users if u is not None), span)


def _offset(match: re.Match[str], default_unit: str | None) -> DateOffset | None:
    sign, amount, unit = match.groups()
    unit = unit or default_unit
    if not unit:
        return None
    return DateOffset(-int(amount) if sign == "-" else int(amount), unit)


def _date_value(value: Tree[Token] | Token, types: Mapping[str, PlaceholderType], where: _Locator) -> WorklogDay | None:
    token = _value_token(value)
    if token is not None:
        if token.type == "PLACEHOLDER":
            return _placeholder_part(token, types, where)
        text = _plain_text(token).strip()
        day = _ISO_DAY.fullmatch(text)
        if day:
            iso = f"{day[1]}-{day[3]}-{day[4]}"
            try:
                date.fromisoformat(iso)
            except ValueError:
                return None
            return iso
        relative = _OFFSET.fullmatch(text)
        return _offset(relative, None) if relative else None
    if not (isinstance(value, Tree) and value.data == "function_call"):
        return None
    name, *args = value.children
    known = _DATE_FUNCTIONS.get(str(name).lower()) if isinstance(name, Token) else None
    if known is None:
        return None
    canonical, natural = known
    given = [a for a in args if a is not None]
    if not given:
        return DateFunction(canonical, None)
    argument = _value_token(given[0]) if len(given) == 1 and natural is not None else None
    if argument is None or argument.type == "PLACEHOLDER":
        return None
    match = _FUNCTION_OFFSET.fullmatch(_plain_text(argument).strip())
    offset = _offset(match, natural) if match else None
    return DateFunction(canonical, offset) if offset is not None else None


def _date_condition(
    clause: Tree[Token], types: Mapping[str, PlaceholderType], where: _Locator, span: Span
) -> WorklogDate | str:
    if clause.data != "compare_clause":
        return "only comparisons (`worklogDate >= DATE`, `<`, `=` …) can filter worklog rows"
    op, value = clause.children[1:]
    if not isinstance(op, Token) or op.value not in _DATE_OPS:
        return "only comparisons (`worklogDate >= DATE`, `<`, `=` …) can filter worklog rows"
    day = _date_value(value, types, where)
    if day is None:
        return (
            "the date must be a day (2026-01-31), an offset such as -30d, a {date} placeholder, "
            'or now(), startOfDay() … endOfYear() with an optional offset such as (-1) or ("-7d")'
        )
    return WorklogDate(op.value, day, span)


_CONTEXT_TYPES: dict[FieldType, PlaceholderType] = {
    FieldType.KEY: "key",
    FieldType.PROJECT: "project",
    FieldType.USER: "user",
}


class _PlaceholderTypes(Mapping[str, PlaceholderType]):
    """The placeholder types of one module: its parameters and context values in a small table of
    its own, the app's settings (``settings.NAME``) read from the app's index instead of copied into
    every module's table (an app may have many settings and many modules)."""

    def __init__(
        self,
        own: dict[str, PlaceholderType],
        settings: Mapping[str, ast.Param],
        issue_fields: Mapping[str, ResolvedField],
    ) -> None:
        self.own = own
        self.settings = settings
        self.issue_fields = issue_fields

    def __getitem__(self, key: str) -> PlaceholderType:
        if key in self.own:
            return self.own[key]
        scope, name = split_key(key)
        if scope == "settings" and name in self.settings:
            return self.settings[name].type.kind.value
        owner, dot, field = name.partition(".")
        if scope == "context" and dot and owner == "issue" and field in self.issue_fields:
            return ISSUE_CONTEXT_TYPES[self.issue_fields[field].type]
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        yield from self.own
        yield from (f"settings.{name}" for name in self.settings)
        yield from (f"context.issue.{name}" for name in self.issue_fields)

    def __len__(self) -> int:
        return len(self.own) + len(self.settings) + len(self.issue_fields)


def placeholder_types(
    app: ast.App, module: ast.Module, app_fields: dict[str, ResolvedField] | None = None
) -> Mapping[str, PlaceholderType]:
    """Every placeholder a module's JQL may use (``rows``, ``settings.team``, ``context.issue``,
    ``context.issue.reporter``) and its type."""
    own: dict[str, PlaceholderType] = {p.name.value: p.type.kind.value for p in module.config}
    own.update((f"context.{v.name}", _CONTEXT_TYPES[v.type]) for v in context_values(module.kind).values())
    shared = declared_fields(app.fields) if app_fields is None else app_fields
    return _PlaceholderTypes(own, app.settings_by_name, issue_context_fields(module, shared))


def check_module_jql(
    app: ast.App,
    module: ast.Module,
    jql: ast.Jql,
    app_fields: dict[str, ResolvedField] | None = None,
) -> JqlCheck:
    """Check a module's JQL with the placeholders, custom and computed fields that module can see.

    The checker reports the diagnostics; the compiler takes the template. Both call this, so
    they always agree on what a placeholder is and which names are rewritten to ``cf[…]``.
    ``app_fields`` (:func:`dsl.resolve.declared_fields` of the app's fields) saves resolving them
    again for every module.
    """
    shared = declared_fields(app.fields) if app_fields is None else app_fields
    customs = resolved_custom_fields(app, module, shared)
    computed = _Names(app.computed_names, frozenset(c.name.value for c in module.computed))
    return check_jql(jql, customs, placeholder_types(app, module, shared), computed)


class _Names(Container[str]):
    """Two sets of names as one, without copying the app-wide one for every module."""

    def __init__(self, shared: frozenset[str], own: frozenset[str]) -> None:
        self.shared = shared
        self.own = own

    def __contains__(self, name: object) -> bool:
        return name in self.own or name in self.shared
