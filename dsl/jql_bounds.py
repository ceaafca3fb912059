"""How large a spec's JQL may be: a length cap checked before parsing, a nesting cap checked before
anything walks the tree recursively. Both come back as positioned diagnostics, never as a hang or
a ``RecursionError``.

Why these numbers:

* **Length, 2,000 characters.** The generated app sends the query in the URL of
  ``GET /rest/api/3/search/jql``; Atlassian's REST docs say to switch to POST when a query is too
  large for a query parameter, and proxies on the way commonly refuse URLs beyond 2 to 8 KB. URL
  encoding can triple the size of JQL text, and values filled in at run time add to it, so 2,000
  characters is the longest query that reliably fits. Real queries are a few hundred characters.
* **Nesting, 100 levels** of ``NOT`` and brackets around ``AND``/``OR``. Hand-written queries nest two
  or three levels; anything past 100 is generated or pasted by mistake, and walking it would exhaust
  Python's recursion limit. (Brackets around a single clause add no level: ``((a = b))`` is flat.)
"""

from __future__ import annotations

from collections.abc import Callable

from lark import Token, Tree

from dsl.diagnostics import Diagnostic, error
from dsl.span import Span

MAX_JQL_LENGTH = 2_000
MAX_JQL_DEPTH = 100

_NESTING_RULES = frozenset({"negation", "or_expr", "and_expr"})

Locate = Callable[[int, int], Span]
"""Maps value offsets ``start``..``end`` of the JQL string to a source span."""


def too_long(text: str, at: Locate) -> Diagnostic | None:
    """E305 at the first character past the cap, when the query is longer than it."""
    if len(text) <= MAX_JQL_LENGTH:
        return None
    return error(
        "E305",
        at(MAX_JQL_LENGTH, len(text)),
        f"this JQL is {len(text):,} characters long; a query may have at most {MAX_JQL_LENGTH:,}",
        "the app sends the query in a URL; split the module in two, or choose issues by a saved filter "
        "(a `filter` parameter) instead of listing them",
    )


def too_deep(tree: Tree[Token], at: Locate) -> Diagnostic | None:
    """E306 at the first NOT or bracket nested deeper than the cap (walked without recursion).

    A NOT is a level; an AND/OR chain is one when it is inside another (it was in brackets), not
    the query's own top-level chain.
    """
    stack: list[tuple[Tree[Token], int, bool]] = [(tree, 0, False)]
    while stack:
        node, depth, inside = stack.pop()
        if node.data in _NESTING_RULES:
            if inside or node.data == "negation":
                depth += 1
            inside = True
            if depth > MAX_JQL_DEPTH:
                start = _first_offset(node)
                return error(
                    "E306",
                    at(start, start + 1),
                    f"this JQL nests NOT and brackets more than {MAX_JQL_DEPTH} levels deep",
                    "simplify the condition: NOT (NOT x) is x, and AND/OR chains need no inner brackets",
                )
        stack.extend((child, depth, inside) for child in reversed(node.children) if isinstance(child, Tree))
    return None


def _first_offset(node: Tree[Token]) -> int:
    """The offset of the leftmost token under a node, found without recursion."""
    current: Tree[Token] | Token = node
    while isinstance(current, Tree):
        current = current.children[0]
    return current.start_pos or 0
