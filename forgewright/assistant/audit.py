"""The opt-in audit log: every request body actually sent to the model, one JSON object a line.

It hooks the HTTP client the SDK uses (an ``httpx2`` request event hook), so it records what went
over the wire — retries included — after the SDK has built the request. It records the method, URL,
time and body, and never any header: the API key travels in a header and so never reaches the log.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx2


class AuditLog:
    """Appends one line per request to ``path`` (created with its folder if needed)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def record(self, request: httpx2.Request) -> None:
        """The event hook: called by ``httpx2`` for every request, just before it is sent."""
        raw = request.content
        body: Any
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "method": request.method,
            "url": str(request.url),
            "body": body,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
