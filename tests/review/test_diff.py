"""The semantic differ: spec pairs covering every kind of change, each rendered in every format.

Each ``pairs/<case>.appspec`` is compared with ``pairs/base.appspec`` (base is old); a
``pairs/<case>.old.appspec`` is the old side and base the new one. Snapshots hold the text,
Markdown and JSON renderings, so a change in any of them is reviewed like code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from compiler.diff import ChangeKind, SpecDiff, diff_apps
from compiler.diff_render import render_json, render_markdown, render_text
from compiler.markdown import md_code, md_text
from dsl import analyze
from dsl.ast import App
from tests.review.support import PAIRS, load


def analyze_text(text: str) -> App:
    app = analyze(text).app
    assert app is not None
    return app


BASE = PAIRS / "base.appspec"
CASES = sorted(p for p in PAIRS.glob("*.appspec") if p != BASE)


def _diff(case: Path) -> SpecDiff:
    if case.name.endswith(".old.appspec"):
        return diff_apps(load(case), load(BASE), case.name, BASE.name)
    return diff_apps(load(BASE), load(case), BASE.name, case.name)


def _case_id(case: Path) -> str:
    return case.name.removesuffix(".appspec")


@pytest.mark.parametrize("case", CASES, ids=_case_id)
@pytest.mark.parametrize("form", ["text", "markdown", "json"])
def test_pair_snapshot(case: Path, form: str, snapshot: SnapshotAssertion) -> None:
    diff = _diff(case)
    rendered = {"text": render_text, "markdown": render_markdown, "json": render_json}[form](diff)
    assert rendered == snapshot


def _kinds(diff: SpecDiff) -> set[tuple[str, str]]:
    found = {(c.area, c.kind.value) for c in diff.app}
    found |= {(c.area, c.kind.value) for m in diff.modules for c in m.changes}
    found |= {("module", f"module {m.kind.value}") for m in diff.modules}
    found |= {("scope", s.kind.value) for s in diff.scopes}
    return found


def test_pairs_cover_every_kind_of_change() -> None:
    seen: set[tuple[str, str]] = set()
    for case in CASES:
        seen |= _kinds(_diff(case))
    expected = {
        ("app", "changed"),
        ("app", "added"),
        ("custom field", "added"),
        ("custom field", "changed"),
        ("computed field", "added"),
        ("module", "module added"),
        ("module", "module removed"),
        ("module", "module changed"),
        ("module", "changed"),
        ("module", "removed"),
        ("data", "changed"),
        ("data", "added"),
        ("config", "added"),
        ("config", "removed"),
        ("config", "changed"),
        ("view", "added"),
        ("view", "removed"),
        ("view", "changed"),
        ("field read", "added"),
        ("field read", "removed"),
        ("operation", "added"),
        ("operation", "changed"),
        ("text", "added"),
        ("text", "removed"),
        ("text", "changed"),
        ("scope", "added"),
        ("scope", "removed"),
        ("scope", "changed"),
    }
    assert expected <= seen, sorted(expected - seen)


def test_calculations_and_conditions_are_compared_as_canonical_text() -> None:
    """A computed field, a highlight and a parameter's optional/setting default change as the spec writes them;
    re-spelling a calculation (brackets, spaces, `1 days`) changes nothing."""
    diff = _diff(PAIRS / "computed-and-inputs.appspec")
    changes = {c.what: (c.old, c.new) for c in diff.app}
    assert changes["computed field days_overdue"] == (None, "today() - duedate")
    overdue = next(m for m in diff.modules if m.key == "overdue")
    texts = {c.what: c.new for c in overdue.changes}
    assert texts["config project"] == 'project = {settings.home_project} "Project"'
    assert texts["config extra"] == 'optional jql "Extra condition"'
    assert texts["view 1"] is not None and texts["view 1"].endswith('highlight "Late" when days_overdue > 7 days')
    new = load(PAIRS / "computed-and-inputs.appspec")
    respelled = (PAIRS / "computed-and-inputs.appspec").read_text(encoding="utf-8")
    respelled = respelled.replace("today() - duedate", "(today())-(duedate)").replace("> 7 days", "> (7 day)")
    assert diff_apps(new, analyze_text(respelled)).empty


def test_units_on_values_and_unit_labels_are_changes() -> None:
    """A value shown in another unit (`in days`) changes its view; a number field's unit label changes the field."""
    old = analyze_text(
        'app "U" {\n  field points: number = customfield_10016\n  gadget g "G" {\n'
        '    issues where "project = A"\n    metric { value sum(timespent) }\n  }\n}\n'
    )
    new = analyze_text(
        'app "U" {\n  field points: number = customfield_10016 unit "points"\n  gadget g "G" {\n'
        '    issues where "project = A"\n    metric { value sum(timespent) in days }\n  }\n}\n'
    )
    diff = diff_apps(old, new)
    assert {c.what: (c.old, c.new) for c in diff.app}["custom field points"] == (
        "number = customfield_10016",
        'number = customfield_10016 unit "points"',
    )
    (module,) = diff.modules
    assert {c.what: c.new for c in module.changes}["view 1"] == "metric { value sum(timespent) in days }"


