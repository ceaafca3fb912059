"""Generated apps at 10,000 issues, end to end: built, bundled, their resolver run in Node against the fake Jira
over HTTP, every shown value recorded beside the oracle's.

Two examples and the benchmark specs whose sums and new views (several series, splits, pivots, grouped tables,
medians, percentiles, distinct counts) run over nearly every issue. The promise: every value exact or
saying how much it covers; the cost model (compiler/costs.py) agrees with what the loads measurably cost.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.fakejira import reference
from benchmarks.fakejira.generate import DataSize, generate
from benchmarks.fakejira.measure import Measurement, measure
from benchmarks.fakejira.scenario import scenario
from benchmarks.fakejira.server import FakeJiraServer, ServerConfig
from benchmarks.fakejira.verdict import unexplained
from benchmarks.scale import build_examples
from compiler.costs import LoadCost
from dsl.resolve import DataKind

APPS = ("overdue-gadget", "release-readiness", "scale-sums", "scale-views")
pytestmark = [pytest.mark.toolchain, pytest.mark.xdist_group("fakejira-scale")]  # one worker runs the loads once
SEARCH = "/rest/api/3/search/jql"
COUNT = "/rest/api/3/search/approximate-count"

POINTS_TOLERANCE = 0.15
"""The cost model's points may differ from the measured ones by 15 % (or 40 points, for small loads): it assumes
how many values a category has and how far dates spread."""
REQUESTS_TOLERANCE = 0.35
"""Requests by 35 % (or 20): how often a scan cuts its slices again depends on how the dates are spread."""


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Measurement, str]]:
    """Each data module of the apps, loaded once at 10,000 issues (50 ms a request), with the JQL it must send."""
    data = generate(DataSize(10_000))
    examples = build_examples(APPS, Path(tmp_path_factory.mktemp("scale")))
    out = []
    with FakeJiraServer(data, ServerConfig(latency=0.05)) as server:
        for example in examples:
            for module in example.plan.modules:
                if module.data is None or module.data.kind is DataKind.WORKLOGS:
                    continue  # worklog modules run on the benchmark's own worklog preset (benchmarks/scale.py)
                jql = reference.module_jql(module, scenario(example.plan, module, data).env)
                out.append((measure(server, example.bundle, example.plan, module, app=example.name, size="10k"), jql))
    return out


def _narrows(sent: str, jql: str) -> bool:
    """Whether the engine's query is the module's own, or it narrowed by more conditions (and perhaps ordered)."""
    return sent == jql or sent.startswith(f"({jql}) AND ")


def test_loads_complete_with_well_formed_requests(runs: list[tuple[Measurement, str]]) -> None:
    assert [m.module for m, _ in runs] == [
        "overdue",
        "readiness",
        "my_release_work",
        "estimates",
        "counts",
        "values",
    ]
    for m, ordered in runs:
        assert m.ok, m.error
        assert m.not_as_user == 0 and m.notes == [], (m.module, m.notes)
        assert set(m.statuses) == {200} and m.requests == sum(m.statuses.values()) >= 1
        jql = ordered.split(" ORDER BY ")[0]
        rows = [r for r in m.records if r.method == "GET" and r.path.startswith(SEARCH)]
        assert all(r.query["jql"] == [ordered] for r in rows), m.module  # a table's rows, in the module's order
        engine = [r.body["jql"] for r in m.records if r.method == "POST" and r.path.startswith((SEARCH, COUNT))]
        assert rows or engine
        assert all(_narrows(sent.split(" ORDER BY ")[0], jql) for sent in engine), m.module
        assert m.points == sum(r.points for r in m.records) >= m.requests
        assert m.max_in_flight >= 1 and m.seconds > 0


def test_every_shown_value_is_recorded_beside_the_true_one(runs: list[tuple[Measurement, str]]) -> None:
    by_module = {m.module: m for m, _ in runs}
    overdue = by_module["overdue"]
    assert [(c.view, c.verdict) for c in overdue.checks] == [
        ("table", "exact"),  # the 20 most overdue, as asked
        ('bar chart "Overdue by priority"', "exact"),  # a count per priority, over all 308 (not the 20 rows)
    ]
    chart = overdue.checks[1]
    assert chart.shown == chart.true and chart.shown.endswith("total 308")
    readiness = by_module["readiness"]
    assert [c.view for c in readiness.checks] == [
        'metric "Open issues"',
        'horizontal bar chart "Open issues per component"',
        'bar chart "Remaining estimate per team"',
        'donut chart "Release risk"',
        "table",
    ]
    assert all(c.verdict == "exact" and c.shown and c.true for c in readiness.checks)
    sums = by_module["estimates"]
    assert [c.verdict for c in sums.checks] == ["exact"] * 6  # sums, an average, a maximum over 9,377 issues
    counts = by_module["counts"]  # several dates, running totals, a split and a pivot, all counted in Jira
    assert [c.verdict for c in counts.checks] == ["exact"] * 4
    assert counts.points < 1_000  # no issue read: a point a group or cell
    # several y, a median, a percentile, distinct, a computed duration's median and 85th percentile in days, a pivot
    # of sums, grouped subtotals
    values = by_module["values"]
    assert [c.verdict for c in values.checks] == ["exact"] * 9
    assert values.checks[-1].view.endswith("groups") and values.checks[-1].shown == values.checks[-1].true


def test_every_value_is_exact_or_says_how_much_it_covers(runs: list[tuple[Measurement, str]]) -> None:
    assert [c for m, _ in runs for c in unexplained(m.checks)] == []


def _agrees(m: Measurement, model: LoadCost) -> bool:
    points = abs(m.points - model.points) <= max(40, POINTS_TOLERANCE * m.points)
    return points and abs(m.requests - model.requests) <= max(20, REQUESTS_TOLERANCE * m.requests)


def test_the_cost_model_agrees_with_what_the_loads_cost(runs: list[tuple[Measurement, str]]) -> None:
    """What `forgewright audit` and the README state per load, against what the fake Jira counted and charged."""
    for m, _ in runs:
        assert m.model is not None and m.matching is not None, m.module
        assert _agrees(m, m.model), (m.module, m.requests, m.points, m.model)
    estimates = next(m for m, _ in runs if m.module == "estimates")
    assert estimates.matching is not None and estimates.matching > 9_000 and estimates.points > 9_000


def test_the_agreement_check_bites(runs: list[tuple[Measurement, str]]) -> None:
    """A model that forgot the issues a sum reads, or the requests of a count per group, is told apart."""
    estimates = next(m for m, _ in runs if m.module == "estimates")
    assert estimates.model is not None
    assert not _agrees(estimates, replace(estimates.model, points=estimates.model.points - estimates.model.covered))
    assert not _agrees(estimates, replace(estimates.model, requests=estimates.model.requests // 3))
