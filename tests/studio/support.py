"""A studio served from the test process (on a thread, on a free port of 127.0.0.1), and plain HTTP
requests to it with exactly the headers a test chooses (a browser would not let us send a foreign Host)."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from forgewright.studio.conversation import ChatSetup
from forgewright.studio.server import Prepared, prepare

SPEC = """\
# "A gadget with the open bugs of a project I pick"
app "Open Bugs" {
  gadget open_bugs "Open bugs" {
    config {
      project: project "Project"
    }
    issues where "project = {project} AND issuetype = Bug AND resolution is EMPTY"
      order by created desc
      limit 50
    table { key, summary, priority }
    empty "No open bugs."
  }
}
"""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Running:
    """A studio being served, the lines it logged, and helpers to talk to it."""

    prepared: Prepared
    thread: threading.Thread
    log: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The address the studio prints (with the session secret)."""
        return self.prepared.url

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 0

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def secret(self) -> str:
        return parse_qs(urlsplit(self.url).query)["secret"][0]

    @property
    def cookie(self) -> str:
        return f"forgewright-studio-{self.port}={self.secret}"

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        cookie: bool = True,
        origin: bool = True,
    ) -> Answer:
        """One request with the headers the studio's own page would send, less or more as asked."""
        sent = {"Host": f"127.0.0.1:{self.port}"}
        if cookie:
            sent["Cookie"] = self.cookie
        if origin:
            sent["Origin"] = self.origin
        data = b""
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        if method != "GET":
            sent["Content-Length"] = str(len(data))
        sent.update(headers or {})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in sent.items():
                connection.putheader(name, value)
            connection.endheaders(data or None)
            response = connection.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """A request the page would make; its JSON (it must succeed)."""
        answer = self.request(method, path, body)
        assert 200 <= answer.status < 300, (answer.status, answer.text)
        return answer.json()

    def events_until(self, done: Callable[[dict[str, Any]], bool], after: int = 0, timeout: float = 20) -> list[Any]:
        """Follow ``/api/events`` as the page does, until an event satisfies ``done``; all events seen."""
        seen: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.api("GET", f"/api/events?after={after}")["events"]:
                after = event["id"]
                seen.append(event)
                if done(event):
                    return seen
        raise AssertionError(f"no such event within {timeout} s; saw {[e['kind'] for e in seen]}")

    def stop(self) -> None:
        self.prepared.server.should_exit = True
        self.thread.join(timeout=15)
        assert not self.thread.is_alive(), "the studio did not stop"


def start_studio(spec: Path | None, cwd: Path, setup: ChatSetup | None = None) -> Running:
    """Prepare a studio as the command does and serve it on a thread; returns once it accepts requests."""
    log: list[str] = []
    chosen = setup if setup is not None else ChatSetup.resolve(None, None, None)
    prepared = prepare(spec, setup=chosen, cwd=cwd, log=log.append)
    thread = threading.Thread(target=prepared.serve, name="studio under test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not prepared.server.started:
        assert time.monotonic() < deadline, "the studio did not start"
        assert thread.is_alive(), "the studio stopped while starting"
        time.sleep(0.02)
    return Running(prepared, thread, log)
