"""A plain-terminal spinner for the wait on the model: a thread redrawing one line on stderr.

It draws only when stderr is a terminal, so piped output, logs and tests stay clean.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType
from typing import TextIO

FRAMES = "|/-\\"


class Spinner:
    def __init__(self, label: str, stream: TextIO | None = None, interval: float = 0.1) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def active(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def _run(self) -> None:
        index = 0
        while not self._stop.wait(self.interval):
            self.stream.write(f"\r{FRAMES[index % len(FRAMES)]} {self.label}")
            self.stream.flush()
            index += 1

    def __enter__(self) -> Spinner:
        if self.active:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self.stream.write("\r" + " " * (len(self.label) + 2) + "\r")
            self.stream.flush()
