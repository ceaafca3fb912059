"""Derive ``compiler/data/jira_scopes.json`` from the vendored Jira OpenAPI documents.

Why a derived table instead of reading the OpenAPI documents at run time: the two documents weigh about
3 MB, while the compiler only needs, per operation, which scopes satisfy it. Deriving a small table once,
committing it, and checking in CI that it is not stale keeps the compiler fast, keeps scope changes visible
in review (a diff of the table), and keeps the exact rule for reading the documents in one place.

How scopes are read (checked against the documents, not assumed):

* Platform operations carry ``x-atlassian-oauth2-scopes``: a list of ``{scheme, state, scopes}`` entries.
  ``state: Current`` lists the classic scopes, ``state: Beta`` the granular ones. An operation is satisfied
  by all of its classic scopes, or by all of its granular scopes.
* Some operations have no ``x-atlassian-oauth2-scopes`` and state their scopes only in the standard
  OpenAPI ``security`` block (``{"OAuth2": [...]}``). This is the case for all Jira Software (agile)
  operations, whose scopes there are granular ones, and for some platform operations, whose scopes there
  are classic ones. Such scopes are sorted into classic or granular by name: a name is classic if some
  operation lists it under ``state: Current``; every other name is granular.
* Any other shape (an unknown state or scheme, a non-list) stops the script: the rule above would then be
  a guess, and a wrong scope table silently produces apps with missing or excessive scopes.

Usage::

    .venv/bin/python scripts/derive_scope_table.py            # rewrite the table
    .venv/bin/python scripts/derive_scope_table.py --check    # exit 1 if the committed table is stale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIR = ROOT / "vendor" / "jira-openapi"
TABLE_PATH = ROOT / "compiler" / "data" / "jira_scopes.json"

# (product, file name) in a fixed order; the product names are what the table records.
SOURCES: tuple[tuple[str, str], ...] = (
    ("platform", "jira-platform-swagger-v3.v3.json"),
    ("software", "jira-software-swagger.v3.json"),
)
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
SCOPES_EXTENSION = "x-atlassian-oauth2-scopes"
OAUTH_SCHEME = "OAuth2"
CLASSIC_STATE = "Current"
GRANULAR_STATE = "Beta"
TABLE_FORMAT = 1


class SourceError(Exception):
    """The OpenAPI documents do not have the shape this script knows how to read."""


@dataclass(frozen=True)
class RawOperation:
    """One operation as found in a document, before classic/granular sorting of ``security`` scopes."""

    product: str
    method: str
    path: str
    operation_id: str
    deprecated: bool
    classic: frozenset[str]
    granular: frozenset[str]
    security_scopes: frozenset[str]  # used only when the extension is absent
    has_extension: bool


def _string_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SourceError(f"{where}: expected a list of strings, found {value!r}")
    return value


def _extension_scopes(entries: Any, where: str) -> tuple[frozenset[str], frozenset[str]]:
    """Split ``x-atlassian-oauth2-scopes`` into (classic, granular) by each entry's state."""
    if not isinstance(entries, list):
        raise SourceError(f"{where}: {SCOPES_EXTENSION} is not a list")
    classic: set[str] = set()
    granular: set[str] = set()
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"scheme", "scopes", "state"}:
            raise SourceError(f"{where}: unexpected {SCOPES_EXTENSION} entry {entry!r}")
        if entry["scheme"] != OAUTH_SCHEME:
            raise SourceError(f"{where}: unexpected scheme {entry['scheme']!r}")
        scopes = _string_list(entry["scopes"], where)
        if entry["state"] == CLASSIC_STATE:
            classic.update(scopes)
        elif entry["state"] == GRANULAR_STATE:
            granular.update(scopes)
        else:
            raise SourceError(f"{where}: unknown scope state {entry['state']!r}")
    return frozenset(classic), frozenset(granular)


def _security_scopes(requirements: Any, where: str) -> frozenset[str]:
    """The OAuth2 scopes named in an operation's standard ``security`` requirement list."""
    if requirements is None:
        return frozenset()
    if not isinstance(requirements, list):
        raise SourceError(f"{where}: security is not a list")
    scopes: set[str] = set()
    for requirement in requirements:
        if not isinstance(requirement, dict):
            raise SourceError(f"{where}: unexpected security requirement {requirement!r}")
        if OAUTH_SCHEME in requirement:
            scopes.update(_string_list(requirement[OAUTH_SCHEME], where))
    return frozenset(scopes)


