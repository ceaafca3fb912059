"""Turning Lark's parse errors into diagnostics that speak the user's language.

Lark reports the terminals the parser could have accepted (``RBRACE``, ``MODULE_KIND`` …). We
group them into phrases a Jira admin understands ("a view such as `table` or `bar chart`"), in
the spirit of lark's ``match_examples`` but driven by the expected set so every state gets a
sensible message, and we suggest the closest keyword when a word is misspelt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from lark import Token, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr, TerminalDef

from dsl.calculation_hints import OPERATORS, inline_calculation_hint
from dsl.diagnostics import Diagnostic, error
from dsl.similar import closest
from dsl.span import Span


class GluedKeyword(Exception):
    """A keyword immediately followed by more word characters (``tablex``): report the whole word."""

    def __init__(self, token: Token, word: str, expected: Iterable[str]) -> None:
        super().__init__(word)
        self.token = token
        self.word = word
        self.expected = set(expected)


# Phrases for groups of terminals, most helpful first. A group is used when any of its
# terminals is expected; its terminals are then not described again one by one.
_GROUPS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"MODULE_KIND"}), "a module such as `gadget`, `issue_panel` or `project_page`"),
    (
        frozenset({"ISSUES", "WORKLOGS", "STATUS", "PROJECTS", "FILTERS", "SPRINTS", "VERSIONS", "BURNDOWN"}),
        'data such as `issues where "…"`, `worklogs of issues where "…"`, `status periods of issues where "…"`, '
        "`projects`, `filters`, `sprints of board {…}`, `burndown of active sprint of board {…}` or "
        "`versions of project {…}`",
    ),
    (
        frozenset({"TABLE", "LIST", "BAR", "HORIZONTAL", "STACKED", "LINE", "PIE", "DONUT", "METRIC", "PIVOT"}),
        "a view such as `table`, `bar chart`, `metric` or `pivot`",
    ),
    (frozenset({"PARAM_TYPE", "SELECT"}), 'a parameter type such as `number`, `project` or `select("a", "b")`'),
    (frozenset({"FIELD_TYPE"}), "a field type such as `number`, `text`, `date` or `user`"),
    (frozenset({"STATE_KIND"}), "a state text (`loading`, `empty` or `error`)"),
    (frozenset({"BUCKET"}), "a date bucket (`day`, `week`, `month`, `quarter` or `year`)"),
    (frozenset({"DIRECTION"}), "`asc` or `desc`"),
    (frozenset({"SCOPE_STYLE"}), "`classic` or `granular`"),
    (
        frozenset({"COUNT", "AGG_FUNCTION", "PERCENTILE", "CUMULATIVE"}),
        "an aggregate such as `count`, `sum(field)` or `avg(field)`",
    ),
    (frozenset({"COMPARE_OP", "IS"}), "a comparison such as `>`, `=` or `is empty`"),
    (frozenset({"PLUS", "MINUS", "STAR", "SLASH"}), "an operator (`+`, `-`, `*`, `/`)"),
    (frozenset({"DURATION_UNIT"}), "a unit (`minutes`, `hours`, `days` or `weeks`)"),
    (frozenset({"STRING"}), 'a quoted string such as "…"'),
    (frozenset({"NAME"}), "a name"),
    (frozenset({"SIGNED_NUMBER"}), "a number"),
    (frozenset({"BOOLEAN"}), "`true` or `false`"),
)

_PUNCTUATION = {
    "LBRACE": "{",
    "RBRACE": "}",
    "LPAR": "(",
    "RPAR": ")",
    "COLON": ":",
    "COMMA": ",",
    "EQUAL": "=",
}

_MAX_PHRASES = 8


@dataclass(frozen=True)
class KeywordTable:
    """Which words each terminal stands for, derived from the grammar itself."""

    words: dict[str, tuple[str, ...]]

    @staticmethod
    def from_terminals(terminals: Iterable[TerminalDef]) -> KeywordTable:
        words: dict[str, tuple[str, ...]] = {}
        for terminal in terminals:
            pattern = terminal.pattern
            if isinstance(pattern, PatternStr) and pattern.value.isidentifier():
                words[terminal.name] = (pattern.value,)
            elif re.fullmatch(r"\(\?:[a-z_|]+\)", pattern.value):
                words[terminal.name] = tuple(pattern.value[3:-1].split("|"))
        return KeywordTable(words)

    @cached_property
    def glue_sensitive(self) -> frozenset[str]:
        """Terminals that must not run straight into more letters (``tablex`` is not ``table``)."""
        return frozenset(self.words)

    def candidates(self, expected: Iterable[str]) -> list[str]:
        """Every keyword that could have stood where the error is."""
        return sorted({word for name in expected for word in self.words.get(name, ())})


def describe_syntax_error(
    exc: UnexpectedInput | GluedKeyword, text: str, file: str, keywords: KeywordTable
) -> Diagnostic:
    """One diagnostic for a parse failure: what was found, what could have come, and a hint."""
    if isinstance(exc, GluedKeyword):
        span = _span_at(text, file, exc.token.start_pos or 0, len(exc.word))
        return _unexpected(f"`{exc.word}`", exc.word, exc.expected, span, keywords, text)
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        if text[pos] == '"':
            return error(
                "E002",
                _span_at(text, file, pos, 1),
                "this string is not closed on its line",
                'end it with `"` before the line ends; write \\n for a line break',
            )
        word = _word_or_char(text, pos)
        span = _span_at(text, file, pos, len(word))
        return _unexpected(f"`{word}`", word, set(exc.allowed or ()), span, keywords, text)
    if isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
        token = exc.token
        span = _span_at(text, file, token.start_pos or 0, max(len(token.value), 1))
        return _unexpected(_describe_token(token), token.value, set(exc.expected), span, keywords, text)
    expected = set(exc.expected) if isinstance(exc, UnexpectedToken | UnexpectedEOF) else set()
    span = _span_at(text, file, max(len(text.rstrip()) - 1, 0), 1)
    hint = (
        'a spec starts with `app "Name" {` and ends with `}`'
        if not text.strip()
        else ("every `{` needs a matching `}`")
    )
    return error("E003", span, f"the spec ends too early; expected {_describe_expected(expected)}", hint)


def _unexpected(
    found: str, value: str, expected: set[str], span: Span, keywords: KeywordTable, text: str
) -> Diagnostic:
    message = f"unexpected {found}; expected {_describe_expected(expected)}"
    calculation = value in OPERATORS or value == "("
    hint = inline_calculation_hint(text, span.start) if calculation else None
    hint = hint or _hint(value, expected, keywords)
    return error("E001", span, message, hint)


_SECOND_AXIS = {
    "y": 'a chart has one `y`; put every series in it, separated by commas: `y sum(originalestimate) "Estimated", '
    'sum(timespent) "Spent"`',
    "value": "a chart has one `value`; several series need a bar or line chart: "
    '`bar chart { x status y count "Issues", sum(timespent) "Spent" }`',
    "x": "a chart has one `x`; several date fields share it, one series each: `x created, resolved by week`",
    "slice": "a pie or donut has one `slice`; for series by a second field use `stacked bar chart { … split FIELD }`",
}
"""A second axis clause where the chart's body ends (``y count y sum(timespent)``): the series form instead."""


