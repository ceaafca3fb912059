"""The fake Jira as an HTTP server on 127.0.0.1, with Jira's costs: latency, points, burst limits, failures.

Every answer takes at least ``latency`` seconds, slept for real in the request's own thread, so requests an
app sends in parallel finish together and a sequential app pays for each one. The meter records each request
(endpoint, status, who asked, start and end, points, notes) and how many were in flight at once. Points are
1 per request plus 1 per object returned (Jira charges 2 per user or group; no operation here lists those).
Burst limits (per endpoint and method, per second) and an hourly points quota answer 429 with ``Retry-After``
and ``RateLimit-Reason`` as Jira does; ``Failures`` injects errors every N requests.

Who asks comes from two headers the Node harness sets from the Forge call: ``X-Fake-Jira-Provider`` (``user``
for asUser, ``app`` for asApp) and ``X-Fake-Jira-Account`` (the viewer's account id). Without them: 401.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from benchmarks.fakejira import render
from benchmarks.fakejira.api import ApiRequest, ApiResponse, FakeJiraApi, endpoint
from benchmarks.fakejira.jql.engine import Engine, Viewer
from benchmarks.fakejira.model import Dataset

PROVIDER_HEADER = "X-Fake-Jira-Provider"
ACCOUNT_HEADER = "X-Fake-Jira-Account"


@dataclass(frozen=True)
class BurstLimits:
    """Requests per second per endpoint and method (Jira: 100 for GET/POST, 150 approximate-count, 200 changelog)."""

    per_second: int = 100
    endpoints: tuple[tuple[str, int], ...] = (
        ("POST /rest/api/3/search/approximate-count", 150),
        ("GET /rest/api/3/issue/{issue}/changelog", 200),
    )

    def limit(self, operation: str) -> int:
        return dict(self.endpoints).get(operation, self.per_second)


@dataclass(frozen=True)
class Failures:
    """Answer every ``every``-th request whose path starts with ``path_prefix`` with ``status`` (0: never)."""

    every: int = 0
    status: int = 500
    path_prefix: str = "/rest/"


@dataclass(frozen=True)
class ServerConfig:
    latency: float = 0.3
    burst: BurstLimits | None = field(default_factory=BurstLimits)
    points_per_hour: int | None = None  # Jira's default pool is 65,000 per app and hour
    failures: Failures | None = None


@dataclass
class Record:
    """One request as the server saw it; times are seconds since the meter was last reset."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    operation: str
    provider: str | None
    account: str | None
    started: float
    finished: float = 0.0
    status: int = 0
    objects: int = 0
    points: int = 0
    notes: list[str] = field(default_factory=list)
    reason: str | None = None  # RateLimit-Reason of a 429


class Meter:
    """Requests, in-flight count and points of the current run (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.records: list[Record] = []
            self.in_flight = 0
            self.max_in_flight = 0
            self.points = 0
            self.origin = time.monotonic()
            self._bursts: dict[str, deque[float]] = {}

    def now(self) -> float:
        return time.monotonic() - self.origin

    def arrive(self, record: Record) -> None:
        with self._lock:
            self.records.append(record)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self, record: Record) -> None:
        with self._lock:
            self.in_flight -= 1
            record.finished = self.now()
            self.points += record.points

    def over_burst(self, operation: str, limit: int) -> bool:
        """Counts the request against its endpoint's one-second window; True when the window is full."""
        with self._lock:
            window = self._bursts.setdefault(operation, deque())
            moment = self.now()
            while window and window[0] <= moment - 1.0:
                window.popleft()
            if len(window) >= limit:
                return True
            window.append(moment)
            return False

    def summary(self) -> dict[str, Any]:
        with self._lock:
            records = list(self.records)
        return {
            "requests": len(records),
            "max_in_flight": self.max_in_flight,
            "points": self.points,
            "seconds": round(max((r.finished for r in records), default=0.0), 3),
            "statuses": dict(Counter(r.status for r in records)),
            "operations": dict(Counter(r.operation for r in records)),
            "notes": sorted({f"{r.operation}: {n}" for r in records for n in r.notes}),
        }


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024


