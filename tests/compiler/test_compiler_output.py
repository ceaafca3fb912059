"""The whole output tree of every example (syrupy), determinism across processes, and CLI behaviour."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from syrupy.assertion import SnapshotAssertion

from compiler import build
from compiler.lock import LOCK_FILE, sha256_text
from compiler.plan import build_plan
from compiler.plan_types import PlannedBinary, PlannedChart, PlannedMetric, PlannedNumber, PlannedPivot, PlannedTable
from dsl import analyze
from forgewright.cli import cli
from targets.forge_uikit.runtime_files import copied_source

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.appspec"))


def build_file(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    analysis = analyze(text, path.name)
    assert analysis.ok, analysis.diagnostics
    assert analysis.app is not None
    return build(analysis.app, text).files()


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_output_tree(example: Path, snapshot: SnapshotAssertion) -> None:
    """What the compiler writes for each example; files copied unchanged from the runtime are listed by path."""
    files = build_file(example)
    generated = {path: content for path, content in files.items() if copied_source(path) is None}
    copied = [path for path in files if copied_source(path) is not None]
    assert {"generated": generated, "copied unchanged": copied} == snapshot


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_copied_files_are_the_runtime_byte_for_byte(example: Path) -> None:
    files = build_file(example)
    copied = {path: copied_source(path) for path in files}
    assert any(source is not None for source in copied.values())
    for path, source in copied.items():
        assert source is None or files[path] == source, path


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_output_is_well_formed(example: Path) -> None:
    files = build_file(example)
    assert list(files) == sorted(files)
    for path, content in files.items():
        assert "\r" not in content and content.endswith("\n"), path
        assert str(ROOT) not in content, path
    manifest = yaml.safe_load(files["manifest.yml"])
    assert manifest["app"]["runtime"]["name"] == "nodejs22.x"
    assert "external" not in manifest["permissions"]
    assert "remotes" not in manifest and "webtrigger" not in manifest["modules"]
    lock = json.loads(files[LOCK_FILE])
    assert lock["format"] == 1
    assert LOCK_FILE not in lock["files"]
    assert lock["files"] == {p: sha256_text(c) for p, c in files.items() if p != LOCK_FILE}
    assert [s["scope"] for s in lock["scopes"]] == manifest["permissions"]["scopes"]
    package = json.loads(files["package.json"])
    uses_kvs = any("from '@forge/kvs'" in content for path, content in files.items() if path.endswith(".js"))
    assert ("@forge/kvs" in package["dependencies"]) == uses_kvs
    for path, content in files.items():
        if path.endswith(".jsx"):
            assert "import React" in content, path
    resources = {r["path"] for r in manifest["resources"]}
    assert resources <= set(files)


_BUILD_SCRIPT = """
import hashlib, json, sys
from pathlib import Path
from compiler import build
from dsl import analyze
out = {}
for name in sys.argv[1:]:
    text = Path(name).read_text(encoding="utf-8")
    app = analyze(text, Path(name).name).app
    for d in build(app, text).drafts:
        out[name + ":" + d.path] = hashlib.sha256(d.content.encode()).hexdigest()
