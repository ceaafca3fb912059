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
from compiler.plan import Plan, PlannedChart, PlannedMetric, PlannedModule, PlannedParam, PlannedView
from compiler.plan_types import FixedLimit
from compiler.version import forgewright_version
from dsl.resolve import DataKind
from targets.preview import aggregate, charts, sample

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


def _chart_model(view: PlannedChart, rows: list[dict[str, sample.Cell]]) -> dict[str, Any]:
    """A chart's points and geometry, grouped and aggregated by the app's rules."""
    pairs = [(_value(row, view.x), _value(row, view.field)) for row in rows]
    found, omitted = aggregate.chart_points(pairs, view.x_type, view.bucket, view.aggregate, view.field_type)
    duration = view.field_type == "duration"
    points = charts.points(found, duration)
    if view.chart == "horizontal bar":
        svg = charts.horizontal_bar_chart(points)
    elif view.chart == "line":
        svg = charts.line_chart(points, duration)
    elif view.chart in ("pie", "donut"):
        svg = charts.pie_chart(points, donut=view.chart == "donut")
    else:
        svg = charts.bar_chart(points, duration)
    what = view.aggregate if view.field is None else f"{view.aggregate} of {view.field}"
    return {
        "axis": {"x": view.x + (f" by {view.bucket}" if view.bucket else ""), "y": what},
        "empty": not points,
        "svg": svg,
        "omitted": aggregate.omitted_note(omitted) if omitted else None,
    }


def _value(row: dict[str, sample.Cell], name: str | None) -> object:
    found = row.get(name) if name is not None else None
    return found.value if found is not None else None


def _view_model(
    view: PlannedView, index: int, rows: list[dict[str, sample.Cell]], params: dict[str, PlannedParam]
) -> dict[str, Any]:
    when = params.get(view.when) if view.when else None
    model: dict[str, Any] = {
        "kind": view.kind,
        "chart": view.chart if isinstance(view, PlannedChart) else None,
        "title": view.title,
        "index": index,
        "when": None if when is None else {"label": when.label, "on": when.default is True},
    }
    if isinstance(view, PlannedChart):
        return model | _chart_model(view, rows)
    if isinstance(view, PlannedMetric):
        value = aggregate.metric_value([_value(row, view.field) for row in rows], view.aggregate, view.field_type)
        model["value"] = charts.display(value, view.field_type == "duration")
        model["what"] = view.aggregate if view.field is None else f"{view.aggregate} of {view.field}"
        return model
    model["columns"] = [{"field": c.field, "heading": c.heading} for c in view.columns]
    model["rows"] = [[row[c.field] for c in view.columns if c.field in row] for row in rows[:TABLE_ROWS]]
    model["total"] = len(rows)
    return model


def _module_model(plan: Plan, module: PlannedModule) -> dict[str, Any]:
    data = module.data
    rows: list[dict[str, sample.Cell]] = []
    source = None
    if data is not None:
        limit = data.limit.value if isinstance(data.limit, FixedLimit) else AGGREGATE_ROWS
        rows = sample.rows(module.key, module.fields, data.kind, max(1, min(limit, AGGREGATE_ROWS)))
        source = {
            "label": DATA_LABELS[data.kind],
            "jql": data.jql_text or None,
            "order": ", ".join(f"{o.jql} {o.direction}" for o in data.order),
            "limit": str(data.limit.value) if isinstance(data.limit, FixedLimit) else f"{{{data.limit.param}}}",
        }
    params = {p.name: p for p in module.config}
    scopes = [
        {"scope": g.scope, "why": sorted({r.why for r in g.reasons if r.module_key == module.key})}
        for g in plan.scopes
        if any(r.module_key == module.key for r in g.reasons)
    ]
    texts = module.texts
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
        "views": [_view_model(v, i, rows, params) for i, v in enumerate(module.views)],
        "texts": [{"kind": kind, "text": getattr(texts, kind)} for kind in texts.given],
        "scopes": scopes,
    }


def _hosts(plan: Plan) -> list[dict[str, Any]]:
    """The Forge modules in spec order, each with the spec modules it shows (several only as tabs)."""
    return [
        {"key": m.key, "modules": [_module_model(plan, member) for member in plan.hosted_by(m.key)]}
        for m in plan.modules
        if m.host_key == m.key
    ]


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
            hosts=_hosts(plan),
            module_count=len(plan.modules),
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
