"""Target ``preview``: one self-contained HTML page showing each module as it will look.

The page has everything inline (CSS, a few lines of JavaScript, SVG charts): no network, no CDN, no web
fonts, so it opens from a PR artefact or an e-mail. Data is synthetic, made from the field types by
:mod:`targets.preview.sample` (seeded by module key and field name), so the same spec always renders
the same bytes and no Jira data is ever involved.

What each module shows is built as typed values by :mod:`targets.preview.models`; the template lays them out.
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
from compiler.plan import Plan
from compiler.version import forgewright_version
from targets.preview import models, sample

NAME = "preview"
OUTPUT = "preview.html"


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


def render_preview(plan: Plan) -> str:
    """The preview page for a plan; pure and deterministic (same plan, same bytes)."""
    page = (
        _env()
        .get_template("page.html.j2")
        .render(
            app=models.app_summary(plan),
            hosts=models.hosts(plan),
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
