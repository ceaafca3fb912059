"""The bundled resolver's configuration calls, run in Node against a fake Jira and a fake Forge KVS.

* ``options``: the project and filter pickers of gadget configuration and admin settings (request, the
  ``{label, value}`` options config.jsx shows, a Jira error as a clean ``{ok: false, error}``);
* ``saveSettings`` / ``getSettings``: settings saved through @forge/kvs (``POST /api/v1/get`` and
  ``/api/v1/set``) by the admin page only, checked by type before anything is stored, and then quoted into
  the JQL of the modules that use them.
"""

from __future__ import annotations

from typing import Any

import pytest
from generated_app_support import (
    APPS,
    BREAK_OUTS,
    FILTER_SEARCH,
    INJECTION,
    PROJECT_SEARCH,
    SEARCH,
    TYPED_SETTINGS,
    VIEWER,
    AppCache,
    Scenario,
    is_percent_encoded,
    jql_strings,
    jql_structure,
    plan_of,
    raw_query_value,
    scenario,
)
from toolchain_support import ResolverRun, run_resolver

from compiler.plan import Plan, PlannedModule, PlannedParam

SETTINGS_KEY = "forgewright-settings"
PLANS: dict[str, Plan] = {name: plan_of(name) for name in (*APPS, TYPED_SETTINGS)}


def _module(name: str, key: str) -> PlannedModule:
    return next(m for m in PLANS[name].modules if m.key == key)


def _context(module: PlannedModule) -> dict[str, Any]:
    return {"moduleKey": module.host_key, "accountId": VIEWER, "extension": {"type": module.forge_type}}


def _call(
    app_cache: AppCache,
    name: str,
    function: str,
    payload: dict[str, Any],
    fake: dict[str, Any],
    *,
    host: PlannedModule,
) -> ResolverRun:
    built = app_cache.bundle(name)
    assert built.ok, built.summary()
    run = run_resolver(built.resolver_bundle, function, payload, fake, context=_context(host), account_id=VIEWER)
    assert run.ok, run.error  # the resolver itself did not throw
    assert run.unmatched_requests == []
    return run


def _calls(run: ResolverRun) -> list[tuple[str, str]]:
    return [(r["type"], r["pathname"]) for r in run.requests]


# ------------------------------------------------------------------------------------------------- pickers

PICKERS = [
    (name, m.key, p.name)
    for name in APPS
    for m in PLANS[name].modules
    for p in (*m.config, *m.settings)
    if p.type in ("project", "filter")
]
PICKER_IDS = [f"{n}-{k}-{p}" for n, k, p in PICKERS]


def _picker(name: str, key: str, param: str) -> PlannedParam:
    module = _module(name, key)
    return next(p for p in (*module.config, *module.settings) if p.name == param)


def _beans(kind: str) -> list[dict[str, Any]]:
    """Three PageBeanProject / PageBeanFilterDetails values, as Jira returns them without expand."""
    if kind == "project":
        return [
            {
                "self": f"https://fake.atlassian.net/rest/api/3/project/{10000 + i}",
                "id": str(10000 + i),
                "key": f"P{i}",
                "name": f"Project {i} & <co>",
                "projectTypeKey": "software",
                "simplified": False,
                "avatarUrls": {"48x48": f"https://fake.atlassian.net/avatar/p{i}.png"},
            }
            for i in range(1, 4)
        ]
    return [
        {"self": f"https://fake.atlassian.net/rest/api/3/filter/{100 + i}", "id": str(100 + i), "name": f"Filter {i}"}
        for i in range(1, 4)
    ]


# Text typed into a picker: the resolver sends its first 100 characters, percent-encoded, as one value.
TYPED = 'R&D "core"=ü ' + "x" * 100


@pytest.mark.toolchain
@pytest.mark.parametrize(("name", "key", "param"), PICKERS, ids=PICKER_IDS)
def test_picker_options(app_cache: AppCache, name: str, key: str, param: str) -> None:
    """One search as the user (projects by name, filters by filterName; 50 at most), answered as {label, value}."""
    module, picker = _module(name, key), _picker(name, key, param)
    path, text_param = (PROJECT_SEARCH, "query") if picker.type == "project" else (FILTER_SEARCH, "filterName")
    beans = _beans(picker.type)
    fake = {"paged": [{"path": path, "items": beans, "page_size": 50}]}
    payload = {"module": key, "param": param, "query": TYPED}
    run = _call(app_cache, name, "options", payload, fake, host=module)
    if picker.type == "project":
        options = [{"label": f"{b['name']} ({b['key']})", "value": b["key"]} for b in beans]
    else:
        options = [{"label": b["name"], "value": b["id"]} for b in beans]
    assert run.result == {"ok": True, "options": options}  # what config.jsx's OptionsAnswer expects
    (request,) = run.requests
    assert (request["method"], request["pathname"], request["provider"]) == ("GET", path, "user")
    assert request["query"] == {text_param: TYPED[:100], "maxResults": "50"}
    assert is_percent_encoded(raw_query_value(request["path"], text_param)), request["path"]


