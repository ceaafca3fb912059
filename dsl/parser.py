"""Text → typed AST. LALR parsing with Lark, building frozen dataclass nodes in one pass.

Lark's exceptions never leave this module: a syntax error becomes a :class:`Diagnostic` that
says in words what could have come instead (see :mod:`dsl.syntax_errors`). Comments are
collected beside the tree for the formatter. The Lark parser is built once and holds no
per-parse state; everything a parse learns lives in objects made for that parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, TypeVar

from lark import Lark, Token, Transformer, Tree, UnexpectedInput
from lark.parse_tree_builder import ParseTreeBuilder

from dsl import ast
from dsl.diagnostics import Diagnostic, error
from dsl.numbers import canonical, literal_value
from dsl.span import Span
from dsl.strings import EscapeError, unquote
from dsl.syntax_errors import GluedKeyword, KeywordTable, describe_syntax_error
from dsl.tables import LalrGrammar
from dsl.types import Aggregation, ArithmeticOp, Bucket, CompareOp, DurationUnit, ParamType


@dataclass(frozen=True)
class ParseResult:
    """The tree (None after a syntax error), the comments and any syntax diagnostics."""

    app: ast.App | None
    comments: tuple[ast.Comment, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def exact(self) -> bool:
        """True when the tree holds everything the text says: it parsed, and no item given twice
        was dropped and no bad escape was kept as written. Only then may the text be reprinted."""
        return self.app is not None and not self.diagnostics


MAX_NESTING = 50
"""How deeply calculations and conditions may nest (operators and brackets): far beyond what people write, and
shallow enough for every stage that walks these trees recursively."""


_N = TypeVar("_N", bound=ast.Node)


class TooDeep(Exception):
    """A calculation or condition nests too deeply: the parse stops with this diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


GRAMMAR = LalrGrammar("appspec.lark", {"lexer": "contextual", "keep_all_tokens": True, "maybe_placeholders": False})


@lru_cache(maxsize=1)
def _lark() -> Lark:
    """The grammar's LALR parser, made once (from the shipped tables, see :mod:`dsl.tables`). It has no
    transformer and no lexer callbacks, so it holds no per-parse state: each parse binds its own
    :class:`_ToAst` (see :func:`_callbacks`)."""
    return GRAMMAR.load()


@lru_cache(maxsize=1)
def _tree_builder() -> ParseTreeBuilder:
    """How Lark turns each rule's children into a callback argument (keep_all_tokens, inlined rules)."""
    return ParseTreeBuilder(_lark().rules, Tree, False, False, False)  # type: ignore[no-untyped-call]


def _callbacks(builder: _ToAst) -> dict[Any, Any]:
    """The parser's rule callbacks bound to one parse's builder.

    Lark takes a transformer only when a parser is made (loading the tables is milliseconds, building
    them far more). Transforming the finished tree instead costs half as much again as parsing;
    binding a fresh builder's callbacks into the parser state of this one parse (a ``ParseConf`` Lark
    creates per parse) costs a fraction of a millisecond and keeps the transformer inline. Lark is
    pinned below 2 in pyproject.toml; every parse test covers this seam.
    """
    callbacks: dict[Any, Any] = _tree_builder().create_callback(builder)  # type: ignore[no-untyped-call]
    return callbacks


@lru_cache(maxsize=1)
def keyword_table() -> KeywordTable:
    """The grammar's keywords, for error messages and "did you mean"."""
    return KeywordTable.from_terminals(_lark().terminals)


@lru_cache(maxsize=1)
def _strings_and_comments() -> re.Pattern[str]:
    """The grammar's own STRING and COMMENT patterns as one scanner.

    The lexer drops comments (they are ignored tokens); the formatter needs them back. In text that
    parsed, a `"` always opens a string and a `#` outside a string always opens a comment, so scanning
    for the two patterns alone finds exactly the comments the lexer skipped.
    """
    parser = _lark()
    alternatives = (f"(?P<{name}>{parser.get_terminal(name).pattern.value})" for name in ("STRING", "COMMENT"))
    return re.compile("|".join(alternatives))


