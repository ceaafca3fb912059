"""The opt-in audit log: every request body actually sent to the model, one JSON object a line.

It hooks the HTTP client the SDK uses (an ``httpx2`` request event hook), so it records what went
over the wire — retries included — after the SDK has built the request. It records the method, URL,
time and body, and never any header: the API key travels in a header and so never reaches the log.

The log is opened once before the first request, so a path that cannot be written is reported at
once, before anything is sent. If a later write fails, the hook raises and the request is not sent:
nothing goes out unlogged.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forgewright.assistant import config
from forgewright.assistant.errors import AuditLogError

if TYPE_CHECKING:
    import httpx2


def _cannot_write(path: Path, exc: OSError) -> AuditLogError:
    reason = exc.strerror or type(exc).__name__
    return AuditLogError(
        f"cannot write the audit log {path} ({reason}); nothing was sent. Choose a writable file with "
        f"--audit-log or {config.AUDIT_LOG_ENV}, or unset it"
    )


class AuditLog:
    """Appends one line per request to ``path`` (created with its folder if needed)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def open(cls, path: Path) -> AuditLog:
        """The log at ``path``, checked writable now (created if missing), or :class:`AuditLogError`."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8"):
                pass
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        return cls(path)

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
        try:
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None
