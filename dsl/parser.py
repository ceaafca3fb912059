"""Text → typed AST. LALR parsing with Lark, building frozen dataclass nodes in one pass.

Lark's exceptions never leave this module: a syntax error becomes a :class:`Diagnostic` that
says in words what could have come instead (see :mod:`dsl.syntax_errors`). Comments are
collected beside the tree for the formatter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lark import Lark, Token, Transformer, UnexpectedInput

from dsl import ast
from dsl.diagnostics import Diagnostic, error
from dsl.span import Span
from dsl.strings import EscapeError, unquote
from dsl.syntax_errors import GluedKeyword, KeywordTable, describe_syntax_error
from dsl.tables import LalrGrammar
from dsl.types import Aggregation, Bucket, ParamType


@dataclass(frozen=True)
class ParseResult:
    """The tree (None after a syntax error), the comments and any syntax diagnostics."""

    app: ast.App | None
    comments: tuple[ast.Comment, ...]
    diagnostics: tuple[Diagnostic, ...]


GRAMMAR = LalrGrammar("appspec.lark", {"lexer": "contextual", "keep_all_tokens": True, "maybe_placeholders": False})


@lru_cache(maxsize=1)
def _lark() -> Lark:
    return GRAMMAR.load(transformer=_ToAst(), lexer_callbacks={"COMMENT": _Context.comments.append})


@lru_cache(maxsize=1)
def keyword_table() -> KeywordTable:
    """The grammar's keywords, for error messages and "did you mean"."""
    return KeywordTable.from_terminals(_lark().terminals)


# The transformer is shared by every parse; it learns the current file name and collects
# string-escape problems through this small mutable context, reset at the start of each parse.
# Parsing is single-threaded by design (the CLI and the LLM loop parse one spec at a time).
class _Context:
    file = "<input>"
    problems: list[Diagnostic] = []  # noqa: RUF012 - cleared per parse
    comments: list[Token] = []  # noqa: RUF012 - filled by the lexer callback, cleared per parse


def parse(text: str, file: str = "<input>") -> ParseResult:
    """Parse one spec. Never raises on bad input: problems come back as diagnostics."""
    _Context.file = file
    _Context.problems = []
    _Context.comments.clear()
    parser = _lark()
    keywords = keyword_table()
    try:
        interactive = parser.parse_interactive(text)
        for token in interactive.lexer_thread.lex(interactive.parser_state):  # type: ignore[no-untyped-call]
            if token.type == "COMMENT":
                continue
            if token.type in keywords.glue_sensitive and _continues_word(text, token.end_pos):
                raise GluedKeyword(token, _word_at(text, token.start_pos), interactive.accepts())  # type: ignore[no-untyped-call]
            interactive.feed_token(token)
        app = interactive.feed_eof()  # type: ignore[no-untyped-call]
    except (UnexpectedInput, GluedKeyword) as exc:
        return ParseResult(None, (), (describe_syntax_error(exc, text, file, keywords),))
    comments = [ast.Comment(t.value[1:].rstrip(), span=_token_span(t, file)) for t in _Context.comments]
    if not isinstance(app, ast.App):  # the start rule always yields an App; keeps mypy honest
        raise TypeError("parser produced no app")
    return ParseResult(app, tuple(comments), tuple(_Context.problems))


def _continues_word(text: str, pos: int) -> bool:
    return pos < len(text) and (text[pos].isalnum() or text[pos] == "_")


def _word_at(text: str, start: int) -> str:
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return text[start:end]


def _token_span(token: Token, file: str) -> Span:
    return Span(
        file,
        token.line or 1,
        token.column or 1,
        token.end_line or 1,
        token.end_column or 1,
        token.start_pos or 0,
        token.end_pos or 0,
    )


