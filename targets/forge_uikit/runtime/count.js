// How many issues match a query (POST /rest/api/3/search/approximate-count): one request, one point, no issues
// read. The module's total, each chart group and each slice of a scan are counted this way.

import api, { route } from '@forge/api';
import { coverage } from './coverage.js';
import { BODY_HEADERS } from './jira.js';

/** @typedef {import('./plan-types.js').CountFetch} CountFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */
/** @typedef {import('./jira.js').Session} Session */

export const COUNT = 'POST /rest/api/3/search/approximate-count';

/**
 * @param {Session} session
 * @param {string} jql
 * @returns {Promise<number>}
 */
export async function countIssues(session, jql) {
  const body = await session.call('Counting issues', COUNT, () =>
    api.asUser().requestJira(route`/rest/api/3/search/approximate-count`, {
      method: 'POST',
      headers: BODY_HEADERS,
      body: JSON.stringify({ jql }),
    }),
  );
  return typeof body.count === 'number' ? body.count : 0;
}

/**
 * Rows read issue by issue (worklogs, status histories) as a fetch's result: `read` holds each issue's rows, or
 * null where the budget ended first. Cut short, a result charts and metrics read (`needAll`) says how many issues
 * it covers, counting the matching issues then, and only then.
 * @param {(Record<string, unknown>[] | null)[]} read
 * @param {{complete: boolean, more: boolean, kind: string}} how `complete`: every page was read; `more`: a table
 *   stopped at its limit with pages left
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export async function perIssueRows(read, how, request) {
  const rows = read.flatMap((r) => r || []);
  const covered = read.filter((r) => r !== null).length;
  if (how.complete && covered === read.length) {
    return { rows, truncated: how.more && !request.needAll };
  }
  if (!request.needAll) {
    return { rows, truncated: true };
  }
  const all = Math.max(await countIssues(request.session, request.jql), read.length);
  return { rows, truncated: true, coverage: coverage({ kind: how.kind, covered, total: all, unit: 'issues' }) };
}

/**
 * The module's total.
 * @param {CountFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export async function countRows(fetch, request) {
  return { count: await countIssues(request.session, request.jql) };
}
