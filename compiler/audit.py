"""The data-access audit of a spec: what the generated app reads, how, as whom, and where data goes.

Everything comes from the plan (:func:`compiler.plan.build_plan`), the same facts the app is generated from:
per module the Jira data it reads, the fields, the REST operations with their purposes and spec lines, every
scope with its reasons; whom the app calls Jira as (``Plan.calls_as``; the runtime's requests are checked to be
``asUser`` in tests/runtime), the egress it declares (``Plan.egress``, written into the manifest as is) and its
storage. forgewright's plans have no remotes and no web triggers (no spec construct produces them), so the audit
states none.

"Runs on Atlassian" is stated as what the app *declares*: Atlassian decides the badge, and ``forge
eligibility`` is the authoritative check on a deployed app. Renderers (text, Markdown, JSON) are pure
functions of the :class:`Audit` value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from compiler import operations as ops
from compiler.build import DEFAULT_TARGET
from compiler.costs import LoadCost, cost_assumptions, module_costs
from compiler.markdown import md_code, md_text
from compiler.plan import Plan, build_plan
from compiler.plan_types import PlannedComputed, PlannedExpr, PlannedModule
from dsl import ast


@dataclass(frozen=True)
class FieldRead:
    name: str
    type: str
    jira_id: str | None
    custom: bool


@dataclass(frozen=True)
class ComputedRead:
    """A computed field: worked out by the app for each row, from the fields it reads (no request of its own)."""

    name: str
    type: str
    reads: tuple[str, ...]


@dataclass(frozen=True)
class OperationUse:
    """One Jira REST operation a module's resolver calls (always as the viewing user), and why."""

    operation: str
    fields: tuple[str, ...]
    purpose: str
    line: int


@dataclass(frozen=True)
class ModuleAccess:
    key: str
    kind: str
    forge_type: str
    title: str
    line: int
    data: str | None  # issues | worklogs | projects | filters | sprints
    jql: str | None
    reads: tuple[FieldRead, ...]
    computed: tuple[ComputedRead, ...]
    operations: tuple[OperationUse, ...]
    settings: tuple[str, ...]
    costs: tuple[LoadCost, ...]  # one load at 1,000 / 10,000 / 100,000 matching items
    histories: tuple[str, ...] = ()  # the fields whose change history the app reads (status, sprint …)

    @property
    def unit(self) -> str:
        """What the module's query matches: issues (also for worklogs), projects or saved filters."""
        return {"projects": "projects", "filters": "saved filters"}.get(self.data or "", "issues")

    def cost_lines(self) -> list[str]:
        """``at 1,000 matching issues: 3 requests, 112 points`` for each size, with what a view says beyond."""
        out = []
        for c in self.costs:
            requests = f"{c.requests:,} request" + ("" if c.requests == 1 else "s")
            line = f"at {c.matching:,} matching {self.unit}: {requests}, {c.points:,} points"
            if c.covered < c.matching:
                line += f"; views that need every value say they are based on about {c.covered:,} of {c.matching:,}"
            out.append(line)
        return out


@dataclass(frozen=True)
class Budget:
    """What one load may spend (the plan's budget), stated beside the costs."""

    seconds: int
    points: int
    concurrency: int

    def text(self) -> str:
        return (
            f"one load asks Jira for at most {self.seconds} s, spends at most {self.points:,} points "
            f"(1 per request and 1 per item returned; the app's default pool is 65,000 an hour for every site it "
            f"is installed on), at most {self.concurrency} requests at once"
        )


@dataclass(frozen=True)
class ScopeUse:
    scope: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Audit:
    app_name: str
    target: str
    scope_style: str
    modules: tuple[ModuleAccess, ...]
    scopes: tuple[ScopeUse, ...]
    as_user_only: bool
    egress: tuple[str, ...]
    remotes: tuple[str, ...]
    web_triggers: tuple[str, ...]
    storage: str | None  # None: stores nothing
    budget: Budget
    assumptions: tuple[str, ...]  # what the costs assume (empty when no module has costs)

    @property
    def runs_on_atlassian(self) -> bool:
        """Whether the generated app declares nothing that rules out Runs on Atlassian."""
        return not (self.egress or self.remotes or self.web_triggers)

    def runs_on_atlassian_text(self) -> str:
        if self.runs_on_atlassian:
            return (
                "yes, by what the generated app declares: its manifest lists no egress (permissions.external), "
                "no remotes and no web triggers, it runs on Forge's hosted runtime and "
                + ("keeps its settings in Forge's hosted storage" if self.storage else "stores nothing")
                + ". Atlassian grants the badge; confirm with `forge eligibility` after deploying."
            )
        blockers = [
            *self.egress,
            *(f"remote {r}" for r in self.remotes),
            *(f"web trigger {w}" for w in self.web_triggers),
        ]
        return "no: the generated manifest declares " + ", ".join(blockers)


def _inputs(expr: PlannedExpr) -> list[str]:
    if expr.kind == "field":
        return [expr.field]
    if expr.kind == "negate":
        return _inputs(expr.operand)
    if expr.kind == "binary":
        return _inputs(expr.left) + _inputs(expr.right)
    if expr.kind == "history":
        return ["the status history"]
    return []


