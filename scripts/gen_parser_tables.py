"""Save the pre-built LALR tables of our grammars (``dsl/*.lark.lalr``; see :mod:`dsl.tables`).

The same grammar and Lark version always give the same bytes (states are numbered canonically), so
``--check`` and a test can prove that the committed files are current.

Usage::

    .venv/bin/python scripts/gen_parser_tables.py            # rewrite the tables
    .venv/bin/python scripts/gen_parser_tables.py --check    # exit 1 if a committed table is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dsl import jql, parser  # noqa: E402 - after the path set-up above
from dsl.tables import LalrGrammar  # noqa: E402

GRAMMARS: tuple[LalrGrammar, ...] = (parser.GRAMMAR, jql.GRAMMAR)
DSL_DIR = ROOT / "dsl"


def stale_tables() -> list[str]:
    """The table files that are missing or differ from what their grammar builds to."""
    stale = []
    for grammar in GRAMMARS:
        path = DSL_DIR / grammar.tables_file
        if not path.is_file() or path.read_bytes() != grammar.tables():
            stale.append(grammar.tables_file)
    return stale


def main() -> int:
    arguments = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    arguments.add_argument("--check", action="store_true", help="exit 1 if a committed table is stale")
    if arguments.parse_args().check:
        stale = stale_tables()
        if stale:
            print(f"stale: {', '.join(stale)}; run scripts/gen_parser_tables.py", file=sys.stderr)
            return 1
        print("parser tables are current")
        return 0
    for grammar in GRAMMARS:
        (DSL_DIR / grammar.tables_file).write_bytes(grammar.tables())
        print(f"wrote dsl/{grammar.tables_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
