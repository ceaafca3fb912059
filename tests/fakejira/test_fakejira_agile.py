"""The agile examples at 10,000 issues, end to end against the fake Jira over HTTP: velocity of the last six
sprints of a board with 50 closed ones, the active sprint's burndown and burnup, and release progress. Every value
exact (the oracle works committed, completed, scope and done out from the data's own sprint moves), every request
as the viewer, and the cost model within the same tolerances as the other loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.fakejira.generate import DataSize, generate
from benchmarks.fakejira.measure import Measurement, measure
from benchmarks.fakejira.server import FakeJiraServer, ServerConfig
from benchmarks.scale import build_examples
from tests.fakejira.test_fakejira_scale import _agrees

APPS = ("sprint-velocity", "sprint-burndown", "release-progress")
pytestmark = [pytest.mark.toolchain, pytest.mark.xdist_group("fakejira-agile")]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Measurement]:
    data = generate(DataSize(10_000))
    examples = build_examples(APPS, Path(tmp_path_factory.mktemp("agile")))
    with FakeJiraServer(data, ServerConfig(latency=0.05)) as server:
        return {
            m.key: measure(server, e.bundle, e.plan, m, app=e.name, size="10k")
            for e in examples
            for m in e.plan.modules
        }


def test_every_value_is_exact(runs: dict[str, Measurement]) -> None:
    for m in runs.values():
        assert m.ok, m.error
        assert m.checks and all(c.verdict == "exact" for c in m.checks), (m.module, m.checks)
        assert m.not_as_user == 0 and set(m.statuses) == {200}


def test_velocity_reads_only_the_last_sprints(runs: dict[str, Measurement]) -> None:
    velocity = runs["velocity"]
    chart = velocity.checks[0]
    assert chart.view == 'bar chart "Velocity"' and chart.shown.startswith("12 points")  # 6 sprints, 2 series each
    sprint_reads = {r.path.split("?")[0] for r in velocity.records if r.path.startswith("/rest/agile/1.0/sprint/")}
    assert len(sprint_reads) == 6  # of the board's 50 closed sprints
    listings = [r for r in velocity.records if "/sprint?" in r.path]
    assert [r.query["state"] for r in listings] == [["closed"]]


def test_the_cost_model_agrees(runs: dict[str, Measurement]) -> None:
    for m in runs.values():
        assert m.model is not None, m.module
        assert _agrees(m, m.model), (m.module, m.requests, m.points, m.model)
