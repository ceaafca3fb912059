"""The formatter: canonical, idempotent, meaning-preserving, comment-keeping."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsl.formatter import format_source
from dsl.parser import parse

ROOT = Path(__file__).parents[2]
SPECS = sorted([*ROOT.glob("examples/*.appspec"), *(ROOT / "tests/dsl/fixtures").glob("*.appspec")])
PARSEABLE = [p for p in SPECS if parse(p.read_text(encoding="utf-8"), p.name).exact]
INEXACT = [p for p in SPECS if parse(p.read_text(encoding="utf-8"), p.name).app is not None and p not in PARSEABLE]


@pytest.mark.parametrize("path", PARSEABLE, ids=[p.name for p in PARSEABLE])
def test_round_trip_and_idempotence(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    once = format_source(source, path.name)
    assert once is not None
    assert format_source(once, path.name) == once
    assert parse(once, path.name).app == parse(source, path.name).app
    comments = [c.text for c in parse(source, path.name).comments]
    assert [c.text for c in parse(once, path.name).comments] == comments


@pytest.mark.parametrize("path", sorted(ROOT.glob("examples/*.appspec")), ids=lambda p: p.name)
def test_examples_are_already_formatted(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert format_source(source, path.name) == source


def test_layout_is_canonical() -> None:
    messy = (
        '# heading\napp "X"{gadget g "T" { table {key,summary "S"} # on table\n'
        ' issues where "project = A" limit 5\n config { # conf\n a: number = 5 }\n'
        "  # before close\n }\n}\n# after\n"
    )
    assert format_source(messy) == (
        "# heading\n"
        'app "X" {\n'
        '  gadget g "T" {\n'
        "    config {\n"
        "      # conf\n"
        "      a: number = 5\n"
        "    }\n"
        '    issues where "project = A"\n'
        "      limit 5\n"
        '    table { key, summary "S" }  # on table\n'
        "    # before close\n"
        "  }\n"
        "}\n"
        "# after\n"
    )


def test_strings_are_escaped_canonically() -> None:
    source = 'app "Say \\u0022hi\\u0022\\tnow" { global_page g "\\\\" { projects table { key } } }'
    formatted = format_source(source)
    assert formatted is not None
    assert 'app "Say \\"hi\\"\\tnow" {' in formatted
    assert parse(formatted).app == parse(source).app


def test_long_tables_break_one_column_per_line() -> None:
    columns = ", ".join(f'summary "A very long heading number {i}"' for i in range(1))
    columns += ", key, status, assignee, reporter, creator, priority, issuetype, created, updated, duedate"
    source = f'app "X" {{ gadget g "T" {{ issues where "a = b" table {{ {columns} }} }} }}'
    formatted = format_source(source)
    assert formatted is not None and "      duedate,\n    }\n" in formatted
    assert parse(formatted).app == parse(source).app


def test_unparseable_input_is_not_formatted() -> None:
    assert format_source('app "X" {') is None


@pytest.mark.parametrize("path", INEXACT, ids=[p.name for p in INEXACT])
def test_specs_whose_tree_drops_something_are_not_formatted(path: Path) -> None:
    # A repeated description or data source is dropped from the tree, a bad escape kept as written:
    # reprinting such a tree would silently change the spec (and hide the error), so fmt refuses.
    assert format_source(path.read_text(encoding="utf-8"), path.name) is None


def test_fixtures_cover_the_inexact_kinds() -> None:
    codes = {d.code for p in INEXACT for d in parse(p.read_text(encoding="utf-8"), p.name).diagnostics}
    assert {"E004", "E409"} <= codes


@pytest.mark.parametrize(
    ("written", "printed"),
    [("0.00001", "0.00001"), ("2.50", "2.5"), ("007", "7"), ("-0", "0"), ("1000.000", "1000.0"), ("-3", "-3")],
)
def test_numbers_print_as_written_in_canonical_form(written: str, printed: str) -> None:
    source = f'app "X" {{ gadget g "G" {{ config {{ n: number = {written} }} projects table {{ key }} }} }}'
    formatted = format_source(source)
    assert formatted is not None and f"n: number = {printed}\n" in formatted
    assert parse(formatted).app == parse(source).app


def test_a_number_longer_than_python_ints_allow_survives_formatting() -> None:
    digits = "9" * 5000  # int() refuses more than 4,300 digits
    source = f'app "X" {{ gadget g "G" {{ config {{ n: number = {digits} }} projects table {{ key }} }} }}'
    formatted = format_source(source)
    assert formatted is not None and digits in formatted
