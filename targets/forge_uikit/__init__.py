"""Target ``forge-uikit``: a complete Forge app with UI Kit frontends and one resolver.

Output layout::

    manifest.yml              modules, resources, the resolver function, derived scopes (yaml.safe_dump)
    package.json              exact @forge/* versions, only the packages the app imports
    README.md                 what the app does, each scope and why, how to deploy
    src/index.js              the resolver: Jira calls as the viewing user, JQL quoting, paging, aggregation
    src/frontend/ui.jsx       shared UI Kit views: table, list, charts, metric, states
    src/frontend/config.jsx   shared configuration / settings form (only when a module has one)
    src/frontend/<key>.jsx    one entry per module (+ <key>-edit.jsx for a configurable gadget)

Every spec string reaches JavaScript through the ``js`` filter (JSON with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped) and Markdown through ``md``; YAML and JSON are produced by their own dumpers from data.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import jinja2
import yaml

from compiler.drafts import FileDraft
from compiler.markdown import md_code, md_text
from compiler.plan import RESOLVER_FUNCTION, Plan, PlannedModule, PlannedParam
from dsl import ast
from dsl.jql import CurrentUser, DateFunction, DateOffset, JqlPlaceholder, JqlText, WorklogDay, WorklogUser
from dsl.resolve import DataKind

NAME = "forge-uikit"

RUNTIME = "nodejs22.x"
PLACEHOLDER_APP_ID = "ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000"
"""Stands in for the app id until ``forge register`` writes the real one into manifest.yml."""

ICON = "https://developer.atlassian.com/platform/forge/images/icons/issue-panel-icon.svg"

VERSIONS: dict[str, str] = {
    "@forge/api": "8.3.0",
    "@forge/bridge": "7.2.0",
    "@forge/kvs": "1.6.5",
    "@forge/react": "12.3.1",
    "@forge/resolver": "2.0.1",
    "react": "18.3.1",
}
OVERRIDES = {"@atlaskit/navigation-system": "10.17.7"}

DEFAULT_TEXTS = {
    "loading": "Loading…",
    "empty": "Nothing to show.",
    "error": "Something went wrong while loading the data.",
}


def js_literal(value: Any) -> str:
    """A JSON value as a JavaScript/JSX-safe literal: no raw ``<``, ``>``, ``&`` or line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=None, separators=(", ", ": "))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("targets.forge_uikit", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["js"] = js_literal
    env.filters["md"] = md_text
    env.filters["mdcode"] = md_code
    return env


def _render(template: str, **context: Any) -> str:
    return _env().get_template(template).render(**context)


# ---------------------------------------------------------------------------------------------- models


def _param_model(param: PlannedParam) -> dict[str, Any]:
    return {
        "name": param.name,
        "type": param.type,
        "label": param.label,
        "default": param.default,
        "options": list(param.options),
    }


def _placeholder_model(part: JqlPlaceholder, module: PlannedModule, plan: Plan) -> dict[str, Any]:
    params = {p.name: p for p in module.config}
    settings = {p.name: p for p in plan.settings}
    source = params if part.kind == "param" else settings if part.kind == "settings" else {}
    declared = source.get(part.name)
    label = declared.label if declared is not None else part.name
    return {
        "kind": part.kind,
        "name": part.name,
        "type": part.type,
        "label": label,
        "options": list(declared.options) if declared is not None else [],
    }


def _jql_model(module: PlannedModule, plan: Plan) -> list[dict[str, Any]]:
    if module.data is None:
        return []
    return [
        {"text": part.text} if isinstance(part, JqlText) else _placeholder_model(part, module, plan)
        for part in module.data.jql
    ]


def _offset_model(offset: DateOffset | None) -> dict[str, Any] | None:
    return None if offset is None else {"amount": offset.amount, "unit": offset.unit}


def _worklog_user_model(user: WorklogUser, module: PlannedModule, plan: Plan) -> dict[str, Any]:
    if isinstance(user, CurrentUser):
        return {"current": True}
    if isinstance(user, JqlPlaceholder):
        return {"value": _placeholder_model(user, module, plan)}
    return {"account": user}


def _worklog_day_model(day: WorklogDay, module: PlannedModule, plan: Plan) -> dict[str, Any]:
    if isinstance(day, JqlPlaceholder):
        return {"value": _placeholder_model(day, module, plan)}
    if isinstance(day, DateFunction):
        return {"function": day.name, "offset": _offset_model(day.offset)}
    if isinstance(day, DateOffset):
        return {"offset": _offset_model(day)}
    return {"day": day}


def _worklogs_model(module: PlannedModule, plan: Plan) -> dict[str, Any]:
    """The conditions the resolver applies to each worklog it reads (author, day started)."""
    assert module.data is not None
    conditions = module.data.worklogs
    return {
        "authors": [
            {"exclude": a.exclude, "users": [_worklog_user_model(u, module, plan) for u in a.users]}
            for a in conditions.authors
        ],
        "dates": [{"op": d.op, **_worklog_day_model(d.value, module, plan)} for d in conditions.dates],
    }


def _module_model(module: PlannedModule, plan: Plan) -> dict[str, Any]:
    """What the resolver needs to know about one module (JSON-ready)."""
    data = module.data
    model: dict[str, Any] = {
        "key": module.key,
        "host": module.host_key,
        "kind": module.kind.value,
        "config": [_param_model(p) for p in module.config],
        "settings": [p.name for p in module.settings],
        "pickers": [p.name for p in (*module.config, *module.settings) if p.type in ("project", "filter")],
        "views": [_view_model(v) for v in module.views],
        "fields": [{"name": f.name, "type": f.type, "jira": f.jira_id} for f in module.fields],
        "data": None,
    }
    if data is not None:
        model["data"] = {
            "kind": data.kind.value,
            "jql": _jql_model(module, plan),
            "order": [f"{o.jql} {o.direction}" for o in data.order],
            "limit": data.limit,
            "limitParam": data.limit_param,
            "rows": data.needs_rows,
            "count": data.needs_count,
        }
        if data.kind is DataKind.WORKLOGS:
            model["data"]["worklogs"] = _worklogs_model(module, plan)
    return model


def _view_model(view: Any) -> dict[str, Any]:
    return {
        "kind": view.kind,
        "title": view.title,
        "columns": [{"field": c.field, "heading": c.heading} for c in view.columns],
        "chart": view.chart,
        "x": view.x,
        "bucket": view.bucket,
        "aggregate": view.aggregate,
        "field": view.aggregate_field,
        "when": view.when,
    }


def _frontend_model(module: PlannedModule) -> dict[str, Any]:
    """What a module's frontend needs (JSON-ready): headings, field types, texts."""
    fields = {f.name: f for f in module.fields}
    views = []
    for view in module.views:
        item = _view_model(view)
        item["columns"] = [
            {
                "field": c.field,
                "heading": c.heading or fields[c.field].heading,
                "type": fields[c.field].type,
            }
            for c in view.columns
        ]
        item["xType"] = fields[view.x].type if view.x is not None else None
        item["fieldType"] = fields[view.aggregate_field].type if view.aggregate_field is not None else None
        views.append(item)
    texts = {kind: module.text(kind) or default for kind, default in DEFAULT_TEXTS.items()}
    return {
        "key": module.key,
        "kind": module.kind.value,
        "title": module.title,
        "hasData": module.data is not None,
        "views": views,
        "texts": texts,
        "config": [_param_model(p) for p in module.config],
        "settings": [_param_model(p) for p in module.settings],
    }


# ---------------------------------------------------------------------------------------------- files


def _manifest(plan: Plan) -> str:
    modules: dict[str, list[dict[str, Any]]] = {}
    resources: list[dict[str, str]] = []
    for module in plan.modules:
        if module.host_key != module.key:
            continue
        members = plan.hosted_by(module.key)
        title = module.title if len(members) == 1 else plan.app_name
        entry: dict[str, Any] = {"key": module.key, "title": title}
        if module.kind is ast.ModuleKind.GADGET:
            entry["description"] = module.description or module.title
            entry["thumbnail"] = ICON
        if module.kind is ast.ModuleKind.ISSUE_PANEL:
            entry["icon"] = ICON
        entry["resource"] = f"{module.key}-view"
        entry["render"] = "native"
        entry["resolver"] = {"function": RESOLVER_FUNCTION}
        resources.append({"key": f"{module.key}-view", "path": f"src/frontend/{module.key}.jsx"})
        if module.has_edit_view:
            entry["edit"] = {"resource": f"{module.key}-edit", "render": "native"}
            resources.append({"key": f"{module.key}-edit", "path": f"src/frontend/{module.key}-edit.jsx"})
        modules.setdefault(module.forge_type, []).append(entry)
    modules["function"] = [{"key": RESOLVER_FUNCTION, "handler": "index.handler"}]
    manifest = {
        "app": {"id": plan.app_id or PLACEHOLDER_APP_ID, "runtime": {"name": RUNTIME}},
        "modules": modules,
        "resources": sorted(resources, key=lambda r: r["key"]),
        "permissions": {"scopes": list(plan.scope_names)},
    }
    header = "# Generated by forgewright from the app spec; edit the spec and rebuild instead of this file.\n"
    if plan.app_id is None:
        header += "# The app id below is a placeholder: `forge register` replaces it with the real one.\n"
    body = yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False)
    return header + body


