"""Measures over an issue's status history in Python: the rules of the runtime's ``measures.js``, pinned to the
same answers by ``tests/vectors/history-measures.json``, so the preview (and the scale benchmark's oracle) work out
``time in active`` or ``last entered(done)`` as the app does.

A stay in several of the statuses in a row counts as one; statuses match by name (ignoring case) or category key;
``entered``/``left`` are the first stay's (``last``: the last one's) start or end, ``left`` only of stays that
ended; ``time`` adds up every matching period (the open one until the clock); empty when there is no history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from targets.preview.periods import StatusPeriod

PERIODS = "#periods"
"""Where an issue row keeps its status periods (the runtime's key)."""


def _get(node: Any, name: str) -> Any:
    return node[name] if isinstance(node, Mapping) else getattr(node, name)


def _matches(measure: Any, period: StatusPeriod) -> bool:
    name = str(period.status["name"]).lower()
    category = (period.status.get("statusCategory") or {}).get("key")
    statuses = [s.lower() for s in _get(measure, "statuses")]
    return name in statuses or (category is not None and category in _get(measure, "categories"))


def _stays(measure: Any, periods: Sequence[StatusPeriod]) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    inside = False
    for period in periods:
        hit = _matches(measure, period)
        if hit and inside:
            found[-1] = (found[-1][0], period.left)
        elif hit:
            found.append((period.entered, period.left))
        inside = hit
    return found


def measure_history(measure: Any, periods: Sequence[StatusPeriod] | None) -> str | float | int | None:
    """One measure (a plan node or its JSON) of an issue's periods; None without a history or a matching stay."""
    if not periods:
        return None
    kind = _get(measure, "measure")
    if kind == "transitions":
        return len(periods) - 1
    if kind == "current":
        return periods[-1].duration
    if kind == "time":
        return sum((p.duration for p in periods if _matches(measure, p)), 0.0)
    last = bool(_get(measure, "last"))
    stays = _stays(measure, periods)
    if kind == "entered":
        return (stays[-1] if last else stays[0])[0] if stays else None
    ended = [stay[1] for stay in stays if stay[1] is not None]
    return (ended[-1] if last else ended[0]) if ended else None
