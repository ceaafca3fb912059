// What a pivot shows: a value per row group and column group, the total of each row and column, and the total of
// everything, from the rows (or values) it picked, or from cells counted in Jira (cells.js). A row without a date
// groups as (none) here; the order of rows and columns is tables.js's.

import { laidOut, rowTable } from './tables.js';

/** @typedef {import('./plan-types.js').PlannedPivot} PlannedPivot */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */

/**
 * A pivot as the frontend draws it.
 * @typedef {object} PivotData
 * @property {{label: string, total: number | null, cells: (number | null)[]}[]} rows
 * @property {{label: string, total: number | null}[]} columns
 * @property {number | null} total
 */

/**
 * @param {PlannedPivot} pivot
 * @param {FetchResult} result the picked source's
 * @param {string} timeZone
 * @returns {{table: PivotData, coverage?: import('./coverage.js').Coverage}}
 */
export function pivotOutcome(pivot, result, timeZone) {
  const table = result.table || rowTable(result.rows || [], pivot.rows, pivot.columns, pivot, timeZone, true);
  const shown = laidOut(table, pivot.rows, pivot.columns, pivot.aggregate);
  const data = {
    rows: shown.rows.map((row, i) => ({ label: row.label, total: row.value, cells: shown.cells[i] })),
    columns: shown.columns.map((column) => ({ label: column.label, total: column.value })),
    total: shown.total,
  };
  return { table: data, ...(result.coverage ? { coverage: result.coverage } : {}) };
}
