// Counting the cells of two fields' groups in Jira (a pivot's rows and columns, a chart's x and its split): each
// side's groups are found and counted as groups.js counts them (those counts are the row and column totals), then
// one approximate count per cell, many in flight, no issue read. Exact at any size; a cell costs 1 point.
//
// `(none)` is a group counted with IS EMPTY. For a field with one value per issue, issues whose value was not
// counted separately form one `(other)` group: its total is the total minus the listed groups, and its cells are
// their column's (or row's) total minus the counted cells, so no request counts them. Groups with the same name
// are added into one, as the rows group them. Cells the budget leaves uncounted stay empty, and the view says how
// many were counted.

import { NONE, NONE_ORDER } from './aggregate.js';
import { countIssues } from './count.js';
import { OTHER, coverage, joined } from './coverage.js';
import { countedGroups } from './groups.js';
import { narrowed } from './jql.js';

/** @typedef {import('./plan-types.js').CellFetch} CellFetch */
/** @typedef {import('./plan-types.js').GroupFetch} GroupFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */
/** @typedef {import('./coverage.js').Coverage} Coverage */

/**
 * One group of a side: its label, order, the condition counting its issues (null for `(other)`), and its total.
 * @typedef {object} SideGroup
 * @property {string} label
 * @property {string} order
 * @property {string | null} condition
 * @property {number | null} total
 */

/**
 * One side's groups with their totals, and what the side says about how much it covers.
 * @param {GroupFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<{groups: SideGroup[], coverage?: Coverage}>}
 */
async function side(fetch, request) {
  const total = request.total || 0;
  const { found, counts, none, noneCondition } = await countedGroups(fetch, request);
  const dated = fetch.values.kind === 'range';
  /** @type {SideGroup[]} */
  const groups = found.groups
    .map((g, i) => ({ label: g.label, order: g.order, condition: g.condition, total: counts[i] }))
    .filter((g) => dated || g.total !== 0);
  if (none > 0) {
    groups.push({ label: NONE, order: dated ? NONE_ORDER : NONE, condition: noneCondition, total: none });
  }
  if (dated) {
    return { groups, ...(found.coverage ? { coverage: found.coverage } : {}) };
  }
  const listed = groups.reduce((sum, g) => sum + (g.total || 0), 0);
  if (!fetch.multi) {
    const rest = total - listed;
    if (rest <= 0) {
      return { groups };
    }
    groups.push({ label: OTHER, order: OTHER, condition: null, total: rest });
    return { groups, coverage: coverage({ kind: 'other', covered: rest, total, unit: 'issues' }) };
  }
  if (found.complete && !counts.includes(null)) {
    return { groups };
  }
  const seen = Math.min(found.seen, total);
  return { groups, coverage: coverage({ kind: 'values', covered: seen, total, unit: 'issues', field: fetch.field }) };
}

/**
 * `a - b - c …`, or null when any part is unknown.
 * @param {number | null} from
 * @param {(number | null)[]} parts
 */
function minus(from, parts) {
  if (from === null || parts.includes(null)) {
    return null;
  }
  return from - parts.reduce((sum, n) => (sum || 0) + (n || 0), 0);
}

/**
 * Groups with the same label added into one: their totals and their cells.
 * @param {SideGroup[]} groups
 * @returns {{groups: import('./aggregate.js').Group[], into: number[]}}
 */
function merged(groups) {
  /** @type {Map<string, number>} */
  const at = new Map();
  /** @type {import('./aggregate.js').Group[]} */
  const out = [];
  const into = groups.map((g) => {
    const known = at.get(g.label);
    if (known === undefined) {
      at.set(g.label, out.length);
      out.push({ label: g.label, order: g.order, value: g.total });
      return out.length - 1;
    }
    const kept = out[known];
    kept.value = kept.value === null || g.total === null ? null : kept.value + g.total;
    return known;
  });
  return { groups: out, into };
}

/**
 * How many matching issues are in each cell of the plan's two fields, with the totals of each row and column.
 * @param {CellFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export async function cellCounts(fetch, request) {
  const { session, jql } = request;
  const [rows, columns] = await Promise.all([side(fetch.rows, request), side(fetch.columns, request)]);
  const pairs = rows.groups.flatMap((r, i) => columns.groups.map((c, j) => ({ r, c, i, j })));
  const counted = await Promise.all(
    pairs.map(({ r, c }) =>
      r.condition === null || c.condition === null || session.expired() || !session.affords(1)
        ? null
        : countIssues(session, narrowed(jql, `${r.condition} AND ${c.condition}`)),
    ),
  );
  /** @type {(number | null)[][]} */
  const cells = rows.groups.map(() => columns.groups.map(() => null));
  pairs.forEach(({ i, j }, n) => {
    cells[i][j] = counted[n];
  });
  const wanted = pairs.filter(({ r, c }) => r.condition !== null && c.condition !== null).length;
  const got = counted.filter((n) => n !== null).length;
  const countedRows = rows.groups.map((r) => r.condition !== null);
  const countedColumns = columns.groups.map((c) => c.condition !== null);
  rows.groups.forEach((r, i) => {
    columns.groups.forEach((c, j) => {
      if (r.condition !== null && c.condition === null) {
        cells[i][j] = minus(
          r.total,
          cells[i].filter((_, k) => countedColumns[k]),
        );
      } else if (r.condition === null && c.condition !== null) {
        cells[i][j] = minus(
          c.total,
          cells.filter((_, k) => countedRows[k]).map((row) => row[j]),
        );
      }
    });
  });
  rows.groups.forEach((r, i) => {
    columns.groups.forEach((c, j) => {
      if (r.condition === null && c.condition === null) {
        cells[i][j] = minus(
          r.total,
          cells[i].filter((_, k) => countedColumns[k]),
        );
      }
    });
  });
  const byRow = merged(rows.groups);
  const byColumn = merged(columns.groups);
  /** @type {(number | null)[][]} */
  const table = byRow.groups.map(() => byColumn.groups.map(() => 0));
  cells.forEach((row, i) =>
    row.forEach((n, j) => {
      const a = byRow.into[i];
      const b = byColumn.into[j];
      const known = table[a][b];
      table[a][b] = known === null || n === null ? null : known + n;
    }),
  );
  const stated = joined([
    got < wanted ? coverage({ kind: 'cells', covered: got, total: wanted, unit: 'cells' }) : undefined,
    rows.coverage,
    columns.coverage,
  ]);
  return {
    table: { rows: byRow.groups, columns: byColumn.groups, cells: table, total: request.total, omitted: 0 },
    ...(stated ? { coverage: stated } : {}),
  };
}
