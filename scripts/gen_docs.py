"""Generate the language reference's tables from the code, and publish it as docs/language.md.

``dsl/language_reference.md`` is the single source of the language documentation (the LLM prompt
reads it through ``dsl.reference``). Some of its sections are tables that the code already knows:
the field catalogue, the custom-field types, the context values per module kind and the diagnostic
codes. Those sections sit between markers::

    <!-- BEGIN GENERATED catalogue: … -->
    …
    <!-- END GENERATED catalogue -->

This script rewrites them from ``dsl.catalogue``, ``dsl.types``, ``dsl.resolve`` and
``dsl.diagnostics``, then copies the result to ``docs/language.md``.

Usage::

    python scripts/gen_docs.py           rewrite both files
    python scripts/gen_docs.py --check   exit 1 if either file is out of date (CI, tests)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from dsl.ast import ModuleKind
from dsl.catalogue import (
    FILTER_FIELDS,
    ISSUE_FIELDS,
    JQL_ONLY_FIELDS,
    PROJECT_FIELDS,
    SPRINT_DAY_FIELDS,
    SPRINT_FIELDS,
    STATUS_PERIOD_FIELDS,
    VERSION_FIELDS,
    WORKLOG_FIELDS,
    SystemField,
)
from dsl.diagnostics import CODES
from dsl.resolve import CONTEXT_VALUES, ISSUE_CONTEXT, ISSUE_CONTEXT_TYPES
from dsl.types import CUSTOM_FIELD_TYPES, Bucket, FieldType

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "dsl" / "language_reference.md"
PUBLISHED = ROOT / "docs" / "language.md"

PUBLISHED_HEADER = (
    "<!-- Generated from dsl/language_reference.md by scripts/gen_docs.py. Edit that file, then run the script. -->\n\n"
)

_SECTION = re.compile(
    r"(?P<begin><!-- BEGIN GENERATED (?P<name>[a-z-]+):[^\n]*-->\n)"
    r"(?P<body>.*?)"
    r"(?P<end><!-- END GENERATED (?P=name) -->)",
    re.DOTALL,
)

# What a custom field of each type holds, in a Jira admin's words.
_HOLDS: dict[FieldType, str] = {
    FieldType.TEXT: "text",
    FieldType.NUMBER: "number",
    FieldType.DATE: "date",
    FieldType.DATETIME: "date and time",
    FieldType.USER: "one person",
    FieldType.USERS: "several people",
    FieldType.OPTION: "one option of a select list",
    FieldType.OPTIONS: "several options of a select list",
    FieldType.LABELS: "labels",
    FieldType.VERSIONS: "versions",
}


def _type_words(field_type: FieldType) -> str:
    return field_type.value.replace("_", " ")


def chart_use(field_type: FieldType) -> str:
    """What a field of this type can do on a chart, derived from the type's own properties."""
    if field_type.is_numeric:
        return "value (sum, avg, min, max)"
    buckets = list(Bucket)
    if field_type.is_temporal:
        return f"date (x, by {buckets[0].value} … {buckets[-1].value})"
    use = "category (x or slice)"
    return use + ", multi-valued" if field_type.is_multi else use


