"""The fake Jira over HTTP: real latency (parallel requests overlap), the points meter, requests in flight,
burst limits and the hourly quota (429 with Retry-After and RateLimit-Reason), injected failures, who asks."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from benchmarks.fakejira.model import Dataset
from benchmarks.fakejira.server import BurstLimits, Failures, FakeJiraServer, ServerConfig

LATENCY = 0.2


def fetch(
    server: FakeJiraServer, target: str, body: Any = None, *, provider: str = "user", account: str | None = None
) -> tuple[int, dict[str, str], Any]:
    headers = {"Content-Type": "application/json", "X-Fake-Jira-Provider": provider}
    if provider == "user":
        headers["X-Fake-Jira-Account"] = account or server.data.viewer.account_id
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server.url + target, data=data, headers=headers, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_parallel_requests_overlap_and_sequential_ones_add_up(data: Dataset) -> None:
    with FakeJiraServer(data, ServerConfig(latency=LATENCY)) as server:
        started = time.monotonic()
        for _ in range(3):
            assert fetch(server, "/rest/api/3/priority")[0] == 200
        sequential = time.monotonic() - started
        assert server.meter.max_in_flight == 1
        server.meter.reset()
        started = time.monotonic()
        with ThreadPoolExecutor(10) as pool:
            statuses = [r[0] for r in pool.map(lambda _: fetch(server, "/rest/api/3/status"), range(10))]
        parallel = time.monotonic() - started
        assert statuses == [200] * 10
        assert server.meter.max_in_flight == 10
    assert sequential >= 3 * LATENCY
    assert LATENCY <= parallel < 2.5 * LATENCY  # ten at once take about one latency, not ten


def test_points_are_one_per_request_and_one_per_object_returned(data: Dataset) -> None:
    with FakeJiraServer(data, ServerConfig(latency=0)) as server:
        found = fetch(server, "/rest/api/3/search/jql", {"jql": "project = WEB", "fields": ["key"], "maxResults": 30})[
            2
        ]
        count = fetch(server, "/rest/api/3/search/approximate-count", {"jql": "project = WEB"})[2]
        projects = fetch(server, "/rest/api/3/project/search?maxResults=7")[2]
        failed = fetch(server, "/rest/api/3/search/jql?jql=project%20%3D%20NOPE")[0]
        records = list(server.records())
        summary = server.meter.summary()
    assert len(found["issues"]) == 30 and count["count"] > 30 and len(projects["values"]) == 7 and failed == 400
    assert [r.points for r in records] == [31, 1, 8, 1]
    assert summary["points"] == 41 and summary["requests"] == 4
    assert summary["statuses"] == {200: 3, 400: 1}
    assert [r.operation for r in records][:2] == [
        "POST /rest/api/3/search/jql",
        "POST /rest/api/3/search/approximate-count",
    ]


def test_burst_limit_per_endpoint_answers_429(data: Dataset) -> None:
    limits = BurstLimits(per_second=4, endpoints=(("GET /rest/api/3/status", 6),))
    with FakeJiraServer(data, ServerConfig(latency=0, burst=limits)) as server:
        priorities = [fetch(server, "/rest/api/3/priority") for _ in range(5)]
        statuses = [fetch(server, "/rest/api/3/status")[0] for _ in range(7)]
        records = list(server.records())
    assert [p[0] for p in priorities] == [200, 200, 200, 200, 429]
    _, headers, body = priorities[-1]
    assert headers["Retry-After"] == "1" and headers["RateLimit-Reason"] == "jira-burst-based"
    assert body["errorMessages"]
    assert statuses == [200] * 6 + [429]  # its own bucket, with its own limit
    assert records[4].points == 0 and records[4].reason == "jira-burst-based"


def test_spent_points_quota_refuses_every_request(data: Dataset) -> None:
    with FakeJiraServer(data, ServerConfig(latency=0, burst=None, points_per_hour=50)) as server:
        first = fetch(server, "/rest/api/3/search/jql", {"jql": "project = WEB", "fields": ["key"], "maxResults": 60})
        refused = fetch(server, "/rest/api/3/priority")
    assert first[0] == 200
    assert refused[0] == 429 and refused[1]["RateLimit-Reason"] == "jira-quota-global-based"
    assert 0 < int(refused[1]["Retry-After"]) <= 3600


def test_injected_failures(data: Dataset) -> None:
    with FakeJiraServer(data, ServerConfig(latency=0, failures=Failures(every=3, status=503))) as server:
        statuses = [fetch(server, "/rest/api/3/priority")[0] for _ in range(6)]
    assert statuses == [200, 200, 503, 200, 200, 503]


def test_answers_as_the_user_or_the_app_and_refuses_anonymous_calls(data: Dataset) -> None:
    hidden = next(i for i in data.issues if i.security)
    target = f"/rest/api/3/issue/{hidden.key}/worklog"
    with FakeJiraServer(data, ServerConfig(latency=0)) as server:
        as_user = fetch(server, target)[0]
        as_app = fetch(server, target, provider="app")[0]
        member = next(iter(data.security_members[hidden.security or ""]))
        as_member = fetch(server, target, account=member)[0]
        anonymous = fetch(server, target, provider="none")[0]
        records = list(server.records())
    assert (as_user, as_app, as_member, anonymous) == (404, 200, 200, 401)
    assert [r.provider for r in records] == ["user", "app", "user", "none"]


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2"])
def test_a_body_that_is_not_json_is_400(data: Dataset, body: bytes) -> None:
    with FakeJiraServer(data, ServerConfig(latency=0)) as server:
        response, record = server.answer(
            "POST",
            "/rest/api/3/search/jql",
            {"x-fake-jira-provider": "user", "x-fake-jira-account": "acc-01-ana"},
            body,
        )
        server.meter.leave(record)
    assert response.status == 400 and response.body["errorMessages"] == ["The request body is not valid JSON."]
