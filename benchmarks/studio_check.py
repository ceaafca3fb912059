"""How fast the studio answers the page's "check as you type" request, over real HTTP on 127.0.0.1.

The page sends the editor's text 300 ms after the last keystroke; the answer (diagnostics and, for a
valid spec, scopes, audit and the preview page) should come well within that pause, so that marks and
the preview keep up with typing. Per example spec, and for generated specs of 10 and 100 modules, this
prints the median and worst wall-clock time of a check of a text not seen before (each run adds a
comment line) and of the same text again (answered from the cache), and the time a studio takes to
start listening.

    .venv/bin/python benchmarks/studio_check.py
"""

from __future__ import annotations

import http.client
import json
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere: the repo's own packages first

from benchmarks.parse_check import spec as generated_spec  # noqa: E402
from forgewright.studio.conversation import ChatSetup  # noqa: E402
from forgewright.studio.server import Prepared, prepare  # noqa: E402

RUNS = 15


class Client:
    """Requests as the studio's page makes them (cookie and Origin)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.port = parts.port or 0
        secret = parse_qs(parts.query)["secret"][0]
        self.headers = {
            "Host": f"127.0.0.1:{self.port}",
            "Origin": f"http://127.0.0.1:{self.port}",
            "Cookie": f"forgewright-studio-{self.port}={secret}",
            "Content-Type": "application/json",
        }
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        self.connection.connect()
        # headers and body go out in two writes; without this, Nagle's algorithm and the server's delayed
        # ACK add ~40 ms to every request (a browser sends them together)
        assert self.connection.sock is not None
        self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def check(self, text: str) -> float:
        """Seconds for one check, answer read and parsed."""
        started = time.perf_counter()
        self.connection.request("POST", "/api/check", json.dumps({"text": text}), self.headers)
        response = self.connection.getresponse()
        json.loads(response.read())
        assert response.status == 200
        return time.perf_counter() - started


def measure(client: Client, text: str) -> tuple[list[float], list[float]]:
    fresh = [client.check(f"{text}# edit {run}\n") for run in range(RUNS)]
    client.check(text)
    cached = [client.check(text) for _ in range(RUNS)]
    return fresh, cached


def _ms(times: list[float]) -> str:
    return f"{1000 * statistics.median(times):6.1f} / {1000 * max(times):6.1f}"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        prepared: Prepared = prepare(None, setup=ChatSetup(None, "no chat in the benchmark"), cwd=Path(folder))
        thread = threading.Thread(target=prepared.serve, daemon=True)
        thread.start()
        while not prepared.server.started:
            time.sleep(0.005)
        print(f"studio listening after {1000 * (time.perf_counter() - started):.0f} ms")
        client = Client(prepared.url)
        cases = [
            (path.name, path.read_text(encoding="utf-8")) for path in sorted((ROOT / "examples").glob("*.appspec"))
        ]
        cases += [(f"generated, {n} modules", generated_spec(n)) for n in (10, 100)]
        print(f"{'spec':42}  {'new text ms (median / worst)':>28}  {'same text ms':>16}")
        for name, text in cases:
            fresh, cached = measure(client, text)
            print(f"{name:42}  {_ms(fresh):>28}  {_ms(cached):>16}")
        prepared.server.should_exit = True
        thread.join()


if __name__ == "__main__":
    main()