def _table(header: list[str], rows: Iterable[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    return f"`{text}`"


def _row_table(fields: tuple[SystemField, ...], with_jql: bool) -> str:
    if with_jql:
        header = ["Field", "Type", "Default heading", "JQL name", "Sort", "Use on charts"]
        rows = [
            [
                _code(f.name),
                _type_words(f.type),
                f.heading,
                ", ".join(_code(name) for name in f.jql) or "—",
                "yes" if f.sortable else "no",
                chart_use(f.type),
            ]
            for f in fields
        ]
    else:
        header = ["Field", "Type", "Default heading", "Use on charts"]
        rows = [[_code(f.name), _type_words(f.type), f.heading, chart_use(f.type)] for f in fields]
    return _table(header, rows)


def catalogue_section() -> str:
    """The fields of each data source, with types, headings, JQL names and chart use."""
    jql_only = ", ".join(_code(name) for name in sorted(JQL_ONLY_FIELDS))
    parts = [
        "### Issues\n\n",
        _row_table(ISSUE_FIELDS, with_jql=True),
        "\nJQL also knows these fields, which can be searched but not shown: "
        f"{jql_only}. JQL field names are not case-sensitive (`fixVersion` = `fixversion`).\n",
        "\n### Worklogs\n\n",
        _row_table(WORKLOG_FIELDS, with_jql=False),
        "\n### Status periods\n\n",
        _row_table(STATUS_PERIOD_FIELDS, with_jql=False),
        "\n### Projects\n\n",
        _row_table(PROJECT_FIELDS, with_jql=False),
        "\n### Filters\n\n",
        _row_table(FILTER_FIELDS, with_jql=False),
        "\n### Sprints\n\n",
        _row_table(SPRINT_FIELDS, with_jql=False),
        "\n`committed` and `completed` are numbers, or durations when the measure sums a duration.\n",
        "\n### Sprint days\n\n",
        _row_table(SPRINT_DAY_FIELDS, with_jql=False),
        "\n`scope`, `done`, `remaining` and `ideal` are numbers, or durations when the measure sums a duration.\n",
        "\n### Versions\n\n",
        _row_table(VERSION_FIELDS, with_jql=False),
        "\n`done`, `remaining` and `total` are numbers, or durations when the measure sums a duration.\n",
    ]
    return "".join(parts)


def custom_field_types_section() -> str:
    """The types a custom field may be declared with."""
    rows = [
        [_code(word), _HOLDS.get(field_type, _type_words(field_type)), chart_use(field_type)]
        for word, field_type in CUSTOM_FIELD_TYPES.items()
    ]
    return _table(["Type", "What it holds", "Use on charts"], rows)


def _issue_fields_row(kind: ModuleKind) -> list[str]:
    """The row for ``{context.issue.FIELD}``: which of the viewed issue's fields a query can use."""
    single = [f.name for f in ISSUE_FIELDS if f.type in ISSUE_CONTEXT_TYPES and not f.type.is_multi]
    several = [f.name for f in ISSUE_FIELDS if f.type in ISSUE_CONTEXT_TYPES and f.type.is_multi]
    meaning = (
        "a field of the viewed issue: "
        + ", ".join(_code(name) for name in single)
        + "; with several values, only after `in` / `not in`: "
        + ", ".join(_code(name) for name in several)
        + "; or a declared custom field of those types"
    )
    return [_code(kind.value), _code("{context.issue.FIELD}"), "the field's type", meaning]


def context_values_section() -> str:
    """The ``{context.NAME}`` values of each module kind, and the viewed issue's fields where there is one."""
    rows = []
    for kind in ModuleKind:
        rows += [
            [_code(kind.value), _code("{context." + value.name + "}"), _type_words(value.type), value.description]
            for value in CONTEXT_VALUES[kind]
        ]
        if any(value.name == ISSUE_CONTEXT for value in CONTEXT_VALUES[kind]):
            rows.append(_issue_fields_row(kind))
    return _table(["Module kind", "Value", "Type", "Meaning"], rows)


def diagnostic_codes_section() -> str:
    """Every diagnostic code with its severity and meaning."""
    rows = [[code, "warning" if code.startswith("W") else "error", meaning] for code, meaning in CODES.items()]
    return _table(["Code", "Severity", "Meaning"], rows)


SECTIONS: dict[str, Callable[[], str]] = {
    "catalogue": catalogue_section,
    "custom-field-types": custom_field_types_section,
    "context-values": context_values_section,
    "diagnostic-codes": diagnostic_codes_section,
}


class GenerationError(Exception):
    """The reference's markers do not match the sections this script knows."""


def regenerate(reference: str) -> str:
    """The reference with every generated section rewritten from the code."""
    seen: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in SECTIONS:
            raise GenerationError(f"unknown generated section {name!r}; known: {', '.join(SECTIONS)}")
        seen.append(name)
        return match.group("begin") + SECTIONS[name]() + match.group("end")

    result = _SECTION.sub(replace, reference)
    missing = [name for name in SECTIONS if name not in seen]
    if missing:
        raise GenerationError(f"no markers for generated section(s): {', '.join(missing)}")
    duplicated = sorted({name for name in seen if seen.count(name) > 1})
    if duplicated:
        raise GenerationError(f"generated section(s) marked twice: {', '.join(duplicated)}")
    return result


def published(reference: str) -> str:
    """docs/language.md: the regenerated reference under a do-not-edit header."""
    return PUBLISHED_HEADER + reference


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the docs are out of date")
    args = parser.parse_args(argv)

    current = SOURCE.read_text(encoding="utf-8")
    try:
        reference = regenerate(current)
    except GenerationError as exc:
        print(f"gen_docs: {SOURCE.relative_to(ROOT)}: {exc}", file=sys.stderr)
        return 2
    wanted = {SOURCE: reference, PUBLISHED: published(reference)}

    if args.check:
        stale = [path for path, text in wanted.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"gen_docs: {path.relative_to(ROOT)} is out of date", file=sys.stderr)
        if stale:
            print("gen_docs: run `python scripts/gen_docs.py` and commit the result", file=sys.stderr)
            return 1
        return 0

    for path, text in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"gen_docs: wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
