// How many issues match a query (POST /rest/api/3/search/approximate-count): one request, one point, no issues
// read. The module's total, each chart group and each slice of a scan are counted this way.

import api, { route } from '@forge/api';
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
 * The module's total.
 * @param {CountFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export async function countRows(fetch, request) {
  return { count: await countIssues(request.session, request.jql) };
}
