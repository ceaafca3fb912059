"""One load of one module of a generated app against the fake Jira: what it cost and what it showed.

The bundled resolver runs in Node (tests/toolchain/bin/run-resolver-http.mjs) with its Jira requests going
over HTTP to the server; the server's meter says how many requests, how many at once, how long and how many
points; the oracle says what each view should have shown.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.fakejira import oracle
from benchmarks.fakejira.jql.errors import JqlError
from benchmarks.fakejira.scenario import scenario
from benchmarks.fakejira.server import FakeJiraServer, Record
from benchmarks.fakejira.verdict import Check, check_views
from compiler.costs import LoadCost, load_cost
from compiler.plan import Plan, PlannedModule

_TESTS = Path(__file__).resolve().parents[2] / "tests"
if str(_TESTS) not in sys.path:
    sys.path.append(str(_TESTS))

import toolchain_support  # noqa: E402  (the toolchain's Python side lives with the tests)


@dataclass
class Measurement:
    app: str
    module: str
    size: str
    ok: bool  # the load returned without an error
    error: str | None
    requests: int
    max_in_flight: int
    seconds: float  # wall time of the load, with the server's latency
    points: int
    statuses: dict[int, int]
    notes: list[str]
    not_as_user: int  # requests sent as the app (asApp) instead of the viewer
    checks: list[Check]
    matching: int | None = None  # items the query matches (None: the fake refused the query)
    model: LoadCost | None = None  # what the cost model says one load at that many items costs
    result: Any = None
    records: list[Record] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "app": self.app,
            "module": self.module,
            "size": self.size,
            "ok": self.ok,
            "error": self.error,
            "requests": self.requests,
            "max_in_flight": self.max_in_flight,
            "seconds": round(self.seconds, 3),
            "points": self.points,
            "statuses": {str(k): v for k, v in self.statuses.items()},
            "notes": self.notes,
            "not_as_user": self.not_as_user,
            "values": [c.__dict__ for c in self.checks],
            "matching": self.matching,
            "model": None if self.model is None else {"requests": self.model.requests, "points": self.model.points},
        }


def measure(
    server: FakeJiraServer,
    bundle: Path,
    plan: Plan,
    module: PlannedModule,
    *,
    app: str,
    size: str,
    timeout: float = 180.0,
) -> Measurement:
    data = server.data
    sc = scenario(plan, module, data)
    server.meter.reset()
    run = toolchain_support.run_resolver_http(
        bundle,
        "load",
        sc.payload,
        server.url,
        sc.context,
        account_id=sc.account,
        now=sc.now,
        kvs=sc.kvs,
        timeout=timeout,
    )
    summary = server.meter.summary()
    records = list(server.records())
    result = run.result
    error = None
    if not run.ok:
        error = str((run.error or {}).get("message"))
    elif isinstance(result, dict) and result.get("ok") is False:
        error = str((result.get("error") or {}).get("message"))
    matching: int | None = None
    try:
        truth = oracle.truth(sc, data, server.engine)
        matching = truth.matching
        checks = check_views(module, result if run.ok else {"ok": False, "error": run.error}, truth, run.seconds)
    except JqlError as exc:
        checks = [Check("(all views)", "-", "-", "failed", f"the fake Jira refuses the module's query: {exc.message}")]
    return Measurement(
        app=app,
        module=module.key,
        size=size,
        ok=error is None,
        error=error,
        requests=summary["requests"],
        max_in_flight=summary["max_in_flight"],
        seconds=run.seconds,
        points=summary["points"],
        statuses=summary["statuses"],
        notes=summary["notes"],
        not_as_user=sum(1 for r in records if r.provider != "user"),
        checks=checks,
        matching=matching,
        model=None if matching is None else load_cost(module, matching, plan.budget),
        result=result,
        records=records,
    )
