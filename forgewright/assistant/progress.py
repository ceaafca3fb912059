"""Progress of the wait on the model, on stderr, whether or not stderr is a terminal.

On a terminal one line is redrawn with a spinner and the seconds elapsed. Anywhere else (a log, CI,
a pipe) the wait is announced once and a "still waiting" line follows every
:data:`~forgewright.assistant.config.PROGRESS_INTERVAL_SECONDS`, so a long wait never looks like a hang.
Notes (a retry and why, the usage of a call) are plain lines in both cases.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from forgewright.assistant import config

FRAMES = "|/-\\"
REDRAW_SECONDS = 0.1


class Progress:
    """Writes the progress of model calls to one stream (stderr unless given)."""

    def __init__(self, stream: TextIO | None = None, interval: float | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.interval = config.PROGRESS_INTERVAL_SECONDS if interval is None else interval

    @property
    def live(self) -> bool:
        """Whether the stream is a terminal, where one line can be redrawn in place."""
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def note(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    @contextmanager
    def waiting(self, label: str) -> Iterator[None]:
        """Shows ``label`` and the seconds elapsed until the block ends (however it ends)."""
        stop = threading.Event()
        started = time.monotonic()
        draw = self._redraw if self.live else self._remind
        if not self.live:
            self.note(label)
        thread = threading.Thread(target=draw, args=(label, started, stop), daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
            if self.live:
                self.stream.write("\r\x1b[K")
                self.stream.flush()

    def _redraw(self, label: str, started: float, stop: threading.Event) -> None:
        frame = 0
        while not stop.wait(REDRAW_SECONDS):
            elapsed = time.monotonic() - started
            self.stream.write(f"\r{FRAMES[frame % len(FRAMES)]} {label} {elapsed:.0f} s")
            self.stream.flush()
            frame += 1

    def _remind(self, label: str, started: float, stop: threading.Event) -> None:
        while not stop.wait(self.interval):
            self.note(f"  still waiting for Claude ({time.monotonic() - started:.0f} s)")