def _slug(name: str) -> str:
    out = []
    for ch in name.lower():
        out.append(ch if ("a" <= ch <= "z" or "0" <= ch <= "9") else "-")
    slug = "-".join(filter(None, "".join(out).split("-")))
    return slug or "forge-app"


def _package_json(plan: Plan) -> str:
    deps = ["@forge/api", "@forge/bridge", "@forge/react", "@forge/resolver", "react"]
    if plan.uses_storage:
        deps.append("@forge/kvs")
    package = {
        "name": _slug(plan.app_name),
        "version": "1.0.0",
        "private": True,
        "description": " ".join((plan.app_description or plan.app_name).split()),
        "license": "UNLICENSED",
        "dependencies": {name: VERSIONS[name] for name in sorted(deps)},
        "overrides": OVERRIDES,
    }
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def _uses(plan: Plan) -> dict[str, bool]:
    ops = {r.operation_key for m in plan.modules for r in m.requests}
    kinds = {m.data.kind for m in plan.modules if m.data is not None}
    pickers = {p.type for m in plan.modules for p in (*m.config, *m.settings) if p.type in ("project", "filter")}
    return {
        "search": any(k in kinds for k in (DataKind.ISSUES, DataKind.WORKLOGS)) and "GET /rest/api/3/search/jql" in ops,
        "count": "POST /rest/api/3/search/approximate-count" in ops,
        "worklogs": DataKind.WORKLOGS in kinds,
        "projects": DataKind.PROJECTS in kinds,
        "filters": DataKind.FILTERS in kinds,
        "project_picker": "project" in pickers,
        "filter_picker": "filter" in pickers,
        "storage": plan.uses_storage,
        "config_form": any(m.has_edit_view or m.settings for m in plan.modules),
    }


