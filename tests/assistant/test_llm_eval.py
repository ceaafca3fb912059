"""The live LLM evaluation's data and property checks are sound (the live run itself is not in CI)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from dsl import analyze
from dsl.ast import ChartKind, ModuleKind
from dsl.catalogue import (
    FILTER_FIELDS,
    ISSUE_FIELDS,
    PROJECT_FIELDS,
    SPRINT_DAY_FIELDS,
    SPRINT_FIELDS,
    STATUS_PERIOD_FIELDS,
    VERSION_FIELDS,
    WORKLOG_FIELDS,
)
from dsl.resolve import DataKind

from .conftest import spec_of

ROOT = Path(__file__).resolve().parents[2]


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"llm_eval_{name}", ROOT / "benchmarks" / "llm_eval" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


def test_requests_file_is_well_formed() -> None:
    cases = load("run_live").load_cases()
    assert len(cases) >= 30
    assert len({c.id for c in cases}) == len(cases)
    fields = {f.name for f in ISSUE_FIELDS + WORKLOG_FIELDS + STATUS_PERIOD_FIELDS + PROJECT_FIELDS + FILTER_FIELDS}
    fields |= {f.name for f in SPRINT_FIELDS + VERSION_FIELDS + SPRINT_DAY_FIELDS}
    views = {"table", "list", "metric", "pivot"} | {k.value for k in ChartKind}
    for case in cases:
        expect = case.expect
        assert case.request.strip()
        if expect.get("question"):
            continue
        assert expect["module"] in {k.value for k in ModuleKind}, case.id
        assert expect["data"] in {k.value for k in DataKind}, case.id
        assert set(expect.get("fields", [])) <= fields, case.id
        assert set(expect["views"]) <= views, case.id
        assert set(expect.get("features", [])) <= load("run_live").FEATURES, case.id


def test_property_check() -> None:
    check = load("run_live").check_properties
    app = analyze(spec_of("spec_valid.json")).app
    assert app is not None
    assert check(app, {"module": "gadget", "data": "issues", "fields": ["key", "created"], "views": ["table"]}) == []
    assert check(app, {"module": "issue_panel", "fields": ["assignee"], "views": ["pie"]}) == [
        "module issue_panel",
        "field assignee",
        "view pie",
    ]


def test_feature_check() -> None:
    """Each feature is found where a spec uses it and missed where it does not."""
    check = load("run_live").check_properties
    text = (ROOT / "examples" / "home-project-gadget.appspec").read_text(encoding="utf-8")
    app = analyze(text).app
    assert app is not None
    assert check(app, {"features": ["setting_default", "optional", "computed", "highlight", "unit"]}) == []
    assert check(app, {"fields": ["created"], "features": ["issue_fields"]}) == ["feature issue_fields"]
    plain = analyze(spec_of("spec_valid.json")).app
    assert plain is not None
    assert check(plain, {"features": ["computed", "optional"]}) == ["feature computed", "feature optional"]


def test_view_feature_check() -> None:
    """Series, running totals, grouped rows, the new aggregates and units on values are found where a spec uses
    them and missed where it does not."""
    check = load("run_live").check_properties
    views = ("created-vs-resolved", "epic-points", "time-spent-percentiles")
    apps = [analyze((ROOT / "examples" / f"{name}.appspec").read_text(encoding="utf-8")).app for name in views]
    assert all(app is not None for app in apps)
    trend, epics, effort = apps
    assert trend is not None and epics is not None and effort is not None
    assert check(trend, {"views": ["line"], "features": ["series", "cumulative"]}) == []
    assert check(epics, {"features": ["grouped"]}) == []
    assert check(effort, {"features": ["median", "percentile", "distinct", "unit", "computed", "series"]}) == []
    wanted = ["series", "cumulative", "grouped", "median", "percentile", "distinct"]
    plain = analyze(spec_of("spec_valid.json")).app
    assert plain is not None
    assert check(plain, {"features": wanted}) == [f"feature {f}" for f in wanted]
    assert check(epics, {"features": ["unit", "median"]}) == ["feature median"]  # a number field's unit label
    assert check(trend, {"features": ["unit"]}) == ["feature unit"]


def test_spec_vs_app_runs_or_skips_cleanly(capsys: object) -> None:
    assert load("spec_vs_app").main([]) == 0