def _operations(product: str, document: Any) -> Iterator[RawOperation]:
    paths = document.get("paths") if isinstance(document, dict) else None
    if not isinstance(paths, dict):
        raise SourceError(f"{product}: document has no 'paths' object")
    for path, item in paths.items():
        if not isinstance(item, dict):
            raise SourceError(f"{product} {path}: path item is not an object")
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            where = f"{product} {method.upper()} {path}"
            operation_id = op.get("operationId")
            if not isinstance(operation_id, str):
                raise SourceError(f"{where}: missing operationId")
            deprecated = op.get("deprecated", False)
            if not isinstance(deprecated, bool):
                raise SourceError(f"{where}: deprecated is not a boolean")
            has_extension = SCOPES_EXTENSION in op
            classic, granular = (
                _extension_scopes(op[SCOPES_EXTENSION], where) if has_extension else (frozenset(), frozenset())
            )
            yield RawOperation(
                product=product,
                method=method.upper(),
                path=path,
                operation_id=operation_id,
                deprecated=deprecated,
                classic=classic,
                granular=granular,
                security_scopes=_security_scopes(op.get("security"), where),
                has_extension=has_extension,
            )


def _entry(raw: RawOperation, classic_names: frozenset[str]) -> dict[str, Any]:
    """The table row for one operation; ``source`` says where its scopes were read from."""
    if raw.has_extension:
        classic, granular, source = raw.classic, raw.granular, SCOPES_EXTENSION
    elif raw.security_scopes:
        classic = raw.security_scopes & classic_names
        granular = raw.security_scopes - classic_names
        source = "security"
    else:
        classic, granular, source = frozenset(), frozenset(), "none"
    return {
        "method": raw.method,
        "path": raw.path,
        "operation_id": raw.operation_id,
        "product": raw.product,
        "classic": sorted(classic),
        "granular": sorted(granular),
        "deprecated": raw.deprecated,
        "source": source,
    }


def derive(vendor_dir: Path = VENDOR_DIR) -> dict[str, Any]:
    """Build the whole table (header + operations) from the documents in ``vendor_dir``."""
    sources: list[dict[str, str]] = []
    raws: list[RawOperation] = []
    for product, file_name in SOURCES:
        data = (vendor_dir / file_name).read_bytes()
        document = json.loads(data)
        info = document.get("info", {})
        sources.append(
            {
                "product": product,
                "file": f"vendor/jira-openapi/{file_name}",
                "sha256": hashlib.sha256(data).hexdigest(),
                "info_version": str(info.get("version", "")),
            }
        )
        raws.extend(_operations(product, document))

    seen: set[tuple[str, str]] = set()
    for raw in raws:
        key = (raw.method, raw.path)
        if key in seen:
            raise SourceError(f"{raw.method} {raw.path} appears in more than one place")
        seen.add(key)

    classic_names = frozenset().union(*(raw.classic for raw in raws))
    operations = sorted((_entry(raw, classic_names) for raw in raws), key=lambda e: (e["path"], e["method"]))
    return {
        "header": {
            "format": TABLE_FORMAT,
            "generated_by": "scripts/derive_scope_table.py",
            "sources": sources,
            "classic_scope_names": sorted(classic_names),
            "operation_count": len(operations),
        },
        "operations": operations,
    }


def render(table: dict[str, Any]) -> str:
    """Serialise deterministically: same documents, same bytes."""
    return json.dumps(table, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the table differs from a fresh derivation")
    parser.add_argument("--output", type=Path, default=TABLE_PATH, help="table to write or check")
    parser.add_argument("--vendor-dir", type=Path, default=VENDOR_DIR, help="folder with the OpenAPI documents")
    args = parser.parse_args(argv)

    try:
        text = render(derive(args.vendor_dir))
    except (OSError, ValueError, SourceError) as error:
        print(f"derive_scope_table: {error}", file=sys.stderr)
        return 2

    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if current != text:
            print(
                f"{output} is stale or missing: run .venv/bin/python scripts/derive_scope_table.py",
                file=sys.stderr,
            )
            return 1
        print(f"{output} is up to date")
        return 0

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {output} ({len(text.encode('utf-8'))} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
