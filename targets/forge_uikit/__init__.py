"""Target ``forge-uikit``: a complete Forge app with UI Kit frontends and one resolver.

Output layout::

    manifest.yml              modules, resources, the resolver function, derived scopes (every string quoted)
    package.json              exact @forge/* versions, only the packages the app's files import
    README.md                 what the app does, each scope and why, how to deploy
    src/app.js                the app's plan as commented data: queries, requests, fields, views, budgets
    src/index.js              the resolver: the runtime modules this app uses, given its plan
    src/runtime/*.js          the runtime, copied unchanged (only the modules the plan needs)
    src/frontend/ui.jsx       shared UI Kit views (copied unchanged)
    src/frontend/config.jsx   configuration and settings forms (copied unchanged, when a module has one)
    src/frontend/<key>.jsx    one entry per Forge module (+ <key>-edit.jsx for a configurable gadget)

Generated text is small and made from data: app.js by :mod:`targets.forge_uikit.app_data`, the entries and
index.js by short templates, YAML and JSON by their dumpers. Spec strings reach JavaScript only as string
literals printed by :mod:`targets.forge_uikit.jsdata`, and Markdown through the ``md`` filter.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import jinja2
import yaml

from compiler.audit import plan_audit
from compiler.drafts import FileDraft
from compiler.markdown import md_code, md_text
from compiler.plan import RESOLVER_FUNCTION, Plan
from dsl import ast
from targets.forge_uikit import app_data, jsdata
from targets.forge_uikit.runtime_files import (
    FRONTEND_DIR,
    RUNTIME_DIR,
    frontend_source,
    packages,
    runtime_source,
    wiring,
)

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
FRONTEND_PACKAGES = ("@forge/bridge", "@forge/react", "react")
OVERRIDES = {"@atlaskit/navigation-system": "10.17.7"}


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
    env.filters["js"] = jsdata.string
    env.filters["md"] = md_text
    env.filters["mdcode"] = md_code
    return env


def _render(template: str, **context: Any) -> str:
    return _env().get_template(template).render(**context)


# ---------------------------------------------------------------------------------------------- manifest


def _yaml_node(value: object) -> yaml.Node:
    """YAML nodes with every string value double-quoted, so no title can be read as a number, a boolean or null,
    and line separators travel as escapes that YAML 1.1 and 1.2 loaders read alike. Keys stay plain."""
    if isinstance(value, dict):
        pairs = [(yaml.ScalarNode("tag:yaml.org,2002:str", str(k)), _yaml_node(v)) for k, v in value.items()]
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)
    if isinstance(value, list):
        return yaml.SequenceNode("tag:yaml.org,2002:seq", [_yaml_node(v) for v in value], flow_style=False)
    if isinstance(value, str):
        return yaml.ScalarNode("tag:yaml.org,2002:str", value, style='"')
    raise TypeError(f"no YAML form for {type(value).__name__} in the manifest")


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
        resources.append({"key": f"{module.key}-view", "path": f"{FRONTEND_DIR}/{module.key}.jsx"})
        if module.has_edit_view:
            entry["edit"] = {"resource": f"{module.key}-edit", "render": "native"}
            resources.append({"key": f"{module.key}-edit", "path": f"{FRONTEND_DIR}/{module.key}-edit.jsx"})
        modules.setdefault(module.forge_type, []).append(entry)
    modules["function"] = [{"key": RESOLVER_FUNCTION, "handler": "index.handler"}]
    permissions: dict[str, Any] = {"scopes": list(plan.scope_names)}
    if plan.egress:
        permissions["external"] = {"fetch": {"backend": [{"address": a} for a in plan.egress]}}
    manifest = {
        "app": {"id": plan.app_id or PLACEHOLDER_APP_ID, "runtime": {"name": RUNTIME}},
        "modules": modules,
        "resources": sorted(resources, key=lambda r: r["key"]),
        "permissions": permissions,
    }
    header = "# Generated by forgewright from the app spec; edit the spec and rebuild instead of this file.\n"
    if plan.app_id is None:
        header += "# The app id below is a placeholder: `forge register` replaces it with the real one.\n"
    body = yaml.serialize(_yaml_node(manifest), Dumper=yaml.SafeDumper, allow_unicode=True, width=1_000_000)
    return header + body


# ---------------------------------------------------------------------------------------------- other files


def _slug(name: str) -> str:
    out = []
    for ch in name.lower():
        out.append(ch if ("a" <= ch <= "z" or "0" <= ch <= "9") else "-")
    slug = "-".join(filter(None, "".join(out).split("-")))
    return slug or "forge-app"


def _package_json(plan: Plan, runtime: tuple[str, ...]) -> str:
    deps = {*FRONTEND_PACKAGES, *packages(runtime)}
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


def _readme(plan: Plan) -> str:
    audit = plan_audit(plan)
    costs = [m for m in audit.modules if m.costs]
    placeholder = plan.app_id is None
    return _render("README.md.j2", plan=plan, placeholder=placeholder, costs=costs, assumptions=audit.assumptions)


def _frontends(plan: Plan) -> list[FileDraft]:
    """The shared views, the forms when a module has any, and one entry per Forge module."""
    drafts = [FileDraft(f"{FRONTEND_DIR}/ui.jsx", frontend_source("ui.jsx"))]
    if any(m.config or m.settings for m in plan.modules):
        drafts.append(FileDraft(f"{FRONTEND_DIR}/config.jsx", frontend_source("config.jsx")))
    for module in plan.modules:
        if module.host_key == module.key:
            with_settings = any(m.settings for m in plan.hosted_by(module.key))
            entry = _render("module.jsx.j2", key=module.key, with_settings=with_settings)
            drafts.append(FileDraft(f"{FRONTEND_DIR}/{module.key}.jsx", entry))
        if module.has_edit_view:
            drafts.append(FileDraft(f"{FRONTEND_DIR}/{module.key}-edit.jsx", _render("edit.jsx.j2", key=module.key)))
    return drafts


def emit(plan: Plan) -> list[FileDraft]:
    """Every file of the app, sorted by path."""
    wired = wiring(plan)
    index = _render(
        "index.js.j2",
        imports=wired.imports,
        fetchers=wired.fetchers,
        finders=wired.finders,
        readers=wired.readers,
        options=wired.options,
        settings=wired.settings,
        issue=wired.issue,
    )
    drafts = [
        FileDraft("manifest.yml", _manifest(plan)),
        FileDraft("package.json", _package_json(plan, wired.modules)),
        FileDraft("README.md", _readme(plan)),
        FileDraft(app_data.PATH, app_data.app_js(plan)),
        FileDraft("src/index.js", index),
        *(FileDraft(f"{RUNTIME_DIR}/{name}", runtime_source(name)) for name in wired.modules),
        *_frontends(plan),
    ]
    return sorted(drafts)


def _make_target() -> Any:
    from targets import Target

    return Target(NAME, "Atlassian Forge app for Jira with UI Kit frontends", emit)


TARGET = _make_target()