def _spans(item: Any) -> list[Span]:
    """The spans inside an item: a token, a node, or a slot tuple holding either."""
    if isinstance(item, Token):
        return [_token_span(item, _Context.file)]
    if isinstance(item, Span):
        return [item]
    if isinstance(item, ast.Node):
        return [item.span]
    if isinstance(item, tuple):
        return [span for part in item for span in _spans(part)]
    return []


def _span(items: list[Any]) -> Span:
    spans = [span for item in items for span in _spans(item)]
    return spans[0].to(spans[-1])


def _tokens(items: list[Any], kind: str) -> list[Token]:
    return [i for i in items if isinstance(i, Token) and i.type == kind]


def _nodes(items: list[Any], kind: type[Any]) -> list[Any]:
    return [i for i in items if isinstance(i, kind)]


def _one(items: list[Any], kind: type[Any]) -> Any:
    found = _nodes(items, kind)
    return found[0] if found else None


def _text(token: Token) -> ast.Text:
    span = _token_span(token, _Context.file)
    try:
        value, _ = unquote(token.value)
    except EscapeError as exc:
        bad = Span(span.file, span.line, span.column + exc.offset, span.line, span.column + exc.offset + 2)
        _Context.problems.append(error("E004", bad, str(exc), 'use \\" \\\\ \\n \\t or \\uXXXX inside strings'))
        value = token.value[1:-1]
    return ast.Text(value, span=span, raw=token.value)


def _name(token: Token) -> ast.Name:
    return ast.Name(token.value, span=_token_span(token, _Context.file))


