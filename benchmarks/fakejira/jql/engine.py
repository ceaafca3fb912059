"""Evaluating JQL over the fake site: each clause becomes a set of issue positions, computed once.

Fast enough that 100,000 issues per query are not the bottleneck: a query is parsed once; each clause's
set is kept for the run (so the per-group counts an app sends, ``(Q) AND priority = X``, cost one index look-up
each); named fields are indexed value → issues, dates and numbers sorted for range look-ups; the ordered,
viewer-filtered result of a whole query is kept per (query, viewer).

Jira semantics kept here: ``!=`` and ``NOT IN`` never match an empty field; ``NOT`` is pushed down onto the
clauses (``NOT a = 1`` is ``a != 1``); ORDER BY puts empty values last ascending and first descending; without
ORDER BY the newest issues come first; a query without a condition is refused as unbounded.
"""

from __future__ import annotations

import bisect
import operator
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from benchmarks.fakejira.jql.errors import JqlError, bad_operator, unsupported
from benchmarks.fakejira.jql.fields import Context, JqlField, JqlFields
from benchmarks.fakejira.jql.syntax import (
    And,
    Clause,
    Empty,
    Function,
    History,
    Literal,
    Node,
    Not,
    Operand,
    Or,
    Predicate,
    Query,
    SortKey,
    parse,
)
from benchmarks.fakejira.jql.values import DAY_MS, duration_seconds, moment, not_a_function, number
from benchmarks.fakejira.model import Dataset, Issue

UNBOUNDED = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
_NEGATED = {
    "=": "!=",
    "!=": "=",
    "~": "!~",
    "!~": "~",
    "<": ">=",
    "<=": ">",
    ">": "<=",
    ">=": "<",
    "in": "not in",
    "not in": "in",
    "is": "is not",
    "is not": "is",
    "was": "was not",
    "was not": "was",
    "was in": "was not in",
    "was not in": "was in",
}
_RANGE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _span(values: list[Any], op: str, bound: Any) -> tuple[int, int]:
    """The slice of sorted ``values`` that satisfies ``value op bound`` for a range operator."""
    if op in ("<", "<="):
        return 0, (bisect.bisect_left if op == "<" else bisect.bisect_right)(values, bound)
    return (bisect.bisect_right if op == ">" else bisect.bisect_left)(values, bound), len(values)


@dataclass(frozen=True)
class Viewer:
    """Who runs a query: a person (``account``), or the app itself (``account`` None, sees everything)."""

    account: str | None

    @classmethod
    def app(cls) -> Viewer:
        return cls(None)


@dataclass(frozen=True)
class Complement:
    """Every issue a node does not match (the negation of CHANGED, which has no operator of its own)."""

    item: Node


Evaluable = Node | Complement
IssueSet = frozenset[int]


def negate(node: Evaluable) -> Evaluable:
    """NOT pushed down to the clauses, as Jira applies it (De Morgan; each operator by its opposite)."""
    if isinstance(node, And):
        return Or(tuple(_as_node(negate(n)) for n in node.items))
    if isinstance(node, Or):
        return And(tuple(_as_node(negate(n)) for n in node.items))
    if isinstance(node, Not):
        return node.item
    if isinstance(node, Complement):
        return node.item
    if isinstance(node, Clause):
        return Clause(node.field, _NEGATED[node.op], node.operand, node.position)
    if node.op == "changed":
        return Complement(node)
    return History(node.field, _NEGATED[node.op], node.operand, node.predicates, node.position)


def _as_node(item: Evaluable) -> Node:
    """Complement only appears under And/Or through this (typed as a Not, evaluated as a complement)."""
    return Not(item.item) if isinstance(item, Complement) else item


