"""One parse at a time across the studio's threads.

The spec parser keeps the state of the parse in progress in module-level variables (see
``dsl/parser.py``): fine for a command, which parses one spec at a time, but the studio parses on the
server's worker threads (checks as the person types) and on a chat turn's thread at once. Every parse
the studio starts holds :data:`PARSING`; a chat turn holds it throughout and lets go only while it
waits — for the model's answer, or for the person's (:func:`released`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from forgewright.assistant.repair import canonical

PARSING = threading.Lock()


@contextmanager
def released() -> Iterator[None]:
    """Inside a block that holds :data:`PARSING`: let others parse while this thread waits."""
    PARSING.release()
    try:
        yield
    finally:
        PARSING.acquire()


def canonical_text(text: str, name: str) -> str:
    """The text in canonical layout when it is a valid spec, else as it is."""
    with PARSING:
        return canonical(text, name)
