"""The values a module is loaded with in the benchmark: its configuration, the admin's settings, the page it is on.

Chosen from the data so that each query matches a realistic share of it: the largest project, the issue with
the most sub-tasks, the person who logged the most work, a shared filter of open work, dates that cover the
whole history. Defaults the spec gives are kept (a gadget's "High" stays "High").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from benchmarks.fakejira import reference, render
from benchmarks.fakejira.model import DAY_MS, Dataset
from benchmarks.fakejira.render import moment
from compiler.plan import Plan, PlannedModule, PlannedParam


@dataclass(frozen=True)
class Scenario:
    """One call of a module's ``load``: what the resolver receives, and the values its query is filled with."""

    module: PlannedModule
    payload: dict[str, Any]
    context: dict[str, Any]
    env: dict[str, dict[str, Any]]  # param / settings / context values, as the JQL placeholders see them
    account: str
    now: str
    kvs: dict[str, Any] | None


def _value(param: PlannedParam, data: Dataset) -> Any:
    if param.default is not None and param.type != "boolean":
        return param.default
    top_author = Counter(w.author.account_id for w in data.worklogs).most_common(1)
    start = datetime.fromtimestamp((data.now - 730 * DAY_MS) / 1000, tz=UTC).strftime("%Y-%m-%d")
    return {
        "project": "DEMO",
        "text": "platform",
        "user": top_author[0][0] if top_author else data.viewer.account_id,
        "date": start,
        "filter": data.filters[0].id,
        "board": next(b.id for b in data.boards if b.project.key == "DEMO"),
        "number": 10,
        "boolean": True,
        "jql": "issuetype = Bug",
        "select": param.options[0] if param.options else None,
    }[param.type]


def _busiest_parent(data: Dataset, account: str) -> str:
    """The visible issue with the most visible sub-tasks (an issue panel's page)."""
    counts = {
        parent: sum(1 for c in children if data.can_see(data.issues[c], account))
        for parent, children in data.children.items()
        if data.can_see(data.issues[parent], account)
    }
    best = max(counts, key=lambda p: (counts[p], -p)) if counts else 0
    return data.issues[best].key


def _viewed_issue(module: PlannedModule, data: Dataset, key: str) -> dict[str, Any]:
    """The viewed issue's values its query uses (``issue.reporter`` …), read from the issue as Jira sends it."""
    read = module.data.issue if module.data is not None else None
    if read is None:
        return {}
    fields = render.issue(
        data.issue_by_key[key], render.Selection(frozenset(read.fields)), data, render.api_fields(data)
    )
    return {f"issue.{v.name}": reference.query_value(v.type, fields["fields"].get(v.read[-1])) for v in read.values}


def scenario(plan: Plan, module: PlannedModule, data: Dataset) -> Scenario:
    account = data.viewer.account_id
    params = {p.name: _value(p, data) for p in module.config}
    settings = {s.name: _value(s, data) for s in plan.settings}
    issue = _busiest_parent(data, account)
    project = "DEMO"
    viewed = _viewed_issue(module, data, issue)
    extension: dict[str, Any] = {"type": module.forge_type}
    if module.kind.value == "gadget":
        extension["gadgetConfiguration"] = params
    extension["project"] = {"key": project, "id": data.project_by_key[project].id, "type": "software"}
    extension["issue"] = {"key": issue, "id": str(data.issue_by_key[issue].id), "type": "Story"}
    return Scenario(
        module=module,
        payload={"module": module.key, "config": params},
        context={"moduleKey": module.host_key, "accountId": account, "extension": extension},
        env={
            "param": params,
            "settings": settings,
            "context": {"project": project, "issue": issue, "user": account, **viewed},
        },
        account=account,
        now=moment(data.now) or "",
        kvs={plan.store.storage_key: settings} if plan.store is not None else None,
    )
