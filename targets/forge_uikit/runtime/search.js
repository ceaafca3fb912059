// Issue search (GET /rest/api/3/search/jql), page by page with nextPageToken: the first rows of a module's query
// in its order, for tables and lists (and for charts when they are every matching issue).

import api, { route } from '@forge/api';
import { JSON_HEADERS } from './jira.js';
import { tokenPages } from './paging.js';
import { rowOf } from './read.js';

/** @typedef {import('./plan-types.js').SearchFetch} SearchFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */
/** @typedef {import('./jira.js').Session} Session */

export const SEARCH = 'GET /rest/api/3/search/jql';

/**
 * One page of a search: the issues and the token of the next page (none after the last).
 * @param {Session} session
 * @param {string} jql
 * @param {string[]} fields the fields each issue comes with
 * @param {number} maxResults
 * @param {string | undefined} token
 * @returns {Promise<{items: any[], next: string | undefined}>}
 */
export async function searchPage(session, jql, fields, maxResults, token) {
  const wanted = fields.join(',');
  const page = await session.call(
    'The issue search',
    SEARCH,
    () =>
      token
        ? api
            .asUser()
            .requestJira(
              route`/rest/api/3/search/jql?jql=${jql}&fields=${wanted}&maxResults=${maxResults}&nextPageToken=${token}`,
              { headers: JSON_HEADERS },
            )
        : api.asUser().requestJira(route`/rest/api/3/search/jql?jql=${jql}&fields=${wanted}&maxResults=${maxResults}`, {
            headers: JSON_HEADERS,
          }),
    { reserve: 1 + maxResults, items: (body) => (body.issues || []).length },
  );
  return { items: page.issues || [], next: page.isLast ? undefined : page.nextPageToken };
}

/**
 * The rows of the issues the module's query matches, in its order, up to its limit.
 * @param {SearchFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export async function searchRows(fetch, request) {
  const { session } = request;
  const found = await tokenPages(
    (size, token) => searchPage(session, request.ordered, fetch.fields, size, token),
    request.limit,
    fetch.pageSize,
    session,
  );
  return { rows: found.items.map((issue) => rowOf(request.module.fields, issue)), truncated: found.truncated };
}
