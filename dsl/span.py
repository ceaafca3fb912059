"""Source positions carried by every AST node, IR element and diagnostic.

Spans never take part in equality (``compare=False`` on the nodes that hold them), so two
trees parsed from differently formatted text compare equal when they mean the same thing.
"""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A region of one source file: 1-based line and column, end exclusive, plus offsets.

    A named tuple rather than a frozen dataclass: the parser makes one per token, and tuples are
    several times cheaper to create, while staying immutable, hashable and ordered.
    """

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int = 0
    end: int = 0

    @staticmethod
    def point(file: str, line: int, column: int, offset: int = 0) -> Span:
        """A one-character span, for errors that point at a single position."""
        return Span(file, line, column, line, column + 1, offset, offset + 1)

    def to(self, other: Span) -> Span:
        """The span from the start of ``self`` to the end of ``other``."""
        return Span(self.file, self.line, self.column, other.end_line, other.end_column, self.start, other.end)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


NO_SPAN = Span("<none>", 1, 1, 1, 1)
