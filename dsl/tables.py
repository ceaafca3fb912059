"""Pre-built LALR tables for our Lark grammars, so a command does not rebuild them at every start.

Building the two parsers (the spec grammar and the JQL grammar) was half of what ``forgewright check``
spent on an example. ``scripts/gen_parser_tables.py`` builds each grammar once and saves Lark's
serialised parser beside it as ``<grammar>.lalr``; loading that is one pickle read.

The bytes are reproducible: states and symbols are numbered canonically and the data is rebuilt from
its literal text before pickling, so the same grammar and Lark version always give the same file, and
a test can prove the committed one is current. The file starts with a key line: the SHA-256 of the
grammar text, the table-shaping options and the Lark version. A file whose key does not match (the
grammar was edited, Lark was upgraded) is ignored and the parser is built from the grammar as before —
slower, never wrong. Only package data is read here; nothing is written.
"""

from __future__ import annotations

import ast
import hashlib
import io
import pickle
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import lark
from lark import Lark

RUNTIME_OPTIONS = frozenset({"transformer", "lexer_callbacks", "postlex", "tree_class", "propagate_positions"})
"""Options Lark accepts when loading a saved parser: they do not shape the tables."""

SHIFT = 0
"""How Lark's serialised tables mark a shift (its argument is the next state); 1 marks a reduce."""

ParseTable = dict[str, Any]


def canonical_parse_table(table: ParseTable) -> ParseTable:
    """A serialised LALR table with its states and symbols numbered in one canonical order.

    Lark numbers states in the order it meets them in sets keyed by object identity, so two builds of
    one grammar number them differently. Here symbols are numbered by name, and states in the order a
    breadth-first walk from the start states meets them, following transitions by symbol name: the
    automaton is the same, so the numbering — and the saved bytes — are too.
    """
    names: dict[int, str] = table["tokens"]
    states: dict[int, dict[int, tuple[int, Any]]] = table["states"]
    by_name = sorted(names, key=names.__getitem__)
    symbol = {old: new for new, old in enumerate(by_name)}
    number: dict[int, int] = {}
    queue = deque(table["start_states"][start] for start in sorted(table["start_states"]))
    while queue:
        state = queue.popleft()
        if state in number:
            continue
        number[state] = len(number)
        actions = states[state]
        queue.extend(actions[token][1] for token in by_name if token in actions and actions[token][0] == SHIFT)
    if len(number) != len(states):
        raise ValueError("the parse table has states that no start state reaches")

    def renumbered(actions: dict[int, tuple[int, Any]]) -> dict[int, tuple[int, Any]]:
        out: dict[int, tuple[int, Any]] = {}
        for token in (t for t in by_name if t in actions):
            kind, arg = actions[token]
            out[symbol[token]] = (kind, number[arg] if kind == SHIFT else arg)
        return out

    return {
        "tokens": {symbol[old]: names[old] for old in by_name},
        "states": {number[old]: renumbered(states[old]) for old in sorted(number, key=number.__getitem__)},
        "start_states": {start: number[state] for start, state in sorted(table["start_states"].items())},
        "end_states": {start: number[state] for start, state in sorted(table["end_states"].items())},
    }


@dataclass(frozen=True)
class LalrGrammar:
    """One of our grammars (a ``.lark`` file in ``dsl``) with the options that shape its tables."""

    file: str
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def tables_file(self) -> str:
        return f"{self.file}.lalr"

    def text(self) -> str:
        return files("dsl").joinpath(self.file).read_text(encoding="utf-8")

    def key(self, text: str) -> bytes:
        """What saved tables must have been built from: grammar text, options and Lark version."""
        options = ",".join(f"{name}={self.options[name]!r}" for name in sorted(self.options))
        digest = hashlib.sha256(f"{text}\0{options}\0lark {lark.__version__}".encode()).hexdigest()
        return f"forgewright-lalr {digest}\n".encode()

    def build(self, **runtime: Any) -> Lark:
        """The parser built from the grammar text (what the saved tables stand in for)."""
        return Lark(self.text(), parser="lalr", **self.options, **runtime)

    def tables(self) -> bytes:
        """The key line and the serialised parser: the bytes ``scripts/gen_parser_tables.py`` saves."""
        saved = io.BytesIO()
        self.build().save(saved, exclude_options=RUNTIME_OPTIONS)
        data = pickle.loads(saved.getvalue())
        data["data"]["parser"]["parser"] = canonical_parse_table(data["data"]["parser"]["parser"])
        # Pickle shares equal objects by identity, which varies from run to run; rebuilding the data
        # from its literal text makes the sharing depend on the text alone, and so the bytes.
        plain = ast.literal_eval(repr(data))
        if plain != data:
            raise ValueError("Lark's serialised parser is no longer plain data; dsl/tables.py needs a look")
        return self.key(self.text()) + pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL)

    def load(self, **runtime: Any) -> Lark:
        """The parser, from the saved tables when they match the grammar; else built from the grammar."""
        shaping = set(runtime) - RUNTIME_OPTIONS
        if shaping:
            raise TypeError(f"options that shape the tables belong in LalrGrammar.options: {sorted(shaping)}")
        saved = self.saved_tables()
        if saved is None:
            return self.build(**runtime)
        return Lark._load_from_dict(saved["data"], saved["memo"], **runtime)  # type: ignore[no-any-return,no-untyped-call]

    def saved_tables(self) -> dict[str, Any] | None:
        """The saved parser data, or None when there is no table file or it was built from something else."""
        resource = files("dsl").joinpath(self.tables_file)
        if not resource.is_file():
            return None
        raw = resource.read_bytes()
        key = self.key(self.text())
        if not raw.startswith(key):
            return None
        saved: dict[str, Any] = pickle.loads(raw[len(key) :])  # our own package data, made by our script
        return saved
