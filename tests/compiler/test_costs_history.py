"""The cost model of reading issue histories in bulk (compiler/costs.py ``history_cost``): what changelog.js reads
within one load's points, group by group."""

from __future__ import annotations

import dataclasses

from compiler.costs import HISTORY_CHANGES, history_cost
from compiler.fetches import budget
from compiler.plan_types import HistoryPaging

PAGING = HistoryPaging(issues_per_call=50, page_size=1000)


def test_a_few_issues_cost_a_request_per_group_and_a_point_per_change() -> None:
    cost = history_cost(120, PAGING, budget())
    assert cost.covered == 120
    assert cost.requests == 3  # 50 + 50 + 20 issues, each group one page
    assert cost.points == 3 + 120 * HISTORY_CHANGES


def test_groups_that_outgrow_a_page_take_more_pages() -> None:
    small_pages = dataclasses.replace(PAGING, page_size=100)
    cost = history_cost(50, small_pages, budget())
    assert cost.requests == -(-50 * HISTORY_CHANGES // 100)


def test_the_budget_stops_whole_groups() -> None:
    cost = history_cost(10_000, PAGING, budget())
    assert 0 < cost.covered < 10_000
    assert cost.covered % PAGING.issues_per_call == 0
    assert cost.points <= budget().points
    bigger = history_cost(10_000, PAGING, dataclasses.replace(budget(), points=2 * budget().points))
    assert bigger.covered > cost.covered
