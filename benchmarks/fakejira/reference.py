"""The one place the benchmark takes the *app's* semantics from: what a view should show for given rows.

The JQL a module sends for given values, which worklogs its worklog conditions keep, and how a chart or
metric is built from rows (grouping labels, date buckets, ``(none)``, aggregates, rounding) are not decided
here: they come from the test suite's Python reference of the generated apps
(tests/toolchain_apps/generated_app_support.py), the same one the behaviour tests hold the resolvers to.
When that reference moves (for example to shared test vectors with the runtime), only this module changes.

What *is* here is the small step the reference leaves to its callers: reading a row value out of Jira's JSON
(``row_value``: a user becomes ``{accountId, displayName}``, a status ``{name, category}`` …), written after
the generated resolver's ``readValue``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from compiler.plan import PlannedModule
from compiler.plan_types import HistoryFetch

_TESTS = Path(__file__).resolve().parents[2] / "tests"
for _path in (_TESTS, _TESTS / "toolchain_apps"):
    if str(_path) not in sys.path:
        sys.path.append(str(_path))

import generated_app_support as _app  # noqa: E402  (the test suite's reference, found through sys.path)

from targets.preview.expr import At, with_computed  # noqa: E402  (the preview's reading of calculations)

Env = Mapping[str, Mapping[str, Any]]


def module_jql(module: PlannedModule, env: Env, *, ordered: bool = True) -> str:
    """The query the module must send for these values (placeholders quoted as the runtime quotes them)."""
    return _app.expected_jql(module, env, ordered=ordered)


def keeps_worklog(module: PlannedModule, env: Env, worklog: Mapping[str, Any], now_ms: int) -> bool:
    """Whether the module's worklog conditions (worklogAuthor/worklogDate at top level) keep this worklog row."""
    assert module.data is not None
    return bool(_app.keeps_worklog(module.data.worklogs, env, worklog, _moment(now_ms)))


def views(
    module: PlannedModule,
    rows: list[dict[str, Any]],
    params: Mapping[str, Any],
    shown: int | None = None,
    now_ms: int | None = None,
) -> list[dict[str, Any]]:
    """What each view shows over ``rows`` (all of them: the true values are never capped; a table's highlight
    marks the ``shown`` rows it shows), at the load's clock (the tests' fixed one when not given)."""
    now = _app.NOW if now_ms is None else _moment(now_ms)
    return list(_app.expected_views(module, rows, None, params, shown, now))


def history_jql(module: PlannedModule, env: Env, fetch: HistoryFetch) -> str:
    """The query a module reading histories sends: in its own order, or newest first."""
    if fetch.newest_first:
        return f"{module_jql(module, env, ordered=False)} ORDER BY created DESC"
    return module_jql(module, env)


def period_value(field_type: str, name: str, period: Any) -> Any:
    """A status period's value as the app reads it (status, category, entered, left, duration)."""
    return _app.period_value(field_type, name, period)


def shown_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row as the app answers it (without the periods its history measures were worked out from)."""
    return _app.shown_row(row)


def computed_rows(module: PlannedModule, rows: list[dict[str, Any]], now_ms: int) -> list[dict[str, Any]]:
    """The rows with the module's computed fields, worked out at the load's clock (UTC, as the benchmark's viewer)."""
    at = At(_moment(now_ms))
    return [with_computed(module.computed, row, at) for row in rows]


def _moment(now_ms: int) -> datetime:
    return datetime.fromtimestamp(now_ms / 1000, tz=UTC)


def _plain_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict) and (value.get("type") == "doc" or isinstance(value.get("content"), list)):
        texts: list[str] = []

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("text"), str):
                    texts.append(node["text"])
                for child in node.get("content") or []:
                    walk(child)

        walk(value)
        return " ".join(texts)
    if isinstance(value, dict):
        return value.get("name") or value.get("value") or value.get("key") or None
    return None


def row_value(type_: str, raw: Any) -> Any:
    """A row value as the app reads it from Jira's JSON for a field of this type."""
    if raw is None:
        return None
    if type_ == "user":
        return {"accountId": raw.get("accountId"), "displayName": raw.get("displayName") or ""}
    if type_ == "users":
        return [row_value("user", u) for u in raw] if isinstance(raw, list) else []
    if type_ == "status":
        category = raw.get("statusCategory")
        return {"name": raw.get("name"), "category": category["key"] if category else "undefined"}
    if type_ == "status_category":
        category = raw.get("statusCategory")
        return {"name": category["name"], "category": category["key"]} if category else None
    if type_ == "labels":
        return [str(x) for x in raw] if isinstance(raw, list) else []
    if type_ in ("components", "versions", "options"):
        return [_plain_text(x) for x in raw] if isinstance(raw, list) else []
    if type_ == "number":
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return raw
        return raw.get("votes", raw.get("watchCount")) if isinstance(raw, dict) else None
    if type_ == "duration":
        return raw if isinstance(raw, int | float) else None
    if type_ == "issue":
        return raw.get("key") if isinstance(raw, dict) else None
    if type_ in ("sprint", "release"):  # a name with its place among the rows
        if isinstance(raw, dict):
            order = raw.get("order")
            return {"name": _plain_text(raw.get("name")), "order": order if isinstance(order, str) else ""}
        return {"name": str(raw), "order": ""}
    if type_ in ("date", "datetime", "key"):
        return str(raw)
    return _plain_text(raw)


def query_value(field_type: str, raw: Any) -> Any:
    """A field of the viewed issue as its query compares it (the runtime's queryValue in context-issue.js): an
    account id, a key, a name or value, a list of names for labels, components and versions; None when empty."""
    if raw is None:
        return None
    named = {"project": "key", "issue": "key", "user": "accountId", "option": "value"}
    if field_type in named:
        return raw.get(named[field_type]) if isinstance(raw, dict) else None
    listed = {"users": "accountId", "options": "value", "components": "name", "versions": "name"}
    if field_type in listed:
        return [item[listed[field_type]] for item in raw if isinstance(item, dict) and item.get(listed[field_type])]
    if field_type == "labels":
        return [item for item in raw if isinstance(item, str)]
    if field_type == "status_category":
        return (raw.get("statusCategory") or {}).get("name") if isinstance(raw, dict) else None
    if field_type in ("number", "date"):
        return raw
    return raw.get("name") if isinstance(raw, dict) else None
