// Projects the viewer can browse (GET /rest/api/3/project/search): as rows, and as a picker's choices.

import api, { route } from '@forge/api';
import { callJira, JSON_HEADERS } from './jira.js';
import { listCost, listRows } from './lists.js';

/** @typedef {import('./plan-types.js').ListFetch} ListFetch */
/** @typedef {import('./plan-types.js').Picker} Picker */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */

/**
 * @param {ListFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export function projectRows(fetch, request) {
  return listRows(fetch, request, (startAt, maxResults, expand) =>
    request.session.call(
      'Listing projects',
      fetch.operation,
      () =>
        api
          .asUser()
          .requestJira(route`/rest/api/3/project/search?startAt=${startAt}&maxResults=${maxResults}&expand=${expand}`, {
            headers: JSON_HEADERS,
          }),
      listCost(maxResults),
    ),
  );
}

/**
 * Projects whose name or key matches what the user typed, as {label, value} choices.
 * @param {Picker} picker
 * @param {string} query
 */
export async function projectOptions(picker, query) {
  const page = await callJira('Listing projects', () =>
    api.asUser().requestJira(route`/rest/api/3/project/search?query=${query}&maxResults=${picker.pageSize}`, {
      headers: JSON_HEADERS,
    }),
  );
  return (page.values || []).map((/** @type {any} */ p) => ({ label: `${p.name} (${p.key})`, value: p.key }));
}