print(json.dumps(out, sort_keys=True))
"""


def test_builds_are_byte_identical_across_hash_seeds() -> None:
    digests = []
    for seed in ("1", "2024"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", _BUILD_SCRIPT, *map(str, EXAMPLES)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
        )
        digests.append(result.stdout)
    assert digests[0] == digests[1]
    assert len(json.loads(digests[0])) > 0


SPEC = """app "Demo App" {
  gadget g "Open work" {
    config {
      project: project "Project"
    }
    issues where "project = {project}"
    table { key, summary, status }
  }
}
"""


def test_build_verify_and_scopes_commands(tmp_path: Path) -> None:
    spec = tmp_path / "demo.appspec"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(spec), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "read:jira-work" in result.output and "manifest.yml" in result.output
    assert (out / LOCK_FILE).is_file()

    result = runner.invoke(cli, ["verify", str(spec), str(out)])
    assert result.exit_code == 0, result.output

    (out / "src" / "index.js").write_text("// edited\n", encoding="utf-8")
    (out / "README.md").unlink()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    (out / "node_modules").mkdir()
    (out / "node_modules" / "x.js").write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["verify", str(spec), str(out)])
    assert result.exit_code == 1
    assert "missing  README.md" in result.output
    assert "extra    notes.txt" in result.output
    assert "edited   src/index.js" in result.output
    assert "node_modules" not in result.output

    result = runner.invoke(cli, ["scopes", str(spec), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert [s["scope"] for s in payload["scopes"]] == ["read:jira-work"]
    assert {r["line"] for r in payload["scopes"][0]["reasons"]} == {4, 6}
    text = runner.invoke(cli, ["scopes", str(spec)])
    assert text.exit_code == 0 and "SPEC LINE" in text.output


def test_build_with_errors_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    spec = tmp_path / "bad.appspec"
    spec.write_text('app "X" {\n  gadget g "G" {\n    table { key \n}\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(spec), "-o", str(out)])
    assert result.exit_code == 1
    assert "bad.appspec:" in result.output
    assert not out.exists()


def test_build_refuses_a_foreign_folder(tmp_path: Path) -> None:
    spec = tmp_path / "demo.appspec"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "mine"
    out.mkdir()
    (out / "precious.txt").write_text("keep", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(spec), "-o", str(out)])
    assert result.exit_code == 2
    assert "forgewright.lock" in result.output
    assert (out / "precious.txt").read_text(encoding="utf-8") == "keep"


def test_missing_spec_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "nope.appspec")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_duration_literals_are_exact_seconds() -> None:
    """A duration literal becomes its seconds from its text, so no float artefact reaches the app."""
    text = (
        'app "U" {\n  global_page p "P" {\n    field x = timespent + 0.1 minutes + 1.5 days + 2 weeks\n'
        '    issues where "resolution is EMPTY"\n    table { key, x }\n  }\n}\n'
    )
    app = analyze(text).app
    assert app is not None
    expr = build_plan(app).modules[0].computed[0].expr
    numbers = []
    while isinstance(expr, PlannedBinary):
        assert isinstance(expr.right, PlannedNumber)
        numbers.append(expr.right.value)
        expr = expr.left
    assert numbers == [1209600, 129600, 6]
    assert all(isinstance(n, int) for n in numbers)


def test_charts_over_computed_fields_read_the_fields_they_are_computed_from() -> None:
    """Jira cannot count or sum a computed value: a chart by one (or of one) reads the values of every matching
    issue (the scan), asking for exactly the fields the calculation uses; a chart by a Jira field still counts
    its groups in Jira."""
    text = (
        'app "C" {\n  global_page p "P" {\n    field kind = issuetype\n    field age = now() - created\n'
        '    issues where "resolution is EMPTY"\n'
        "    bar chart { x kind y count }\n    bar chart { x priority y avg(age) }\n"
        "    bar chart { x priority y count }\n  }\n}\n"
    )
    app = analyze(text).app
    assert app is not None
    module = build_plan(app).modules[0]
    by_kind, by_age, by_priority = (view.series[0] for view in module.views if isinstance(view, PlannedChart))
    assert by_kind.sources[-1] == "values" and by_age.sources[-1] == "values"
    assert by_priority.sources[-1] == "groups:priority"
    (scan,) = [f for f in module.fetches if f.kind == "scan"]
    assert set(scan.fields) == {"issuetype", "created", "priority"}
    assert [c.name for c in module.computed] == ["kind", "age"]


def test_units_reach_the_plan_where_values_are_shown() -> None:
    """`in days` on a series, metric or pivot value and a number field's unit label reach the planned value (counts
    have none); a median over a computed duration reads the fields it is computed from."""
    text = (
        'app "U" {\n  field points: number = customfield_10016 unit "points"\n  global_page p "P" {\n'
        "    field resolution_time = resolved - created\n"
        '    issues where "resolution is not EMPTY"\n'
        '    bar chart { x issuetype y median(resolution_time) "Median" in days, count "Issues" in days }\n'
        "    metric { value percentile(resolution_time, 85) in weeks }\n"
        "    pivot { rows assignee columns status value sum(points) }\n"
        "    table { key, points, resolution_time in days }\n  }\n}\n"
    )
    analysis = analyze(text)
    assert [d.code for d in analysis.diagnostics] == ["E211", "E220"]  # a count has no unit, nor an axis with days
    fixed = text.replace(', count "Issues" in days', "")
    app = analyze(fixed).app
    assert app is not None
    module = build_plan(app).modules[0]
    chart, metric, pivot, table = module.views
    assert isinstance(chart, PlannedChart) and [s.unit for s in chart.series] == ["days"]
    assert isinstance(metric, PlannedMetric) and metric.unit == "weeks"
    assert isinstance(pivot, PlannedPivot) and pivot.unit == "points"
    assert isinstance(table, PlannedTable) and [c.unit for c in table.columns] == [None, "points", "days"]
    (scan,) = [f for f in module.fetches if f.kind == "scan"]
    assert {"resolutiondate", "created"} <= set(scan.fields)
