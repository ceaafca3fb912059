"""The bundled resolver of every generated app, run in Node against a fake Jira (OpenAPI-shaped answers).

For each module that reads data (ids ``app-module``): the requests (path, percent-encoded JQL equal to the
spec's query with its values quoted, ``fields`` = exactly the fields the module reads, paging with
``nextPageToken`` / ``startAt`` until the last page or the limit, every call as the user), the rows and the
chart/metric values, a Jira error turning into the clean ``{ok: false, error}`` result, and hostile values
for JQL placeholders leaving the query's structure unchanged.
"""

from __future__ import annotations

import math
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from generated_app_support import (
    APPS,
    BREAK_OUTS,
    COUNT,
    EMBEDDED_WORKLOGS,
    FIELDS,
    FILTER_SEARCH,
    INJECTION,
    PROJECT_SEARCH,
    SEARCH,
    VALUES_AND_DATES,
    WORKLOG_FORMS,
    AppCache,
    Scenario,
    data_modules,
    history_fetch,
    is_percent_encoded,
    jql_strings,
    jql_structure,
    keeps_worklog,
    plan_of,
    raw_query_value,
    sample_value,
    scenario,
    string_placeholders,
)
from toolchain_support import BundleResult, ResolverRun, bundle, run_resolver

from compiler.plan import PlannedModule, PlannedParam
from compiler.plan_types import ListFetch, ParamLimit, PlannedValue, VersionFetch
from dsl.resolve import DataKind

PLANS = {name: plan_of(name) for name in APPS}
CASES = [(name, m.key) for name, plan in PLANS.items() for m in data_modules(plan)]
IDS = [f"{name}-{key}" for name, key in CASES]


def _module(name: str, key: str) -> PlannedModule:
    return next(m for m in PLANS[name].modules if m.key == key)


INJECTABLE = [(n, k) for n, k in CASES if string_placeholders(PLANS[n], _module(n, k))]
_VALIDATED_TYPES = ("number", "date", "filter", "select", "jql")


def _validated_params(module: PlannedModule) -> list[PlannedParam]:
    """Config values whose type the resolver checks before querying (those used in the query or the limit)."""
    assert module.data is not None
    used = {p.name for p in module.data.jql if isinstance(p, PlannedValue) and p.source == "param"}
    if isinstance(module.data.limit, ParamLimit):
        used.add(module.data.limit.param)
    return [p for p in module.config if p.type in _VALIDATED_TYPES and p.name in used]


TYPED = [(n, k) for n, k in CASES if _validated_params(_module(n, k))]


def _run(app_cache: AppCache, name: str, sc: Scenario) -> ResolverRun:
    built = app_cache.bundle(name)
    assert built.ok, built.summary()
    # @forge/resolver takes context.accountId from the invocation's principal, not from the UI's context.
    account = sc.env["context"]["user"]
    return run_resolver(
        built.resolver_bundle, "load", sc.payload, sc.fake_jira, context=sc.context, account_id=account, now=sc.now
    )


def _jira_requests(run: ResolverRun) -> list[dict[str, Any]]:
    return [r for r in run.requests if r["type"] != "kvs"]


def _search_fields(module: PlannedModule) -> list[str]:
    if module.data is not None and module.data.kind is DataKind.WORKLOGS:
        return ["summary", "worklog"] if any(f.name == "summary" for f in module.fields) else ["worklog"]
    ids = list(dict.fromkeys(f.jira_id for f in module.fields if f.jira_id is not None))
    return ids or ["key"]


def _worklog_calls(run: ResolverRun) -> list[tuple[str, int]]:
    return [(r["pathname"], int(r["query"]["startAt"])) for r in run.requests if r["pathname"].endswith("/worklog")]


def _expected_worklog_calls(counts: list[int], page: int, embedded: int = EMBEDDED_WORKLOGS) -> list[tuple[str, int]]:
    """The worklog pages a resolver must read: none for an issue whose search result embedded all its worklogs; every
    page of the others (``counts``: worklogs per issue, in search order)."""
    calls = [
        (f"/rest/api/3/issue/DEMO-{i}/worklog", start)
        for i, n in enumerate(counts, start=1)
        if n > embedded
        for start in range(0, n, page)
    ]
    return sorted(calls)  # issues are read side by side: compare the calls, not their order


def _searches(run: ResolverRun) -> list[dict[str, Any]]:
    """The ordered searches of a table's rows (GET); the engine's own searches are POSTs."""
    return [r for r in run.requests_to(SEARCH) if r["method"] == "GET"]