def _computed(field: PlannedComputed) -> ComputedRead:
    return ComputedRead(field.name, field.type, tuple(dict.fromkeys(_inputs(field.expr))))


def build_audit(app: ast.App, target: str = DEFAULT_TARGET) -> Audit:
    """The audit of a checked app, from its plan (may raise PlanError)."""
    return plan_audit(build_plan(app), target)


def _histories(module: PlannedModule) -> tuple[str, ...]:
    """The fields whose history the module's requests read, in the order first asked for."""
    reads = (r.fields for r in module.requests if r.operation_key == ops.ISSUE_HISTORIES.key)
    return tuple(dict.fromkeys(field for fields in reads for field in fields))


def plan_audit(plan: Plan, target: str = DEFAULT_TARGET) -> Audit:
    """The audit of a plan (the generated README states its costs from the same facts)."""
    modules = tuple(
        ModuleAccess(
            key=m.key,
            kind=m.kind.value,
            forge_type=m.forge_type,
            title=m.title,
            line=m.span.line,
            data=m.data.kind.value if m.data is not None else None,
            jql=m.data.jql_text or None if m.data is not None else None,
            reads=tuple(FieldRead(f.name, f.type, f.jira_id, f.custom) for f in m.fields),
            computed=tuple(_computed(c) for c in m.computed),
            operations=tuple(OperationUse(r.operation_key, r.fields, r.purpose, r.span.line) for r in m.requests),
            settings=tuple(p.name for p in m.settings),
            costs=module_costs(m, plan.budget),
            histories=_histories(m),
        )
        for m in plan.modules
    )
    storage = None
    if plan.uses_storage:
        names = ", ".join(p.name for p in plan.settings)
        storage = (
            f"Forge app storage (@forge/kvs, hosted by Atlassian): the settings of {plan.settings_module} ({names})"
        )
    return Audit(
        app_name=plan.app_name,
        target=target,
        scope_style=plan.scope_style,
        modules=modules,
        scopes=tuple(ScopeUse(g.scope, tuple(r.describe() for r in g.reasons)) for g in plan.scopes),
        as_user_only=plan.calls_as == "user",
        egress=tuple(f"permissions.external.fetch.backend: {address}" for address in plan.egress),
        remotes=(),
        web_triggers=(),
        storage=storage,
        budget=Budget(plan.budget.time_ms // 1000, plan.budget.points, plan.budget.concurrency),
        assumptions=cost_assumptions(plan.modules) if any(m.costs for m in modules) else (),
    )


# --- renderers --------------------------------------------------------------------------------------

_AS_USER = "the viewing user (asUser): Jira shows the app only what that person may see"
_AS_APP = "NOT only the viewing user: the generated resolver contains asApp() calls"


def _who(audit: Audit) -> str:
    return "as the viewing user" if audit.as_user_only else "(see: calls Jira as)"


def _field(f: FieldRead) -> str:
    where = f" <- {f.jira_id}" if f.jira_id else ""
    return f"{f.name} ({f.type}{', custom field' if f.custom else ''}{where})"


def _data_line(m: ModuleAccess) -> str:
    if m.data is None:
        return "reads no Jira rows"
    return f"reads {m.data}" + (f" where {json.dumps(m.jql, ensure_ascii=False)}" if m.jql else "")


def _computed_line(c: ComputedRead) -> str:
    return f"{c.name} ({c.type}, from {', '.join(c.reads) if c.reads else 'the clock'})"


def render_text(audit: Audit) -> str:
    out = [
        f"Data-access audit: {audit.app_name}",
        f"(from the spec's plan and the app generated by target {audit.target})",
        "",
        f"Calls Jira as:     {_AS_USER if audit.as_user_only else _AS_APP}",
        f"Egress:            {'none' if not audit.egress else '; '.join(audit.egress)}",
        f"Remotes:           {'none' if not audit.remotes else ', '.join(audit.remotes)}",
        f"Storage:           {audit.storage or 'none (the app stores nothing)'}",
        f"Runs on Atlassian: {audit.runs_on_atlassian_text()}",
        f"Load budget:       {audit.budget.text()}",
        "",
        "Modules",
    ]
    for m in audit.modules:
        out.append(f"  {m.kind} {m.key} {json.dumps(m.title, ensure_ascii=False)} (line {m.line}, {m.forge_type})")
        out.append(f"    {_data_line(m)}")
        if m.reads:
            out.append(f"    fields: {', '.join(_field(f) for f in m.reads)}")
        if m.computed:
            out.append(f"    computed by the app: {', '.join(_computed_line(c) for c in m.computed)}")
        if m.histories:
            out.append(f"    change history read: {', '.join(m.histories)}")
        for op in m.operations:
            fields = f" [fields: {', '.join(op.fields)}]" if op.fields else ""
            out.append(f"    {op.operation} {_who(audit)}: {op.purpose} (line {op.line}){fields}")
        if m.settings:
            out.append(f"    stores settings: {', '.join(m.settings)}")
        if m.costs:
            out.append("    one load costs:")
            out += [f"      {line}" for line in m.cost_lines()]
    if audit.assumptions:
        out += ["", f"Costs assume: {'; '.join(audit.assumptions)}."]
    out += ["", f"Scopes ({audit.scope_style}, {len(audit.scopes)})"]
    for scope in audit.scopes:
        out.append(f"  {scope.scope}")
        out += [f"      {reason}" for reason in scope.reasons]
    return "\n".join(out) + "\n"


def render_markdown(audit: Audit) -> str:
    out = [
        f"### Data-access audit: {md_text(audit.app_name)}",
        "",
        f"From the spec's plan and the app generated by target {md_code(audit.target)}.",
        "",
        f"- **Calls Jira as:** {md_text(_AS_USER if audit.as_user_only else _AS_APP)}",
        f"- **Egress:** {'none' if not audit.egress else ', '.join(md_code(e) for e in audit.egress)}",
        f"- **Remotes:** {'none' if not audit.remotes else ', '.join(md_code(r) for r in audit.remotes)}",
        f"- **Storage:** {md_text(audit.storage or 'none (the app stores nothing)')}",
        f"- **Runs on Atlassian:** {md_text(audit.runs_on_atlassian_text())}",
        f"- **Load budget:** {md_text(audit.budget.text())}",
        "",
        "#### Modules",
        "",
    ]
    for m in audit.modules:
        if m.data is None:
            data = "reads no Jira rows"
        else:
            data = f"reads {m.data}" + (f" where {md_code(m.jql)}" if m.jql else "")
        out.append(f"- **{md_text(m.title)}** ({m.kind} {md_code(m.key)}, line {m.line}): {data}")
        if m.reads:
            out.append(f"  - fields: {', '.join(md_code(_field(f)) for f in m.reads)}")
        if m.computed:
            out.append(f"  - computed by the app: {', '.join(md_code(_computed_line(c)) for c in m.computed)}")
        if m.histories:
            out.append(f"  - change history read: {', '.join(md_code(h) for h in m.histories)}")
        for op in m.operations:
            fields = f"; fields {', '.join(md_code(f) for f in op.fields)}" if op.fields else ""
            out.append(f"  - {md_code(op.operation)} {_who(audit)}: {md_text(op.purpose)} (line {op.line}){fields}")
        if m.settings:
            out.append(f"  - stores settings: {', '.join(md_code(s) for s in m.settings)}")
        if m.costs:
            out.append("  - one load costs:")
            out += [f"    - {md_text(line)}" for line in m.cost_lines()]
    if any(m.costs for m in audit.modules):
        out += ["", md_text(f"Costs assume: {'; '.join(audit.assumptions)}.")]
    out += ["", f"#### Scopes ({audit.scope_style}, {len(audit.scopes)})", ""]
    for scope in audit.scopes:
        out.append(f"- {md_code(scope.scope)}")
        out += [f"  - {md_text(reason)}" for reason in scope.reasons]
    return "\n".join(out) + "\n"


def audit_to_json(audit: Audit) -> dict[str, Any]:
    return {
        "app": audit.app_name,
        "target": audit.target,
        "calls_jira_as": "user" if audit.as_user_only else "user-and-app",
        "egress": list(audit.egress),
        "remotes": list(audit.remotes),
        "web_triggers": list(audit.web_triggers),
        "storage": audit.storage,
        "load_budget": {
            "seconds": audit.budget.seconds,
            "points": audit.budget.points,
            "concurrency": audit.budget.concurrency,
        },
        "cost_assumptions": list(audit.assumptions),
        "runs_on_atlassian": {
            "declared_eligible": audit.runs_on_atlassian,
            "explanation": audit.runs_on_atlassian_text(),
        },
        "scope_style": audit.scope_style,
        "modules": [
            {
                "key": m.key,
                "kind": m.kind,
                "forge_type": m.forge_type,
                "title": m.title,
                "line": m.line,
                "data": m.data,
                "jql": m.jql,
                "fields": [{"name": f.name, "type": f.type, "jira_id": f.jira_id, "custom": f.custom} for f in m.reads],
                "computed": [{"name": c.name, "type": c.type, "reads": list(c.reads)} for c in m.computed],
                "histories": list(m.histories),
                "operations": [
                    {
                        "operation": o.operation,
                        "as": "user" if audit.as_user_only else "unknown",
                        "fields": list(o.fields),
                        "purpose": o.purpose,
                        "line": o.line,
                    }
                    for o in m.operations
                ],
                "stores_settings": list(m.settings),
                "load_costs": [
                    {
                        "matching": c.matching,
                        "unit": m.unit,
                        "requests": c.requests,
                        "points": c.points,
                        "covered": c.covered,
                    }
                    for c in m.costs
                ],
            }
            for m in audit.modules
        ],
        "scopes": [{"scope": s.scope, "reasons": list(s.reasons)} for s in audit.scopes],
    }


def render_json(audit: Audit) -> str:
    return json.dumps(audit_to_json(audit), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