class Engine:
    """Answers queries over one dataset at one moment (``now``), for any viewer; safe to share between threads."""

    def __init__(self, data: Dataset, now: int | None = None) -> None:
        self.data = data
        self.now = data.now if now is None else now
        self.fields = JqlFields(data)
        self.all: IssueSet = frozenset(range(len(data.issues)))
        self._lock = threading.RLock()
        self._parsed: dict[str, Query] = {}
        self._clauses: dict[tuple[Any, str | None], IssueSet] = {}
        self._results: dict[tuple[str, str | None], list[int]] = {}
        self._visible: dict[str | None, IssueSet] = {}
        self._indexes: dict[str, dict[Any, set[int]]] = {}
        self._sorted: dict[str, tuple[list[Any], list[int]]] = {}
        self._filter_depth = 0

    # ------------------------------------------------------------------------------------------ public

    def parse(self, jql: str) -> Query:
        query = self._parsed.get(jql)
        if query is None:
            query = parse(jql)
            self._parsed[jql] = query
        return query

    def search(self, jql: str, viewer: Viewer, *, bounded: bool = True) -> list[int]:
        """Positions of the issues ``viewer`` may see that match ``jql``, in its order."""
        key = (jql, viewer.account)
        with self._lock:
            found = self._results.get(key)
            if found is None:
                query = self.parse(jql)
                if bounded and query.where is None:
                    raise JqlError(UNBOUNDED)
                ctx = Context(viewer.account, self.now)
                matched = self.all if query.where is None else self._eval(query.where, ctx)
                found = self._order(matched & self._visible_to(viewer.account), query.order)
                self._results[key] = found
            return found

    def warm(self, viewer: Viewer) -> None:
        """Build the usual indexes and the viewer's visible set now, so the first requests are not slower."""
        with self._lock:
            self._visible_to(viewer.account)
            for name in ("project", "issuetype", "status", "statusCategory", "priority", "resolution", "assignee"):
                self._index(self.fields.lookup(name))
            for name in ("created", "updated", "resolved", "duedate"):
                self._ordered_values(self.fields.lookup(name))
            self._worklog_days()

    def count(self, jql: str, viewer: Viewer) -> int:
        return len(self.search(jql, viewer))

    def matches(self, jql: str, viewer: Viewer) -> list[Issue]:
        return [self.data.issues[i] for i in self.search(jql, viewer)]

    # ------------------------------------------------------------------------------------------ evaluation

    def _visible_to(self, account: str | None) -> IssueSet:
        found = self._visible.get(account)
        if found is None:
            found = frozenset(i.index for i in self.data.visible_issues(account))
            self._visible[account] = found
        return found

    def _eval(self, node: Evaluable, ctx: Context) -> IssueSet:
        if isinstance(node, And):
            parts = sorted((self._eval(n, ctx) for n in node.items), key=len)
            return parts[0].intersection(*parts[1:])
        if isinstance(node, Or):
            return frozenset().union(*(self._eval(n, ctx) for n in node.items))
        if isinstance(node, Not):
            return self._eval(negate(node.item), ctx)
        if isinstance(node, Complement):
            return self.all - self._eval(node.item, ctx)
        key = (node, ctx.account)
        found = self._clauses.get(key)
        if found is None:
            found = self._clause(node, ctx) if isinstance(node, Clause) else self._history(node, ctx)
            self._clauses[key] = found
        return found

    def _clause(self, clause: Clause, ctx: Context) -> IssueSet:
        f = self.fields.lookup(clause.field)
        handler: Callable[[JqlField, Clause, Context], IssueSet] = {
            "entity": self._named,
            "multi": self._named,
            "date": self._ordered,
            "day": self._ordered,
            "number": self._ordered,
            "duration": self._ordered,
            "text": self._text,
            "key": self._key,
            "worklog_date": self._worklog_date,
            "worklog_author": self._worklog_author,
            "filter": self._filter,
        }[f.kind]
        return handler(f, clause, ctx)

    @staticmethod
    def _operands(clause: Clause) -> tuple[Operand, ...]:
        return clause.operand if isinstance(clause.operand, tuple) else (clause.operand,)

    def _index(self, f: JqlField) -> dict[Any, set[int]]:
        """Value → issue positions; multi-valued fields list each issue under each value, empty ones under None."""
        found = self._indexes.get(f.name)
        if found is None:
            assert f.value is not None
            found = {}
            for issue in self.data.issues:
                value = f.value(issue)
                values = (value if value else (None,)) if f.kind == "multi" else (value,)
                for v in values:
                    found.setdefault(v, set()).add(issue.index)
            self._indexes[f.name] = found
        return found

    def _with_value(self, f: JqlField) -> IssueSet:
        return self.all - frozenset(self._index(f).get(None, ()))

    def _named(self, f: JqlField, clause: Clause, ctx: Context) -> IssueSet:
        op = clause.op
        if op in ("~", "!~"):
            raise bad_operator(op, f.name)
        index = self._index(f)
        if op in _RANGE:
            return self._ranked(f, clause, ctx)
        assert f.resolve is not None
        wanted = frozenset().union(*(f.resolve(o, ctx) for o in self._operands(clause)))
        hits = frozenset().union(*(index.get(v, ()) for v in wanted))
        if op in ("=", "in", "is"):
            return hits
        return self._with_value(f) - hits  # != and NOT IN never match an empty field

    def _ranked(self, f: JqlField, clause: Clause, ctx: Context) -> IssueSet:
        if f.rank is None or not isinstance(clause.operand, Literal):
            raise bad_operator(clause.op.upper(), f.name)
        assert f.resolve is not None
        bounds = [f.rank[v] for v in f.resolve(clause.operand, ctx) if v is not None]
        compare = _RANGE[clause.op]
        index = self._index(f)
        return frozenset().union(
            *(index[v] for v, rank in f.rank.items() if v in index and any(compare(rank, b) for b in bounds))
        )

    def _ordered_values(self, f: JqlField) -> tuple[list[Any], list[int]]:
        found = self._sorted.get(f.name)
        if found is None:
            assert f.value is not None
            pairs = sorted((v, i.index) for i in self.data.issues if (v := f.value(i)) is not None)
            found = ([v for v, _ in pairs], [i for _, i in pairs])
            self._sorted[f.name] = found
        return found

    def _bound(self, f: JqlField, operand: Operand, ctx: Context) -> Any:
        if isinstance(operand, Empty):
            return None
        if f.kind in ("date", "day"):
            return moment(operand, ctx.now, f.name)
        if isinstance(operand, Function):
            raise not_a_function(operand, f.name)
        if f.kind == "duration":
            return duration_seconds(operand, f.name)
        return number(operand, f.name)

    def _ordered(self, f: JqlField, clause: Clause, ctx: Context) -> IssueSet:
        op = clause.op
        if op in ("~", "!~"):
            raise bad_operator(op, f.name)
        values, positions = self._ordered_values(f)
        with_value = frozenset(positions)
        if op in ("is", "is not"):
            return self.all - with_value if op == "is" else with_value
        bounds = [self._bound(f, o, ctx) for o in self._operands(clause)]
        if op in _RANGE:
            (bound,) = bounds
            if bound is None:
                raise bad_operator(op, f.name)
            return frozenset(positions[slice(*_span(values, op, bound))])
        hits: set[int] = set()
        for bound in bounds:
            if bound is None:
                hits.update(self.all - with_value)
            else:
                hits.update(positions[bisect.bisect_left(values, bound) : bisect.bisect_right(values, bound)])
        if op in ("=", "in"):
            return frozenset(hits)
        return with_value - hits

    def _text(self, f: JqlField, clause: Clause, ctx: Context) -> IssueSet:
        assert f.value is not None
        if clause.op in ("is", "is not"):
            empty = frozenset(i.index for i in self.data.issues if not f.value(i))
            return empty if clause.op == "is" else self.all - empty
        if clause.op not in ("~", "!~"):
            raise bad_operator(clause.op.upper(), f.name)
        operand = clause.operand
        if not isinstance(operand, Literal):
            raise JqlError(f"The field '{f.name}' needs a text value after '{clause.op}'.")
        terms = operand.text.lower().replace("*", " ").replace("?", " ").split()
        if not terms:
            raise JqlError(f"The field '{f.name}' does not support searching for an empty string.")
        value = f.value

        def contains(issue: Issue) -> bool:
            text = str(value(issue)).lower()
            return all(t in text for t in terms)

        hits = frozenset(i.index for i in self.data.issues if contains(i))
        return hits if clause.op == "~" else self.all - hits

    def _key(self, f: JqlField, clause: Clause, ctx: Context) -> IssueSet:
        op = clause.op
        if op in ("is", "is not", "~", "!~"):
            raise bad_operator(op.upper(), "issuekey")
        targets = []
        for operand in self._operands(clause):
            if not isinstance(operand, Literal):
                raise JqlError(f"The field 'issuekey' does not support the value '{operand}'.")
            issue = self.data.issue(operand.text)
            if issue is None or not self.data.can_see(issue, ctx.account):
                raise JqlError(f"An issue with key '{operand.text}' does not exist for field 'issuekey'.")
            targets.append(issue)
        if op in _RANGE:
            (target,) = targets
            compare = _RANGE[op]
            return frozenset(
                i.index for i in self.data.issues if i.project is target.project and compare(i.number, target.number)
            )
        hits = frozenset(t.index for t in targets)
        return hits if op in ("=", "in") else self.all - hits

    # ------------------------------------------------------------------------------------------ worklogs

    def _worklog_days(self) -> tuple[list[int], list[int]]:
        found = self._sorted.get("worklogDate")
        if found is None:
            pairs = sorted((w.started - w.started % DAY_MS, w.issue) for w in self.data.worklogs)
            found = ([d for d, _ in pairs], [i for _, i in pairs])
            self._sorted["worklogDate"] = found
        return found

    def _worklog_date(self, f: JqlField, clause: Clause, ctx: Context) -> IssueSet:
        """Issues with at least one worklog started on a (UTC) day that satisfies the clause."""
        days, issues = self._worklog_days()
        with_logs = frozenset(issues)
        if clause.op in ("is", "is not"):
            return self.all - with_logs if clause.op == "is" else with_logs
        bounds = []
        for operand in self._operands(clause):
            at = moment(operand, ctx.now, f.name)
            if at is None:
                raise bad_operator(clause.op, f.name)
            bounds.append(at - at % DAY_MS)
        op = clause.op
        if op in ("=", "in", "!=", "not in"):
            inside: set[int] = set()
            for day in bounds:
                inside.update(issues[bisect.bisect_left(days, day) : bisect.bisect_right(days, day)])
            if op in ("=", "in"):
                return frozenset(inside)
            bound_set = set(bounds)
            return frozenset(issues[k] for k, day in enumerate(days) if day not in bound_set)
        if op not in _RANGE:
            raise bad_operator(op.upper(), f.name)
        (bound,) = bounds
        return frozenset(issues[slice(*_span(days, op, bound))])

    def _worklog_author(self, f: JqlField, clause: Clause, ctx: Context) -> IssueSet:
        """Issues with at least one worklog by (``!=``: by someone other than) the users named."""
        assert f.resolve is not None
        index = self._indexes.get("worklogAuthor")
        if index is None:
            index = {}
            for w in self.data.worklogs:
                index.setdefault(w.author.account_id, set()).add(w.issue)
            self._indexes["worklogAuthor"] = index
        if clause.op in ("is", "is not"):
            with_logs = frozenset().union(*index.values())
            return self.all - with_logs if clause.op == "is" else with_logs
        if clause.op not in ("=", "!=", "in", "not in"):
            raise bad_operator(clause.op.upper(), f.name)
        wanted = frozenset().union(*(f.resolve(o, ctx) for o in self._operands(clause)))
        if clause.op in ("=", "in"):
            return frozenset().union(*(index.get(a, ()) for a in wanted))
        return frozenset().union(*(logs for author, logs in index.items() if author not in wanted))

    # ------------------------------------------------------------------------------------------ filters

    def _filter(self, f: JqlField, clause: Clause, ctx: Context) -> IssueSet:
        if clause.op not in ("=", "!=", "in", "not in"):
            raise bad_operator(clause.op.upper(), "filter")
        if self._filter_depth > 5:
            raise JqlError("A filter refers to itself through the 'filter' field.")
        hits: set[int] = set()
        for operand in self._operands(clause):
            if not isinstance(operand, Literal):
                raise JqlError("The field 'filter' needs the id or the name of a saved filter.")
            text = operand.text.strip().lower()
            saved = next(
                (
                    x
                    for x in self.data.filters
                    if text in (x.id, x.name.lower()) and self.data.can_see_filter(x, ctx.account)
                ),
                None,
            )
            if saved is None:
                raise JqlError(f"The value '{operand.text}' does not exist for the field 'filter'.")
            where = self.parse(saved.jql).where
            if where is not None:
                self._filter_depth += 1
                try:
                    hits.update(self._eval(where, ctx))
                finally:
                    self._filter_depth -= 1
        return frozenset(hits) if clause.op in ("=", "in") else self.all - hits

    # ------------------------------------------------------------------------------------------ history

    def _history(self, node: History, ctx: Context) -> IssueSet:
        f = self.fields.lookup(node.field)
        if f.history is None:
            raise unsupported(f"History of the field '{f.name}' (CHANGED, WAS)")
        assert f.resolve is not None
        window = self._window(node.predicates, ctx, f)
        if node.op == "changed":
            return frozenset(i.index for i in self.data.issues if self._changed(i, f, window, ctx))
        operands = node.operand if isinstance(node.operand, tuple) else (node.operand,)
        wanted = frozenset().union(*(f.resolve(o, ctx) for o in operands if o is not None))
        held = frozenset(i.index for i in self.data.issues if self._held(i, f, wanted, window))
        return held if node.op in ("was", "was in") else self.all - held

    @dataclass(frozen=True)
    class _Window:
        after: int | None = None
        before: int | None = None
        by: frozenset[str | None] | None = None
        before_values: frozenset[str | None] | None = None  # FROM
        after_values: frozenset[str | None] | None = None  # TO

    def _window(self, predicates: Iterable[Predicate], ctx: Context, f: JqlField) -> Engine._Window:
        after = before = None
        by = from_values = to_values = None
        assert f.resolve is not None
        users = self.fields.lookup("assignee").resolve
        assert users is not None
        for p in predicates:
            first = p.operands[0]
            if p.kind == "after":
                after = moment(first, ctx.now, f.name)
            elif p.kind == "before":
                before = moment(first, ctx.now, f.name)
            elif p.kind in ("on", "during"):
                start = moment(first, ctx.now, f.name)
                end = moment(p.operands[-1], ctx.now, f.name)
                if start is not None and end is not None:
                    after, before = start - 1, end - end % DAY_MS + DAY_MS
            elif p.kind == "by":
                by = users(first, ctx)
            elif p.kind == "from":
                from_values = f.resolve(first, ctx)
            else:
                to_values = f.resolve(first, ctx)
        return Engine._Window(after, before, by, from_values, to_values)

    @staticmethod
    def _ids(value: str) -> frozenset[str | None]:
        """A history value as a set: sprint changes hold comma-separated ids; an empty value is None."""
        parts = [p.strip() for p in value.split(",") if p.strip()]
        return frozenset(parts) if parts else frozenset({None})

    def _changed(self, issue: Issue, f: JqlField, w: Engine._Window, ctx: Context) -> bool:
        for c in issue.changes:
            if c.field != f.history:
                continue
            if (w.after is not None and c.at <= w.after) or (w.before is not None and c.at >= w.before):
                continue
            if w.by is not None and c.author.account_id not in w.by:
                continue
            if w.before_values is not None and not (self._ids(c.before) & w.before_values):
                continue
            if w.after_values is not None and not (self._ids(c.after) & w.after_values):
                continue
            return True
        return False

    def _held(self, issue: Issue, f: JqlField, wanted: frozenset[Any], w: Engine._Window) -> bool:
        """Whether the issue held one of ``wanted`` at some moment inside the window (and, with BY, set by them)."""
        changes = [c for c in issue.changes if c.field == f.history]
        first = self._ids(changes[0].before) if changes else frozenset(self._current(issue, f))
        spans: list[tuple[int, int, frozenset[str | None], str | None]] = []
        start, values, author = issue.created, first, None
        for c in changes:
            spans.append((start, c.at, values, author))
            start, values, author = c.at, self._ids(c.after), c.author.account_id
        spans.append((start, self.now + 1, values, author))
        for begin, end, held, who in spans:
            if w.after is not None and end <= w.after:
                continue
            if w.before is not None and begin >= w.before:
                continue
            if w.by is not None and who not in w.by:
                continue
            if held & wanted:
                return True
        return False

    @staticmethod
    def _current(issue: Issue, f: JqlField) -> Iterable[str | None]:
        assert f.value is not None
        value = f.value(issue)
        if f.kind == "multi":
            return value or (None,)
        return (value,)

    # ------------------------------------------------------------------------------------------ order

    def _order(self, matched: IssueSet, keys: tuple[SortKey, ...]) -> list[int]:
        issues = self.data.issues
        if not keys:
            return sorted(matched, key=lambda i: issues[i].id, reverse=True)
        result = sorted(matched, key=lambda i: issues[i].id)
        for key in reversed(keys):
            f = self.fields.lookup(key.field)
            if f.sort is None:
                raise JqlError(f"Field '{key.field}' does not support sorting.")
            sort = f.sort

            def sort_key(i: int, sort: Callable[[Issue], Any] = sort) -> tuple[int, Any]:
                value = sort(issues[i])
                return (1, 0) if value is None else (0, value)

            result.sort(key=sort_key, reverse=key.descending)
        return result
