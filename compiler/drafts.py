"""File drafts: what emitters return and the one writer writes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class FileDraft:
    """One output file: a relative POSIX path and its full text (LF line endings)."""

    path: str
    content: str
