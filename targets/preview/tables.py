"""Two-dimensional groupings and pivots, as the app's ``tables.js`` and ``pivot.js`` make them (tests/vectors pins
both): a value per row group and column group, each row's and column's total over the rows it spans (each row once),
and the total of everything. Dates come in time order with every bucket between the first and the last and
``(none)`` after them; sprints and versions in their own order; categories by their total, largest first, then by
label."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from targets.preview.aggregate import (
    NONE_ORDER,
    SEQUENCES,
    TEMPORAL,
    Computed,
    Dimension,
    Group,
    Row,
    buckets_between,
    combine,
    contribution,
    empty_value,
    group_values,
    grouped,
)


@dataclass(frozen=True)
class Table:
    rows: tuple[Group, ...]
    columns: tuple[Group, ...]
    cells: tuple[tuple[float | None, ...], ...]
    total: float | None
    omitted: int


def ordered(groups: Sequence[Group], type_: str, bucket: str | None, empty: float | None) -> list[Group]:
    """Groups in the order a view shows them (see the module's docstring); an added date bucket holds ``empty``."""
    if type_ in SEQUENCES:
        return sorted(groups, key=lambda g: (g.order, g.label))
    if type_ not in TEMPORAL:
        return sorted(groups, key=lambda g: (-(g.value or 0), g.label))
    dated = sorted((g for g in groups if g.order != NONE_ORDER), key=lambda g: g.order)
    undated = [g for g in groups if g.order == NONE_ORDER]
    if not dated:
        return undated
    have = {g.order: g for g in dated}
    first, last = date.fromisoformat(dated[0].order), date.fromisoformat(dated[-1].order)
    every = [have.get(start) or Group(label, start, empty) for label, start in buckets_between(first, last, bucket)]
    return every + undated


def laid_out(table: Table, rows: Dimension, columns: Dimension, fn: str) -> Table:
    """The table with its rows and columns in order, the cells following them."""
    empty = empty_value(fn)
    row_order = ordered(table.rows, rows.type, rows.bucket, empty)
    column_order = ordered(table.columns, columns.type, columns.bucket, empty)
    row_at = {g.label: i for i, g in enumerate(table.rows)}
    column_at = {g.label: j for j, g in enumerate(table.columns)}

    def cell(r: Group, c: Group) -> float | None:
        i, j = row_at.get(r.label), column_at.get(c.label)
        return empty if i is None or j is None else table.cells[i][j]

    cells = tuple(tuple(cell(r, c) for c in column_order) for r in row_order)
    return Table(tuple(row_order), tuple(column_order), cells, table.total, table.omitted)


def row_table(
    rows: Sequence[Row], row_dim: Dimension, column_dim: Dimension, computed: Computed, time_zone: str, keep_none: bool
) -> Table:
    """``computed`` over rows grouped by two dimensions, with the totals."""
    by_row, _ = group_values(rows, row_dim, computed, time_zone, keep_none)
    by_column, _ = group_values(rows, column_dim, computed, time_zone, keep_none)
    cells, omitted = grouped(rows, [row_dim, column_dim], computed, time_zone, keep_none)
    row_at = {g.label: i for i, g in enumerate(by_row)}
    column_at = {g.label: j for j, g in enumerate(by_column)}
    values = [[empty_value(computed.aggregate) for _ in by_column] for _ in by_row]
    for combo, contributions in cells.values():
        values[row_at[combo[0][0]]][column_at[combo[1][0]]] = combine(
            contributions, computed.aggregate, computed.percent
        )
    total = combine([contribution(row, computed) for row in rows], computed.aggregate, computed.percent)
    return Table(tuple(by_row), tuple(by_column), tuple(tuple(r) for r in values), total, omitted)


@dataclass(frozen=True)
class PivotData:
    """A pivot as the app draws it: rows with their total and cells, columns with their total, the grand total."""

    rows: tuple[tuple[str, float | None, tuple[float | None, ...]], ...]
    columns: tuple[tuple[str, float | None], ...]
    total: float | None


def pivot(
    rows: Sequence[Row], row_dim: Dimension, column_dim: Dimension, computed: Computed, time_zone: str = "UTC"
) -> PivotData:
    """What a pivot over these rows shows (a row without a date groups as ``(none)``)."""
    table = laid_out(
        row_table(rows, row_dim, column_dim, computed, time_zone, True), row_dim, column_dim, computed.aggregate
    )
    return PivotData(
        tuple((r.label, r.value, table.cells[i]) for i, r in enumerate(table.rows)),
        tuple((c.label, c.value) for c in table.columns),
        table.total,
    )
