"""What the panels show for one spec text: its diagnostics, and — when it is valid — its scopes, audit and
preview, each made by the same code as ``check``, ``scopes``, ``audit`` and ``preview``.

Views are plain JSON data for the page, cached by the text's SHA-256 (the page asks again for the same
text often: on every pause in typing, on every event). The preview page is kept beside them and served
at ``/preview/<key>``, so the browser loads it into a sandboxed frame with its own content policy.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from compiler.audit import audit_to_json, build_audit, render_text
from compiler.plan import PlanError, build_plan
from dsl import analyze
from dsl.analysis import Analysis
from dsl.diagnostics import Diagnostic
from dsl.parser import keyword_table
from dsl.render import summary_line
from forgewright.commands.build import default_out_dir
from forgewright.commands.scopes import scopes_json
from targets.preview import render_preview

MAX_DIAGNOSTICS = 200
"""The page lists at most this many (a pasted wall of text can produce thousands)."""

COST_WORDS = ("cost", "points")
"""An audit entry whose key holds one of these words is the app's Jira cost (requests and rate-limit
points per load, from compiler/costs.py); an audit without one (no module reads data) says it is not known."""


@dataclass(frozen=True)
class SpecViews:
    """The panels' data for one text, and its preview page (None unless the spec is valid)."""

    key: str
    data: dict[str, Any]
    preview: str | None


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _utf16_offsets(text: str) -> list[int]:
    """Where each line starts, counted in UTF-16 code units (how the page's JavaScript counts)."""
    starts, at = [0], 0
    for line in text.splitlines(keepends=True):
        at += len(line.encode("utf-16-le")) // 2
        starts.append(at)
    return starts


def _position(lines: list[str], starts: list[int], line: int, column: int) -> int:
    """The UTF-16 offset of a 1-based line and column (clamped to the text)."""
    if line > len(lines):
        return starts[-1]
    text = lines[max(line, 1) - 1].rstrip("\r\n")
    before = text[: max(column, 1) - 1]
    return starts[max(line, 1) - 1] + len(before.encode("utf-16-le")) // 2


def diagnostics_json(analysis: Analysis) -> list[dict[str, Any]]:
    """Each diagnostic as the page shows it: code, severity, message, hint, line and column, and its
    start and end as offsets into the text (so the page can mark it where it is)."""
    lines = analysis.source.splitlines(keepends=True)
    starts = _utf16_offsets(analysis.source)
    out = []
    for diagnostic in analysis.diagnostics[:MAX_DIAGNOSTICS]:
        span = diagnostic.span
        start = _position(lines, starts, span.line, span.column)
        end = max(start + 1, _position(lines, starts, span.end_line, span.end_column))
        out.append({**_plain(diagnostic), "from": start, "to": end})
    return out


def _plain(diagnostic: Diagnostic) -> dict[str, Any]:
    data = diagnostic.to_json()
    del data["file"]  # the page knows which file it shows; the key would only repeat it
    return data


def cost_of(audit: dict[str, Any]) -> dict[str, Any] | None:
    """The Jira cost per load the audit states (app-wide and per module), or None when it states none."""

    def costs(entry: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in entry.items() if value and any(word in key for word in COST_WORDS)}

    app = costs(audit)
    modules = [
        {"key": module.get("key"), "title": module.get("title"), "cost": found}
        for module in audit.get("modules", [])
        if isinstance(module, dict) and (found := costs(module))
    ]
    return {"app": app, "modules": modules} if app or modules else None


def compute_views(text: str, name: str) -> SpecViews:
    """Check ``text`` (called ``name`` in its diagnostics) and, when it is valid, plan, audit and preview it."""
    key = text_key(text)
    if not text.strip():  # a new spec: nothing to report yet (not "the spec ends too early")
        empty = {"key": key, "ok": False, "empty": True, "summary": "no spec yet", "diagnostics": []}
        return SpecViews(key, {**empty, "more_diagnostics": 0, "problem": None}, None)
    analysis = analyze(text, name)
    data: dict[str, Any] = {
        "key": key,
        "ok": analysis.ok,
        "empty": False,
        "summary": summary_line(analysis.diagnostics),
        "diagnostics": diagnostics_json(analysis),
        "more_diagnostics": max(0, len(analysis.diagnostics) - MAX_DIAGNOSTICS),
        "problem": None,
    }
    if not analysis.ok or analysis.app is None:
        return SpecViews(key, data, None)
    try:
        plan = build_plan(analysis.app)
        audit = build_audit(analysis.app, text)
        page = render_preview(plan)
    except PlanError as error:  # a plan the checker let through: say so, as the commands do
        data.update(ok=False, problem=str(error))
        return SpecViews(key, data, None)
    audit_data = audit_to_json(audit)
    data.update(
        app=plan.app_name,
        scopes=scopes_json(plan),
        audit={**audit_data, "text": render_text(audit)},
        cost=cost_of(audit_data),
        preview=f"/preview/{key}",
        build_folder=str(default_out_dir(plan.app_name)),
    )
    return SpecViews(key, data, page)


def keywords() -> list[str]:
    """The language's keywords, from the grammar itself (the editor highlights them)."""
    return sorted({word for words in keyword_table().words.values() for word in words})


class ViewCache:
    """The views of the last few texts, so that asking again costs nothing and previews stay servable."""

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._views: OrderedDict[tuple[str, str], SpecViews] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str, name: str) -> SpecViews:
        entry = (text_key(text), name)
        with self._lock:
            if entry in self._views:
                self._views.move_to_end(entry)
                return self._views[entry]
        views = compute_views(text, name)  # outside the lock: the checker and compiler are thread-safe
        with self._lock:
            self._views[entry] = views
            while len(self._views) > self._size:
                self._views.popitem(last=False)
        return views

    def preview(self, key: str) -> str | None:
        """The preview page of a text seen lately, by its key."""
        with self._lock:
            for (text_sha, _name), views in reversed(self._views.items()):
                if text_sha == key and views.preview is not None:
                    return views.preview
        return None