def test_layout_and_comments_are_not_changes() -> None:
    diff = _diff(PAIRS / "no-semantic-change.appspec")
    assert diff.empty and not diff.needs_consent
    assert diff.summary.line() == "0 modules changed, 0 added, 0 removed; scopes +0 \u22120"


def test_added_scope_needs_consent_and_is_counted() -> None:
    diff = _diff(PAIRS / "settings-added.appspec")
    assert diff.needs_consent
    assert [s.scope for s in diff.added_scopes] == ["storage:app"]
    assert diff.summary.line() == "0 modules changed, 1 added, 0 removed; 1 app change; scopes +1 \u22120"
    reasons = diff.added_scopes[0].reasons_added
    assert [(r.module_key, r.why) for r in reasons] == [("settings", "store the app settings")]


def test_removed_scope_keeps_its_old_reasons_and_needs_no_consent() -> None:
    diff = _diff(PAIRS / "settings-removed.old.appspec")
    assert not diff.needs_consent
    assert [(s.scope, s.kind) for s in diff.scopes if s.kind is not ChangeKind.CHANGED] == [
        ("storage:app", ChangeKind.REMOVED)
    ]
    assert diff.scopes[-1].reasons_removed[0].module_key == "settings"


def test_reversing_a_diff_swaps_added_and_removed() -> None:
    for case in CASES:
        old, new = (case, BASE) if case.name.endswith(".old.appspec") else (BASE, case)
        forward, backward = diff_apps(load(old), load(new)), diff_apps(load(new), load(old))
        assert forward.summary.modules_added == backward.summary.modules_removed
        assert forward.summary.scopes_added == backward.summary.scopes_removed


def test_json_round_trips_and_matches_the_summary() -> None:
    diff = _diff(PAIRS / "module-added.appspec")
    data = json.loads(render_json(diff))
    assert data["summary"]["line"] == diff.summary.line()
    assert [m["key"] for m in data["modules"]] == ["subtasks"]
    assert data["modules"][0]["kind"] == "added"


def test_markdown_neutralises_hostile_spec_text() -> None:
    markdown = render_markdown(_diff(PAIRS / "hostile-strings.appspec"))
    assert "alert(1)" in markdown.replace("\\", "")  # the text is there, escaped
    for line in markdown.splitlines():
        outside = _outside_code_spans(line)
        assert "<" not in outside and "](" not in outside and "**bold**" not in outside, line


def _outside_code_spans(line: str) -> str:
    """The active characters of one Markdown line: escaped characters and code spans dropped."""
    out: list[str] = []
    i = 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == "`":
            run = len(line[i:]) - len(line[i:].lstrip("`"))
            fence = "`" * run
            end = line.find(fence, i + run)
            if end != -1:
                i = end + run
                continue
        out.append(line[i])
        i += 1
    return "".join(out)


def test_markdown_escapers() -> None:
    assert md_text("<b>*x*</b> & 1. done") == r"\<b\>\*x\*\</b\> \& 1. done"
    assert md_text("1. first") == r"1\. first"  # would start an ordered list
    assert md_code("a`b") == "``a`b``"
    assert md_code("`x`") == "`` `x` ``"
    assert md_text("two\nlines") == "two lines"


def test_text_renderer_paints_through_the_given_function() -> None:
    roles: list[str] = []

    def paint(text: str, role: str) -> str:
        roles.append(role)
        return text

    render_text(_diff(PAIRS / "settings-added.appspec"), paint)
    assert {"heading", "added", "warning", "dim"} <= set(roles)


VELOCITY = """app "V" {
  field story_points: number = customfield_10016
  gadget g "G" {
    config {
      board: board "Board"
    }
    sprints of board {board} last 6 closed
    bar chart { x name y sum(completed) }
  }
}
"""


def test_agile_sources_are_compared_as_the_spec_writes_them() -> None:
    """How many sprints, the measure, or the kind of agile data each change the data source; reading sprints adds
    their granular scopes to a classic app, which needs consent."""
    old = analyze_text(VELOCITY)
    more = analyze_text(VELOCITY.replace("last 6 closed", "last 8 closed measure sum(story_points)"))
    (module,) = diff_apps(old, more).modules
    assert {c.what: (c.old, c.new) for c in module.changes}["sprints"] == (
        "sprints of board {board} last 6 closed",
        "sprints of board {board} last 8 closed measure sum(story_points)",
    )
    burndown = analyze_text(
        VELOCITY.replace(
            "sprints of board {board} last 6 closed", "burndown of active sprint of board {board}"
        ).replace("x name y sum(completed)", "x day by day y sum(remaining)")
    )
    changes = {c.what: (c.old, c.new) for m in diff_apps(old, burndown).modules for c in m.changes}
    assert changes["data source"] == ("sprints of a board", "burndown of a sprint")
    plain = analyze_text('app "V" {\n  gadget g "G" {\n    issues where "project = A"\n    table { key }\n  }\n}\n')
    added = diff_apps(plain, old)
    assert "read:sprint:jira-software" in {s.scope for s in added.added_scopes}
    assert added.needs_consent
