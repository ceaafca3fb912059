"""Generated example apps at 10,000 issues, end to end: built, bundled, their resolver run in Node against the
fake Jira over HTTP, every shown value recorded beside the oracle's.

What holds today is asserted; the scale work's promise (every value exact or saying how much it covers) is
written as the last test and expected to fail until the data engine lands — it then passes, and the strict
xfail turns that into a failure that says to remove the mark.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.fakejira import reference
from benchmarks.fakejira.generate import DataSize, generate
from benchmarks.fakejira.measure import Measurement, measure
from benchmarks.fakejira.scenario import scenario
from benchmarks.fakejira.server import FakeJiraServer, ServerConfig
from benchmarks.fakejira.verdict import unexplained
from benchmarks.scale import build_examples

APPS = ("overdue-gadget", "release-readiness")
pytestmark = [pytest.mark.toolchain, pytest.mark.xdist_group("fakejira-scale")]  # one worker runs the loads once
SEARCH = "/rest/api/3/search/jql"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Measurement, str]]:
    """Each data module of the apps, loaded once at 10,000 issues (50 ms a request), with the JQL it must send."""
    data = generate(DataSize(10_000))
    examples = build_examples(APPS, Path(tmp_path_factory.mktemp("scale")))
    out = []
    with FakeJiraServer(data, ServerConfig(latency=0.05)) as server:
        for example in examples:
            for module in example.plan.modules:
                if module.data is None:
                    continue
                jql = reference.module_jql(module, scenario(example.plan, module, data).env)
                out.append((measure(server, example.bundle, example.plan, module, app=example.name, size="10k"), jql))
    return out


def test_loads_complete_with_well_formed_requests(runs: list[tuple[Measurement, str]]) -> None:
    assert [m.module for m, _ in runs] == ["overdue", "readiness", "my_release_work"]
    for m, jql in runs:
        assert m.ok, m.error
        assert m.not_as_user == 0 and m.notes == [], (m.module, m.notes)
        assert set(m.statuses) == {200} and m.requests == sum(m.statuses.values()) >= 1
        searches = [r for r in m.records if r.path.startswith(SEARCH)]
        assert searches and all(r.query["jql"] == [jql] for r in searches), m.module
        assert m.points == sum(r.points for r in m.records) >= m.requests
        assert m.max_in_flight >= 1 and m.seconds > 0


def test_every_shown_value_is_recorded_beside_the_true_one(runs: list[tuple[Measurement, str]]) -> None:
    by_module = {m.module: m for m, _ in runs}
    overdue = by_module["overdue"]
    assert [(c.view, c.verdict) for c in overdue.checks] == [
        ("table", "exact"),  # the 20 most overdue, as asked
        ('bar chart "Overdue by priority"', "WRONG"),  # today: counted over those 20 rows only
    ]
    chart = overdue.checks[1]
    assert chart.shown.endswith("total 20") and chart.true != chart.shown
    readiness = by_module["readiness"]
    assert [c.view for c in readiness.checks] == [
        'metric "Open issues"',
        'horizontal bar chart "Open issues per component"',
        'bar chart "Remaining estimate per team"',
        'donut chart "Release risk"',
        "table",
    ]
    assert all(c.verdict in ("exact", "WRONG") and c.shown and c.true for c in readiness.checks)


@pytest.mark.xfail(
    strict=True,
    reason="issue 11: charts and sums cover only the rows read; the scale engine makes every value exact or "
    "stated. When it lands this passes: remove this mark.",
)
def test_every_value_is_exact_or_says_how_much_it_covers(runs: list[tuple[Measurement, str]]) -> None:
    assert [c for m, _ in runs for c in unexplained(m.checks)] == []
