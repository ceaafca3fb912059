"""Does a JSON answer have the shape the vendored Jira OpenAPI documents give for an operation?

A small structural check, enough for the fake Jira's answers: ``$ref`` and ``allOf`` resolved, JSON types per
declared property and array item, and no property a schema closed with ``additionalProperties: false`` does
not declare. Formats and required lists are not checked (Jira's documents leave most fields optional).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).resolve().parents[2] / "vendor" / "jira-openapi"
_DOCS = ("jira-platform-swagger-v3.v3.json", "jira-software-swagger.v3.json")
_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


@cache
def _documents() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads((VENDOR / name).read_text(encoding="utf-8")) for name in _DOCS)


def _document_of(path: str) -> dict[str, Any]:
    for doc in _documents():
        if path in doc["paths"]:
            return doc
    raise KeyError(f"no operation at {path} in the vendored documents")


def response_schema(method: str, path: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(schema of the 200 answer, the document it lives in) for an operation, e.g. ("get", "/rest/api/3/priority")."""
    doc = _document_of(path)
    content = doc["paths"][path][method.lower()]["responses"]["200"]["content"]["application/json"]
    return content["schema"], doc


def component(name: str, path: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A named schema of the document that holds ``path`` (for operations documented by example only)."""
    doc = _document_of(path)
    return doc["components"]["schemas"][name], doc


def problems(value: Any, schema: dict[str, Any], doc: dict[str, Any], where: str = "$") -> list[str]:
    """Every place where ``value`` does not fit ``schema`` (empty when it fits)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return problems(value, doc["components"]["schemas"][name], doc, where)
    found: list[str] = []
    for part in schema.get("allOf", []):
        found += problems(value, part, doc, where)
    kind = schema.get("type")
    if kind is not None:
        allowed = _TYPES[kind]
        wrong_bool = isinstance(value, bool) and bool not in allowed
        if not isinstance(value, allowed) or wrong_bool:
            return [*found, f"{where}: expected {kind}, got {type(value).__name__} {value!r:.60}"]
    if isinstance(value, dict):
        declared = schema.get("properties", {})
        for key, item in value.items():
            if key in declared:
                found += problems(item, declared[key], doc, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{where}: property {key!r} is not in the schema")
            elif isinstance(schema.get("additionalProperties"), dict):
                found += problems(item, schema["additionalProperties"], doc, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for n, item in enumerate(value):
            found += problems(item, schema["items"], doc, f"{where}[{n}]")
    return found
