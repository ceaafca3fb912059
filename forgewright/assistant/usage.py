"""Token usage: per request and summed over a command or a chat session."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Usage:
    """Tokens of one or more requests. ``input`` excludes cached tokens, as the API reports it."""

    input: int = 0
    output: int = 0
    cache_read: int = 0
    cache_write: int = 0
    requests: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input + other.input,
            self.output + other.output,
            self.cache_read + other.cache_read,
            self.cache_write + other.cache_write,
            self.requests + other.requests,
        )

    def line(self) -> str:
        """``input 1,234 · output 456 · cache read 9,000 · cache write 0``."""
        return (
            f"input {self.input:,} · output {self.output:,} · "
            f"cache read {self.cache_read:,} · cache write {self.cache_write:,}"
        )
