"""Live evaluation of the LLM front-end (needs ANTHROPIC_API_KEY; costs tokens; never run in CI).

For each request in requests.yaml it runs the same pipeline as ``forgewright new`` (prompt builder,
strict envelope, check, at most two repairs and three calls) and reports: valid on the first try, valid after repairs,
repairs per request, questions asked, expected properties met (module kind, data source, fields, view
kinds), tokens (input, output, cache read and write) and latency.

    .venv/bin/python benchmarks/llm_eval/run_live.py [--model ID] [--limit N] [--only ID] [--out results.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # run from anywhere: the repo's own packages first

from dsl import ast  # noqa: E402
from dsl.expressions import references  # noqa: E402
from dsl.history_checks import history_measures  # noqa: E402
from dsl.resolve import view_fields  # noqa: E402


@dataclass
class Case:
    id: str
    request: str
    expect: dict[str, Any]


@dataclass
class Result:
    id: str
    status: str = "error"
    first_try_valid: bool = False
    repairs: int = 0
    calls: int = 0
    properties_ok: bool = False
    missing: list[str] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read: int = 0
    cache_write: int = 0
    seconds: float = 0.0
    error: str = ""


def load_cases(path: Path = HERE / "requests.yaml") -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Case(item["id"], item["request"], item.get("expect") or {}) for item in data]


def _view_kind(view: ast.View) -> str:
    if isinstance(view, ast.TableView):
        return "table"
    if isinstance(view, ast.ListView):
        return "list"
    if isinstance(view, ast.ChartView):
        return view.kind.value
    return "pivot" if isinstance(view, ast.PivotView) else "metric"


def _data_kind(data: ast.DataSource | None) -> str | None:
    kinds = {
        ast.IssuesSource: "issues",
        ast.WorklogsSource: "worklogs",
        ast.StatusPeriodsSource: "status periods",
        ast.ProjectsSource: "projects",
        ast.FiltersSource: "filters",
        ast.SprintsSource: "sprints",
        ast.VersionsSource: "versions",
        ast.BurndownSource: "sprint days",
    }
    return None if data is None else kinds[type(data)]


def _features(app: ast.App) -> set[str]:
    """The language features a spec uses, for requests that need them (``expect: {features: [...]}``)."""
    found: set[str] = set()
    params = [p for m in app.modules for p in (*m.config, *m.settings)]
    rows = [v for m in app.modules for v in m.views if isinstance(v, ast.TableView | ast.ListView)]
    computed = [*app.computed, *(c for m in app.modules for c in m.computed)]
    if computed:
        found.add("computed")
    if any(history_measures(c.expr) for c in computed):
        found.add("history")
    if app.status_groups:
        found.add("status_groups")
    if any(v.highlight is not None for v in rows):
        found.add("highlight")
    columns = [c for v in rows for c in (v.columns if isinstance(v, ast.TableView) else v.items)]
    aggregates = [a for m in app.modules for v in m.views for a in _aggregates(v)]
    labelled = any(f.unit is not None for f in (*app.fields, *(f for m in app.modules for f in m.fields)))
    if labelled or any(c.unit is not None for c in columns) or any(a.unit is not None for a in aggregates):
        found.add("unit")
    found.update(a.function.value for a in aggregates if a.function.value in ("median", "percentile", "distinct"))
    charts = [v for m in app.modules for v in m.views if isinstance(v, ast.ChartView)]
    if any(c.x.also or len(c.y) > 1 or c.split is not None for c in charts):
        found.add("series")
    if any(c.cumulative for c in charts):
        found.add("cumulative")
    if any(v.group is not None for v in rows):
        found.add("grouped")
    sources = ast.IssuesSource | ast.WorklogsSource | ast.StatusPeriodsSource
    queries = [m.data.jql.text.value for m in app.modules if isinstance(m.data, sources)]
    if any("{context.issue." in q for q in queries):
        found.add("issue_fields")
    if any(p.optional for p in params):
        found.add("optional")
    if any(isinstance(p.default, ast.SettingRef) for p in params):
        found.add("setting_default")
    return found


FEATURES = frozenset(
    {
        "computed",
        "highlight",
        "unit",
        "issue_fields",
        "optional",
        "setting_default",
        "series",
        "cumulative",
        "grouped",
        "median",
        "percentile",
        "distinct",
        "history",
        "status_groups",
    }
)


def _aggregates(view: ast.View) -> list[ast.Aggregate]:
    if isinstance(view, ast.ChartView):
        return [s.aggregate for s in view.y]
    if isinstance(view, ast.MetricView | ast.PivotView):
        return [view.value]
    return []


def _computed_inputs(app: ast.App, module: ast.Module) -> set[str]:
    """The fields the computed fields of a module (and the app) are computed from."""
    return {name.value for c in (*app.computed, *module.computed) for name in references(c.expr)}


def _fields(module: ast.Module) -> set[str]:
    names: set[str] = set()
    if isinstance(module.data, ast.IssuesSource):
        names.update(k.field.value for k in module.data.order)
    for view in module.views:
        names.update(n.value for n in view_fields(view))
    return names


def check_properties(app: ast.App, expect: dict[str, Any]) -> list[str]:
    """What the spec lacks of the expected properties (empty: all met). Any module may provide them."""
    kinds = {m.kind.value for m in app.modules}
    data = {_data_kind(m.data) for m in app.modules}
    fields = set().union(*(_fields(m) | _computed_inputs(app, m) for m in app.modules)) if app.modules else set()
    views = {_view_kind(v) for m in app.modules for v in m.views}
    missing = []
    if "module" in expect and expect["module"] not in kinds:
        missing.append(f"module {expect['module']}")
    if "data" in expect and expect["data"] not in data:
        missing.append(f"data {expect['data']}")
    missing += [f"field {f}" for f in expect.get("fields", []) if f not in fields]
    missing += [f"view {v}" for v in expect.get("views", []) if v not in views]
    features = _features(app)
    missing += [f"feature {f}" for f in expect.get("features", []) if f not in features]
    return missing


def run_case(assistant: Any, case: Case) -> Result:
    from forgewright.assistant import repair
    from forgewright.assistant.prompt import Turn, UserText

    result = Result(case.id)
    before = assistant.total
    started = time.monotonic()
    # Questions are not answered here: a question is a result of its own (see requests.yaml).
    outcome = assistant.resolve(Turn(UserText(case.request)), f"{case.id}.appspec", lambda questions: None)
    result.seconds = time.monotonic() - started
    if outcome.error is not None:
        result.error = outcome.error.message
        return result
    used = assistant.total
    result.input_tokens = used.input - before.input
    result.output_tokens = used.output - before.output
    result.cache_read = used.cache_read - before.cache_read
    result.cache_write = used.cache_write - before.cache_write
    result.status = outcome.status.value
    result.repairs = outcome.repairs
    result.calls = outcome.calls
    result.first_try_valid = outcome.ok and outcome.repairs == 0
    if case.expect.get("question"):
        result.properties_ok = outcome.status is repair.Status.QUESTION
        result.missing = [] if result.properties_ok else ["a clarifying question"]
    elif outcome.ok and outcome.analysis is not None and outcome.analysis.app is not None:
        result.missing = check_properties(outcome.analysis.app, case.expect)
        result.properties_ok = not result.missing
    return result


def summarise(results: list[Result]) -> dict[str, Any]:
    n = len(results) or 1
    answered = [r for r in results if not r.error]
    latencies = [r.seconds for r in answered] or [0.0]
    return {
        "requests": len(results),
        "valid_first_try": sum(r.first_try_valid for r in results) / n,
        "valid_after_repairs": sum(r.status == "valid" for r in results) / n,
        "questions": sum(r.status == "question" for r in results),
        "errors": sum(bool(r.error) for r in results),
        "repairs_per_request": sum(r.repairs for r in results) / n,
        "properties_met": sum(r.properties_ok for r in results) / n,
        "tokens": {
            "input": sum(r.input_tokens for r in results),
            "output": sum(r.output_tokens for r in results),
            "cache_read": sum(r.cache_read for r in results),
            "cache_write": sum(r.cache_write for r in results),
        },
        "latency_seconds": {
            "mean": statistics.fmean(latencies),
            "median": statistics.median(latencies),
            "max": max(latencies),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--model")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--out", type=Path, default=Path("llm_eval_results.json"))
    args = parser.parse_args(argv)

    import click

    from forgewright.assistant import config, service

    try:
        settings = config.resolve_settings(args.model)
    except click.ClickException as exc:
        print(f"run_live: {exc.message}", file=sys.stderr)
        return 2
    cases = [c for c in load_cases() if not args.only or c.id in args.only][: args.limit]
    assistant = service.Assistant(settings, service.load_docs())
    results = []
    for case in cases:
        result = run_case(assistant, case)
        results.append(result)
        mark = "ok " if result.properties_ok else "-- "
        detail = result.error or ", ".join(result.missing) or ""
        print(f"{mark}{case.id:<24} {result.status:<9} repairs {result.repairs}  {result.seconds:5.1f} s  {detail}")
    summary = summarise(results)
    args.out.write_text(
        json.dumps({"model": settings.model, "summary": summary, "results": [asdict(r) for r in results]}, indent=2)
        + "\n",
        encoding="utf-8",
    )
    print(json.dumps(summary, indent=2))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
