"""The HTML preview: self-contained, deterministic, every module rendered, hostile text escaped."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from compiler.costs import load_cost
from compiler.plan import build_plan
from targets.preview import OUTPUT, TARGET, aggregate, models, render_preview, sample
from targets.preview.charts import Point, pie_chart
from tests.review.support import EXAMPLES, ROOT, load, run

HOSTILE = Path(__file__).parent / "specs" / "hostile.appspec"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return collector


def _page(path: Path) -> str:
    return render_preview(build_plan(load(path)))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_page_is_self_contained_and_shows_every_module(example: Path) -> None:
    page = _page(example)
    parsed = _parse(page)
    tags = [t for t, _ in parsed.tags]
    assert tags.count("script") == 1 and tags.count("style") == 1
    assert "link" not in tags and "img" not in tags and "iframe" not in tags
    for _, attrs in parsed.tags:
        for name in ("src", "href", "action", "xlink:href"):
            assert name not in attrs, (name, attrs)
    assert not re.search(r"url\(|@import|@font-face|https?://", page.split("<main>")[0] + page.split("</main>")[1])
    modules = [a["data-module"] for t, a in parsed.tags if t == "section" and "data-module" in a]
    assert modules == [m.key.value for m in load(example).modules]
    views = sum(len(m.views) for m in load(example).modules)
    assert sum(1 for t, a in parsed.tags if t == "figure" and "data-view" in a) == views


def test_same_spec_gives_the_same_bytes_across_processes() -> None:
    code = (
        "import hashlib, sys; from pathlib import Path; import dsl; from compiler.plan import build_plan;"
        "from targets.preview import render_preview;"
        "p = Path(sys.argv[1]); a = dsl.analyze(p.read_text(), p.name).app;"
        "print(hashlib.sha256(render_preview(build_plan(a)).encode()).hexdigest())"
    )
    spec = str(ROOT / "examples" / "release-readiness.appspec")
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": "C", "TZ": "Pacific/Kiritimati"}
        result = subprocess.run([sys.executable, "-c", code, spec], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        digests.add(result.stdout.strip())
    here = hashlib.sha256(_page(Path(spec)).encode()).hexdigest()
    assert digests == {here}


def test_hostile_spec_text_is_escaped() -> None:
    page = _page(HOSTILE)
    parsed = _parse(page)
    assert [t for t, _ in parsed.tags].count("script") == 1
    assert not any(t in ("img", "b") for t, _ in parsed.tags)
    svg_tags = [t for t, a in parsed.tags if t == "svg"]
    assert all(not any(k.startswith("on") for k in a) for _, a in parsed.tags), "event handler attribute leaked"
    assert len(svg_tags) == 1  # the bar chart; the title "<svg onload=…>" stays text
    text = "".join(parsed.text)
    for n in range(1, 10):
        if n == 6:
            continue  # JQL is shown in the side panel as text, checked below
        assert f"alert({n})" in text, n
    assert "</script><script>alert(6)</script>" in text


def test_pie_of_one_slice_is_a_full_circle() -> None:
    chart = pie_chart([Point("Done", 4, "4")], donut=True)
    assert chart["slices"][0]["full"] is True


def test_registered_as_a_target() -> None:
    spec = ROOT / "examples" / "overdue-gadget.appspec"
    drafts = TARGET.emit(build_plan(load(spec)))
    assert [d.path for d in drafts] == [OUTPUT] and drafts[0].content == _page(spec)


def test_cli_writes_the_page(tmp_path: Path) -> None:
    spec = str(ROOT / "examples" / "bug-trends-gadget.appspec")
    out = tmp_path / "p.html"
    code, stdout, _ = run("preview", spec, "-o", str(out))
    assert code == 0 and out.read_text(encoding="utf-8") == _page(Path(spec)) and "wrote" in stdout
    code, stdout, _ = run("preview", spec, "-o", "-")
    assert code == 0 and stdout == _page(Path(spec))


def test_cli_errors(tmp_path: Path) -> None:
    spec = str(ROOT / "examples" / "bug-trends-gadget.appspec")
    code, _, err = run("preview", spec, "-o", str(tmp_path / "missing" / "p.html"))
    assert code == 2 and "no such folder" in err
    bad = tmp_path / "bad.appspec"
    bad.write_text('app "X" {\n  gadget g "G" {\n    issues where "project = P"\n    table { key, nope }\n  }\n}\n')
    code, _, err = run("preview", str(bad), "-o", str(tmp_path / "p.html"))
    assert code == 1 and f"{bad}:4:" in err and not (tmp_path / "p.html").exists() and "Traceback" not in err


def test_preview_is_in_the_targets_registry() -> None:
    from targets import get_target, target_names

    assert "preview" in target_names() and get_target("preview") is TARGET


def test_views_that_read_every_value_say_what_the_app_says_at_scale() -> None:
    """A sum over many issues is based on what one load can read: the preview shows the app's own sentence for it
    (aggregate.coverage_note, pinned to the runtime's coverage.js by tests/vectors/coverage.json), with the size;
    counts, exact at any size, say nothing."""
    plan = build_plan(load(ROOT / "benchmarks" / "specs" / "scale-sums.appspec"))
    module = plan.modules[0]
    shown = models.module(plan, module).views
    cost = load_cost(module, models.AT_SCALE, plan.budget)
    assert cost is not None and cost.covered < cost.matching
    note = aggregate.coverage_note({"kind": "part", "covered": cost.covered, "total": cost.matching, "unit": "issues"})
    said = [v.coverage for v in shown if not isinstance(v, models.RowsView)]
    assert said == [f"At 100,000 matching issues: {note}"] * 3 + [None] * 3
    assert note in render_preview(plan)
    small = build_plan(load(ROOT / "examples" / "bug-trends-gadget.appspec"))  # counts only
    assert all(getattr(v, "coverage", None) is None for m in small.modules for v in models.module(small, m).views)


def _example(name: str) -> Path:
    return ROOT / "examples" / f"{name}.appspec"


def test_computed_values_units_and_highlights_follow_the_app_rules() -> None:
    """The overdue example: each shown row's days overdue is today (the preview's fixed clock) minus its due date,
    in days; exactly the rows with a positive value are highlighted, with the label."""
    plan = build_plan(load(_example("overdue-highlighted")))
    (view,) = models.module(plan, plan.modules[0]).views
    assert isinstance(view, models.RowsView)
    due = [c.field for c in view.columns].index("duedate")
    days = [c.field for c in view.columns].index("days_overdue")
    for row, marked in zip(view.rows, view.highlighted, strict=True):
        if row[due].value is None:
            assert row[days].display == "—" and not marked
            continue
        overdue = (sample.TODAY - date.fromisoformat(str(row[due].value))).days
        assert row[days].display == f"{overdue}d"
        assert marked is (overdue > 0)
    assert any(view.highlighted) and not all(view.highlighted)
    page = _parse(render_preview(plan))
    marked_rows = [attrs for tag, attrs in page.tags if tag == "tr" and attrs.get("class") == "highlighted"]
    assert len(marked_rows) == sum(view.highlighted)
    assert "Overdue" in page.text


def test_forms_say_which_setting_an_empty_value_takes_and_what_is_optional() -> None:
    page = _page(_example("home-project-gadget"))
    text = "".join(_parse(page).text)
    assert "Leave empty to use the app setting “Home project”." in text
    assert "Optional: leave it empty to leave this condition out." in text
    ui = (ROOT / "targets" / "forge_uikit" / "frontend" / "config.jsx").read_text(encoding="utf-8")
    assert "Leave empty to use the app setting “${" in ui  # the app's form says the same
    assert "'Optional: leave it empty to leave this condition out.'" in ui
