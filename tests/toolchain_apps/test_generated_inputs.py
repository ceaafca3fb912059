"""The bundled resolvers of the examples that take inputs from around them, run against the fake Jira.

* home-project-gadget: a parameter that defaults to an admin setting, and an optional jql parameter: never set,
  set, and set to empty each give the query the spec promises (the optional condition left out whole);
* same-reporter-panel: the viewed issue is read once, with only the fields the query uses, its key sent
  encoded; an issue without labels gives a clear message and no search (never ``labels in ()``);
* overdue-highlighted / resolution-time: computed values follow the load's clock, and highlighted rows are those
  the condition holds for.

The generic checks of every example (paging, fields, values, injection) are in test_generated_behaviour.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from generated_app_support import SEARCH, AppCache, Scenario, plan_of, scenario
from toolchain_support import ResolverRun, run_resolver

from compiler.plan import Plan, PlannedModule

HOME = "home-project-gadget"
SAME = "same-reporter-panel"
OVERDUE = "overdue-highlighted"
PLANS: dict[str, Plan] = {name: plan_of(name) for name in (HOME, SAME, OVERDUE)}


def _module(name: str, key: str) -> PlannedModule:
    return next(m for m in PLANS[name].modules if m.key == key)


def _run(app_cache: AppCache, name: str, sc: Scenario) -> ResolverRun:
    built = app_cache.bundle(name)
    assert built.ok, built.summary()
    account = sc.env["context"]["user"]
    return run_resolver(
        built.resolver_bundle, "load", sc.payload, sc.fake_jira, context=sc.context, account_id=account, now=sc.now
    )


def _sent_jql(run: ResolverRun) -> str:
    (first, *_) = run.requests_to(SEARCH)
    return str(first["query"]["jql"])


def _home(config: dict[str, Any], settings: dict[str, Any] | None = None) -> Scenario:
    """The home-project gadget configured with exactly ``config`` (keys left out were never set)."""
    module = _module(HOME, "open_work")
    sc = scenario(PLANS[HOME], module, settings_overrides=settings or {"home_project": "HOME"})
    sc.payload["config"] = dict(config)
    sc.context["extension"]["gadgetConfiguration"] = dict(config)
    return sc


ORDER = " ORDER BY created ASC"


@pytest.mark.toolchain
@pytest.mark.parametrize(
    ("config", "jql"),
    [
        ({}, 'project = "HOME" AND resolution is EMPTY'),  # never set: the setting; optional left out
        (
            {"project": "ABC", "extra": "priority = High"},
            'project = "ABC" AND (priority = High) AND resolution is EMPTY',
        ),
        ({"project": "", "extra": "  "}, 'project = "HOME" AND resolution is EMPTY'),  # emptied: setting; left out
        ({"project": None, "extra": None, "rows": 3}, 'project = "HOME" AND resolution is EMPTY'),
    ],
    ids=["never-set", "set", "emptied", "nulls"],
)
def test_setting_default_and_optional_condition(app_cache: AppCache, config: dict[str, Any], jql: str) -> None:
    run = _run(app_cache, HOME, _home(config))
    assert run.ok and run.result["ok"], (run.error, run.result)
    assert _sent_jql(run) == jql + ORDER


@pytest.mark.toolchain
def test_required_values_set_to_empty_are_asked_for(app_cache: AppCache) -> None:
    """A required value that was cleared stays empty (its default does not come back): the gadget asks for it; a
    setting default the admin has not set either leaves the project unset."""
    cleared = _run(app_cache, HOME, _home({"rows": None}))
    assert cleared.result["ok"] is False and cleared.result["error"]["status"] == 412, cleared.result
    assert "“Rows to show”" in cleared.result["error"]["message"]
    unset = _run(app_cache, HOME, _home({}, settings={"home_project": None}))
    assert unset.result["ok"] is False and unset.result["error"]["status"] == 412, unset.result
    assert "“Project”" in unset.result["error"]["message"]
    assert [r for r in cleared.requests + unset.requests if r["type"] != "kvs"] == []


@pytest.mark.toolchain
def test_viewed_issue_is_read_once_with_only_the_fields_the_query_uses(app_cache: AppCache) -> None:
    module = _module(SAME, "same_reporter")
    sc = scenario(PLANS[SAME], module, context_overrides={"issue": "ABC-12", "issue.reporter": 'acc-7" OR x = "y'})
    run = _run(app_cache, SAME, sc)
    assert run.ok and run.result["ok"], (run.error, run.result)
    (read,) = [r for r in run.requests if r["pathname"].startswith("/rest/api/3/issue/")]
    assert read["method"] == "GET" and read["provider"] == "user"
    assert read["pathname"] == "/rest/api/3/issue/ABC-12"
    assert read["query"] == {"fields": "reporter"}
    assert _sent_jql(run).startswith('reporter = "acc-7\\" OR x = \\"y" AND key != "ABC-12"')


@pytest.mark.toolchain
@pytest.mark.parametrize("key", ["A-1?fields=x", "../../myself", "A-1 OR 1=1", ""])
def test_a_viewed_issue_that_is_not_a_key_is_not_read(app_cache: AppCache, key: str) -> None:
    """The key goes into a request path: anything but an issue key (or id) is refused before any request."""
    module = _module(SAME, "same_reporter")
    run = _run(app_cache, SAME, scenario(PLANS[SAME], module, context_overrides={"issue": key}))
    assert run.ok, run.error
    assert run.result == {"ok": False, "error": {"status": 412, "message": "This view has no issue to show data for."}}
    assert run.requests == []


@pytest.mark.toolchain
def test_an_issue_without_labels_gets_a_message_not_a_query(app_cache: AppCache) -> None:
    module = _module(SAME, "same_labels")
    sc = scenario(PLANS[SAME], module, context_overrides={"issue.labels": []})
    run = _run(app_cache, SAME, sc)
    assert run.ok, run.error
    assert run.result == {"ok": False, "error": {"status": 412, "message": "This issue has no labels to compare with."}}
    assert run.requests_to(SEARCH) == []


@pytest.mark.toolchain
def test_computed_values_follow_the_load_clock(app_cache: AppCache) -> None:
    """The same issues a month later: every due date is further behind, and more rows are highlighted."""
    module = _module(OVERDUE, "overdue")
    early = scenario(PLANS[OVERDUE], module)
    late = scenario(PLANS[OVERDUE], module)
    early.now, late.now = "2026-01-05T12:00:00Z", "2026-03-05T12:00:00Z"
    runs = [_run(app_cache, OVERDUE, sc) for sc in (early, late)]
    assert all(run.ok and run.result["ok"] for run in runs), [run.result for run in runs]
    days = [[row["days_overdue"] for row in run.result["rows"]] for run in runs]
    assert [b - a for a, b in zip(*days, strict=True) if a is not None] == [59 * 86400] * sum(
        1 for value in days[0] if value is not None
    )
    marked = [run.result["views"][0]["highlighted"] for run in runs]
    assert len(marked[0]) < len(marked[1]) == sum(1 for value in days[1] if value is not None and value > 0)
