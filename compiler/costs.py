"""What one load of a module costs in Jira requests and points, at a given number of matching items: a pure model
over the plan, so an admin sees the cost before deploying (``forgewright audit``, the generated README) and the
scale benchmark can hold the runtime to it.

The model follows the runtime's decisions (targets/forge_uikit/runtime/load.js picks each view's source the same
way): a table's rows up to the limit; the count; the values of every matching issue when a sum needs them (as far
as the points budget reaches, which the views then state); a count per group for a count chart. What the plan
cannot know is assumed, and stated in :data:`ASSUMPTIONS`: how many values a category has, over how long a time
dates spread, how many worklogs an issue holds. Jira charges 1 point per request and 1 per item returned.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from compiler.plan_types import (
    CellFetch,
    CountFetch,
    DiscoveredGroups,
    Fetch,
    GroupFetch,
    HistoryFetch,
    HistoryPaging,
    ListFetch,
    LoadBudget,
    ParamLimit,
    PlannedList,
    PlannedModule,
    PlannedTable,
    PlannedView,
    ProjectGroups,
    RangeGroups,
    ReferenceGroups,
    ScanFetch,
    SearchFetch,
    Sourced,
    SprintFetch,
    VersionFetch,
    WorklogFetch,
    sourced_parts,
)
from dsl.resolve import DataKind

SIZES = (1_000, 10_000, 100_000)
"""The numbers of matching items the audit and the README state the cost at."""

CATEGORY_VALUES = 10
"""Assumed values a category has among the matching issues (priorities, people, options …)."""

REFERENCE_VALUES = 5
"""Assumed entries of a reference list (status categories, resolutions) or of one project's components."""

DATE_SPAN_DAYS = 730
"""Assumed time the matching issues' dates spread over (two years)."""

BUSY_ISSUES = 0.6
"""Assumed share of the issues with more worklogs than a search embeds (20): each costs another request. A query
that chooses issues by their worklogs chooses the busy ones."""

BUSY_WORKLOGS = 25
"""Assumed worklogs such an issue has within the query's dates (each read again costs a point)."""

PAGE_MARGIN = 1.3
"""Histories are asked for in pages of the changes the pages before held, with this margin (history-rows.js)."""

SITE_STATUSES = 50
"""Assumed statuses on the site (the status list a view of status categories reads)."""

HISTORY_CHANGES = 11
"""Assumed changes of the fields a history read asks for, per issue (status: a few to twenty or so)."""

BOARD_SPRINTS = 50
"""Assumed closed sprints of a board (all are listed to find the last ones)."""

RELEASE_VERSIONS = 10
"""Assumed versions a release view shows."""

HISTORY_SHARE = 0.5
"""The share of a load's points ``sprints.js`` keeps for histories while it reads a sprint's later pages."""

SPRINTS_PER_ISSUE = 2
"""Assumed sprints an issue of the last sprints is in (unfinished work is carried over): its history is read once."""

SPRINT_CHANGES = 2.5
"""Assumed changes an issue of a sprint has of the Sprint field and the measured one: it joins the sprints it is in
(two, see SPRINTS_PER_ISSUE), and now and then its estimate changes."""

ASSUMPTIONS = (
    f"a category has {CATEGORY_VALUES} values among the matching issues",
    f"a reference list (status categories, resolutions, a project's components) has {REFERENCE_VALUES} entries",
    f"dates spread over {DATE_SPAN_DAYS // 365} years",
    f"{BUSY_ISSUES:.0%} of the issues have more worklogs than a search embeds, {BUSY_WORKLOGS} of them in the "
    "query's dates",
)
"""What the model assumes where the plan cannot know (stated with every cost)."""

HISTORY_ASSUMPTIONS = (
    f"an issue's history holds {HISTORY_CHANGES} changes of the fields read",
    f"the site has {SITE_STATUSES} statuses",
)
"""What the model also assumes for modules that read issue histories (stated only where one does)."""

SPRINT_ASSUMPTIONS = (
    f"a board has {BOARD_SPRINTS} closed sprints; an issue of a sprint is in {SPRINTS_PER_ISSUE} of them and has "
    f"{SPRINT_CHANGES} changes of the Sprint or the measured field",
)
"""What the model also assumes for modules that read a board's sprints (stated only where one does)."""

RELEASE_ASSUMPTIONS = (f"a release view shows {RELEASE_VERSIONS} versions",)
"""What the model also assumes for modules that read a project's versions (stated only where one does)."""

