"""Concrete JQL (as apps send it: values filled in, ORDER BY included) parsed into a small tree.

The repository's own grammar (dsl/jql.lark) reads JQL *templates* inside specs — placeholders, no ORDER BY,
errors as spec diagnostics — so the fake has this small recursive-descent parser instead, whose errors are
worded and positioned the way Jira words them ("Error in the JQL Query: … (line 1, character 15)").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from benchmarks.fakejira.jql.errors import JqlError, syntax_error

MAX_SORT_KEYS = 7  # Jira's limit for ORDER BY in /search/jql


@dataclass(frozen=True)
class Literal:
    """A value as written; ``quoted`` tells "-14d" (a string) from -14d (a word) where it matters."""

    text: str
    quoted: bool = False


@dataclass(frozen=True)
class Empty:
    """EMPTY or NULL."""


@dataclass(frozen=True)
class Function:
    name: str
    args: tuple[str, ...] = ()


Operand = Literal | Empty | Function


@dataclass(frozen=True)
class Clause:
    """``field op operand``; ``op`` is one of = != ~ !~ < <= > >= in, not in, is, is not (lower case)."""

    field: str
    op: str
    operand: Operand | tuple[Operand, ...]
    position: int = dataclasses.field(default=0, compare=False)


@dataclass(frozen=True)
class Predicate:
    """A history predicate: after/before/on/by/from/to with one operand, during with two."""

    kind: str
    operands: tuple[Operand, ...]


@dataclass(frozen=True)
class History:
    """``field CHANGED …`` or ``field WAS [NOT] [IN] value …``; ``op`` is changed, was, was not, was in, was not in."""

    field: str
    op: str
    operand: Operand | tuple[Operand, ...] | None
    predicates: tuple[Predicate, ...]
    position: int = dataclasses.field(default=0, compare=False)


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = And | Or | Not | Clause | History


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool
    position: int = dataclasses.field(default=0, compare=False)


@dataclass(frozen=True)
class Query:
    where: Node | None
    order: tuple[SortKey, ...]


# ------------------------------------------------------------------------------------------------- lexing

_KEYWORDS = frozenset(
    [
        "and",
        "or",
        "not",
        "in",
        "is",
        "empty",
        "null",
        "order",
        "by",
        "asc",
        "desc",
        "was",
        "changed",
        "after",
        "before",
        "on",
        "during",
        "from",
        "to",
    ]
)
_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<open_str>["'])
      | (?P<op>!=|!~|<=|>=|=|~|<|>)
      | (?P<punct>[(),])
      | (?P<logic>&&|\|\||!)
      | (?P<word>(?:[^\s"'(),=!<>~&|]|&(?!&)|\|(?!\|))+)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # str, word, op, punct, logic, end
    text: str
    position: int

    @property
    def keyword(self) -> str | None:
        """The keyword this token is (lower case), if it is an unquoted keyword or &&, ||, !."""
        if self.kind == "logic":
            return {"&&": "and", "||": "or", "!": "not"}[self.text]
        if self.kind == "word" and self.text.lower() in _KEYWORDS:
            return self.text.lower()
        return None

    def shown(self) -> str:
        return self.text if self.kind != "str" else self.text[1:-1]


def _unescape(quoted: str) -> str:
    return re.sub(r"\\(.)", r"\1", quoted[1:-1], flags=re.DOTALL)


def tokens(text: str) -> list[_Token]:
    out = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # pragma: no cover - every character matches one alternative
            raise syntax_error(f"Unexpected character '{text[pos]}'.", text, pos)
        kind = m.lastgroup or ""
        if kind == "open_str":
            raise syntax_error(f"The quoted string '{text[pos + 1 :]}' has not been completed.", text, pos)
        if kind != "space":
            out.append(_Token(kind, m.group(), pos))
        pos = m.end()
    out.append(_Token("end", "", len(text)))
    return out


# ------------------------------------------------------------------------------------------------- parsing

_OPERATORS = (
    "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS', 'IS NOT', "
    "'WAS', 'WAS IN', 'WAS NOT', 'WAS NOT IN' and 'CHANGED'."
)
_PREDICATES = frozenset({"after", "before", "on", "by", "from", "to", "during"})


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokens(text)
        self.i = 0

    @property
    def tok(self) -> _Token:
        return self.toks[self.i]

    def take(self) -> _Token:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def error(self, expecting: str, hint: str = "") -> JqlError:
        tok = self.tok
        if tok.kind == "end":
            return syntax_error(f"{expecting} before the end of the query.{hint}", self.text, None)
        return syntax_error(f"{expecting} but got '{tok.shown()}'.{hint}", self.text, tok.position)

    def expect_punct(self, char: str) -> None:
        if self.tok.kind != "punct" or self.tok.text != char:
            raise self.error(f"Expecting '{char}'")
        self.take()

    # --- query

    def query(self) -> Query:
        where = None
        if not (self.tok.keyword == "order" or self.tok.kind == "end"):
            where = self.or_expr()
        order: tuple[SortKey, ...] = ()
        if self.tok.keyword == "order":
            self.take()
            if self.tok.keyword != "by":
                raise self.error("Expecting 'by'")
            self.take()
            order = self.order_by()
        if self.tok.kind != "end":
            raise self.error("Expecting either 'OR' or 'AND'")
        return Query(where, order)

    def order_by(self) -> tuple[SortKey, ...]:
        keys = []
        while True:
            position = self.tok.position
            name = self.field_name()
            descending = False
            if self.tok.keyword in ("asc", "desc"):
                descending = self.take().keyword == "desc"
            keys.append(SortKey(name, descending, position))
            if not (self.tok.kind == "punct" and self.tok.text == ","):
                break
            self.take()
        if len(keys) > MAX_SORT_KEYS:
            raise JqlError(f"The ORDER BY clause can contain at most {MAX_SORT_KEYS} fields.")
        return tuple(keys)

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while self.tok.keyword == "or":
            self.take()
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Node:
        items = [self.not_expr()]
        while self.tok.keyword == "and":
            self.take()
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else And(tuple(items))

    def not_expr(self) -> Node:
        if self.tok.keyword == "not":
            self.take()
            return Not(self.not_expr())
        if self.tok.kind == "punct" and self.tok.text == "(":
            self.take()
            inner = self.or_expr()
            if not (self.tok.kind == "punct" and self.tok.text == ")"):
                raise (
                    self.error("Expecting ')'")
                    if self.tok.kind == "end"
                    else self.error("Expecting either 'OR' or 'AND'")
                )
            self.take()
            return inner
        return self.clause()

    # --- clauses

    def field_name(self) -> str:
        tok = self.tok
        if tok.kind == "str":
            self.take()
            return _unescape(tok.text)
        if tok.kind == "word" and tok.keyword is None:
            self.take()
            return tok.text
        hint = f" You must surround '{tok.text}' in quotation marks to use it as a field name." if tok.text else ""
        raise self.error("Expecting a field name", hint if tok.kind != "end" else "")

    def clause(self) -> Node:
        position = self.tok.position
        name = self.field_name()
        tok = self.tok
        if tok.kind == "op":
            self.take()
            return Clause(name, tok.text, self.operand(allow_empty=tok.text in ("=", "!=")), position)
        word = tok.keyword
        if word == "in":
            self.take()
            return Clause(name, "in", self.list_operand(), position)
        if word == "not":
            self.take()
            if self.tok.keyword != "in":
                raise self.error("Expecting 'IN'")
            self.take()
            return Clause(name, "not in", self.list_operand(), position)
        if word == "is":
            self.take()
            op = "is"
            if self.tok.keyword == "not":
                self.take()
                op = "is not"
            if self.tok.keyword not in ("empty", "null"):
                raise self.error("Expecting 'EMPTY'")
            self.take()
            return Clause(name, op, Empty(), position)
        if word in ("was", "changed"):
            return self.history(name, position)
        raise self.error("Expecting operator", " " + _OPERATORS)

    def history(self, name: str, position: int) -> History:
        if self.take().keyword == "changed":
            return History(name, "changed", None, self.predicates(), position)
        op = "was"
        if self.tok.keyword == "not":
            self.take()
            op = "was not"
        operand: Operand | tuple[Operand, ...]
        if self.tok.keyword == "in":
            self.take()
            op += " in"
            operand = self.list_operand()
        else:
            operand = self.operand(allow_empty=True)
        return History(name, op, operand, self.predicates(), position)

    def predicates(self) -> tuple[Predicate, ...]:
        out = []
        while self.tok.keyword in _PREDICATES:
            kind = self.take().keyword or ""
            if kind == "during":
                self.expect_punct("(")
                first = self.operand()
                self.expect_punct(",")
                second = self.operand()
                self.expect_punct(")")
                out.append(Predicate(kind, (first, second)))
            else:
                out.append(Predicate(kind, (self.operand(allow_empty=kind in ("from", "to")),)))
        return tuple(out)

    def operand(self, *, allow_empty: bool = False) -> Operand:
        tok = self.tok
        if tok.kind == "str":
            self.take()
            return Literal(_unescape(tok.text), quoted=True)
        if tok.kind == "word":
            if tok.keyword in ("empty", "null"):
                if not allow_empty:
                    raise self.error("Expecting either a value, list or function")
                self.take()
                return Empty()
            if tok.keyword is not None:
                hint = f" You must surround '{tok.text}' in quotation marks to use it as a value."
                raise self.error("Expecting either a value, list or function", hint)
            self.take()
            if self.tok.kind == "punct" and self.tok.text == "(":
                return self.function_call(tok.text)
            return Literal(tok.text)
        raise self.error("Expecting either a value, list or function")

    def function_call(self, name: str) -> Function:
        self.expect_punct("(")
        args: list[str] = []
        while not (self.tok.kind == "punct" and self.tok.text == ")"):
            tok = self.tok
            if tok.kind not in ("str", "word"):
                raise self.error("Expecting ')'")
            self.take()
            args.append(_unescape(tok.text) if tok.kind == "str" else tok.text)
            if self.tok.kind == "punct" and self.tok.text == ",":
                self.take()
        self.take()
        return Function(name, tuple(args))

    def list_operand(self) -> Operand | tuple[Operand, ...]:
        if self.tok.kind == "word" and self.tok.keyword is None:
            name = self.take().text
            if not (self.tok.kind == "punct" and self.tok.text == "("):
                raise self.error("Expecting '('")
            return self.function_call(name)
        self.expect_punct("(")
        items = [self.operand(allow_empty=True)]
        while self.tok.kind == "punct" and self.tok.text == ",":
            self.take()
            items.append(self.operand(allow_empty=True))
        if not (self.tok.kind == "punct" and self.tok.text == ")"):
            raise self.error("Expecting ')'")
        self.take()
        return tuple(items)


def parse(text: str) -> Query:
    """The query tree of ``text``; raises :class:`JqlError` with Jira's wording on a syntax error."""
    return _Parser(text).query()