def emit(plan: Plan) -> list[FileDraft]:
    """Every file of the app, sorted by path."""
    uses = _uses(plan)
    drafts = [
        FileDraft("manifest.yml", _manifest(plan)),
        FileDraft("package.json", _package_json(plan)),
        FileDraft(
            "src/index.js",
            _render(
                "index.js.j2",
                modules={m.key: _module_model(m, plan) for m in plan.modules},
                settings=[_param_model(p) for p in plan.settings],
                settings_modules=[m.key for m in plan.modules if m.settings],
                uses=uses,
            ),
        ),
        FileDraft("src/frontend/ui.jsx", _render("ui.jsx.j2", uses=uses)),
        FileDraft("README.md", _render("README.md.j2", plan=plan, placeholder=plan.app_id is None)),
    ]
    if uses["config_form"]:
        drafts.append(FileDraft("src/frontend/config.jsx", _render("config.jsx.j2", uses=uses)))
    for module in plan.modules:
        model = _frontend_model(module)
        if module.host_key == module.key:
            members = [_frontend_model(m) for m in plan.hosted_by(module.key)]
            drafts.append(
                FileDraft(
                    f"src/frontend/{module.key}.jsx",
                    _render(
                        "module.jsx.j2",
                        modules=members,
                        with_settings=any(m["settings"] for m in members),
                        with_views=any(not m["settings"] for m in members),
                    ),
                )
            )
        if module.has_edit_view:
            drafts.append(FileDraft(f"src/frontend/{module.key}-edit.jsx", _render("edit.jsx.j2", module=model)))
    return sorted(drafts)


def _make_target() -> Any:
    from targets import Target

    return Target(NAME, "Atlassian Forge app for Jira with UI Kit frontends", emit)


TARGET = _make_target()