_BUCKETS = {"day": DATE_SPAN_DAYS, "week": DATE_SPAN_DAYS // 7 + 1, "month": 24, "quarter": 8, "year": 2}


@dataclass(frozen=True)
class LoadCost:
    """One load at ``matching`` items: requests sent, points spent, and how many items the views that need every
    value cover (``covered`` < ``matching``: they state it)."""

    matching: int
    requests: int
    points: int
    covered: int


@dataclass
class _Tally:
    requests: int = 0
    points: int = 0

    def add(self, requests: int, items: int) -> None:
        self.requests += requests
        self.points += requests + items


def _limit(module: PlannedModule) -> int:
    assert module.data is not None
    limit = module.data.limit
    if isinstance(limit, ParamLimit):
        param = next((p for p in module.config if p.name == limit.param), None)
        default = param.default if param is not None else None
        wanted = int(default) if isinstance(default, int | float) and not isinstance(default, bool) else limit.max
        return max(limit.min, min(limit.max, wanted))
    return limit.value


def scan_points(fetch: ScanFetch, total: int) -> int:
    """Points a scan of ``total`` issues costs about (the runtime's ``scanPoints``)."""
    pages = math.ceil(total / fetch.page_size)
    slices = math.ceil(total / fetch.slice_issues)
    return total + pages + 2 * slices + 2


def _scan(tally: _Tally, fetch: ScanFetch, total: int, points: int) -> int:
    """Read ``total`` issues in slices within ``points``; the issues covered."""
    if total > fetch.slice_issues:
        slices = min(32, math.ceil(total / fetch.slice_issues))
        tally.add(2, 2)  # the first and last date
        tally.add(slices, 0)  # a count per slice
    else:
        slices = 1
    room = max(0, points - tally.points)
    covered = min(total, room * fetch.page_size // (fetch.page_size + 1))
    pages = math.ceil(covered / fetch.page_size) if covered else 0
    tally.add(max(pages, slices if covered == total else pages), covered)
    return covered


def _histories(
    tally: _Tally, issues: int, paging: HistoryPaging, points: int, per_issue: float = HISTORY_CHANGES
) -> int:
    """Read the histories of ``issues`` issues in groups of ``paging.issues_per_call`` while the load's ``points``
    allow, as ``changelog.js`` does; the issues whose history is complete. A group is read to its last page or, when
    a page would not fit (each sets aside a full page's points first), left out with all its issues."""
    covered = 0
    for start in range(0, issues, paging.issues_per_call):
        group = min(paging.issues_per_call, issues - start)
        changes = math.ceil(group * per_issue)
        pages = max(1, math.ceil(changes / paging.page_size))
        unfilled = pages * paging.page_size - changes  # set aside for the last page, not spent
        if tally.points + pages + changes + unfilled > points:
            break
        tally.add(pages, changes)
        covered += group
    return covered


def history_cost(issues: int, paging: HistoryPaging, budget: LoadBudget) -> LoadCost:
    """What reading the histories of ``issues`` known issues costs within one load's budget."""
    tally = _Tally()
    covered = _histories(tally, issues, paging, budget.points)
    return LoadCost(issues, tally.requests, tally.points, covered)


def _groups(tally: _Tally, fetch: GroupFetch, total: int) -> None:
    values = fetch.values
    if fetch.nullable:
        tally.add(1, 0)  # (none), or the issues without the date
    if isinstance(values, RangeGroups):
        tally.add(2, 2)
    elif isinstance(values, ReferenceGroups):
        tally.add(1, REFERENCE_VALUES)
    elif isinstance(values, ProjectGroups):
        tally.add(1, min(total, values.page_size))  # the projects of the matching issues
        tally.add(1, 0)  # none other than those
        tally.add(1, REFERENCE_VALUES)  # one project's list
    elif isinstance(values, DiscoveredGroups):
        tally.add(1, min(total, values.page_size))
        if total > values.page_size:
            tally.add(1, 0)  # no issue has a value not found yet
    tally.add(_group_count(fetch), 0)  # a count per group


def _group_count(fetch: GroupFetch) -> int:
    """The groups a group fetch is assumed to find (its date buckets, or a category's values)."""
    values = fetch.values
    if isinstance(values, RangeGroups):
        return min(values.max_groups, _BUCKETS.get(fetch.bucket or "day", DATE_SPAN_DAYS))
    if isinstance(values, ReferenceGroups | ProjectGroups):
        return REFERENCE_VALUES
    return min(CATEGORY_VALUES, values.max_groups)


def _cells(tally: _Tally, fetch: CellFetch, total: int) -> None:
    """Both sides' groups found and counted (the totals), then a count per cell; (none) cells where a side can be
    empty."""
    _groups(tally, fetch.rows, total)
    _groups(tally, fetch.columns, total)
    rows = _group_count(fetch.rows) + (1 if fetch.rows.nullable else 0)
    columns = _group_count(fetch.columns) + (1 if fetch.columns.nullable else 0)
    tally.add(rows * columns, 0)


def _sources(
    views: tuple[PlannedView, ...], fetches: dict[str, Fetch], total: int, limit: int, points: int
) -> set[str]:
    """The fetch results the views read, picked as the runtime picks them (load.js ``chooseSources``)."""
    runs: set[str] = set()
    parts = [p for v in views for p in sourced_parts(v)]
    tabled = "rows" in fetches and any(v.kind in ("table", "list") for v in views)
    rows_cost = limit if tabled else 0

    def covers(into: str) -> bool:
        fetch = fetches.get(into)
        if isinstance(fetch, SearchFetch):
            return total <= limit
        if isinstance(fetch, ScanFetch):
            return scan_points(fetch, total) <= 0.9 * (points - rows_cost)
        return fetch is not None

    def on_demand(into: str) -> bool:
        return isinstance(fetches.get(into), CountFetch | GroupFetch | CellFetch)

    def one_page(into: str) -> bool:
        fetch = fetches.get(into)
        return isinstance(fetch, ScanFetch) and total <= fetch.page_size

    def pick(part: Sourced, good: Callable[[str], bool]) -> None:
        runs.add(next((s for s in part.sources if good(s)), part.sources[-1]))

    single = [p for p in parts if len(p.sources) == 1]
    demanding = [p for p in parts if len(p.sources) > 1 and not any(on_demand(s) for s in p.sources)]
    flexible = [p for p in parts if len(p.sources) > 1 and any(on_demand(s) for s in p.sources)]
    for part in single:
        pick(part, lambda s: True)
    for part in demanding:
        pick(part, lambda s: s in runs and covers(s))
    for part in flexible:
        pick(part, lambda s: (s in runs and covers(s)) or one_page(s) or on_demand(s))
    return runs


def _issues(module: PlannedModule, total: int, budget: LoadBudget) -> LoadCost:
    limit = _limit(module)
    fetches = {f.into: f for f in module.fetches}
    runs = _sources(module.views, fetches, total, limit, budget.points)
    tally = _Tally()
    if any(not isinstance(p, PlannedTable | PlannedList) for v in module.views for p in sourced_parts(v)):
        tally.add(1, 0)  # the count of matching issues, which every aggregate part comes with
    covered = total
    for into in sorted(runs - {"count"}):
        fetch = fetches[into]
        if isinstance(fetch, SearchFetch):
            read = min(total, limit)
            tally.add(max(1, math.ceil(read / fetch.page_size)), read)
        elif isinstance(fetch, GroupFetch):
            _groups(tally, fetch, total)
        elif isinstance(fetch, CellFetch):
            _cells(tally, fetch, total)
    scan = fetches.get("values")
    if "values" in runs and isinstance(scan, ScanFetch):
        covered = _scan(tally, scan, total, budget.points)
    return LoadCost(total, tally.requests, tally.points, covered)


def _worklogs(fetch: WorklogFetch, total: int, budget: LoadBudget) -> LoadCost:
    """Issues page by page with their first worklogs, and one more request for each busy issue."""
    per_issue = 1 + 1 / fetch.page_size + BUSY_ISSUES * (1 + BUSY_WORKLOGS)
    read = min(total, int((budget.points - 1) / per_issue))
    tally = _Tally()
    tally.add(max(1, math.ceil(read / fetch.page_size)), read)
    busy = round(read * BUSY_ISSUES)
    tally.add(busy, busy * BUSY_WORKLOGS)
    return LoadCost(total, tally.requests, tally.points, read)


def _history_rows(module: PlannedModule, fetch: HistoryFetch, total: int, budget: LoadBudget) -> LoadCost:
    """Issues page by page, each page's histories in bulk while the budget allows them both; a table alone stops
    at its limit (of issues, at most: a status period table's rows are fewer issues)."""
    every = any(v.kind not in ("table", "list") for v in module.views)
    wanted = total if every else min(total, _limit(module))
    tally = _Tally()
    if fetch.statuses is not None:
        tally.add(1, SITE_STATUSES)
    covered = 0
    paging = fetch.paging  # the first page of histories asks for the plan's page size, later ones for what they hold
    while covered < wanted or covered == 0:
        page = min(fetch.page_size, wanted - covered)
        if tally.points + 2 + fetch.page_size + paging.page_size > budget.points:
            break
        tally.add(1, page)
        covered += _histories(tally, page, paging, budget.points)
        learned = math.ceil(HISTORY_CHANGES * fetch.paging.issues_per_call * PAGE_MARGIN)
        paging = dataclasses.replace(fetch.paging, page_size=min(fetch.paging.page_size, learned))
        if page == 0:
            break
    if covered < wanted:
        tally.add(1, 0)  # counting the matching issues, to say how many the views cover
    return LoadCost(total, tally.requests, tally.points, covered if every else total)


def _list(module: PlannedModule, fetch: ListFetch, total: int, budget: LoadBudget) -> LoadCost:
    read = total if fetch.all else min(total, _limit(module))
    read = min(read, budget.points * fetch.page_size // (fetch.page_size + 1))
    tally = _Tally()
    tally.add(max(1, math.ceil(read / fetch.page_size)), read)
    return LoadCost(total, tally.requests, tally.points, read if fetch.all else total)


def _sprints(module: PlannedModule, fetch: SprintFetch, total: int, budget: LoadBudget) -> LoadCost:
    """``total`` issues in the last sprints together (an issue in two sprints counts twice; a burndown reads one
    sprint), as ``sprints.js`` reads them: the board's sprints listed, the Sprint field found, each sprint's first
    page of issues, its later pages while a page's points fit beside the histories' share, then the history of
    each issue read once (those whose history is read are covered)."""
    sprints = 1 if fetch.days is not None else _limit(module)
    listed = 1 if fetch.days == "active" else BOARD_SPRINTS
    tally = _Tally()
    tally.add(max(1, math.ceil(listed / fetch.sprint_page)), listed)
    tally.add(1, 0)
    per_sprint = [total // sprints + (1 if k < total % sprints else 0) for k in range(sprints)]
    firsts = [min(n, fetch.issue_page) for n in per_sprint]
    tally.add(sprints, sum(firsts))
    read = sum(firsts)
    for n in per_sprint:
        for page in range(1, math.ceil(n / fetch.issue_page)):
            if tally.points + 1 + fetch.issue_page + budget.points * HISTORY_SHARE > budget.points:
                break
            items = min(fetch.issue_page, n - page * fetch.issue_page)
            tally.add(1, items)
            read += items
    shared = 1 if fetch.days is not None else SPRINTS_PER_ISSUE  # one sprint: none read twice
    covered = _histories(tally, math.ceil(read / shared), fetch.paging, budget.points, SPRINT_CHANGES)
    return LoadCost(total, tally.requests, tally.points, min(total, covered * shared))


def _versions(fetch: VersionFetch, total: int, budget: LoadBudget) -> LoadCost:
    """``total`` issues in the versions shown: the versions listed; then two counts a version, or a count of the
    issues and their values page by page while a page's points fit (those read are covered)."""
    tally = _Tally()
    tally.add(1, 0)
    if fetch.measure.field is None:
        tally.add(2 * RELEASE_VERSIONS, 0)
        return LoadCost(total, tally.requests, tally.points, total)
    tally.add(1, 0)
    read = 0
    while read < total and tally.points + 1 + fetch.page_size <= budget.points:
        page = min(fetch.page_size, total - read)
        tally.add(1, page)
        read += page
    if total == 0:
        tally.add(1, 0)  # the one page that finds no issue
    return LoadCost(total, tally.requests, tally.points, read)


def load_cost(module: PlannedModule, matching: int, budget: LoadBudget) -> LoadCost | None:
    """What one load of ``module`` costs when its query matches ``matching`` items (None: it reads no data); the
    viewed issue, when the query uses its fields, is one more request and item."""
    if module.data is None or not module.fetches:
        return None
    cost = _data_cost(module, matching, budget)
    if module.data.issue is None:
        return cost
    return dataclasses.replace(cost, requests=cost.requests + 1, points=cost.points + 2)


def _data_cost(module: PlannedModule, matching: int, budget: LoadBudget) -> LoadCost:
    assert module.data is not None
    fetch = module.fetches[0]
    if isinstance(fetch, HistoryFetch):
        return _history_rows(module, fetch, matching, budget)
    if module.data.kind is DataKind.ISSUES:
        return _issues(module, matching, budget)
    if isinstance(fetch, WorklogFetch):
        return _worklogs(fetch, matching, budget)
    if isinstance(fetch, SprintFetch):
        return _sprints(module, fetch, matching, budget)
    if isinstance(fetch, VersionFetch):
        return _versions(fetch, matching, budget)
    assert isinstance(fetch, ListFetch)
    return _list(module, fetch, matching, budget)


def cost_assumptions(modules: Iterable[PlannedModule]) -> tuple[str, ...]:
    """The assumptions behind the costs of these modules: the general ones, and those of histories, sprints and
    releases where a module reads them."""
    fetches = [type(f) for m in modules for f in m.fetches]
    return (
        ASSUMPTIONS
        + (HISTORY_ASSUMPTIONS if HistoryFetch in fetches else ())
        + (SPRINT_ASSUMPTIONS if SprintFetch in fetches else ())
        + (RELEASE_ASSUMPTIONS if VersionFetch in fetches else ())
    )


def module_costs(module: PlannedModule, budget: LoadBudget) -> tuple[LoadCost, ...]:
    """The cost of one load at each of :data:`SIZES` (empty for a module that reads no data)."""
    costs = (load_cost(module, n, budget) for n in SIZES)
    return tuple(c for c in costs if c is not None)
