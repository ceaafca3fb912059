// Reading every matching issue (for sums, averages, minimums and maximums) with several requests in flight.
//
// A search's pages follow one another (each page names the next), so one query is read one page at a time. To read
// side by side, the query is cut into slices by a date every issue has (created): the first and last date come
// from two one-issue searches, the range is cut into pieces that are counted, and a piece with too many issues is
// cut again. The slices are `field < b1`, `b1 <= field < b2`, …, `field >= bn` with the same bounds on both sides,
// so they never overlap and miss nothing, whatever the counts say. Each slice is read page by page; reading stops
// when the next page would not fit the load's points or time, and the result then says how many issues it covers.

import { countIssues } from './count.js';
import { coverage } from './coverage.js';
import { moment } from './dates.js';
import { narrowed } from './jql.js';
import { rowOf } from './read.js';
import { extreme, searchBody } from './search-body.js';

/** @typedef {import('./plan-types.js').ScanFetch} ScanFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */
/** @typedef {import('./jira.js').Session} Session */

/** Pieces one range is cut into at most, and how often a piece is cut again. */
const MAX_PIECES = 32;
const MAX_DEPTH = 3;
const MINUTE = 60 * 1000;

/**
 * A slice: the moments it runs from (inclusive) and to (exclusive), null for open ends, and what it was counted.
 * @typedef {object} Slice
 * @property {number | null} from
 * @property {number | null} to
 * @property {number} count
 */

/**
 * The condition that keeps one slice.
 * @param {string} field
 * @param {Slice} slice
 */
export function sliceCondition(field, slice) {
  const parts = [];
  if (slice.from !== null) {
    parts.push(`${field} >= ${slice.from}`);
  }
  if (slice.to !== null) {
    parts.push(`${field} < ${slice.to}`);
  }
  return parts.join(' AND ');
}

/**
 * Cut a slice into pieces of about `target` issues, counting each piece (and cutting again what is still too big).
 * `low`/`high` bound the dates inside the slice when its own ends are open.
 * @param {Slice} slice
 * @param {number} low
 * @param {number} high
 * @param {number} target
 * @param {(slice: Slice) => Promise<number>} count
 * @param {number} depth
 * @returns {Promise<Slice[]>}
 */
export async function cut(slice, low, high, target, count, depth = 0) {
  const from = slice.from === null ? low : slice.from;
  const to = slice.to === null ? high : slice.to;
  if (slice.count <= target * 1.5 || depth >= MAX_DEPTH || to - from <= MINUTE) {
    return [slice]; // kept even when counted empty: a count is approximate, reading an empty slice costs 1 point
  }
  const parts = Math.min(MAX_PIECES, Math.ceil(slice.count / target));
  const width = (to - from) / parts;
  /** @type {Slice[]} */
  const pieces = [];
  for (let i = 0; i < parts; i += 1) {
    const start = i === 0 ? slice.from : Math.round(from + i * width);
    const end = i === parts - 1 ? slice.to : Math.round(from + (i + 1) * width);
    pieces.push({ from: start, to: end, count: 0 });
  }
  const counts = await Promise.all(pieces.map(count));
  const nested = await Promise.all(
    pieces.map((piece, i) => cut({ ...piece, count: counts[i] }, from, to, target, count, depth + 1)),
  );
  return nested.flat();
}

/**
 * Read one slice page by page while the budget allows.
 * @param {Session} session
 * @param {string} jql
 * @param {string[]} fields
 * @param {number} pageSize
 * @returns {Promise<{issues: any[], complete: boolean}>}
 */
async function readSlice(session, jql, fields, pageSize) {
  const issues = [];
  /** @type {string | undefined} */
  let token;
  for (;;) {
    if (session.expired() || !session.affords(1 + pageSize)) {
      return { issues, complete: false };
    }
    const page = await searchBody(session, jql, fields, pageSize, token);
    issues.push(...page.items);
    token = page.next;
    if (!token) {
      return { issues, complete: true };
    }
  }
}

/**
 * Every matching issue's values, or as many as the budget allows with the coverage said.
 * @param {ScanFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export async function scanValues(fetch, request) {
  const { session, jql, total } = request;
  const known = total === null ? Number.POSITIVE_INFINITY : total;
  /** @type {Slice[]} */
  let slices = [{ from: null, to: null, count: known }];
  if (known > fetch.sliceIssues) {
    const field = { clause: fetch.sliceField, fields: [fetch.sliceField], read: ['fields', fetch.sliceField] };
    const [first, last] = await Promise.all([
      extreme(session, jql, field, 'ASC'),
      extreme(session, jql, field, 'DESC'),
    ]);
    const low = moment(first);
    const high = moment(last);
    if (low !== null && high !== null && high > low) {
      const count = (/** @type {Slice} */ slice) =>
        countIssues(session, narrowed(jql, sliceCondition(fetch.sliceField, slice)));
      slices = await cut(slices[0], low.getTime(), high.getTime() + 1, fetch.sliceIssues, count);
    }
  }
  const read = await Promise.all(
    slices.map((slice) => {
      const condition = sliceCondition(fetch.sliceField, slice);
      const query = condition ? narrowed(jql, condition) : jql;
      return readSlice(session, query, fetch.fields, fetch.pageSize);
    }),
  );
  const rows = read.flatMap((slice) => slice.issues.map((issue) => rowOf(request.module.fields, issue)));
  if (read.every((slice) => slice.complete)) {
    return { rows };
  }
  const all = Math.max(rows.length, total === null ? rows.length : total);
  return { rows, coverage: coverage({ kind: 'part', covered: rows.length, total: all, unit: 'issues' }) };
}
