"""Code frames: the right line, nothing raw reaches the terminal, output proportional to the input."""

from __future__ import annotations

import json
import unicodedata

import pytest

from dsl import analyze
from dsl.diagnostics import error
from dsl.render import MAX_PER_CODE, MAX_SHOWN, WINDOW, SourceLines, code_frames, select, to_json
from dsl.span import Span

GOOD_MODULE = 'global_page g "G" { issues where "project = ABC" table { key } }'


def _frames(source: str) -> str:
    analysis = analyze(source, "x.appspec")
    return code_frames(analysis.diagnostics, source)


def _broken(unknown_fields: int) -> str:
    """A spec with one unknown column per line: that many E101 errors."""
    columns = ",\n".join(f"      nosuchfield{i}" for i in range(unknown_fields))
    module = f'  global_page g "G" {{\n    issues where "project = ABC"\n    table {{\n{columns}\n    }}\n  }}\n'
    return f'app "X" {{\n{module}}}\n'


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\r", "\x1c"])
def test_frames_quote_the_line_the_parser_counted(separator: str) -> None:
    # Python's splitlines() breaks lines at all of these; the parser counts only "\n". A frame that
    # split differently quoted a line above or below the error.
    source = f'app "X" {{  # a{separator}b\n  {GOOD_MODULE}\n  table\n}}\n'
    frames = _frames(source)
    assert "3 |   table" in frames, frames


def test_crlf_line_ends_are_not_shown() -> None:
    source = f'app "X" {{\r\n  {GOOD_MODULE}\r\n  table\r\n}}\r\n'
    frames = _frames(source)
    assert "3 |   table\n" in frames and "\r" not in frames


@pytest.mark.parametrize("raw", ["\x1b[31m", "\x07", "\x9b", "\u202e", "\u2066", "\ufeff", "\u2028", "\x00"])
def test_control_characters_from_the_spec_never_reach_the_terminal(raw: str) -> None:
    # In a string (frame line and message) and in a name the message quotes.
    config = f'config {{ s: select("a", "b") = "{raw}zz" }}'
    source = f'app "X" {{\n  gadget g "G" {{\n    {config}\n    projects table {{ key }}\n  }}\n}}\n'
    frames = _frames(source)
    assert "E206" in frames
    assert raw not in frames
    assert f"\\u{ord(raw[0]):04x}" in frames


def test_the_caret_stays_under_the_span_after_escapes_and_wide_characters() -> None:
    source = 'app "X" {\n  gadget g "\x1b漢字\u0301" { projects table { asignee } }\n}\n'
    lines = _frames(source).splitlines()
    line = next(text for text in lines if text.startswith("2 | "))
    caret = lines[lines.index(line) + 1]
    before = line[: line.index("asignee")]
    assert "\\u001b漢字" in before
    columns = len(before) + sum(unicodedata.east_asian_width(c) == "W" for c in before) - before.count("\u0301")
    assert caret.index("^") == columns


def test_long_lines_are_shown_as_a_window_around_the_caret() -> None:
    padding = "x" * 50_000
    source = f'app "X" {{ description "{padding}" gadget g "G" {{ projects table {{ asignee }} }} }}\n'
    frames = _frames(source)
    assert len(frames) < 2_000
    lines = frames.splitlines()
    shown = next(
        line for line in lines[lines.index("error[E101]: unknown field `asignee`") :] if line.startswith("1 | ")
    )
    caret = lines[lines.index(shown) + 1]
    assert shown.startswith("1 | …") and len(shown) <= WINDOW + 10
    assert shown[caret.index("^") :].startswith("asignee")


def test_repeated_diagnostics_are_capped_and_the_rest_counted() -> None:
    analysis = analyze(_broken(4_000), "x.appspec")
    assert len(analysis.diagnostics) == 4_000
    frames = code_frames(analysis.diagnostics, analysis.source)
    assert frames.count("error[E101]") == MAX_PER_CODE
    assert frames.endswith(f"… and {4_000 - MAX_PER_CODE:,} more not shown: 3,980 E101 (unknown field)")


def test_at_most_max_shown_in_all() -> None:
    codes = ["E101", "E102", "E103", "E104", "E105", "E106", "E107"]
    span = Span("x", 1, 1, 1, 2)
    diagnostics = [error(code, span, f"m{i}") for code in codes for i in range(30)]
    selection = select(diagnostics)
    assert len(selection.shown) == MAX_SHOWN
    assert selection.omitted_count == len(diagnostics) - MAX_SHOWN
    assert all(sum(d.code == c for d in selection.shown) <= MAX_PER_CODE for c in codes)


def test_rendered_output_grows_linearly_with_the_errors() -> None:
    # The old renderer split the source per diagnostic: an 80 KB spec wrote 481 MB. Now 10x the
    # errors gives the same capped output, and the uncapped part is bounded per diagnostic.
    small, large = _broken(300), _broken(3_000)
    small_out = code_frames(analyze(small, "x").diagnostics, small)
    large_out = code_frames(analyze(large, "x").diagnostics, large)
    assert len(large_out) < 1.1 * len(small_out)


def test_json_says_how_many_were_left_out_and_escapes_invisible_characters() -> None:
    analysis = analyze(_broken(50), "x.appspec")
    selection = select(analysis.diagnostics)
    payload = {"diagnostics": [d.to_json() for d in selection.shown], "omitted": selection.omitted, "s": "\u202e\x1b"}
    text = to_json(payload)
    assert "\u202e" not in text and "\x1b" not in text
    document = json.loads(text)
    assert document["omitted"] == {"E101": 50 - MAX_PER_CODE}
    assert document["s"] == "\u202e\x1b"


def test_source_lines_split_only_at_newlines() -> None:
    lines = SourceLines("a\u2028b\r\nc\rd\n\ne")
    assert [lines.line(n) for n in range(1, len(lines) + 1)] == ["a\u2028b", "c\rd", "", "e"]
    assert lines.line(0) is None and lines.line(5) is None
