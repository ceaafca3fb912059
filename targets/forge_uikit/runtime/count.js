// How many issues match a query (POST /rest/api/3/search/approximate-count): one request, no issues read.

import api, { route } from '@forge/api';
import { callJira, JSON_HEADERS } from './jira.js';

/** @typedef {import('./plan-types.js').CountFetch} CountFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */

/**
 * @param {CountFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export async function countRows(fetch, request) {
  const body = await callJira('Counting issues', () =>
    api.asUser().requestJira(route`/rest/api/3/search/approximate-count`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jql: request.jql }),
    }),
  );
  return { count: typeof body.count === 'number' ? body.count : 0 };
}