def _hint(value: str, expected: set[str], keywords: KeywordTable) -> str | None:
    if value == "highlight":
        return "`highlight` marks rows of a table or list: `table { … } highlight when days_overdue > 0`"
    if value == "duration" and "FIELD_TYPE" in expected:
        return "a computed field has no type, it follows from the calculation: `field NAME = resolved - created`"
    if value in _SECOND_AXIS and "SPLIT" in expected:
        return _SECOND_AXIS[value]
    if value.isidentifier():
        suggestion = closest(value, keywords.candidates(expected))
        if suggestion:
            return f"did you mean `{suggestion}`?"
        if "AGG_FUNCTION" in expected:
            return f"aggregate the field: `sum({value})` or `avg({value})`, or use `count`"
    if "COMMA" in expected and value.isidentifier():
        return f"a `,` may be missing before `{value}`"
    if "STRING" in expected and value.isidentifier():
        return 'text goes in double quotes, like "…"'
    if expected == {"RBRACE"} or ("RBRACE" in expected and value == "{"):
        return "a `}` may be missing before this point"
    return None


def _describe_token(token: Token) -> str:
    if token.type == "STRING":
        shown = token.value if len(token.value) <= 30 else token.value[:27] + '…"'
        return f"the string {shown}"
    if token.type == "SIGNED_NUMBER":
        return f"the number {token.value}"
    return f"`{token.value}`"


def _describe_expected(expected: set[str]) -> str:
    phrases: list[str] = []
    remaining = set(expected)
    for group, phrase in _GROUPS:
        if remaining & group:
            phrases.append(phrase)
            remaining -= group
    literal = sorted(_literal_word(name) for name in remaining)
    phrases.extend(f"`{word}`" for word in literal if word)
    if not phrases:
        return "something else"
    if len(phrases) > _MAX_PHRASES:
        phrases = [*phrases[: _MAX_PHRASES - 1], "…"]
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " or " + phrases[-1]


def _literal_word(terminal: str) -> str:
    if terminal in _PUNCTUATION:
        return _PUNCTUATION[terminal]
    if terminal.startswith("$") or terminal in {"WS", "COMMENT"}:
        return ""
    return terminal.lower()


def _word_or_char(text: str, pos: int) -> str:
    end = pos
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return text[pos:end] if end > pos else text[pos]


def _span_at(text: str, file: str, pos: int, length: int) -> Span:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return Span(file, line, column, line, column + length, pos, pos + length)
