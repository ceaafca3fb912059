"""A grouped table or list, as the app's ``grouping.js`` groups it (tests/vectors pins both): the rows shown under a
header per value of a field, each header with its summary (the count of its items, the sum of each number or
duration column) over every item, and a grand total. Groups in the order their first row is shown, then those with
no row shown, largest first; a row without a date groups as ``(none)``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from targets.preview.aggregate import (
    Computed,
    Dimension,
    Row,
    combine,
    contribution,
    empty_value,
    group_values,
    groups_of,
)
from targets.preview.units import shown_value


@dataclass(frozen=True)
class Summary:
    """One summary series of a grouping: its label, what it computes."""

    label: str
    computed: Computed


@dataclass(frozen=True)
class RowGroup:
    label: str
    rows: tuple[int, ...]  # positions among the rows shown
    values: tuple[float | None, ...]  # the summary, in the order of the grouping's series
    note: str  # the sentence under the group's header


def summary_note(summary: Sequence[Summary], values: Sequence[float | None], shown: int | None) -> str:
    """The sentence under a group's header (or the grand total): ``42 issues (10 shown) · Story points: 130``."""
    count = int(values[0] or 0)
    noun = summary[0].label.lower()
    items = f"{count} {noun.removesuffix('s') if count == 1 else noun}"
    more = f" ({'none' if shown == 0 else shown} shown)" if shown is not None and shown < count else ""
    sums = "".join(
        f" · {s.label}: {shown_value(v, s.computed.field_type, s.computed.aggregate, s.computed.unit)}"
        for s, v in zip(summary[1:], values[1:], strict=True)
    )
    return items + more + sums


def grouped_rows(
    by: Dimension, summary: Sequence[Summary], shown: Sequence[Row], every: Sequence[Row], time_zone: str = "UTC"
) -> tuple[list[RowGroup], tuple[float | None, ...], str]:
    """The groups of the ``shown`` rows with their summaries over ``every`` row, the grand totals and their
    sentence."""
    members: dict[str, list[int]] = {}
    for index, row in enumerate(shown):
        for label, _ in groups_of(row.get(by.field), by.type, by.bucket, time_zone, True):
            members.setdefault(label, []).append(index)
    computed = [s.computed for s in summary]
    found = [dict((g.label, g.value) for g in group_values(every, by, c, time_zone, True)[0]) for c in computed]
    counts = found[0]
    rest = sorted(
        ((label, n) for label, n in counts.items() if label not in members and n), key=lambda p: (-(p[1] or 0), p[0])
    )
    labels = [*members, *(label for label, _ in rest)]
    groups = []
    for label in labels:
        rows = tuple(members.get(label, ()))
        values = tuple(f.get(label, empty_value(c.aggregate)) for f, c in zip(found, computed, strict=True))
        groups.append(RowGroup(label, rows, values, summary_note(summary, values, len(rows))))
    totals = tuple(combine([contribution(row, c) for row in every], c.aggregate, c.percent) for c in computed)
    return groups, totals, f"Total: {summary_note(summary, totals, None)}"
