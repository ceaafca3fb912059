"""Inputs that used to crash a command, change a spec's meaning or blow up its output (issue 16).

Each test runs the real CLI (or the public function a command calls) on one such input and checks
the promise it broke: exit codes 0/1 with a positioned diagnostic, never a traceback (exit 3), a file
left untouched when it is refused, and output proportional to the input.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler import build
from dsl import analyze
from dsl.formatter import format_source
from dsl.parser import parse
from forgewright.cli import cli

GADGET = 'gadget g "G" { issues where "project = ABC" table { key } }'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr, result.exception)
    return result.exit_code, result.stdout, result.stderr


def spec_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "app.appspec"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_surrogate_pair_escape_is_one_character_everywhere(tmp_path: Path) -> None:
    text = f'app "Launch \\uD83D\\uDE80" {{ {GADGET} }}\n'
    analysis = analyze(text)
    assert analysis.ok and analysis.app is not None
    assert analysis.app.name.value == "Launch 🚀"
    for content in build(analysis.app, text).files().values():  # used to die with UnicodeEncodeError
        content.encode("utf-8")
    path = spec_file(tmp_path, text)
    assert run("fmt", str(path))[0] == 0
    assert path.read_text(encoding="utf-8").startswith('app "Launch 🚀" {')


@pytest.mark.parametrize("escape", ["\\ud800", "\\uDE80", "\\uD83D\\u0041", "\\uD83Dx"])
def test_half_a_surrogate_pair_is_e004_and_fmt_leaves_the_file_alone(tmp_path: Path, escape: str) -> None:
    text = f'app "X {escape}" {{ {GADGET} }}\n'
    path = spec_file(tmp_path, text)
    code, _, err = run("check", str(path))
    assert code == 1 and "error[E004]" in err and f"{path}:1:8" in err
    code, _, err = run("fmt", str(path))
    assert code == 1 and "not formatted" in err
    assert path.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.appspec"]  # no temporary file left


@pytest.mark.parametrize("limit", ["DIGITS", "{rows}"])
def test_numbers_beyond_pythons_int_limit_are_errors_not_crashes(tmp_path: Path, limit: str) -> None:
    digits = "7" * 5_000
    data = f'issues where "project = ABC" limit {limit.replace("DIGITS", digits)}'
    module = f'gadget g "G" {{ config {{ rows: number = {digits} }} {data} table {{ key }} }}'
    path = spec_file(tmp_path, f'app "X" {{ {module} }}\n')
    code, _, err = run("check", str(path))
    assert code == 1 and ("E403" in err or "E410" in err)
    assert len(err) < 5_000  # the number is shortened in messages and frames
    assert run("fmt", str(path))[0] == 0
    assert digits in path.read_text(encoding="utf-8")


def test_fmt_keeps_decimals_as_decimals(tmp_path: Path) -> None:
    module = 'gadget g "G" { config { n: number = 0.00001 } issues where "votes > {n}" table { key } }'
    text = f'app "X" {{ {module} }}'
    path = spec_file(tmp_path, text)
    assert run("check", str(path))[0] == 0
    assert run("fmt", str(path))[0] == 0
    assert "n: number = 0.00001\n" in path.read_text(encoding="utf-8")  # was 1e-05, which does not parse
    assert run("check", str(path))[0] == 0


@pytest.mark.parametrize(
    "body",
    [
        'description "a" description "b" ' + GADGET,  # a second description was dropped
        'gadget g "G" { issues where "a = b" projects table { key } }',  # a second data source was dropped
        'gadget g "G\\q" { projects table { key } }',  # a bad escape was re-escaped into a clean string
    ],
)
def test_fmt_refuses_what_it_would_silently_repair(tmp_path: Path, body: str) -> None:
    text = f'app "X" {{ {body} }}\n'
    path = spec_file(tmp_path, text)
    code, _, err = run("fmt", str(path))
    assert code == 1 and "not formatted; fix the errors above first" in err
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(("nots", "code"), [(450, "E306"), (200_000, "E305")])
def test_deeply_nested_not_is_a_positioned_error(nots: int, code: str) -> None:
    text = f'app "X" {{ global_page g "G" {{ issues where "{"NOT " * nots}resolution is EMPTY" table {{ key }} }} }}'
    analysis = analyze(text)  # ~490 nested NOTs raised RecursionError
    assert [d.code for d in analysis.diagnostics] == [code]


def test_an_over_long_jql_string_is_refused_in_one_pass() -> None:
    jql = 'summary ~ \\"x\\" OR ' * 50_000  # 900 KB; it took about a minute to check
    analysis = analyze(f'app "X" {{ global_page g "G" {{ issues where "{jql}key = A-1" table {{ key }} }} }}')
    assert [d.code for d in analysis.diagnostics] == ["E305"]
    assert analysis.diagnostics[0].span.column > 2_000


def test_thousands_of_errors_are_reported_capped_in_both_formats(tmp_path: Path) -> None:
    columns = ", ".join(f"nosuch{i}" for i in range(4_000))
    path = spec_file(tmp_path, f'app "X" {{ global_page g "G" {{ projects table {{ {columns} }} }} }}\n')
    code, out, err = run("check", str(path))
    assert code == 1 and "failed (4,000 errors, 0 warnings)" in out
    assert err.count("error[E101]") == 20 and "… and 3,980 more not shown: 3,980 E101 (unknown field)" in err
    assert len(err) < 20_000
    code, out, _ = run("check", "--format", "json", str(path))
    document = json.loads(out)
    assert len(document["diagnostics"]) == 20
    assert document["omitted"] == [{"file": str(path), "count": 3_980, "codes": {"E101": 3_980}}]


def test_a_jql_syntax_error_does_not_make_its_parameters_unused() -> None:
    text = 'app "X" { gadget g "G" { config { p: project "P" } issues where "project = {p} AND (" table { key } } }'
    assert [d.code for d in analyze(text).diagnostics] == ["E301"]


def test_formatting_never_changes_the_check_result_of_the_fixtures() -> None:
    for path in sorted((Path(__file__).parent / "fixtures").glob("*.appspec")):
        source = path.read_text(encoding="utf-8")
        formatted = format_source(source, path.name)
        if formatted is None:
            assert not parse(source, path.name).exact
            continue
        before = sorted(d.code for d in analyze(source, path.name).diagnostics)
        after = sorted(d.code for d in analyze(formatted, path.name).diagnostics)
        assert after == before, path.name