class FakeJiraServer:
    """``with FakeJiraServer(data, config) as server:`` serves on ``server.url`` until the block ends."""

    def __init__(self, data: Dataset, config: ServerConfig | None = None, *, now: int | None = None) -> None:
        self.data = data
        self.config = config or ServerConfig()
        self.engine = Engine(data, now)
        self.engine.warm(Viewer(data.viewer.account_id))
        self.api = FakeJiraApi(data, self.engine)
        self.meter = Meter()
        self._failure_count = 0
        self._failure_lock = threading.Lock()
        self._http = _HttpServer(("127.0.0.1", 0), self._handler_class())
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeJiraServer:
        self._thread = threading.Thread(target=self._http.serve_forever, name="fake-jira", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._http.shutdown()
        self._http.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def records(self) -> Iterator[Record]:
        return iter(list(self.meter.records))

    # ------------------------------------------------------------------------------------------ one request

    def answer(self, method: str, target: str, headers: dict[str, str], raw_body: bytes) -> tuple[ApiResponse, Record]:
        """The response to one request (without the latency); also used directly by tests."""
        url = urlsplit(target)
        query = parse_qs(url.query, keep_blank_values=True)
        provider = headers.get(PROVIDER_HEADER.lower())
        account = headers.get(ACCOUNT_HEADER.lower()) or None
        operation = endpoint(method, url.path)
        record = Record(method, target, query, None, operation, provider, account, self.meter.now())
        self.meter.arrive(record)
        try:
            body = json.loads(raw_body) if raw_body.strip() else None
        except ValueError:
            response = ApiResponse(400, render.error_body("The request body is not valid JSON."))
        else:
            record.body = body
            try:
                response = self._respond(method, url.path, query, body, provider, account, operation)
            except Exception as exc:  # a bug of the fake itself: answered, counted and noted, never a hang
                message = f"Internal error in the fake Jira: {exc!r}"
                response = ApiResponse(500, render.error_body(message), notes=[message])
        record.status = response.status
        record.objects = response.objects
        record.notes = response.notes
        record.reason = response.headers.get("RateLimit-Reason")
        if response.status != 429:
            record.points = 1 + response.objects
        return response, record

    def _respond(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        body: Any,
        provider: str | None,
        account: str | None,
        operation: str,
    ) -> ApiResponse:
        if provider not in ("user", "app") or (provider == "user" and account is None):
            return ApiResponse(401, render.error_body("You are not authenticated: no Forge user or app context."))
        if (limited := self._limited(operation)) is not None:
            return limited
        if (failed := self._failure(path)) is not None:
            return failed
        viewer = Viewer(account if provider == "user" else None)
        return self.api.handle(ApiRequest(method, path, query, body, viewer))

    def _limited(self, operation: str) -> ApiResponse | None:
        quota = self.config.points_per_hour
        if quota is not None and self.meter.points >= quota:
            elapsed_ms = int(self.meter.now() * 1000)
            wait = 3600 - ((self.data.now + elapsed_ms) // 1000) % 3600
            return _too_many("jira-quota-global-based", wait, "The app's hourly points quota is spent.")
        burst = self.config.burst
        if burst is not None and self.meter.over_burst(operation, burst.limit(operation)):
            return _too_many("jira-burst-based", 1, f"Too many requests to {operation} in one second.")
        return None

    def _failure(self, path: str) -> ApiResponse | None:
        failures = self.config.failures
        if failures is None or failures.every <= 0 or not path.startswith(failures.path_prefix):
            return None
        with self._failure_lock:
            self._failure_count += 1
            hit = self._failure_count % failures.every == 0
        if not hit:
            return None
        if failures.status == 429:
            return _too_many("jira-burst-based", 1, "Injected rate limit (fake Jira).")
        return ApiResponse(failures.status, render.error_body("Injected failure (fake Jira)."))

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                arrived = time.monotonic()
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                response, record = server.answer(self.command, self.path, headers, raw)
                payload = json.dumps(response.body, separators=(",", ":")).encode()
                wait = server.config.latency - (time.monotonic() - arrived)
                if wait > 0:
                    time.sleep(wait)
                # Done before the answer goes out: once the client has it, it may send its next request.
                server.meter.leave(record)
                self.send_response(response.status)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler


def _too_many(reason: str, seconds: int, message: str) -> ApiResponse:
    headers = {"Retry-After": str(seconds), "RateLimit-Reason": reason}
    return ApiResponse(429, render.error_body(message), headers=headers)
