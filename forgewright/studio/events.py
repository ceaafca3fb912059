"""What the page learns without asking: new versions, a chat turn's progress, a deploy's steps.

The page long-polls ``/api/events?after=N``: the answer comes at once when events after ``N`` exist,
else when the next one is published, else empty after a while (and the page asks again). Events are
numbered and the last few hundred are kept, so a page that lost its connection for a moment catches
up; one that fell further behind is told to reload its state (``resync``).

Publishing is safe from any thread (chat turns and deploys run on their own); waiting happens on the
server's event loop.
"""

from __future__ import annotations

import asyncio
import copy
import threading
from collections import deque
from typing import Any

KEEP = 500


class EventBus:
    """Numbered events, kept for late readers; waiters woken when one is published."""

    def __init__(self, keep: int = KEEP) -> None:
        self._events: deque[dict[str, Any]] = deque(maxlen=keep)
        self._last = 0
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._closed = False

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Wake waiters on this loop from now on (called when the server starts)."""
        self._loop = loop
        self._wake = asyncio.Event()

    @property
    def last(self) -> int:
        with self._lock:
            return self._last

    def publish(self, kind: str, data: dict[str, Any]) -> int:
        """Add an event (from any thread); its number. The event keeps a copy of ``data`` as it is now:
        a record that goes on changing (a turn's lines, a deploy's) must not change events already sent."""
        snapshot = copy.deepcopy(data)
        with self._lock:
            self._last += 1
            self._events.append({"id": self._last, "kind": kind, "data": snapshot})
            number = self._last
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._notify)
        return number

    def _notify(self) -> None:
        if self._wake is not None:
            self._wake.set()
            self._wake = asyncio.Event()

    def close(self) -> None:
        """Answer every waiter now (the server is stopping)."""
        self._closed = True
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._notify)

    def after(self, number: int) -> list[dict[str, Any]]:
        """The events after ``number``; a single ``resync`` when some of them are no longer kept."""
        with self._lock:
            if number > self._last:  # a page from before a restart: it must start over
                return [{"id": self._last, "kind": "resync", "data": {}}]
            first = self._events[0]["id"] if self._events else self._last + 1
            if number + 1 < first:
                return [{"id": self._last, "kind": "resync", "data": {}}]
            return [event for event in self._events if event["id"] > number]

    async def wait(self, number: int, timeout: float) -> list[dict[str, Any]]:
        """The events after ``number``, waiting up to ``timeout`` seconds for one (on the bound loop)."""
        wake = self._wake
        found = self.after(number)
        if found or wake is None or self._closed:
            return found
        try:
            await asyncio.wait_for(wake.wait(), timeout)
        except TimeoutError:
            return []
        return self.after(number)
