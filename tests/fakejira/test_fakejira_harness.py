"""run-resolver-http.mjs: a bundled handler's Jira requests reach the fake Jira over HTTP, in parallel when the
handler sends them in parallel, as the viewing user (or the app); the app's clock starts at the data's "now"
and keeps running; @forge/kvs is answered in the harness."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from toolchain_support import run_resolver_http

from benchmarks.fakejira.model import Dataset
from benchmarks.fakejira.render import moment
from benchmarks.fakejira.server import FakeJiraServer, ServerConfig

LATENCY = 0.3
HANDLER = """
exports.handler = async (event, runtime) => {
  const clock = Date.now();
  const today = new Date().toISOString();
  const user = { provider: 'user', remote: 'jira', type: 'fpp' };
  const accept = { headers: { Accept: 'application/json' } };
  const jira = () => globalThis.__forge_fetch__(user, '/rest/api/3/priority', accept);
  const started = performance.now();
  const answers = await Promise.all([jira(), jira(), jira(), jira()]);
  const parallelMs = performance.now() - started;
  const asApp = await globalThis.__forge_fetch__({ provider: 'app', remote: 'jira' }, '/rest/api/3/status', {});
  const stored = await globalThis.__forge_fetch__({ type: 'kvs' }, '/api/v1/get', {
    method: 'POST', body: JSON.stringify({ key: 'settings' }) });
  const later = Date.now();
  return {
    clock, later, today, parallelMs,
    statuses: answers.map((r) => r.status),
    names: (await answers[0].json()).map((p) => p.name),
    asApp: asApp.status,
    kvs: (await stored.json()).value,
    payload: event.call.payload,
    principal: runtime.principal.accountId,
  };
};
"""


@pytest.mark.toolchain
def test_requests_go_over_http_in_parallel_as_the_viewer(data: Dataset, tmp_path: Path) -> None:
    bundle = tmp_path / "index.cjs"
    bundle.write_text(HANDLER, encoding="utf-8")
    account = data.viewer.account_id
    with FakeJiraServer(data, ServerConfig(latency=LATENCY)) as server:
        run = run_resolver_http(
            bundle,
            "load",
            {"module": "m"},
            server.url,
            account_id=account,
            now=moment(data.now),
            kvs={"settings": {"team": "platform"}},
        )
        records = list(server.records())
        most = server.meter.max_in_flight
    assert run.ok, run.error
    result = run.result
    assert result["statuses"] == [200] * 4 and result["asApp"] == 200
    assert result["names"] == [p.name for p in data.priorities]
    assert result["parallelMs"] < 2 * LATENCY * 1000 and most == 4  # four requests in about one latency
    assert data.now <= result["clock"] < data.now + 5000
    assert result["later"] - result["clock"] >= 2 * LATENCY * 1000  # the clock runs
    assert result["today"].startswith(datetime.fromtimestamp(data.now / 1000, tz=UTC).strftime("%Y-%m-%d"))
    assert result["kvs"] == {"team": "platform"} and result["payload"] == {"module": "m"}
    assert result["principal"] == account
    assert [(r.provider, r.account, r.path) for r in records] == [("user", account, "/rest/api/3/priority")] * 4 + [
        ("app", None, "/rest/api/3/status")
    ]
    assert [r["status"] for r in run.requests] == [200] * 5  # the harness's own log (kvs is not sent)
