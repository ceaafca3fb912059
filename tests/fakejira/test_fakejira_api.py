"""The fake Jira's REST operations: paging and page limits, field selection, permissions, Jira's errors,
and every answer's shape against the vendored OpenAPI documents."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import pytest
from openapi_shapes import component, problems, response_schema

from benchmarks.fakejira.api import ApiRequest, ApiResponse, FakeJiraApi
from benchmarks.fakejira.jql.engine import Engine, Viewer
from benchmarks.fakejira.model import Dataset


@pytest.fixture(scope="module")
def api(data: Dataset, engine: Engine) -> FakeJiraApi:
    return FakeJiraApi(data, engine)


def call(api: FakeJiraApi, method: str, target: str, body: Any = None, viewer: Viewer | None = None) -> ApiResponse:
    path, _, query = target.partition("?")
    who = viewer if viewer is not None else Viewer(api.data.viewer.account_id)
    return api.handle(ApiRequest(method, path, parse_qs(query, keep_blank_values=True), body, who))


def ok(response: ApiResponse) -> Any:
    assert response.status == 200, response.body
    return response.body


def search_all(api: FakeJiraApi, jql: str, page: int, fields: str = "key") -> list[str]:
    """Every key of a search, page by page, checking isLast and nextPageToken on the way."""
    keys: list[str] = []
    token = None
    while True:
        body = {"jql": jql, "fields": [fields], "maxResults": page} | ({"nextPageToken": token} if token else {})
        found = ok(call(api, "POST", "/rest/api/3/search/jql", body))
        keys += [i["key"] for i in found["issues"]]
        token = found.get("nextPageToken")
        assert found["isLast"] == (token is None)
        if found["isLast"]:
            return keys


# ------------------------------------------------------------------------------------------------- search


def test_pages_cover_the_result_once_in_order(api: FakeJiraApi, engine: Engine) -> None:
    jql = "project = DEMO ORDER BY created ASC"
    expected = [api.data.issues[i].key for i in engine.search(jql, Viewer(api.data.viewer.account_id))]
    assert len(expected) > 120
    assert search_all(api, jql, 37) == expected


def test_page_size_defaults_to_50_and_is_capped_by_the_fields_asked(api: FakeJiraApi) -> None:
    q = "/rest/api/3/search/jql?jql=project%20%3D%20DEMO"
    assert len(ok(call(api, "GET", q))["issues"]) == 50
    with_fields = call(api, "GET", q + "&fields=summary,status&maxResults=1000")
    assert len(ok(with_fields)["issues"]) == 100
    assert with_fields.notes == ["maxResults=1000 above the limit: 100 served"]
    keys_only = call(api, "GET", q + "&fields=key&maxResults=1000")
    assert len(ok(keys_only)["issues"]) == min(
        1000, api.engine.count("project = DEMO", Viewer(api.data.viewer.account_id))
    )
    assert keys_only.notes == []
    assert call(api, "GET", q + "&maxResults=0").status == 400


def test_only_the_asked_fields_come_back(api: FakeJiraApi) -> None:
    q = "/rest/api/3/search/jql?jql=project%20%3D%20WEB&maxResults=3"
    assert ok(call(api, "GET", q))["issues"][0].keys() == {"id"}  # the default is the id only
    picked = ok(call(api, "GET", q + "&fields=summary&fields=assignee,customfield_10016"))["issues"][0]
    assert set(picked["fields"]) == {"summary", "assignee", "customfield_10016"}
    every = ok(call(api, "GET", q + "&fields=*all,-description"))["issues"][0]["fields"]
    assert "worklog" in every and "description" not in every
    navigable = ok(call(api, "GET", q + "&fields=*navigable"))["issues"][0]["fields"]
    assert "summary" in navigable and "worklog" not in navigable
    unknown = call(api, "GET", q + "&fields=summary,colour")
    assert set(ok(unknown)["issues"][0]["fields"]) == {"summary"}
    assert unknown.notes == ["unknown field(s) ignored: colour"]


def test_worklog_field_embeds_the_first_20_with_their_total(api: FakeJiraApi, data: Dataset) -> None:
    busy = max((i for i in data.visible_issues(data.viewer.account_id)), key=lambda i: len(i.worklogs))
    assert len(busy.worklogs) > 20
    body = ok(call(api, "POST", "/rest/api/3/search/jql", {"jql": f"key = {busy.key}", "fields": ["worklog"]}))
    embedded = body["issues"][0]["fields"]["worklog"]
    assert embedded["total"] == len(busy.worklogs)
    assert [w["id"] for w in embedded["worklogs"]] == [str(w.id) for w in busy.worklogs[:20]]


def test_jql_errors_and_bad_tokens_are_400(api: FakeJiraApi) -> None:
    bad = call(api, "GET", "/rest/api/3/search/jql?jql=project%20%3D%20NOPE")
    assert bad.status == 400
    assert bad.body == {"errorMessages": ["The value 'NOPE' does not exist for the field 'project'."], "errors": {}}
    unbounded = call(api, "POST", "/rest/api/3/search/jql", {"jql": "order by key"})
    assert unbounded.status == 400 and "Unbounded" in unbounded.body["errorMessages"][0]
    first = ok(call(api, "POST", "/rest/api/3/search/jql", {"jql": "project = DEMO", "maxResults": 5}))
    other = call(
        api, "POST", "/rest/api/3/search/jql", {"jql": "project = WEB", "nextPageToken": first["nextPageToken"]}
    )
    assert other.status == 400 and "nextPageToken" in other.body["errorMessages"][0]


def test_approximate_count_and_bulk_fetch(api: FakeJiraApi, data: Dataset) -> None:
    jql = "project = DEMO AND priority = High"
    count = ok(call(api, "POST", "/rest/api/3/search/approximate-count", {"jql": jql}))["count"]
    assert count == len(search_all(api, jql, 100)) > 0
    assert call(api, "POST", "/rest/api/3/search/approximate-count", {"jql": ""}).status == 400
    hidden = next(i for i in data.issues if i.security)
    wanted = ["WEB-3", "DEMO-2", hidden.key, "NOPE-1"]
    body = ok(call(api, "POST", "/rest/api/3/issue/bulkfetch", {"issueIdsOrKeys": wanted, "fields": ["summary"]}))
    assert [i["key"] for i in body["issues"]] == sorted(["WEB-3", "DEMO-2"], key=lambda k: data.issue_by_key[k].id)
    assert [e["id"] for e in body["issueErrors"]] == [hidden.key, "NOPE-1"]
    too_many = call(
        api, "POST", "/rest/api/3/issue/bulkfetch", {"issueIdsOrKeys": [f"DEMO-{n}" for n in range(1, 102)]}
    )
    assert too_many.status == 400


# ------------------------------------------------------------------------------------------------- worklogs


def test_issue_worklog_pages(api: FakeJiraApi, data: Dataset) -> None:
    busy = max((i for i in data.visible_issues(data.viewer.account_id)), key=lambda i: len(i.worklogs))
    pages = [ok(call(api, "GET", f"/rest/api/3/issue/{busy.key}/worklog?startAt={s}&maxResults=7")) for s in (0, 7)]
    assert all(p["total"] == len(busy.worklogs) for p in pages)
    assert [w["id"] for p in pages for w in p["worklogs"]] == [str(w.id) for w in busy.worklogs[:14]]
    hidden = next(i for i in data.issues if i.security)
    assert call(api, "GET", f"/rest/api/3/issue/{hidden.key}/worklog").status == 404
    assert call(api, "GET", f"/rest/api/3/issue/{hidden.key}/worklog", viewer=Viewer.app()).status == 200


def test_updated_worklogs_then_list_read_every_visible_worklog_once(api: FakeJiraApi, data: Dataset) -> None:
    ids: list[int] = []
    since = 0
    pages = 0
    while True:
        page = ok(call(api, "GET", f"/rest/api/3/worklog/updated?since={since}"))
        ids += [v["worklogId"] for v in page["values"]]
        pages += 1
        if page["lastPage"]:
            break
        assert page["nextPage"].endswith(f"since={page['until']}")
        since = page["until"]
    visible = {w.id for w in data.worklogs if data.can_see(data.issues[w.issue], data.viewer.account_id)}
    assert pages == -(-len(visible) // 1000) > 1 and len(ids) == len(visible) and set(ids) == visible
    listed = ok(call(api, "POST", "/rest/api/3/worklog/list", {"ids": ids[:1000]}))
    assert [int(w["id"]) for w in listed] == ids[:1000]
    assert call(api, "POST", "/rest/api/3/worklog/list", {"ids": ids[:1001]}).status == 400


# ------------------------------------------------------------------------------------------------- history


def test_changelog_bulk_fetch_pages_and_filters(api: FakeJiraApi, data: Dataset) -> None:
    keys = [i.key for i in data.visible_issues(data.viewer.account_id)][:300]
    expected = sum(1 for k in keys for c in data.issue_by_key[k].changes if c.field == "status")
    seen: list[str] = []
    token = None
    while True:
        body = {"issueIdsOrKeys": keys, "fieldIds": ["status"], "maxResults": 1000}
        page = ok(
            call(api, "POST", "/rest/api/3/changelog/bulkfetch", body | ({"nextPageToken": token} if token else {}))
        )
        for log in page["issueChangeLogs"]:
            seen += [h["id"] for h in log["changeHistories"]]
            assert all(h["items"][0]["fieldId"] == "status" for h in log["changeHistories"])
        token = page.get("nextPageToken")
        if token is None:
            break
    assert len(seen) == len(set(seen)) == expected > 1000
    assert call(api, "POST", "/rest/api/3/changelog/bulkfetch", {"issueIdsOrKeys": ["DEMO-1"] * 1001}).status == 400
    eleven = {"issueIdsOrKeys": ["DEMO-1"], "fieldIds": [f"f{n}" for n in range(11)]}
    assert call(api, "POST", "/rest/api/3/changelog/bulkfetch", eleven).status == 400


# ------------------------------------------------------------------------------------------------- projects, filters


def test_project_search_totals_paging_and_lead(api: FakeJiraApi, data: Dataset) -> None:
    visible = sorted(p.key for p in data.projects if data.can_browse(p, data.viewer.account_id))
    assert len(visible) < len(data.projects)
    assert 100 < len(visible) <= 200
    first = call(api, "GET", "/rest/api/3/project/search?maxResults=500")
    page = ok(first)
    assert page["total"] == len(visible) and page["isLast"] is False and "nextPage" in page
    assert len(page["values"]) == 100 and first.notes == ["maxResults=500 above the limit: 100 served"]
    second = ok(call(api, "GET", "/rest/api/3/project/search?startAt=100&maxResults=100&expand=lead"))
    assert second["isLast"] is True and "nextPage" not in second
    assert [p["key"] for p in page["values"] + second["values"]] == visible
    assert "lead" not in page["values"][0] and "accountId" in second["values"][0]["lead"]


def test_filter_search_hides_private_filters_and_expands_on_request(api: FakeJiraApi, data: Dataset) -> None:
    me = data.viewer.account_id
    visible = [f for f in data.filters if data.can_see_filter(f, me)]
    assert len(visible) < len(data.filters)
    page = ok(call(api, "GET", "/rest/api/3/filter/search?maxResults=100"))
    assert page["total"] == len(visible)
    assert page["values"][0].keys() == {"expand", "self", "id", "name"}
    full = ok(call(api, "GET", "/rest/api/3/filter/search?expand=owner,jql,favouritedCount&filterName=open"))
    assert full["values"] and all("open" in f["name"].lower() and "jql" in f and "owner" in f for f in full["values"])


# ------------------------------------------------------------------------------------------------- agile


def test_boards_sprints_and_their_issues(api: FakeJiraApi, data: Dataset) -> None:
    boards = ok(call(api, "GET", "/rest/agile/1.0/board"))["values"]
    assert "SEC" not in {b["location"]["projectKey"] for b in boards} and boards
    board = next(b for b in boards if b["location"]["projectKey"] == "DEMO")
    closed = ok(call(api, "GET", f"/rest/agile/1.0/board/{board['id']}/sprint?state=closed"))
    assert closed["total"] == 50 and len(closed["values"]) == 50
    active = ok(call(api, "GET", f"/rest/agile/1.0/board/{board['id']}/sprint?state=active"))["values"]
    sprint = active[0]
    expected = sorted(
        i.key for i in data.visible_issues(data.viewer.account_id) if any(s.id == sprint["id"] for s in i.sprints)
    )
    found = ok(call(api, "GET", f"/rest/agile/1.0/sprint/{sprint['id']}/issue?maxResults=100&fields=summary"))
    assert sorted(i["key"] for i in found["issues"]) == expected and found["total"] == len(expected) > 0
    assert found["issues"][0]["fields"]["sprint"]["id"] == sprint["id"]
    bugs = ok(call(api, "GET", f"/rest/agile/1.0/board/{board['id']}/issue?jql=issuetype%20%3D%20Bug&fields=key"))
    assert bugs["total"] == api.engine.count("project = DEMO AND issuetype = Bug", Viewer(data.viewer.account_id))
    assert call(api, "GET", "/rest/agile/1.0/board/999/sprint").status == 404
    assert call(api, "GET", f"/rest/agile/1.0/board/{board['id']}/sprint?state=open").status == 400


def test_unknown_operations_and_methods(api: FakeJiraApi) -> None:
    missing = call(api, "GET", "/rest/api/3/search")
    assert missing.status == 404 and missing.body["errorMessages"] and missing.notes == ["unknown operation"]
    assert call(api, "DELETE", "/rest/api/3/priority").status == 405


def test_one_issue_has_the_fields_asked_for_and_only_for_whoever_may_see_it(api: FakeJiraApi) -> None:
    body = ok(call(api, "GET", "/rest/api/3/issue/DEMO-3?fields=reporter,labels"))
    assert body["key"] == "DEMO-3" and set(body["fields"]) == {"reporter", "labels"}
    hidden = next(i for i in api.data.issues if not api.data.can_see(i, api.data.viewer.account_id))
    assert call(api, "GET", f"/rest/api/3/issue/{hidden.key}").status == 404
    assert call(api, "GET", f"/rest/api/3/issue/{hidden.key}", viewer=Viewer.app()).status == 200


# ------------------------------------------------------------------------------------------------- shapes

SHAPED = [
    ("GET", "/rest/api/3/search/jql?jql=project%20%3D%20DEMO&fields=*all&expand=names,schema,changelog", None, None),
    ("POST", "/rest/api/3/search/jql", {"jql": "project = WEB", "fields": ["*navigable"]}, None),
    ("POST", "/rest/api/3/search/approximate-count", {"jql": "project = WEB"}, None),
    ("POST", "/rest/api/3/issue/bulkfetch", {"issueIdsOrKeys": ["DEMO-1", "NOPE-1"]}, None),
    ("GET", "/rest/api/3/issue/DEMO-3/worklog", None, "/rest/api/3/issue/{issueIdOrKey}/worklog"),
    ("GET", "/rest/api/3/issue/DEMO-3?fields=reporter,labels", None, "/rest/api/3/issue/{issueIdOrKey}"),
    ("GET", "/rest/api/3/worklog/updated?since=0", None, None),
    ("POST", "/rest/api/3/worklog/list", {"ids": [100000, 100001]}, None),
    ("GET", "/rest/api/3/project/search?expand=lead,description,insight", None, None),
    (
        "GET",
        "/rest/api/3/filter/search?expand=description,owner,jql,viewUrl,searchUrl,favourite,favouritedCount",
        None,
        None,
    ),
    ("GET", "/rest/api/3/priority", None, None),
    ("GET", "/rest/api/3/status", None, None),
    ("GET", "/rest/api/3/statuscategory", None, None),
    ("GET", "/rest/api/3/issuetype", None, None),
    ("GET", "/rest/api/3/resolution", None, None),
    ("GET", "/rest/api/3/resolution/search?maxResults=2", None, None),
    ("GET", "/rest/api/3/project/DEMO/components", None, "/rest/api/3/project/{projectIdOrKey}/components"),
    ("GET", "/rest/api/3/project/DEMO/versions", None, "/rest/api/3/project/{projectIdOrKey}/versions"),
    ("GET", "/rest/api/3/field", None, None),
    ("POST", "/rest/api/3/changelog/bulkfetch", {"issueIdsOrKeys": ["DEMO-1", "DEMO-2"]}, None),
    ("GET", "/rest/api/3/issue/DEMO-1/changelog", None, "/rest/api/3/issue/{issueIdOrKey}/changelog"),
    ("GET", "/rest/agile/1.0/board", None, None),
    ("GET", "/rest/agile/1.0/board/1/issue?maxResults=5", None, "/rest/agile/1.0/board/{boardId}/issue"),
]


@pytest.mark.parametrize(("method", "target", "body", "documented"), SHAPED, ids=[f"{m} {t}" for m, t, _, _ in SHAPED])
def test_answers_have_the_documented_shape(
    api: FakeJiraApi, method: str, target: str, body: Any, documented: str | None
) -> None:
    answer = ok(call(api, method, target, body))
    schema, doc = response_schema(method, documented or target.partition("?")[0])
    assert problems(answer, schema, doc) == []


def test_sprints_and_sprint_issues_have_the_documented_beans(api: FakeJiraApi) -> None:
    """These two operations are documented by example only: their values are SprintBean and SearchResults."""
    sprints = ok(call(api, "GET", "/rest/agile/1.0/board/1/sprint"))["values"]
    bean, doc = component("SprintBean", "/rest/agile/1.0/board/{boardId}/sprint")
    assert sprints and all(problems(s, bean, doc) == [] for s in sprints)
    issues = ok(call(api, "GET", f"/rest/agile/1.0/sprint/{sprints[-1]['id']}/issue"))
    results, doc = component("SearchResults", "/rest/agile/1.0/sprint/{sprintId}/issue")
    assert problems(issues, results, doc) == []


def test_project_lists_are_every_component_and_version_of_a_project_the_viewer_can_browse(api: FakeJiraApi) -> None:
    demo = api.data.project_by_key["DEMO"]
    by_key = ok(call(api, "GET", "/rest/api/3/project/DEMO/components"))
    by_id = ok(call(api, "GET", f"/rest/api/3/project/{demo.id}/components"))
    assert by_key == by_id and [c["name"] for c in by_key] == [c.name for c in demo.components] != []
    assert [v["id"] for v in ok(call(api, "GET", "/rest/api/3/project/DEMO/versions"))] == [v.id for v in demo.versions]
    hidden = next(p for p in api.data.projects if not api.data.can_browse(p, api.data.viewer.account_id))
    assert call(api, "GET", f"/rest/api/3/project/{hidden.key}/components").status == 404


def test_resolutions_page_like_a_page_bean(api: FakeJiraApi) -> None:
    first = ok(call(api, "GET", "/rest/api/3/resolution/search?maxResults=2"))
    rest = ok(call(api, "GET", "/rest/api/3/resolution/search?startAt=2&maxResults=100"))
    assert first["isLast"] is False and rest["isLast"] is True
    assert [r["id"] for r in first["values"] + rest["values"]] == [r.id for r in api.data.resolutions]


def test_the_shape_check_rejects_a_broken_answer(api: FakeJiraApi) -> None:
    answer = ok(call(api, "GET", "/rest/api/3/project/search?maxResults=2"))
    schema, doc = response_schema("GET", "/rest/api/3/project/search")
    answer["isLast"] = "no"
    answer["values"][0]["owner"] = "someone"
    answer["values"][1]["id"] = 10001
    assert problems(answer, schema, doc) == [
        "$.isLast: expected boolean, got str 'no'",
        "$.values[0]: property 'owner' is not in the schema",
        "$.values[1].id: expected string, got int 10001",
    ]