@pytest.mark.toolchain
@pytest.mark.parametrize(("name", "key", "param"), PICKERS, ids=PICKER_IDS)
def test_picker_jira_error(app_cache: AppCache, name: str, key: str, param: str) -> None:
    """A Jira 400 becomes {ok: false, error: {status, message}}; config.jsx shows the message."""
    module, picker = _module(name, key), _picker(name, key, param)
    path = PROJECT_SEARCH if picker.type == "project" else FILTER_SEARCH
    body = {"errorMessages": ["You are not allowed to list these."], "errors": {"query": "bad"}}
    fake = {"routes": [{"method": "GET", "path": path, "response": {"status": 400, "body": body}}]}
    run = _call(app_cache, name, "options", {"module": key, "param": param, "query": ""}, fake, host=module)
    assert run.result == {"ok": False, "error": {"status": 400, "message": "You are not allowed to list these. bad"}}
    assert [r["pathname"] for r in run.requests] == [path]


@pytest.mark.toolchain
def test_picker_refuses_other_params(app_cache: AppCache) -> None:
    """Only a project/filter parameter of the calling module has options: anything else is a 400, no request."""
    module = _module("overdue-gadget", "overdue")
    run = _call(app_cache, "overdue-gadget", "options", {"module": "overdue", "param": "rows"}, {}, host=module)
    assert run.result == {"ok": False, "error": {"status": 400, "message": "Unknown picker."}}
    assert run.requests == []


# ------------------------------------------------------------------------------------------------- settings

BOARD = "team-dashboard-with-settings"


def _save(app_cache: AppCache, name: str, values: dict[str, Any], store: dict[str, Any]) -> ResolverRun:
    admin = next(m for m in PLANS[name].modules if m.settings)
    payload = {"module": admin.key, "values": values}
    return _call(app_cache, name, "saveSettings", payload, {"kvs": {"store": store}}, host=admin)


def _load_run(app_cache: AppCache, name: str, key: str, store: dict[str, Any]) -> tuple[ResolverRun, Scenario]:
    """Load module ``key`` with the KVS holding ``store``: the run and the scenario it follows."""
    plan, module = PLANS[name], _module(name, key)
    saved = store.get(SETTINGS_KEY, {})
    sc = scenario(plan, module, settings_overrides={k: v for k, v in saved.items() if v is not None})
    sc.fake_jira["routes"] = [r for r in sc.fake_jira["routes"] if r.get("path") != "/api/v1/get"]
    sc.fake_jira["kvs"] = {"store": store}
    return _call(app_cache, name, "load", sc.payload, sc.fake_jira, host=module), sc


def _load_with(app_cache: AppCache, name: str, key: str, store: dict[str, Any]) -> tuple[ResolverRun, str]:
    """Load module ``key`` with the KVS holding ``store``: the run and the JQL its module must send."""
    run, sc = _load_run(app_cache, name, key, store)
    assert run.result["ok"], run.result
    return run, sc.jql


@pytest.mark.toolchain
def test_settings_saved_then_used_in_jql(app_cache: AppCache) -> None:
    """The admin page saves through @forge/kvs (first save on a fresh install); the next load quotes the values."""
    values = {"team_label": 'Mobile "A" team', "home_project": "MOB", "not_a_setting": "x"}
    run = _save(app_cache, BOARD, values, {})
    saved = {"team_label": 'Mobile "A" team', "home_project": "MOB"}
    assert run.result == {"ok": True, "values": saved}
    assert _calls(run) == [("kvs", "/api/v1/get"), ("kvs", "/api/v1/set"), ("kvs", "/api/v1/get")]
    assert run.requests[0]["status"] == 404  # KEY_NOT_FOUND: @forge/kvs answers undefined
    assert run.requests[1]["body"] == {"key": SETTINGS_KEY, "value": saved}
    assert run.data["kvs"] == {SETTINGS_KEY: saved}

    board, expected = _load_with(app_cache, BOARD, "team_board", run.data["kvs"])
    sent = board.requests_to(SEARCH)[0]["query"]["jql"]
    assert sent == expected
    assert jql_strings(sent)[:2] == ["MOB", 'Mobile "A" team']
    assert jql_structure(sent) == jql_structure(expected.replace('Mobile \\"A\\" team', "platform"))
    assert all(r["provider"] == "user" for r in board.requests if r["type"] != "kvs")


