"""The pre-built parser tables: current, reproducible, equivalent to building, and ignored when stale."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from dsl import analyze, jql, parser
from dsl.tables import LalrGrammar, canonical_parse_table

ROOT = Path(__file__).resolve().parent.parent
GRAMMARS = (parser.GRAMMAR, jql.GRAMMAR)
SPECS = sorted([*ROOT.glob("examples/*.appspec"), *ROOT.glob("tests/dsl/fixtures/*.appspec")])


def _clear_parser_caches() -> None:
    parser._lark.cache_clear()
    parser.keyword_table.cache_clear()
    jql._parser.cache_clear()


@pytest.mark.parametrize("grammar", GRAMMARS, ids=lambda g: g.file)
def test_committed_tables_are_what_the_grammar_builds_to(grammar: LalrGrammar) -> None:
    committed = (ROOT / "dsl" / grammar.tables_file).read_bytes()
    assert committed == grammar.tables(), "stale parser tables: run scripts/gen_parser_tables.py"
    assert grammar.saved_tables() is not None


def test_tables_are_byte_identical_under_another_hash_seed() -> None:
    code = (
        "import hashlib; from dsl import jql, parser; "
        "print(*(hashlib.sha256(g.tables()).hexdigest() for g in (parser.GRAMMAR, jql.GRAMMAR)))"
    )
    digests = []
    for seed in ("1", "4242"):
        env = {"PYTHONHASHSEED": seed, "PATH": ""}
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True
        )
        digests.append(run.stdout.split())
    here = [hashlib.sha256(g.tables()).hexdigest() for g in GRAMMARS]
    assert digests == [here, here]


def _results() -> list[object]:
    out: list[object] = []
    for path in SPECS:
        analysis = analyze(path.read_text(encoding="utf-8"), path.name)
        out.append((path.name, analysis.app, [d.to_json() for d in analysis.diagnostics]))
    return out


def test_loaded_parsers_parse_and_fail_exactly_like_built_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear_parser_caches()
    from_tables = _results()
    monkeypatch.setattr(LalrGrammar, "saved_tables", lambda self: None)
    _clear_parser_caches()
    try:
        built = _results()
    finally:
        monkeypatch.undo()
        _clear_parser_caches()
    # Trees, and diagnostics — syntax errors name the tokens that could have come, read from the tables.
    assert from_tables == built
    assert any(code == "E001" for _, _, diagnostics in built for code in (d["code"] for d in diagnostics))


def test_a_changed_grammar_or_lark_version_ignores_the_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    grammar = jql.GRAMMAR
    assert grammar.saved_tables() is not None
    original = LalrGrammar.text
    monkeypatch.setattr(LalrGrammar, "text", lambda self: original(self) + "\n// edited\n")
    assert grammar.saved_tables() is None
    assert grammar.load().parse("project = X") is not None  # built from the grammar instead
    monkeypatch.undo()
    monkeypatch.setattr("lark.__version__", "9.9.9")
    assert grammar.saved_tables() is None


def test_options_that_shape_the_tables_cannot_be_passed_at_load() -> None:
    with pytest.raises(TypeError, match="keep_all_tokens"):
        jql.GRAMMAR.load(keep_all_tokens=True)


def test_canonical_numbering_ignores_the_order_lark_met_the_states() -> None:
    table = {
        "tokens": {0: "B", 1: "A"},
        "states": {7: {0: (0, 3), 1: (0, 5)}, 5: {0: (1, "r")}, 3: {1: (1, "s")}},
        "start_states": {"start": 7},
        "end_states": {"start": 3},
    }
    shuffled = {
        "tokens": {0: "A", 1: "B"},
        "states": {2: {0: (1, "s")}, 0: {0: (0, 1), 1: (0, 2)}, 1: {1: (1, "r")}},
        "start_states": {"start": 0},
        "end_states": {"start": 2},
    }
    assert canonical_parse_table(table) == canonical_parse_table(shuffled)
    unreachable = {**table, "states": {**table["states"], 9: {}}}
    with pytest.raises(ValueError, match="no start state reaches"):
        canonical_parse_table(unreachable)