def parse(text: str, file: str = "<input>") -> ParseResult:
    """Parse one spec. Never raises on bad input: problems come back as diagnostics."""
    parser = _lark()
    keywords = keyword_table()
    builder = _ToAst(file)
    try:
        interactive = parser.parse_interactive(text)
        interactive.parser_state.parse_conf.callbacks = _callbacks(builder)
        for token in interactive.lexer_thread.lex(interactive.parser_state):  # type: ignore[no-untyped-call]
            if token.type in keywords.glue_sensitive and _continues_word(text, token.end_pos):
                raise GluedKeyword(token, _word_at(text, token.start_pos), interactive.accepts())  # type: ignore[no-untyped-call]
            interactive.feed_token(token)
        app = interactive.feed_eof()  # type: ignore[no-untyped-call]
    except (UnexpectedInput, GluedKeyword) as exc:
        return ParseResult(None, (), (describe_syntax_error(exc, text, file, keywords),))
    except TooDeep as exc:
        return ParseResult(None, (), (exc.diagnostic,))
    if not isinstance(app, ast.App):  # the start rule always yields an App; keeps mypy honest
        raise TypeError("parser produced no app")
    return ParseResult(app, _comments(text, file), tuple(builder.problems))


def _comments(text: str, file: str) -> tuple[ast.Comment, ...]:
    found: list[ast.Comment] = []
    line, line_start, counted = 1, 0, 0
    for match in _strings_and_comments().finditer(text):
        if match.lastgroup != "COMMENT":
            continue
        start = match.start()
        newlines = text.count("\n", counted, start)
        if newlines:
            line += newlines
            line_start = text.rindex("\n", counted, start) + 1
        counted = start
        column = start - line_start + 1
        span = Span(file, line, column, line, column + len(match.group()), start, match.end())
        found.append(ast.Comment(match.group()[1:].rstrip(), span=span))
    return tuple(found)


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


def _spans(item: Any, file: str) -> list[Span]:
    """The spans inside an item: a token, a node, or a slot tuple holding either."""
    if isinstance(item, Token):
        return [_token_span(item, file)]
    if isinstance(item, Span):
        return [item]
    if isinstance(item, ast.Node):
        return [item.span]
    if isinstance(item, tuple):
        return [span for part in item for span in _spans(part, file)]
    return []


def _tokens(items: list[Any], kind: str) -> list[Token]:
    return [i for i in items if isinstance(i, Token) and i.type == kind]


def _nodes(items: list[Any], kind: type[Any]) -> list[Any]:
    return [i for i in items if isinstance(i, kind)]


def _one(items: list[Any], kind: type[Any]) -> Any:
    found = _nodes(items, kind)
    return found[0] if found else None


_RowsView = TypeVar("_RowsView", ast.TableView, ast.ListView)


def _with_unit(items: list[Any]) -> ast.Aggregate:
    """The aggregate among ``items``, carrying the unit (``in days``) that follows it, if any."""
    aggregate: ast.Aggregate = _one(items, ast.Aggregate)
    units = [i[1] for i in items if isinstance(i, tuple) and i[0] == "unit"]
    return replace(aggregate, unit=units[0]) if units else aggregate


@dataclass(frozen=True)
class _Axes:
    """A chart's axes as parsed, before they become the chart's fields."""

    x: ast.GroupKey
    y: tuple[ast.Series, ...]
    split: ast.Name | None
    cumulative: bool


