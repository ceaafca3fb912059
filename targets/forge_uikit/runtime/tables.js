// Two-dimensional groupings: a value per row group and column group, with the total of each row, each column and
// all of them. A pivot shows one; a chart split by a field draws one (a series per column).
//
// Over rows, every total is over the rows it spans, each row once (with a multi-valued field a row is in several
// cells but counted once in the total). Counted in Jira (cells.js), the totals are Jira's counts of the same
// issues. Dates come in time order with every bucket between the first and the last, and (none) after them;
// categories by their total, largest first, then by label. The rules are pinned by tests/vectors/aggregates.json.

import {
  NONE_ORDER,
  combine,
  contribution,
  emptyValue,
  grouped,
  groupValues,
  isSequence,
  isTemporal,
} from './aggregate.js';
import { bucketsBetween } from './dates.js';

/** @typedef {import('./aggregate.js').Group} Group */
/** @typedef {import('./aggregate.js').Computed} Computed */
/** @typedef {import('./aggregate.js').Dimension} Dimension */
/** @typedef {Record<string, unknown>} Row */

/**
 * A two-dimensional grouping: the row and column groups with their totals, a value per cell (`cells[r][c]`, by the
 * groups' positions), the total of everything, and how many rows a date left out.
 * @typedef {object} Table
 * @property {Group[]} rows
 * @property {Group[]} columns
 * @property {(number | null)[][]} cells
 * @property {number | null} total
 * @property {number} omitted
 */

/** @param {string} a @param {string} b */
export function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Groups in the order a view shows them: dates in time order with every bucket between the first and the last
 * added (holding `empty`) and (none) last; sprints and versions in their own order; categories by value, largest
 * first, then by label.
 * @param {Group[]} groups
 * @param {string} type the type of the field grouped by
 * @param {string | null} bucket
 * @param {number | null} empty the value of an added bucket
 * @returns {Group[]}
 */
export function ordered(groups, type, bucket, empty) {
  if (isSequence(type)) {
    return [...groups].sort((a, b) => compareText(a.order, b.order) || compareText(a.label, b.label));
  }
  if (!isTemporal(type)) {
    return [...groups].sort((a, b) => (b.value || 0) - (a.value || 0) || compareText(a.label, b.label));
  }
  const dated = groups.filter((g) => g.order !== NONE_ORDER).sort((a, b) => compareText(a.order, b.order));
  const undated = groups.filter((g) => g.order === NONE_ORDER);
  if (dated.length === 0) {
    return undated;
  }
  const have = new Map(dated.map((g) => [g.order, g]));
  const every = bucketsBetween(dated[0].order, dated[dated.length - 1].order, bucket).map(
    (b) => have.get(b.start) || { label: b.label, order: b.start, value: empty },
  );
  return [...every, ...undated];
}

/**
 * A table laid out for showing: rows and columns in order (see `ordered`), the cells following them.
 * @param {Table} table
 * @param {Dimension} rows
 * @param {Dimension} columns
 * @param {string} fn the aggregate
 * @returns {Table}
 */
export function laidOut(table, rows, columns, fn) {
  const empty = emptyValue(fn);
  const rowOrder = ordered(table.rows, rows.type, rows.bucket, empty);
  const columnOrder = ordered(table.columns, columns.type, columns.bucket, empty);
  const rowAt = new Map(table.rows.map((g, i) => [g.label, i]));
  const columnAt = new Map(table.columns.map((g, i) => [g.label, i]));
  const cells = rowOrder.map((r) =>
    columnOrder.map((c) => {
      const i = rowAt.get(r.label);
      const j = columnAt.get(c.label);
      const value = i === undefined || j === undefined ? undefined : table.cells[i][j];
      return value === undefined ? empty : value;
    }),
  );
  return { rows: rowOrder, columns: columnOrder, cells, total: table.total, omitted: table.omitted };
}

/**
 * The table of `computed` over rows, grouped by two dimensions.
 * @param {Row[]} rows
 * @param {Dimension} rowDimension
 * @param {Dimension} columnDimension
 * @param {Computed} computed
 * @param {string} timeZone
 * @param {boolean} keepNone whether a missing date groups as (none) (a pivot) instead of leaving the row out (a chart)
 * @returns {Table}
 */
export function rowTable(rows, rowDimension, columnDimension, computed, timeZone, keepNone) {
  const byRow = groupValues(rows, rowDimension, computed, timeZone, keepNone);
  const byColumn = groupValues(rows, columnDimension, computed, timeZone, keepNone);
  const { cells, omitted } = grouped(rows, [rowDimension, columnDimension], computed, timeZone, keepNone);
  const rowAt = new Map(byRow.groups.map((g, i) => [g.label, i]));
  const columnAt = new Map(byColumn.groups.map((g, i) => [g.label, i]));
  /** @type {(number | null)[][]} */
  const values = byRow.groups.map(() => byColumn.groups.map(() => emptyValue(computed.aggregate)));
  for (const cell of cells.values()) {
    const i = /** @type {number} */ (rowAt.get(cell.groups[0].label));
    const j = /** @type {number} */ (columnAt.get(cell.groups[1].label));
    values[i][j] = combine(cell.values, computed.aggregate, computed.percent);
  }
  const total = combine(
    rows.map((row) => contribution(row, computed)),
    computed.aggregate,
    computed.percent,
  );
  return { rows: byRow.groups, columns: byColumn.groups, cells: values, total, omitted };
}