class _ToAst(Transformer[Token, Any]):
    """Builds AST nodes bottom-up; every callback receives all tokens (keep_all_tokens)."""

    # --- literals and names --------------------------------------------------------------
    def number(self, items: list[Token]) -> ast.Number:
        raw = items[0].value
        value: int | float = float(raw) if "." in raw else int(raw)
        return ast.Number(value, span=_span(items))

    def text_literal(self, items: list[Token]) -> ast.Text:
        return _text(items[0])

    def boolean_literal(self, items: list[Token]) -> ast.Boolean:
        return ast.Boolean(items[0].value == "true", span=_span(items))

    def param_ref(self, items: list[Token]) -> ast.ParamRef:
        return ast.ParamRef(_name(_tokens(items, "NAME")[0]), span=_span(items))

    def jql(self, items: list[Token]) -> ast.Jql:
        return ast.Jql(_text(items[0]), span=_span(items))

    # --- app header ----------------------------------------------------------------------
    def description(self, items: list[Token]) -> tuple[str, ast.Text, Span]:
        return ("description", _text(items[1]), _span(items))

    def app_id(self, items: list[Token]) -> tuple[str, ast.Text, Span]:
        return ("app_id", _text(items[1]), _span(items))

    def scope_style(self, items: list[Token]) -> tuple[str, ast.ScopeStyle, Span]:
        return ("scope_style", ast.ScopeStyle(items[1].value), _span(items))

    def field_decl(self, items: list[Token]) -> ast.CustomField:
        names = _tokens(items, "NAME")
        type_token = _tokens(items, "FIELD_TYPE")[0]
        return ast.CustomField(_name(names[0]), _name(type_token), _name(names[1]), span=_span(items))

    def app(self, items: list[Any]) -> ast.App:
        header = {slot: value for slot, value, _ in reversed(_nodes(items, tuple))}
        _Context.problems.extend(_repeated_slots(_nodes(items, tuple), "app"))
        return ast.App(
            _text(_tokens(items, "STRING")[0]),
            description=header.get("description"),
            app_id=header.get("app_id"),
            scope_style=header.get("scope_style", ast.ScopeStyle.CLASSIC),
            fields=tuple(_nodes(items, ast.CustomField)),
            modules=tuple(_nodes(items, ast.Module)),
            span=_span(items),
        )

    def start(self, items: list[Any]) -> ast.App:
        app: ast.App = items[0]
        return app

    # --- parameters ----------------------------------------------------------------------
    def param_type(self, items: list[Token]) -> ast.ParamTypeRef:
        return ast.ParamTypeRef(ParamType(items[0].value), span=_span(items))

    def select_type(self, items: list[Token]) -> ast.ParamTypeRef:
        options = tuple(_text(t) for t in _tokens(items, "STRING"))
        return ast.ParamTypeRef(ParamType.SELECT, options, span=_span(items))

    def default(self, items: list[Any]) -> tuple[str, Any]:
        return ("default", items[1])

    def param(self, items: list[Any]) -> ast.Param:
        default = next((i[1] for i in items if isinstance(i, tuple) and i[0] == "default"), None)
        labels = _tokens(items, "STRING")
        return ast.Param(
            _name(_tokens(items, "NAME")[0]),
            _one(items, ast.ParamTypeRef),
            default=default,
            label=_text(labels[0]) if labels else None,
            span=_span(items),
        )

    def config_block(self, items: list[Any]) -> tuple[str, tuple[ast.Param, ...], Span]:
        return ("config", tuple(_nodes(items, ast.Param)), _span(items))

    def settings_block(self, items: list[Any]) -> tuple[str, tuple[ast.Param, ...], Span]:
        return ("settings", tuple(_nodes(items, ast.Param)), _span(items))

    # --- data ----------------------------------------------------------------------------
    def order_key(self, items: list[Token]) -> ast.OrderKey:
        directions = _tokens(items, "DIRECTION")
        direction = ast.SortDirection(directions[0].value) if directions else ast.SortDirection.ASC
        return ast.OrderKey(_name(items[0]), direction, span=_span(items))

    def order(self, items: list[Any]) -> tuple[str, tuple[ast.OrderKey, ...]]:
        return ("order", tuple(_nodes(items, ast.OrderKey)))

    def limit(self, items: list[Any]) -> tuple[str, ast.Number | ast.ParamRef]:
        return ("limit", items[1])

    def issues_source(self, items: list[Any]) -> ast.IssuesSource:
        parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
        return ast.IssuesSource(_one(items, ast.Jql), parts.get("order", ()), parts.get("limit"), span=_span(items))

    def worklogs_source(self, items: list[Any]) -> ast.WorklogsSource:
        parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
        return ast.WorklogsSource(_one(items, ast.Jql), parts.get("limit"), span=_span(items))

    def projects_source(self, items: list[Any]) -> ast.ProjectsSource:
        parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
        return ast.ProjectsSource(parts.get("limit"), span=_span(items))

    def filters_source(self, items: list[Any]) -> ast.FiltersSource:
        parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
        return ast.FiltersSource(parts.get("limit"), span=_span(items))

    # --- views ---------------------------------------------------------------------------
    def column(self, items: list[Token]) -> ast.Column:
        headings = _tokens(items, "STRING")
        return ast.Column(_name(items[0]), _text(headings[0]) if headings else None, span=_span(items))

    def columns(self, items: list[Any]) -> tuple[str, tuple[ast.Column, ...]]:
        return ("columns", tuple(_nodes(items, ast.Column)))

    def when(self, items: list[Any]) -> tuple[str, ast.ParamRef]:
        return ("when", items[1])

    def table_view(self, items: list[Any]) -> ast.TableView:
        parts, title = _view_parts(items)
        return ast.TableView(parts["columns"], title, parts.get("when"), span=_span(items))

    def list_view(self, items: list[Any]) -> ast.ListView:
        parts, title = _view_parts(items)
        return ast.ListView(parts["columns"], title, parts.get("when"), span=_span(items))

    def bar(self, items: list[Token]) -> tuple[str, ast.ChartKind]:
        return ("kind", ast.ChartKind.BAR)

    def horizontal_bar(self, items: list[Token]) -> tuple[str, ast.ChartKind]:
        return ("kind", ast.ChartKind.HORIZONTAL_BAR)

    def line(self, items: list[Token]) -> tuple[str, ast.ChartKind]:
        return ("kind", ast.ChartKind.LINE)

    def pie(self, items: list[Token]) -> tuple[str, ast.ChartKind]:
        return ("kind", ast.ChartKind.PIE)

    def donut(self, items: list[Token]) -> tuple[str, ast.ChartKind]:
        return ("kind", ast.ChartKind.DONUT)

    def group_key(self, items: list[Token]) -> ast.GroupKey:
        buckets = _tokens(items, "BUCKET")
        return ast.GroupKey(_name(items[0]), Bucket(buckets[0].value) if buckets else None, span=_span(items))

    def count(self, items: list[Token]) -> ast.Aggregate:
        return ast.Aggregate(Aggregation.COUNT, span=_span(items))

    def field_aggregate(self, items: list[Token]) -> ast.Aggregate:
        return ast.Aggregate(Aggregation(items[0].value), _name(_tokens(items, "NAME")[0]), span=_span(items))

    def chart_axes(self, items: list[Any]) -> tuple[str, tuple[ast.GroupKey, ast.Aggregate]]:
        return ("axes", (_one(items, ast.GroupKey), _one(items, ast.Aggregate)))

    def chart_view(self, items: list[Any]) -> ast.ChartView:
        parts, title = _view_parts(items)
        x, y = parts["axes"]
        return ast.ChartView(parts["kind"], x, y, title, parts.get("when"), span=_span(items))

    def metric_view(self, items: list[Any]) -> ast.MetricView:
        parts, title = _view_parts(items)
        return ast.MetricView(_one(items, ast.Aggregate), title, parts.get("when"), span=_span(items))

    # --- modules -------------------------------------------------------------------------
    def state_text(self, items: list[Token]) -> ast.StateText:
        return ast.StateText(ast.StateKind(items[0].value), _text(items[1]), span=_span(items))

    def module(self, items: list[Any]) -> ast.Module:
        slots = _nodes(items, tuple)
        _Context.problems.extend(_repeated_slots(slots, "module"))
        values = {slot: value for slot, value, _ in reversed(slots)}
        sources = [
            i
            for i in items
            if isinstance(i, ast.IssuesSource | ast.WorklogsSource | ast.ProjectsSource | ast.FiltersSource)
        ]
        for extra in sources[1:]:
            _Context.problems.append(
                error(
                    "E409",
                    extra.span,
                    "a module has one data source; this is a second one",
                    "split the module in two, or combine the queries into one JQL",
                )
            )
        strings = _tokens(items, "STRING")
        return ast.Module(
            ast.ModuleKind(_tokens(items, "MODULE_KIND")[0].value),
            _name(_tokens(items, "NAME")[0]),
            _text(strings[0]),
            description=values.get("description"),
            config=values.get("config", ()),
            settings=values.get("settings", ()),
            fields=tuple(_nodes(items, ast.CustomField)),
            data=sources[0] if sources else None,
            views=tuple(
                i for i in items if isinstance(i, ast.TableView | ast.ListView | ast.ChartView | ast.MetricView)
            ),
            texts=tuple(_nodes(items, ast.StateText)),
            span=_span(items),
        )


_SLOT_WORDS = {
    "description": "description",
    "app_id": "id",
    "scope_style": "scopes",
    "config": "config",
    "settings": "settings",
}


def _repeated_slots(slots: list[tuple[str, Any, Span]], where: str) -> list[Diagnostic]:
    """E409 for a header item (description, id, scopes, config, settings) given twice."""
    seen: set[str] = set()
    problems = []
    for slot, _, span in slots:
        if slot in seen:
            word = _SLOT_WORDS[slot]
            problems.append(error("E409", span, f"`{word}` is given twice in this {where}", "keep one of them"))
        seen.add(slot)
    return problems


def _view_parts(items: list[Any]) -> tuple[dict[str, Any], ast.Text | None]:
    parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
    titles = _tokens(items, "STRING")
    return parts, (_text(titles[0]) if titles else None)
