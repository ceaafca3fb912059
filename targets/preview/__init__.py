"""Target ``preview``: one self-contained HTML page showing each module as it will look.

The page has everything inline (CSS, a few lines of JavaScript, SVG charts): no network, no CDN, no web
fonts, so it opens from a PR artefact or an e-mail. Data is synthetic, made from the field types by
:mod:`targets.preview.sample` (seeded by module key and field name), so the same spec always renders
the same bytes and no Jira data is ever involved.

Every spec string reaches the page through Jinja2's HTML autoescaping (``autoescape=True``); the only
unescaped inserts are the static stylesheet and script shipped with this package.

:func:`render_preview` is pure (plan in, page text out); :data:`TARGET` wraps it as a registered target
emitting ``preview.html``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2

from compiler.drafts import FileDraft
from compiler.plan import Plan, PlannedField, PlannedModule, PlannedParam, PlannedView
from compiler.version import forgewright_version
from dsl.resolve import DataKind
from dsl.types import FieldType
from targets.preview import charts, sample

NAME = "preview"
OUTPUT = "preview.html"
TABLE_ROWS = 8
AGGREGATE_ROWS = 40

KIND_LABELS = {
    "gadget": "Dashboard gadget",
    "issue_panel": "Issue panel",
    "project_page": "Project page",
    "global_page": "Global page (Apps menu)",
    "admin_page": "Admin page (Jira settings)",
}

DATA_LABELS = {
    DataKind.ISSUES: "issues",
    DataKind.WORKLOGS: "work logs",
    DataKind.PROJECTS: "projects",
    DataKind.FILTERS: "saved filters",
}


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("targets.preview", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _static(name: str) -> str:
    return (resources.files("targets.preview") / "templates" / name).read_text(encoding="utf-8")


def _param_model(module: str, param: PlannedParam) -> dict[str, Any]:
    default = param.default
    model: dict[str, Any] = {
        "name": param.name,
        "type": param.type,
        "label": param.label,
        "id": f"fw-{module}-{param.name}",
        "default": "" if default is None else default,
        "options": list(param.options),
        "checked": default is True,
    }
    if param.type == "project":
        model["options"] = [f"{name} ({key})" for name, key in zip(sample.PROJECTS, sample.PROJECT_KEYS, strict=True)]
    elif param.type == "filter":
        model["options"] = list(sample.FILTER_NAMES)
    elif param.type == "user":
        model["options"] = list(sample.PEOPLE)
    return model


def _field_type(fields: dict[str, PlannedField], name: str | None) -> FieldType | None:
    if name is None or name not in fields:
        return None
    return FieldType(fields[name].type)


def _view_model(
    module: PlannedModule,
    view: PlannedView,
    index: int,
    rows: list[dict[str, sample.Cell]],
    fields: dict[str, PlannedField],
    params: dict[str, PlannedParam],
) -> dict[str, Any]:
    when = params.get(view.when) if view.when else None
    model: dict[str, Any] = {
        "kind": view.kind,
        "chart": view.chart,
        "title": view.title,
        "index": index,
        "when": None if when is None else {"label": when.label, "on": when.default is True},
    }
    if view.kind in ("table", "list"):
        model["columns"] = [
            {"field": c.field, "heading": c.heading or (fields[c.field].heading if c.field in fields else c.field)}
            for c in view.columns
        ]
        model["rows"] = [[row[c.field] for c in view.columns if c.field in row] for row in rows[:TABLE_ROWS]]
        model["total"] = len(rows)
        return model
    y_type = _field_type(fields, view.aggregate_field)
    what = view.aggregate if view.aggregate_field is None else f"{view.aggregate} of {view.aggregate_field}"
    if view.kind == "metric":
        model["value"] = charts.metric(rows, view.aggregate or "count", view.aggregate_field, y_type)
        model["what"] = what
        return model
    x_type = _field_type(fields, view.x) or FieldType.TEXT
    points = charts.aggregate(
        rows, view.x or "", x_type, view.bucket, view.aggregate or "count", view.aggregate_field, y_type
    )
    model["axis"] = {"x": view.x + (f" by {view.bucket}" if view.bucket else "") if view.x else "", "y": what}
    model["empty"] = not points
    if view.chart == "horizontal bar":
        model["svg"] = charts.horizontal_bar_chart(points)
    elif view.chart == "line":
        model["svg"] = charts.line_chart(points, y_type is FieldType.DURATION)
    elif view.chart in ("pie", "donut"):
        model["svg"] = charts.pie_chart(points, donut=view.chart == "donut")
    else:
        model["svg"] = charts.bar_chart(points, y_type is FieldType.DURATION)
    return model


def _module_model(plan: Plan, module: PlannedModule) -> dict[str, Any]:
    fields = {f.name: f for f in module.fields}
    data = module.data
    rows: list[dict[str, sample.Cell]] = []
    source = None
    if data is not None:
        limit = data.limit if data.limit is not None else AGGREGATE_ROWS
        rows = sample.rows(module.key, module.fields, data.kind, max(1, min(limit, AGGREGATE_ROWS)))
        source = {
            "label": DATA_LABELS[data.kind],
            "jql": data.jql_text or None,
            "order": ", ".join(f"{o.jql} {o.direction}" for o in data.order),
            "limit": f"{{{data.limit_param}}}" if data.limit_param else str(data.limit),
        }
    params = {p.name: p for p in module.config}
    scopes = [
        {"scope": g.scope, "why": sorted({r.why for r in g.reasons if r.module_key == module.key})}
        for g in plan.scopes
        if any(r.module_key == module.key for r in g.reasons)
    ]
    return {
        "key": module.key,
        "kind": module.kind.value,
        "kind_label": KIND_LABELS.get(module.kind.value, module.kind.value),
        "forge_type": module.forge_type,
        "title": module.title,
        "description": module.description,
        "line": module.span.line,
        "source": source,
        "config": [_param_model(module.key, p) for p in module.config],
        "settings": [_param_model(module.key, p) for p in module.settings],
        "views": [_view_model(module, v, i, rows, fields, params) for i, v in enumerate(module.views)],
        "texts": [{"kind": kind, "text": text} for kind, text in module.texts],
        "scopes": scopes,
    }


def render_preview(plan: Plan) -> str:
    """The preview page for a plan; pure and deterministic (same plan, same bytes)."""
    page = (
        _env()
        .get_template("page.html.j2")
        .render(
            app={
                "name": plan.app_name,
                "description": plan.app_description,
                "scope_style": plan.scope_style,
                "scopes": [g.scope for g in plan.scopes],
                "uses_storage": plan.uses_storage,
            },
            modules=[_module_model(plan, m) for m in plan.modules],
            version=forgewright_version(),
            today=sample.format_date(sample.TODAY),
            style=_static("style.css"),
            script=_static("script.js"),
        )
    )
    return page


def emit(plan: Plan) -> list[FileDraft]:
    return [FileDraft(OUTPUT, render_preview(plan))]


def _make_target() -> Any:
    from targets import Target

    return Target(NAME, "one self-contained HTML page previewing every module with sample data", emit)


TARGET = _make_target()
