// Saved filters the viewer can see (GET /rest/api/3/filter/search): as rows, and as a picker's choices.
// It mirrors projects.js on purpose: each entity has its own module so that an app copies only the requests it
// makes, and the routes must be written out where they are requested for the scope linter to read them.

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
export function filterRows(fetch, request) {
  return listRows(fetch, request, (startAt, maxResults, expand) =>
    request.session.call(
      'Listing filters',
      fetch.operation,
      () =>
        api
          .asUser()
          .requestJira(route`/rest/api/3/filter/search?startAt=${startAt}&maxResults=${maxResults}&expand=${expand}`, {
            headers: JSON_HEADERS,
          }),
      listCost(maxResults),
    ),
  );
}

/**
 * Filters whose name matches what the user typed, as {label, value} choices.
 * @param {Picker} picker
 * @param {string} query
 */
export async function filterOptions(picker, query) {
  const page = await callJira('Listing filters', () =>
    api.asUser().requestJira(route`/rest/api/3/filter/search?filterName=${query}&maxResults=${picker.pageSize}`, {
      headers: JSON_HEADERS,
    }),
  );
  return (page.values || []).map((/** @type {any} */ f) => ({ label: f.name, value: String(f.id) }));
}