@pytest.mark.toolchain
def test_settings_cleared_value_stays_empty(app_cache: AppCache) -> None:
    """Saving some settings keeps the others; an emptied setting is stored as null and stays empty (its default
    does not come back), so the modules using it ask an administrator for it; one never saved reads as its
    default."""
    store = {SETTINGS_KEY: {"team_label": "old", "home_project": "OLD"}}
    run = _save(app_cache, BOARD, {"team_label": "  "}, store)
    assert run.result == {"ok": True, "values": {"team_label": None, "home_project": "OLD"}}
    assert run.data["kvs"] == {SETTINGS_KEY: {"team_label": None, "home_project": "OLD"}}
    never = _save(app_cache, BOARD, {"home_project": "NEW"}, {SETTINGS_KEY: {}})
    assert never.result == {"ok": True, "values": {"team_label": "platform", "home_project": "NEW"}}
    board, _ = _load_run(app_cache, BOARD, "team_board", run.data["kvs"])
    assert board.result == {
        "ok": False,
        "error": {"status": 412, "message": "An administrator has not set “Label that marks the team's issues” yet."},
    }


REFUSED = [
    ("saveSettings", "team_board", "team_board", 403, "Settings can only be changed on the settings page."),
    ("getSettings", "team_board", "team_board", 403, "Settings can only be read on the settings page."),
    ("saveSettings", "team_settings", "team_board", 400, "Unknown module."),  # payload names the admin page
]


@pytest.mark.toolchain
@pytest.mark.parametrize(
    ("function", "named", "caller", "status", "message"), REFUSED, ids=["save", "read", "save-as-admin-page"]
)
def test_settings_only_the_admin_page(
    app_cache: AppCache, function: str, named: str, caller: str, status: int, message: str
) -> None:
    """A call from another module (naming itself or the admin page) is refused before storage is touched."""
    store = {SETTINGS_KEY: {"team_label": "old", "home_project": "OLD"}}
    payload = {"module": named, "values": {"team_label": INJECTION}}
    fake = {"kvs": {"store": store}}
    run = _call(app_cache, BOARD, function, payload, fake, host=_module(BOARD, caller))
    assert run.result == {"ok": False, "error": {"status": status, "message": message}}
    assert run.requests == []
    assert run.data["kvs"] == {SETTINGS_KEY: {"team_label": "old", "home_project": "OLD"}}


INVALID = [
    ("min_votes", "many"),
    ("min_votes", INJECTION),
    ("level", "Medium"),
    ("extra", "labels = x) OR (project = SECRET"),
    ("extra", "labels = x ORDER BY key"),
    ("since", "yesterday"),
    ("saved", "10042 OR project = SECRET"),
    *(("extra", value) for value in BREAK_OUTS),
    ("extra", 'summary ~ "unclosed'),
]


@pytest.mark.toolchain
@pytest.mark.parametrize(("setting", "value"), INVALID, ids=[f"{s}-{i}" for i, (s, _) in enumerate(INVALID)])
def test_settings_refuses_values_that_are_not_their_type(app_cache: AppCache, setting: str, value: str) -> None:
    """Numbers, choices, JQL, dates and filters are checked on save: a 400 naming the setting, nothing stored."""
    store = {SETTINGS_KEY: {"saved": "10042"}}
    label = next(s.label for s in PLANS[TYPED_SETTINGS].settings if s.name == setting)
    run = _save(app_cache, TYPED_SETTINGS, {"level": "Low", setting: value}, store)
    assert run.result["ok"] is False and run.result["error"]["status"] == 400, run.result
    assert label in run.result["error"]["message"]
    assert ("kvs", "/api/v1/set") not in _calls(run)
    assert run.data["kvs"] == {SETTINGS_KEY: {"saved": "10042"}}


@pytest.mark.toolchain
def test_settings_typed_values_saved_then_used_in_jql(app_cache: AppCache) -> None:
    """Valid typed values are stored as their type (a number as a number, a filter id trimmed) and used in JQL."""
    values = {"min_votes": " 5 ", "level": "Low", "extra": "labels = x", "since": "2026-02-01", "saved": " 10042 "}
    run = _save(app_cache, TYPED_SETTINGS, values, {})
    saved = {"min_votes": 5, "level": "Low", "extra": "labels = x", "since": "2026-02-01", "saved": "10042"}
    assert run.result == {"ok": True, "values": saved}
    assert run.data["kvs"] == {SETTINGS_KEY: saved}
    board, expected = _load_with(app_cache, TYPED_SETTINGS, "board", run.data["kvs"])
    sent = board.requests_to(SEARCH)[0]["query"]["jql"]
    assert sent == expected
    assert sent == 'votes >= 5 AND priority = "Low" AND (labels = x) AND created >= "2026-02-01" AND filter = 10042'