class _ToAst(Transformer[Token, Any]):
    """Builds AST nodes bottom-up as the parser reduces; every callback receives all tokens (keep_all_tokens).

    One instance per parse: it knows the file name for spans and collects the problems a tree can
    carry past the grammar (bad escapes, items given twice), so no state outlives the parse.
    """

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file
        self.problems: list[Diagnostic] = []
        self._depth: dict[int, int] = {}  # id(node) -> how deeply an expression or condition node is nested

    def _nested(self, node: _N, children: list[Any], items: list[Any]) -> _N:
        """``node``, unless it nests deeper than :data:`MAX_NESTING`: then the parse stops with E214, so no later
        stage (checker, formatter, compiler, all recursive over these trees) ever meets a deep tree."""
        depth = 1 + max((self._depth.get(id(c), 0) for c in children), default=0)
        if depth > MAX_NESTING:
            raise TooDeep(
                error(
                    "E214",
                    self._span(items),
                    f"this calculation or condition is nested more than {MAX_NESTING} levels deep",
                    "split it: declare parts of it as computed fields and use their names",
                )
            )
        self._depth[id(node)] = depth
        return node

    def _span(self, items: list[Any]) -> Span:
        """From the start of the first item that has a position to the end of the last one."""
        first = next(span for item in items for span in _spans(item, self.file))
        last = next(span for item in reversed(items) for span in reversed(_spans(item, self.file)))
        return first.to(last)

    def _text(self, token: Token) -> ast.Text:
        span = _token_span(token, self.file)
        try:
            value, _ = unquote(token.value)
        except EscapeError as exc:
            bad = Span(
                span.file,
                span.line,
                span.column + exc.offset,
                span.line,
                span.column + exc.offset + len(exc.sequence),
                span.start + exc.offset,
                span.start + exc.offset + len(exc.sequence),
            )
            self.problems.append(error("E004", bad, str(exc), exc.hint))
            value = token.value[1:-1]
        return ast.Text(value, span=span, raw=token.value)

    def _name(self, token: Token) -> ast.Name:
        return ast.Name(token.value, span=_token_span(token, self.file))

    def _view_parts(self, items: list[Any]) -> tuple[dict[str, Any], ast.Text | None]:
        parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
        titles = _tokens(items, "STRING")
        return parts, (self._text(titles[0]) if titles else None)

    # --- literals and names --------------------------------------------------------------
    def number(self, items: list[Token]) -> ast.Number:
        raw = str(items[0].value)
        return ast.Number(literal_value(raw), raw=raw, span=self._span(items))

    def text_literal(self, items: list[Token]) -> ast.Text:
        return self._text(items[0])

    def boolean_literal(self, items: list[Token]) -> ast.Boolean:
        return ast.Boolean(items[0].value == "true", span=self._span(items))

    def param_ref(self, items: list[Token]) -> ast.ParamRef:
        return ast.ParamRef(self._name(_tokens(items, "NAME")[0]), span=self._span(items))

    def jql(self, items: list[Token]) -> ast.Jql:
        return ast.Jql(self._text(items[0]), span=self._span(items))

    # --- app header ----------------------------------------------------------------------
    def description(self, items: list[Token]) -> tuple[str, ast.Text, Span]:
        return ("description", self._text(items[1]), self._span(items))

    def app_id(self, items: list[Token]) -> tuple[str, ast.Text, Span]:
        return ("app_id", self._text(items[1]), self._span(items))

    def scope_style(self, items: list[Token]) -> tuple[str, ast.ScopeStyle, Span]:
        return ("scope_style", ast.ScopeStyle(items[1].value), self._span(items))

    def field_decl(self, items: list[Any]) -> ast.CustomField:
        names = _tokens(items, "NAME")
        type_token = _tokens(items, "FIELD_TYPE")[0]
        labels = _nodes(items, ast.Text)
        return ast.CustomField(
            self._name(names[0]),
            self._name(type_token),
            self._name(names[1]),
            labels[0] if labels else None,
            span=self._span(items),
        )

    def unit_label(self, items: list[Token]) -> ast.Text:
        return self._text(_tokens(items, "STRING")[0])

    def computed_field(self, items: list[Any]) -> ast.ComputedField:
        return ast.ComputedField(self._name(_tokens(items, "NAME")[0]), items[-1], span=self._span(items))

    # --- expressions and conditions ------------------------------------------------------
    def field_ref(self, items: list[Token]) -> ast.FieldRef:
        return ast.FieldRef(self._name(items[0]), span=self._span(items))

    def call(self, items: list[Token]) -> ast.Call:
        return ast.Call(self._name(items[0]), span=self._span(items))

    # --- history measures and status groups ----------------------------------------------
    def status_ref(self, items: list[Token]) -> ast.Text | ast.Name:
        """A quoted status name, or the name of a status group or category."""
        return self._text(items[0]) if items[0].type == "STRING" else self._name(items[0])

    def status_set(self, items: list[Any]) -> ast.StatusSet:
        refs = tuple(i for i in items if isinstance(i, ast.Text | ast.Name))
        return ast.StatusSet(refs, span=self._span(items))

    def event_order(self, items: list[Token]) -> ast.Name:
        return self._name(items[0])

    def status_event(self, items: list[Any]) -> ast.StatusEvent:
        order = _nodes(items, ast.Name)
        which = order[0] if order else None
        event = self._name(_tokens(items, "NAME")[0])
        return ast.StatusEvent(event, which, _one(items, ast.StatusSet), span=self._span(items))

    def time_in(self, items: list[Any]) -> ast.TimeIn:
        listed = _one(items, ast.StatusSet)
        if listed is None:  # one status, without brackets
            listed = ast.StatusSet((items[2],), span=items[2].span)
        return ast.TimeIn(self._name(items[0]), listed, span=self._span(items))

    def time_in_current(self, items: list[Any]) -> ast.TimeIn:
        return ast.TimeIn(self._name(items[0]), None, span=self._span(items))

    def status_group(self, items: list[Any]) -> ast.StatusGroup:
        names = tuple(self._text(t) for t in _tokens(items, "STRING"))
        return ast.StatusGroup(self._name(_tokens(items, "NAME")[0]), names, span=self._span(items))

    def quantity(self, items: list[Token]) -> ast.Quantity:
        amount = self.number(items[:1])
        return ast.Quantity(amount, DurationUnit.of(items[1].value), span=self._span(items))

    def negate(self, items: list[Any]) -> ast.Expr:
        """Minus before a plain number or duration is part of it (``-(3)`` is ``-3``), so the formatter's
        ``-3`` reads back as the same tree; before anything else it is a :class:`ast.Negate`."""
        operand = items[1]
        span = self._span(items)
        if isinstance(operand, ast.Number) and not canonical(operand.raw).startswith("-"):
            return ast.Number(-operand.value, raw="-" + canonical(operand.raw), span=span)
        if isinstance(operand, ast.Quantity) and not canonical(operand.amount.raw).startswith("-"):
            amount = ast.Number(-operand.amount.value, raw="-" + canonical(operand.amount.raw), span=span)
            return ast.Quantity(amount, operand.unit, span=span)
        return self._nested(ast.Negate(operand, span=span), [operand], items)

    def binary(self, items: list[Any]) -> ast.Expr:
        left, op, right = items
        return self._nested(
            ast.Binary(ArithmeticOp(op.value), left, right, span=self._span(items)), [left, right], items
        )

    def group(self, items: list[Any]) -> Any:
        """Brackets: the node inside, its span widened to the brackets (one level deeper, so a pile of brackets
        counts too)."""
        return self._nested(replace(items[1], span=self._span(items)), [items[1]], items)

    def comparison(self, items: list[Any]) -> ast.Condition:
        left, op, right = items
        node = ast.Comparison(left, CompareOp(op.value), right, span=self._span(items))
        return self._nested(node, [left, right], items)

    def is_empty(self, items: list[Any]) -> ast.Condition:
        return self._nested(ast.IsEmpty(items[0], span=self._span(items)), [items[0]], items)

    def is_not_empty(self, items: list[Any]) -> ast.Condition:
        return self._nested(ast.IsEmpty(items[0], negated=True, span=self._span(items)), [items[0]], items)

    def negated(self, items: list[Any]) -> ast.Condition:
        return self._nested(ast.Not(items[1], span=self._span(items)), [items[1]], items)

    def both(self, items: list[Any]) -> ast.Condition:
        sides = [items[0], items[2]]
        parts = [p for side in sides for p in (side.parts if isinstance(side, ast.AllOf) else (side,))]
        return self._nested(ast.AllOf(tuple(parts), span=self._span(items)), sides, items)

    def either(self, items: list[Any]) -> ast.Condition:
        sides = [items[0], items[2]]
        parts = [p for side in sides for p in (side.parts if isinstance(side, ast.AnyOf) else (side,))]
        return self._nested(ast.AnyOf(tuple(parts), span=self._span(items)), sides, items)

    def highlight(self, items: list[Any]) -> tuple[str, ast.Highlight]:
        labels = _tokens(items, "STRING")
        label = self._text(labels[0]) if labels else None
        return ("highlight", ast.Highlight(items[-1], label, span=self._span(items)))

    def unit(self, items: list[Token]) -> tuple[str, DurationUnit]:
        return ("unit", DurationUnit.of(items[1].value))

    def app(self, items: list[Any]) -> ast.App:
        header = {slot: value for slot, value, _ in reversed(_nodes(items, tuple))}
        self.problems.extend(_repeated_slots(_nodes(items, tuple), "app"))
        return ast.App(
            self._text(_tokens(items, "STRING")[0]),
            description=header.get("description"),
            app_id=header.get("app_id"),
            scope_style=header.get("scope_style", ast.ScopeStyle.CLASSIC),
            fields=tuple(_nodes(items, ast.CustomField)),
            computed=tuple(_nodes(items, ast.ComputedField)),
            modules=tuple(_nodes(items, ast.Module)),
            status_groups=tuple(_nodes(items, ast.StatusGroup)),
            span=self._span(items),
        )

    def start(self, items: list[Any]) -> ast.App:
        app: ast.App = items[0]
        return app

    # --- parameters ----------------------------------------------------------------------
    def param_type(self, items: list[Token]) -> ast.ParamTypeRef:
        return ast.ParamTypeRef(ParamType(items[0].value), span=self._span(items))

    def select_type(self, items: list[Token]) -> ast.ParamTypeRef:
        options = tuple(self._text(t) for t in _tokens(items, "STRING"))
        return ast.ParamTypeRef(ParamType.SELECT, options, span=self._span(items))

    def default(self, items: list[Any]) -> tuple[str, Any]:
        return ("default", items[1])

    def setting_ref(self, items: list[Token]) -> ast.SettingRef:
        return ast.SettingRef(self._name(_tokens(items, "NAME")[0]), span=self._span(items))

    def param(self, items: list[Any]) -> ast.Param:
        default = next((i[1] for i in items if isinstance(i, tuple) and i[0] == "default"), None)
        labels = _tokens(items, "STRING")
        return ast.Param(
            self._name(_tokens(items, "NAME")[0]),
            _one(items, ast.ParamTypeRef),
            default=default,
            label=self._text(labels[0]) if labels else None,
            optional=bool(_tokens(items, "OPTIONAL")),
            span=self._span(items),
        )

    def config_block(self, items: list[Any]) -> tuple[str, tuple[ast.Param, ...], Span]:
        return ("config", tuple(_nodes(items, ast.Param)), self._span(items))

    def settings_block(self, items: list[Any]) -> tuple[str, tuple[ast.Param, ...], Span]:
        return ("settings", tuple(_nodes(items, ast.Param)), self._span(items))

    # --- data ----------------------------------------------------------------------------
    def order_key(self, items: list[Token]) -> ast.OrderKey:
        directions = _tokens(items, "DIRECTION")
        direction = ast.SortDirection(directions[0].value) if directions else ast.SortDirection.ASC
        return ast.OrderKey(self._name(items[0]), direction, span=self._span(items))

    def order(self, items: list[Any]) -> tuple[str, tuple[ast.OrderKey, ...]]:
        return ("order", tuple(_nodes(items, ast.OrderKey)))

    def limit_number(self, items: list[Token]) -> ast.Number:
        return self.number(items)

    def limit(self, items: list[Any]) -> tuple[str, ast.Number | ast.ParamRef]:
        return ("limit", items[1])

    def issues_source(self, items: list[Any]) -> ast.IssuesSource:
        parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
        return ast.IssuesSource(
            _one(items, ast.Jql), parts.get("order", ()), parts.get("limit"), span=self._span(items)
        )

    def worklogs_source(self, items: list[Any]) -> ast.WorklogsSource:
        parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
        return ast.WorklogsSource(_one(items, ast.Jql), parts.get("limit"), span=self._span(items))

    def status_periods_source(self, items: list[Any]) -> ast.StatusPeriodsSource:
        parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
        return ast.StatusPeriodsSource(_one(items, ast.Jql), parts.get("limit"), span=self._span(items))

    def projects_source(self, items: list[Any]) -> ast.ProjectsSource:
        parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
        return ast.ProjectsSource(parts.get("limit"), span=self._span(items))

    def filters_source(self, items: list[Any]) -> ast.FiltersSource:
        parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
        return ast.FiltersSource(parts.get("limit"), span=self._span(items))

    def work_measure(self, items: list[Any]) -> tuple[str, ast.Aggregate]:
        return ("measure", _one(items, ast.Aggregate))

    def project_ref(self, items: list[Any]) -> ast.ParamRef:
        ref: ast.ParamRef = _one(items, ast.ParamRef)
        return ref

    def context_project(self, items: list[Token]) -> ast.ContextProject:
        return ast.ContextProject(span=self._span(items))

    def active_sprint(self, items: list[Token]) -> tuple[str, ast.WhichSprint]:
        return ("sprint", ast.WhichSprint.ACTIVE)

    def last_closed_sprint(self, items: list[Token]) -> tuple[str, ast.WhichSprint]:
        return ("sprint", ast.WhichSprint.LAST_CLOSED)

    def burndown_source(self, items: list[Any]) -> ast.BurndownSource:
        parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
        return ast.BurndownSource(
            _one(items, ast.ParamRef), parts["sprint"], parts.get("measure"), span=self._span(items)
        )

    def versions_source(self, items: list[Any]) -> ast.VersionsSource:
        parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
        states = _tokens(items, "VERSION_STATE")
        project = next(i for i in items if isinstance(i, ast.ParamRef | ast.ContextProject))
        state = ast.VersionState(states[0].value) if states else None
        return ast.VersionsSource(project, state, parts.get("measure"), span=self._span(items))

    def sprints_source(self, items: list[Any]) -> ast.SprintsSource:
        parts: dict[str, Any] = dict(i for i in items if isinstance(i, tuple))
        board = _one(items, ast.ParamRef)  # the first: `last {n}` is a ParamRef too
        last = [i for i in items if isinstance(i, ast.Number | ast.ParamRef)][-1]
        return ast.SprintsSource(board, last, parts.get("measure"), span=self._span(items))

    # --- views ---------------------------------------------------------------------------
    def grouping(self, items: list[Any]) -> tuple[str, ast.GroupKey]:
        return ("group", _one(items, ast.GroupKey))

    def column(self, items: list[Any]) -> ast.Column:
        headings = _tokens(items, "STRING")
        units = [i[1] for i in items if isinstance(i, tuple) and i[0] == "unit"]
        return ast.Column(
            self._name(items[0]),
            self._text(headings[0]) if headings else None,
            units[0] if units else None,
            span=self._span(items),
        )

    def columns(self, items: list[Any]) -> tuple[str, tuple[ast.Column, ...]]:
        return ("columns", tuple(_nodes(items, ast.Column)))

    def when(self, items: list[Any]) -> tuple[str, ast.ParamRef]:
        return ("when", items[1])

    def table_view(self, items: list[Any]) -> ast.TableView:
        return self._rows_view(ast.TableView, items)

    def list_view(self, items: list[Any]) -> ast.ListView:
        return self._rows_view(ast.ListView, items)

    def _rows_view(self, kind: type[_RowsView], items: list[Any]) -> _RowsView:
        parts, title = self._view_parts(items)
        when, highlight, group = parts.get("when"), parts.get("highlight"), parts.get("group")
        return kind(parts["columns"], title, when, highlight, group, span=self._span(items))

    def bar(self, items: list[Token]) -> tuple[str, ast.ChartKind]:
        return ("kind", ast.ChartKind.BAR)

    def horizontal_bar(self, items: list[Token]) -> tuple[str, ast.ChartKind]:
        return ("kind", ast.ChartKind.HORIZONTAL_BAR)

    def stacked_bar(self, items: list[Token]) -> tuple[str, ast.ChartKind]:
        return ("kind", ast.ChartKind.STACKED_BAR)

    def stacked_horizontal_bar(self, items: list[Token]) -> tuple[str, ast.ChartKind]:
        return ("kind", ast.ChartKind.STACKED_HORIZONTAL_BAR)

    def line(self, items: list[Token]) -> tuple[str, ast.ChartKind]:
        return ("kind", ast.ChartKind.LINE)

    def pie(self, items: list[Token]) -> tuple[str, ast.ChartKind]:
        return ("kind", ast.ChartKind.PIE)

    def donut(self, items: list[Token]) -> tuple[str, ast.ChartKind]:
        return ("kind", ast.ChartKind.DONUT)

    def group_key(self, items: list[Token]) -> ast.GroupKey:
        buckets = _tokens(items, "BUCKET")
        names = [self._name(t) for t in _tokens(items, "NAME")]
        bucket = Bucket(buckets[0].value) if buckets else None
        return ast.GroupKey(names[0], bucket, tuple(names[1:]), span=self._span(items))

    def count(self, items: list[Token]) -> ast.Aggregate:
        return ast.Aggregate(Aggregation.COUNT, span=self._span(items))

    def field_aggregate(self, items: list[Token]) -> ast.Aggregate:
        return ast.Aggregate(Aggregation(items[0].value), self._name(_tokens(items, "NAME")[0]), span=self._span(items))

    def percentile(self, items: list[Any]) -> ast.Aggregate:
        field = self._name(_tokens(items, "NAME")[0])
        return ast.Aggregate(Aggregation.PERCENTILE, field, _one(items, ast.Number), span=self._span(items))

    def series_item(self, items: list[Any]) -> ast.Series:
        labels = _tokens(items, "STRING")
        label = self._text(labels[0]) if labels else None
        return ast.Series(_with_unit(items), label, span=self._span(items))

    def series(self, items: list[Any]) -> tuple[bool, tuple[ast.Series, ...]]:
        return (bool(_tokens(items, "CUMULATIVE")), tuple(_nodes(items, ast.Series)))

    def split(self, items: list[Token]) -> ast.Name:
        return self._name(_tokens(items, "NAME")[0])

    def chart_axes(self, items: list[Any]) -> tuple[str, _Axes]:
        cumulative, series = next(i for i in items if isinstance(i, tuple))
        return ("axes", _Axes(_one(items, ast.GroupKey), series, _one(items, ast.Name), cumulative))

    def chart_view(self, items: list[Any]) -> ast.ChartView:
        parts, title = self._view_parts(items)
        axes: _Axes = parts["axes"]
        return ast.ChartView(
            parts["kind"],
            axes.x,
            axes.y,
            title,
            parts.get("when"),
            axes.split,
            axes.cumulative,
            span=self._span(items),
        )

    def pivot_view(self, items: list[Any]) -> ast.PivotView:
        parts, title = self._view_parts(items)
        rows, columns = _nodes(items, ast.GroupKey)
        return ast.PivotView(rows, columns, _with_unit(items), title, parts.get("when"), span=self._span(items))

    def metric_view(self, items: list[Any]) -> ast.MetricView:
        parts, title = self._view_parts(items)
        return ast.MetricView(_with_unit(items), title, parts.get("when"), span=self._span(items))

    # --- modules -------------------------------------------------------------------------
    def state_text(self, items: list[Token]) -> ast.StateText:
        return ast.StateText(ast.StateKind(items[0].value), self._text(items[1]), span=self._span(items))

    def module(self, items: list[Any]) -> ast.Module:
        slots = _nodes(items, tuple)
        self.problems.extend(_repeated_slots(slots, "module"))
        values = {slot: value for slot, value, _ in reversed(slots)}
        sources = [i for i in items if isinstance(i, ast.DataSource)]
        for extra in sources[1:]:
            self.problems.append(
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
            self._name(_tokens(items, "NAME")[0]),
            self._text(strings[0]),
            description=values.get("description"),
            config=values.get("config", ()),
            settings=values.get("settings", ()),
            fields=tuple(_nodes(items, ast.CustomField)),
            computed=tuple(_nodes(items, ast.ComputedField)),
            data=sources[0] if sources else None,
            views=tuple(
                i
                for i in items
                if isinstance(i, ast.TableView | ast.ListView | ast.ChartView | ast.MetricView | ast.PivotView)
            ),
            texts=tuple(_nodes(items, ast.StateText)),
            span=self._span(items),
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