def _check_worklog_search(run: ResolverRun, sc: Scenario, issues: int) -> None:
    """Issue pages of a worklog module: its query (unordered), the fields with `worklog`, 100 a page, in turn."""
    searches = _searches(run)
    assert len(searches) == -(-issues // sc.page_size), [r["path"] for r in searches]
    for n, request in enumerate(searches):
        assert request["query"]["jql"] == sc.count_jql
        assert request["query"]["fields"].split(",") == _search_fields(sc.module)
        assert int(request["query"]["maxResults"]) == 100
        assert request["query"].get("nextPageToken") == (f"page-{n * sc.page_size}" if n else None)


HISTORIES = "/rest/api/3/changelog/bulkfetch"
STATUS_LIST = "/rest/api/3/status"


def _check_history_search(run: ResolverRun, sc: Scenario, issues: int | None) -> None:
    """Issues read with their histories: pages of 100 in turn (the module's order, or newest first), the fields the
    fetch names, and for each page one bulk read of its issues' status changes (``issues``: how many are read, None
    when the run decides)."""
    fetch = history_fetch(sc.module)
    assert fetch is not None
    searches = _searches(run)
    if issues is not None:
        assert len(searches) == -(-issues // sc.page_size), [r["path"] for r in searches]
    for n, request in enumerate(searches):
        assert request["query"]["jql"] == sc.search_jql
        assert request["query"]["fields"].split(",") == list(fetch.issue_fields)
        assert int(request["query"]["maxResults"]) == 100
        assert request["query"].get("nextPageToken") == (f"page-{n * sc.page_size}" if n else None)
    reads = run.requests_to(HISTORIES)
    assert all(r["method"] == "POST" and r["body"]["fieldIds"] == ["status"] for r in reads)
    asked = [r["body"]["issueIdsOrKeys"] for r in reads]
    pages = (
        [
            [str(10000 + i) for i in range(n * sc.page_size + 1, min((n + 1) * sc.page_size, issues or 0) + 1)]
            for n in range(len(searches))
        ]
        if issues is not None
        else asked
    )
    assert sorted(asked) == sorted(pages)  # pages' histories are read side by side
    assert len(run.requests_to(STATUS_LIST)) == (1 if fetch.statuses is not None else 0)


def _check_search(run: ResolverRun, sc: Scenario, wanted: int) -> None:
    """Issue search pages: JQL, fields, maxResults and nextPageToken, until ``wanted`` issues or the last page."""
    searches = _searches(run)
    sizes = []
    fetched = 0
    while fetched < wanted:
        size = min(100, sc.limit - fetched, sc.page_size, wanted - fetched)
        asked = min(100, sc.limit - fetched)
        sizes.append((asked, size))
        fetched += size
    assert len(searches) == len(sizes), [r["path"] for r in searches]
    fetched = 0
    for request, (asked, size) in zip(searches, sizes, strict=True):
        assert request["method"] == "GET"
        assert request["query"]["jql"] == sc.jql
        assert is_percent_encoded(raw_query_value(request["path"], "jql")), request["path"]
        assert request["query"]["fields"].split(",") == _search_fields(sc.module)
        assert int(request["query"]["maxResults"]) == asked
        assert request["query"].get("nextPageToken") == (f"page-{fetched}" if fetched else None)
        fetched += size


@pytest.mark.toolchain
@pytest.mark.parametrize(("name", "key"), CASES, ids=IDS)
def test_behaviour(app_cache: AppCache, name: str, key: str) -> None:
    """Seven items served three at a time: every page is read, as the user, and rows/aggregates are right."""
    plan, module = PLANS[name], _module(name, key)
    sc = scenario(plan, module, total=7, page_size=3)
    assert sc.limit >= sc.total
    run = _run(app_cache, name, sc)
    assert run.ok, run.error
    assert run.unmatched_requests == []
    jira = _jira_requests(run)
    assert jira and all(r["provider"] == "user" for r in jira), jira
    assert run.result == sc.expected_result()
    assert module.data is not None
    kind = module.data.kind
    if history_fetch(module) is not None:
        _check_history_search(run, sc, 7)
    elif kind is DataKind.ISSUES and module.fetch("rows") is not None:
        _check_search(run, sc, 7)
    if sc.count is not None:
        (count,) = run.requests_to(COUNT)
        assert count["method"] == "POST" and count["body"] == {"jql": sc.count_jql}
    if kind is DataKind.ISSUES:
        # Seven issues: a table holding them all answers every chart, else one scan of the values does (no slices:
        # one query, read page by page; this fake serves three issues a page).
        scans = [r for r in run.requests_to(SEARCH) if r["method"] == "POST"]
        assert len(scans) == (0 if module.fetch("rows") is not None or sc.count is None else 3), scans
        assert all(r["body"]["jql"] == sc.count_jql and r["body"]["maxResults"] == 100 for r in scans)
        assert [r["body"].get("nextPageToken") for r in scans] == [None, "page-3", "page-6"][: len(scans)]
    if kind is DataKind.WORKLOGS:
        _check_worklog_search(run, sc, 7)
        assert _worklog_calls(run) == []  # at most three worklogs an issue: the search embedded them all
    if kind in (DataKind.PROJECTS, DataKind.FILTERS):
        path = PROJECT_SEARCH if kind is DataKind.PROJECTS else FILTER_SEARCH
        pages = run.requests_to(path)
        assert [int(r["query"]["startAt"]) for r in pages] == [0, 3, 6]
        if kind is DataKind.PROJECTS:
            wanted = "lead" if any(f.jira_id == "lead" for f in module.fields) else ""
        else:
            expandable = ("description", "favouritedCount", "jql", "owner")
            wanted = ",".join(f.jira_id for f in module.fields if f.jira_id in expandable)
        assert all(r["query"]["expand"] == wanted for r in pages)


WORKLOG_CASES = [(n, k) for n, k in CASES if getattr(_module(n, k).data, "kind", None) is DataKind.WORKLOGS]
WORKLOG_PAGE = 100  # the fake serves 100 worklogs a page (the resolver asks for Jira's maximum)


def _worklog_counts(limit: int, *, over: bool) -> list[int]:
    """Worklogs per issue: issues without any, one with a single worklog, some with more than a search embeds, and
    the limit reached in the third page of the seventh issue. ``over``: 50 more on that issue and three more issues
    (12 worklogs) after it; otherwise the limit is exactly the last worklog of the last issue."""
    assert limit >= 400, limit
    a = (limit - 251) // 3
    head = [0, a, 1, 0, a, limit - 251 - 2 * a]  # limit - 250 worklogs
    return [*head, 350, 5, 0, 7] if over else [*head, 250]


def _worklog_limit_scenario(name: str, key: str, *, over: bool) -> Scenario:
    plan, module = PLANS[name], _module(name, key)
    limit = scenario(plan, module).limit
    counts = _worklog_counts(limit, over=over)
    return scenario(
        plan, module, page_size=4, worklog_counts=counts, worklog_page_size=WORKLOG_PAGE, worklogs_all_kept=True
    )


@pytest.mark.toolchain
@pytest.mark.parametrize(("name", "key"), CASES, ids=IDS)
def test_behaviour_stops_at_the_limit(app_cache: AppCache, name: str, key: str) -> None:
    """More items than the limit: a table shows the first ones up to the limit and says the rows are cut short.

    Issues: the ordered search stops at the limit (charts then count their groups or read the values: that is
    tested against the JQL-evaluating fakes of tests/runtime and tests/fakejira; this fake ignores JQL). Lists: every
    page when a chart needs them all, else pages up to the limit. Worklogs: charts need every worklog, so every issue
    is read, and only issues with more worklogs than the search embedded cost further requests.
    """
    plan, module = PLANS[name], _module(name, key)
    assert module.data is not None
    limit = module.data.limit
    overrides = {limit.param: 5} if isinstance(limit, ParamLimit) else {}
    base = scenario(plan, module, overrides=overrides)
    page_size = 3 if base.limit <= 10 else 100
    if module.data.kind is DataKind.WORKLOGS:
        sc = _worklog_limit_scenario(name, key, over=True)
    else:
        sc = scenario(plan, module, total=base.limit + 5, page_size=page_size, overrides=overrides)
    run = _run(app_cache, name, sc)
    assert run.ok, run.error
    result = run.result
    assert result["ok"] is True, result
    assert run.unmatched_requests == []
    assert all(r["provider"] == "user" for r in _jira_requests(run))
    if module.data.kind is DataKind.SPRINTS:
        # more closed sprints than asked for: the last ones are the data (nothing cut short); the older ones'
        # issues are never read
        assert result == sc.expected_result() and result["truncated"] is False and len(result["rows"]) == sc.limit
        sprint_reads = {
            r["pathname"] for r in _jira_requests(run) if r["pathname"].startswith("/rest/agile/1.0/sprint/")
        }
        assert sprint_reads == {f"/rest/agile/1.0/sprint/{100 + k}/issue" for k in range(6, 11)}
        return
    if module.data.kind is DataKind.SPRINT_DAYS:
        # a sprint's days are never cut short (a table shows up to 100)
        assert result == sc.expected_result() and result["truncated"] is False
        return
    if module.data.kind is DataKind.VERSIONS:
        # more issues than a page: a summed view reads every page of them; the versions are never cut short
        assert result == sc.expected_result() and result["truncated"] is False
        searched = [r for r in run.requests_to(SEARCH) if r["method"] == "POST"]
        issues = len(sc.fake_jira["search"]["issues"])
        summed = any(isinstance(f, VersionFetch) and f.measure.field for f in module.fetches)
        assert len(searched) == (math.ceil(issues / page_size) if summed else 0)
        return
    assert result["truncated"] is sc.tabled
    assert len(result["rows"]) == (sc.limit if sc.tabled else 0)
    if module.data.kind is DataKind.ISSUES:
        expected = sc.expected_result()
        assert result["rows"] == expected["rows"] and result["count"] == expected["count"]
        tables = [i for i, v in enumerate(module.views) if v.kind in ("table", "list")]
        assert [result["views"][i] for i in tables] == [expected["views"][i] for i in tables]
        if history_fetch(module) is not None:
            charted = any(v.kind in ("chart", "metric") for v in module.views)
            _check_history_search(run, sc, len(sc.fake_jira["search"]["issues"]) if charted else None)
        elif module.fetch("rows") is not None:
            _check_search(run, sc, sc.limit)
    else:
        assert result == sc.expected_result()
    if module.data.kind in (DataKind.PROJECTS, DataKind.FILTERS):
        path = PROJECT_SEARCH if module.data.kind is DataKind.PROJECTS else FILTER_SEARCH
        fetch = module.fetch("rows")
        assert isinstance(fetch, ListFetch)
        read = len(sc.rows) if fetch.all else sc.limit
        assert len(run.requests_to(path)) == math.ceil(read / min(100, page_size))
    elif module.data.kind is DataKind.WORKLOGS:
        counts = sc.items_per_issue
        _check_worklog_search(run, sc, len(counts))
        assert sorted(_worklog_calls(run)) == _expected_worklog_calls(counts, WORKLOG_PAGE)


@pytest.mark.toolchain
@pytest.mark.parametrize(("name", "key"), WORKLOG_CASES, ids=[f"{n}-{k}" for n, k in WORKLOG_CASES])
def test_behaviour_worklogs_exactly_at_the_limit(app_cache: AppCache, name: str, key: str) -> None:
    """Exactly as many worklogs as the limit: every one is read and the rows are not reported as truncated."""
    sc = _worklog_limit_scenario(name, key, over=False)
    run = _run(app_cache, name, sc)
    assert run.ok, run.error
    assert run.result == sc.expected_result()
    assert run.result["truncated"] is False and len(run.result["rows"]) == sc.limit
    _check_worklog_search(run, sc, len(sc.items_per_issue))
    assert sorted(_worklog_calls(run)) == _expected_worklog_calls(sc.items_per_issue, WORKLOG_PAGE)


@pytest.mark.toolchain
@pytest.mark.parametrize(("name", "key"), CASES, ids=IDS)
def test_behaviour_jira_error(app_cache: AppCache, name: str, key: str) -> None:
    """Jira's 400 with errorMessages/errors becomes {ok: false, error: {status, message}}, not an exception."""
    plan, module = PLANS[name], _module(name, key)
    sc = scenario(plan, module)
    assert module.data is not None
    first = {
        DataKind.ISSUES: SEARCH if module.fetch("rows") is not None else COUNT,
        DataKind.WORKLOGS: SEARCH,
        DataKind.STATUS_PERIODS: SEARCH,
        DataKind.PROJECTS: PROJECT_SEARCH,
        DataKind.FILTERS: FILTER_SEARCH,
        DataKind.SPRINTS: f"/rest/agile/1.0/board/{sample_value('board')}/sprint",
        DataKind.VERSIONS: f"/rest/api/3/project/{sc.env['context']['project']}/versions",
        DataKind.SPRINT_DAYS: f"/rest/agile/1.0/board/{sample_value('board')}/sprint",
    }[module.data.kind]
    body = {"errorMessages": ["The value 'DEMO' does not exist for the field 'project'."], "errors": {"jql": "bad"}}
    sc.fake_jira["routes"].insert(0, {"path": first, "response": {"status": 400, "body": body}})
    run = _run(app_cache, name, sc)
    assert run.ok, run.error  # the resolver itself did not throw
    assert run.result == {
        "ok": False,
        "error": {"status": 400, "message": "The value 'DEMO' does not exist for the field 'project'. bad"},
    }
    sent = [r["pathname"] for r in _jira_requests(run)]
    # The viewed issue is read first (when the query uses it); a table's rows and the count go out together;
    # nothing is asked once Jira has refused.
    viewed = [f"/rest/api/3/issue/{sc.env['context']['issue']}"] if module.data.issue is not None else []
    together = [first, COUNT] if first == SEARCH and sc.count is not None else [first]
    if module.data.kind in (DataKind.SPRINTS, DataKind.SPRINT_DAYS):
        together = [first, FIELDS]  # the Sprint field is looked up beside the sprints
    history = history_fetch(module)
    listed = [STATUS_LIST] if history is not None and history.statuses is not None else []  # read beside the search
    assert sent == [*viewed, *listed, *together], sent


@pytest.mark.toolchain
@pytest.mark.parametrize(("name", "key"), INJECTABLE, ids=[f"{n}-{k}" for n, k in INJECTABLE])
def test_behaviour_jql_injection(app_cache: AppCache, name: str, key: str) -> None:
    """A value with quotes and JQL operators stays one string literal: the query's structure is unchanged."""
    plan, module = PLANS[name], _module(name, key)
    holes = string_placeholders(plan, module)
    given: dict[str, dict[str, Any]] = {"param": {}, "settings": {}, "context": {}}
    assert module.data is not None
    lists = {
        (p.source, p.name) for p in module.data.jql if isinstance(p, PlannedValue) and p.type in ("users", "texts")
    }
    for kind, hole in holes:  # a list (the viewed issue's labels) keeps the two values the benign one has
        given[kind][hole] = [INJECTION, "benign"] if (kind, hole) in lists else INJECTION
    benign = scenario(plan, module)
    hostile = scenario(
        plan, module, overrides=given["param"], settings_overrides=given["settings"], context_overrides=given["context"]
    )
    sent = []
    for sc in (benign, hostile):
        run = _run(app_cache, name, sc)
        assert run.ok and run.result["ok"], (run.error, run.result)
        requests = _searches(run) or run.requests_to(COUNT)
        jql = requests[0]["query"]["jql"] if requests[0]["method"] == "GET" else requests[0]["body"]["jql"]
        sent.append(jql)
    assert jql_structure(sent[1]) == jql_structure(sent[0]), sent
    ordered = _searches(run) and hostile.module.data and hostile.module.data.kind is DataKind.ISSUES
    if history_fetch(module) is not None:
        assert sent[1] == hostile.search_jql
    else:
        assert sent[1] == (hostile.jql if ordered else hostile.count_jql)
    assert jql_strings(sent[1]).count(INJECTION) == len(holes), sent[1]
    assert "SECRET" not in [text for kind, text in jql_structure(sent[1]) if kind == "word"]


@pytest.mark.toolchain
@pytest.mark.parametrize(("name", "key"), TYPED, ids=[f"{n}-{k}" for n, k in TYPED])
def test_behaviour_rejects_values_that_are_not_their_type(app_cache: AppCache, name: str, key: str) -> None:
    """Numbers, dates, filters and choices are checked before any query: a hostile one is a clean 400."""
    plan, module = PLANS[name], _module(name, key)
    for p in _validated_params(module):
        sc = scenario(plan, module, overrides={p.name: INJECTION})
        run = _run(app_cache, name, sc)
        assert run.ok, run.error
        assert run.result["ok"] is False and run.result["error"]["status"] == 400, (p.name, run.result)
        assert p.label in run.result["error"]["message"]
        assert _jira_requests(run) == [], p.name


# ------------------------------------------------------------------------------------------------- the checks bite


def _broken_bundle(app_cache: AppCache, tmp_path: Path, name: str, file: str, old: str, new: str) -> BundleResult:
    """The app's resolver bundled with one runtime module changed (``old`` replaced by ``new``)."""
    app = tmp_path / "app"
    shutil.copytree(app_cache.app(name).path, app)
    source = app / "src" / "runtime" / file
    text = source.read_text(encoding="utf-8")
    assert old in text, file
    source.write_text(text.replace(old, new), encoding="utf-8")
    built = bundle(app, tmp_path / "out")
    assert built.ok, built.summary()
    return built


@pytest.mark.toolchain
@pytest.mark.parametrize(
    ("mutation", "file", "old", "new"),
    [
        ("as-app", "search.js", ".asUser()", ".asApp()"),
        (
            "unquoted-jql",
            "jql.js",
            "    default:\n      return jqlString(value);",
            "    default:\n      return String(value);",
        ),
        ("wrong-field", "read.js", "valueAt(item, field.read)", "valueAt(item, field.read.slice(1))"),
    ],
)
def test_behaviour_checks_catch_a_broken_resolver(
    app_cache: AppCache, tmp_path: Path, mutation: str, file: str, old: str, new: str
) -> None:
    """Break a runtime module of overdue-gadget one way at a time: the behaviour checks must notice."""
    name = "overdue-gadget"
    built = _broken_bundle(app_cache, tmp_path, name, file, old, new)
    plan, module = PLANS[name], _module(name, "overdue")
    sc = scenario(plan, module, overrides={"project": INJECTION})
    run = run_resolver(built.resolver_bundle, "load", sc.payload, sc.fake_jira, context=sc.context)
    providers = {r["provider"] for r in _jira_requests(run)}
    sent = run.requests_to(SEARCH)[0]["query"]["jql"] if run.requests_to(SEARCH) else ""
    if mutation == "as-app":
        assert "app" in providers  # test_behaviour asserts {"user"}
    elif mutation == "unquoted-jql":
        assert sent != sc.jql
        assert jql_structure(sent) != jql_structure(sc.jql)  # what test_behaviour_jql_injection compares
    else:
        assert run.result != sc.expected_result()


@pytest.mark.toolchain
@pytest.mark.parametrize(
    ("name", "file", "old", "new"),
    [
        ("time-in-status", "periods.js", "duration: (at - since) / 1000,", "duration: (at - since) / 60000,"),
        (
            "cycle-time",
            "history-rows.js",
            "const changes = histories.changes.get",
            "const changes = [] || histories.changes.get",
        ),
        ("cycle-time", "measures.js", "found[measure.last ? found.length - 1 : 0]", "found[0]"),
    ],
)
def test_behaviour_checks_catch_a_broken_history(
    app_cache: AppCache, tmp_path: Path, name: str, file: str, old: str, new: str
) -> None:
    """Break how the history apps cut histories into stays or read them: their behaviour check must notice."""
    built = _broken_bundle(app_cache, tmp_path, name, file, old, new)
    module = PLANS[name].modules[0]
    sc = scenario(PLANS[name], module, total=7, page_size=3)
    run = run_resolver(built.resolver_bundle, "load", sc.payload, sc.fake_jira, context=sc.context, now=sc.now)
    assert run.ok, run.error
    assert run.result != sc.expected_result()  # what test_behaviour compares


# ------------------------------------------------------------------------------------------------- worklog conditions

# (author, started, kept) worked out by hand for NOW = 2026-02-10T12:00Z; days are UTC days.
TIMESHEET_LOGS = [  # worklogAuthor = {person} (acc-ann) AND worklogDate >= startOfMonth() (2026-02-01)
    ("acc-ann", "2026-02-01T00:00:00.000+0000", True),  # the first moment of the month
    ("acc-ann", "2026-01-31T23:59:00.000+0000", False),  # the last minute of January
    ("acc-ann", "2026-02-01T02:00:00.000+0530", False),  # 2026-01-31 20:30 UTC
    ("acc-ann", "2026-01-31T20:00:00.000-0800", True),  # 2026-02-01 04:00 UTC
    ("acc-bo", "2026-02-05T09:00:00.000+0000", False),  # someone else's work on a chosen issue
    (None, "2026-02-05T09:00:00.000+0000", False),  # no author (deleted account)
    ("acc-ann", "2026-02-10T09:00:00.000+0000", True),
    ("acc-ann", "2025-02-10T09:00:00.000+0000", False),  # a year ago
    ("acc-ann", "2026-03-02T09:00:00.000+0000", True),  # logged ahead: the query has no upper bound
]
TIME_REPORT_LOGS = [  # worklogDate >= -30d (2026-01-11 12:00 UTC, so the day 2026-01-11)
    ("acc-bo", "2026-01-11T00:30:00.000+0000", True),  # earlier that day still counts: days are compared
    ("acc-ann", "2026-01-10T23:59:00.000+0000", False),
    ("acc-ann", "2026-01-11T01:00:00.000+0530", False),  # 2026-01-10 19:30 UTC
    ("acc-bo", "2026-02-09T10:00:00.000+0000", True),
    (None, "2026-02-09T11:00:00.000+0000", True),  # no author condition: every author counts
    ("acc-ann", "2025-12-25T10:00:00.000+0000", False),  # older work on an issue with recent work
]
HAND_WORKED = {"weekly-timesheet": TIMESHEET_LOGS, "team-time-report": TIME_REPORT_LOGS}


def _hand_worked_scenario(name: str) -> Scenario:
    """One issue whose worklogs are those of HAND_WORKED[name] (the search embeds the first three, so the resolver
    reads them all, three a page); the rows are the kept ones."""
    plan, module = PLANS[name], data_modules(PLANS[name])[0]
    cases = HAND_WORKED[name]
    sc = scenario(plan, module, worklog_counts=[len(cases)], worklog_page_size=3, embedded=3)
    (paged,) = sc.fake_jira["paged"]
    people = {"acc-ann": "Ann Lee", "acc-bo": "Bo Chen"}
    rows = []
    for raw, (author, started, kept) in zip(paged["items"], cases, strict=True):
        raw["started"] = started
        user = None if author is None else {"accountId": author, "displayName": people[author]}
        raw["author"] = None if user is None else {**(raw["author"] or {}), **user}
        row = {
            "author": user,
            "started": started,
            "timespent": raw["timeSpentSeconds"],
            "issue": "DEMO-1",
            "summary": "summary of issue 1",
        }
        if kept:
            rows.append({f.name: row[f.name] for f in module.fields})
    sc.rows, sc.total = rows, len(rows)
    sc.kept_per_issue = [[kept for _, _, kept in cases]]
    return sc


@pytest.mark.toolchain
@pytest.mark.parametrize("name", sorted(HAND_WORKED))
def test_behaviour_worklog_conditions_filter_the_rows(app_cache: AppCache, name: str) -> None:
    """The query's worklogAuthor / worklogDate conditions keep only the matching worklogs of the chosen issues:
    other people's work, and work outside the dates (startOfMonth(), -30d against a fixed clock), is dropped."""
    sc = _hand_worked_scenario(name)
    assert module_filter_agrees(sc), "the Python model disagrees with the hand-worked cases"
    run = _run(app_cache, name, sc)
    assert run.ok, run.error
    assert run.unmatched_requests == []
    assert run.result == sc.expected_result()
    assert 0 < len(run.result["rows"]) < len(HAND_WORKED[name])
    assert run.requests_to(SEARCH)[0]["query"]["jql"] == sc.jql  # the query still chooses the issues, unchanged
    pages = range(0, len(HAND_WORKED[name]), 3)
    assert _worklog_calls(run) == [("/rest/api/3/issue/DEMO-1/worklog", start) for start in pages]
    # Jira is asked only for worklogs started from the first day the conditions keep (a millisecond earlier).
    first_day = {
        "weekly-timesheet": datetime(2026, 2, 1, tzinfo=UTC),
        "team-time-report": datetime(2026, 1, 11, tzinfo=UTC),
    }
    after = int(first_day[name].timestamp() * 1000) - 1
    assert {r["query"]["startedAfter"] for r in run.requests if r["pathname"].endswith("/worklog")} == {str(after)}


@pytest.mark.toolchain
def test_behaviour_worklog_conditions_follow_the_clock(app_cache: AppCache) -> None:
    """The same worklogs a month later: startOfMonth() is now 2026-03-01, so only the work logged ahead stays."""
    sc = _hand_worked_scenario("weekly-timesheet")
    sc.now = "2026-03-10T12:00:00Z"
    run = _run(app_cache, "weekly-timesheet", sc)
    assert run.ok, run.error
    assert [r["started"] for r in run.result["rows"]] == ["2026-03-02T09:00:00.000+0000"]


def module_filter_agrees(sc: Scenario) -> bool:
    """keeps_worklog (the model the other worklog tests use) keeps exactly the hand-worked worklogs."""
    assert sc.module.data is not None
    (paged,) = sc.fake_jira["paged"]
    return [keeps_worklog(sc.module.data.worklogs, sc.env, raw) for raw in paged["items"]] == sc.kept_per_issue[0]


@pytest.mark.toolchain
@pytest.mark.parametrize("name", sorted(HAND_WORKED))
def test_behaviour_worklog_limit_counts_kept_rows(app_cache: AppCache, name: str) -> None:
    """Thousands of mixed worklogs: the table's limit (1000) counts only those the conditions keep; the charts are
    over every kept worklog, so every worklog is read."""
    plan, module = PLANS[name], data_modules(PLANS[name])[0]
    counts = [0, 1500, 1, 0, 2000, 1500, 3]
    # The timesheet keeps one person's work of this month: every worklog is that, or too few would be kept.
    all_kept = name == "weekly-timesheet"
    sc = scenario(
        plan, module, page_size=4, worklog_counts=counts, worklog_page_size=WORKLOG_PAGE, worklogs_all_kept=all_kept
    )
    assert len(sc.rows) > sc.limit == 1000
    assert all_kept or len(sc.rows) < sum(counts)
    run = _run(app_cache, name, sc)
    assert run.ok, run.error
    assert run.unmatched_requests == []
    assert run.result == sc.expected_result()
    assert run.result["truncated"] is True and len(run.result["rows"]) == sc.limit
    assert sorted(_worklog_calls(run)) == _expected_worklog_calls(counts, WORKLOG_PAGE)
    _check_worklog_search(run, sc, len(counts))


FORMS_PLAN = plan_of(WORKLOG_FORMS)
FORMS = [m.key for m in data_modules(FORMS_PLAN)]


@pytest.mark.toolchain
@pytest.mark.parametrize("key", FORMS)
def test_behaviour_every_worklog_condition_form(app_cache: AppCache, key: str) -> None:
    """Each supported form (offset functions, in / not in / !=, currentUser(), {date}, days) keeps the worklogs the
    Python model keeps, out of 90 with mixed authors and days; the viewer is acc-bo."""
    module = next(m for m in FORMS_PLAN.modules if m.key == key)
    assert module.data is not None and module.data.worklogs.active
    sc = scenario(
        FORMS_PLAN, module, worklog_counts=[30, 30, 30], worklog_page_size=100, context_overrides={"user": "acc-bo"}
    )
    assert 0 < sc.total < 90
    built = app_cache.bundle(WORKLOG_FORMS)
    assert built.ok, built.summary()
    run = run_resolver(
        built.resolver_bundle, "load", sc.payload, sc.fake_jira, context=sc.context, account_id="acc-bo", now=sc.now
    )
    assert run.ok, run.error
    assert run.result == sc.expected_result()
    assert run.requests_to(SEARCH)[0]["query"]["jql"] == sc.jql


# ------------------------------------------------------------------------------------------------- values and dates

VALUES_PLAN = plan_of(VALUES_AND_DATES)
RECENT = VALUES_PLAN.modules[0]


def _run_values(app_cache: AppCache, sc: Scenario) -> ResolverRun:
    built = app_cache.bundle(VALUES_AND_DATES)
    assert built.ok, built.summary()
    return run_resolver(built.resolver_bundle, "load", sc.payload, sc.fake_jira, context=sc.context, now=sc.now)


@pytest.mark.toolchain
def test_behaviour_relative_date_default_and_date_axis(app_cache: AppCache) -> None:
    """The documented default `date = "-14d"` reaches JQL as the quoted relative date (it was refused before);
    rows without a due date are left out of the chart by week, which says how many; votes and watchers are read
    from Jira's nested objects."""
    sc = scenario(VALUES_PLAN, RECENT, total=7, page_size=3)
    assert sc.env["param"]["since"] == "-14d"
    run = _run_values(app_cache, sc)
    assert run.ok, run.error
    assert run.result == sc.expected_result()
    (search, *_) = run.requests_to(SEARCH)
    assert search["query"]["jql"].startswith('project = DEMO AND created >= "-14d" AND (issuetype = Bug)')
    chart = run.result["views"][0]
    assert chart["omitted"] == sum(1 for row in sc.rows if row["duedate"] is None) > 0
    assert "(none)" not in [point["label"] for point in chart["data"]]
    assert all(point["label"].startswith("w/c ") for point in chart["data"])
    assert any(isinstance(row["votes"], int | float) for row in run.result["rows"])


@pytest.mark.toolchain
@pytest.mark.parametrize("value", BREAK_OUTS, ids=["double-quotes", "single-quotes"])
def test_behaviour_refuses_a_jql_value_that_breaks_out(app_cache: AppCache, value: str) -> None:
    """Issue 16's break-out, as a configured jql value: refused with a 400 naming it, before any request."""
    sc = scenario(VALUES_PLAN, RECENT, overrides={"extra": value})
    run = _run_values(app_cache, sc)
    assert run.ok, run.error
    assert run.result["ok"] is False and run.result["error"]["status"] == 400, run.result
    assert "“Extra condition”" in run.result["error"]["message"]
    assert _jira_requests(run) == []
