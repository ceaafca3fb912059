// Counting a chart's groups in Jira: one approximate count per group, many in flight, no issue read. Exact at any
// size, and cheap: 1 point a group.
//
// Where the groups come from is the plan's choice, carried out by a finder this app is wired with: date buckets
// between the first and the last date (ranges.js), the values found in the matching issues themselves, or the
// components or versions of their projects (discover.js), or a reference list (status categories, resolutions:
// the readers). `(none)` is counted with IS EMPTY. For a field with one value per issue, the issues whose value was
// not counted separately are the total minus the groups, shown as one `(other)` group that says what it holds. For
// a field with several values per issue no such subtraction exists: when its values were not proven complete, the
// chart says how many issues they were found in.

import { NONE } from './aggregate.js';
import { countIssues } from './count.js';
import { OTHER, coverage } from './coverage.js';
import { narrowed } from './jql.js';

/** @typedef {import('./plan-types.js').GroupFetch} GroupFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */
/** @typedef {import('./engine-types.js').Found} Found */
/** @typedef {import('./aggregate.js').Group} Group */

/**
 * The groups of a reference list: every value it names, each matched with `=`.
 * @param {GroupFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<Found>}
 */
async function referenceGroups(fetch, request) {
  const values = /** @type {import('./plan-types.js').ReferenceGroups} */ (fetch.values);
  const reader = request.readers[values.source];
  if (!reader) {
    throw new Error(`This app was built without a way to list ${values.source}.`);
  }
  const listed = (await reader(request.session, '')).slice(0, values.maxGroups);
  const groups = listed.map((v) => ({ label: v.label, order: v.label, condition: `${fetch.clause} = ${v.jql}` }));
  return { groups, complete: true, seen: 0 };
}

/**
 * The groups, from the finder the plan names.
 * @param {GroupFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<Found>}
 */
function findGroups(fetch, request) {
  if (fetch.values.kind === 'reference') {
    return referenceGroups(fetch, request);
  }
  const finder = request.finders[fetch.values.kind];
  if (!finder) {
    throw new Error(`This app was built without a way to find ${fetch.values.kind} groups.`);
  }
  return finder(fetch, request);
}

/**
 * A field's groups counted in Jira, before they are shaped for a view: the groups found (with the condition that
 * counts each), their counts (null where the budget ran out), the issues without a value (and the condition that
 * counts them), and, for date buckets of which only the most recent were counted, the issues before them.
 * @typedef {object} Counted
 * @property {Found} found
 * @property {(number | null)[]} counts
 * @property {number} none
 * @property {string} noneCondition
 * @property {number} before
 */

/**
 * Count a field's groups (and its issues without a value) in Jira.
 * @param {GroupFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<Counted>}
 */
export async function countedGroups(fetch, request) {
  const { session, jql } = request;
  const noneCondition = `${fetch.clause} IS EMPTY`;
  const empty = fetch.nullable ? countIssues(session, narrowed(jql, noneCondition)) : Promise.resolve(0);
  const [found, none] = await Promise.all([findGroups(fetch, request), empty]);
  const earlier = found.before ? countIssues(session, narrowed(jql, found.before)) : Promise.resolve(0);
  const [counts, before] = await Promise.all([
    Promise.all(
      found.groups.map((group) =>
        session.expired() || !session.affords(1) ? null : countIssues(session, narrowed(jql, group.condition)),
      ),
    ),
    earlier,
  ]);
  return { found, counts, none, noneCondition, before };
}

/**
 * How many matching issues are in each group of the plan's field.
 * @param {GroupFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export async function groupCounts(fetch, request) {
  const total = request.total || 0;
  const { found, counts, none, before } = await countedGroups(fetch, request);
  if (fetch.values.kind === 'range') {
    /** @type {Group[]} */
    const buckets = found.groups.map((g, i) => ({ label: g.label, order: g.order, value: counts[i] || 0 }));
    const stated = found.coverage || (counts.includes(null) ? partOf(counts, total, none) : undefined);
    return { groups: buckets, omitted: none, before, ...(stated ? { coverage: stated } : {}) };
  }
  /** @type {Map<string, {order: string, value: number}>} */
  const byLabel = new Map();
  let listed = 0;
  found.groups.forEach((group, i) => {
    const n = counts[i];
    if (n !== null && n > 0) {
      const known = byLabel.get(group.label) || { order: group.order, value: 0 };
      byLabel.set(group.label, { order: known.order, value: known.value + n });
      listed += n;
    }
  });
  if (none > 0) {
    byLabel.set(NONE, { order: NONE, value: none });
  }
  /** @type {Group[]} */
  const groups = [...byLabel].map(([label, g]) => ({ label, order: g.order, value: g.value }));
  if (!fetch.multi) {
    const rest = total - listed - none;
    if (rest <= 0) {
      return { groups };
    }
    groups.push({ label: OTHER, order: OTHER, value: rest });
    return { groups, coverage: coverage({ kind: 'other', covered: rest, total, unit: 'issues' }) };
  }
  if (found.complete && !counts.includes(null)) {
    return { groups };
  }
  const seen = Math.min(found.seen, total);
  return { groups, coverage: coverage({ kind: 'values', covered: seen, total, unit: 'issues', field: fetch.field }) };
}

/**
 * Coverage of date buckets some of which the budget left uncounted.
 * @param {(number | null)[]} counts
 * @param {number} total
 * @param {number} none
 */
function partOf(counts, total, none) {
  const counted = counts.reduce((sum, n) => (sum || 0) + (n || 0), 0) || 0;
  return coverage({ kind: 'part', covered: counted, total: Math.max(counted, total - none), unit: 'issues' });
}
