// The date buckets of a chart by date: the first and last date of the matching issues come from two one-issue
// searches ordered by the field, and every bucket between them is a group (an empty one counts 0). When there are
// more buckets than the plan allows, the most recent ones are counted and the chart says so.

import { coverage } from './coverage.js';
import { bucketsBetween, jqlBound, localDay, nextBucket } from './dates.js';
import { extreme } from './search-body.js';

/** @typedef {import('./plan-types.js').GroupFetch} GroupFetch */
/** @typedef {import('./plan-types.js').RangeGroups} RangeGroups */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').Found} Found */

/**
 * @param {GroupFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<Found>}
 */
export async function rangeGroups(fetch, request) {
  const { session, jql, timeZone } = request;
  const range = /** @type {RangeGroups} */ (fetch.values);
  const [first, last] = await Promise.all([extreme(session, jql, fetch, 'ASC'), extreme(session, jql, fetch, 'DESC')]);
  const from = localDay(first, timeZone);
  const to = localDay(last, timeZone);
  const all = from === null || to === null ? [] : bucketsBetween(from, to, fetch.bucket);
  const buckets = all.slice(Math.max(0, all.length - range.maxGroups));
  const groups = buckets.map((b) => {
    const low = jqlBound(b.start, range.dateOnly, timeZone);
    const high = jqlBound(nextBucket(b.start, fetch.bucket), range.dateOnly, timeZone);
    return { label: b.label, order: b.start, condition: `${fetch.clause} >= ${low} AND ${fetch.clause} < ${high}` };
  });
  if (buckets.length === all.length) {
    return { groups, complete: true, seen: 0 };
  }
  const unit = `${fetch.bucket || 'day'}s`;
  const stated = coverage({ kind: 'recent', covered: buckets.length, total: all.length, unit });
  const start = jqlBound(buckets[0].start, range.dateOnly, timeZone);
  return { groups, complete: false, seen: 0, coverage: stated, before: `${fetch.clause} < ${start}` };
}
