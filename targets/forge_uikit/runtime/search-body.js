// The engine's own issue searches (POST /rest/api/3/search/jql, the query in the body because the engine adds
// clauses to it): pages of a slice, the first or last issue by a date, the issues whose value is not yet known.

import api, { route } from '@forge/api';
import { BODY_HEADERS } from './jira.js';
import { narrowed } from './jql.js';
import { valueAt } from './read.js';

/** @typedef {import('./jira.js').Session} Session */

export const SEARCH_BODY = 'POST /rest/api/3/search/jql';

/**
 * One page of issues with the given fields, and the token of the next page (none after the last).
 * @param {Session} session
 * @param {string} jql
 * @param {string[]} fields
 * @param {number} maxResults
 * @param {string | undefined} [token]
 * @returns {Promise<{items: any[], next: string | undefined}>}
 */
export async function searchBody(session, jql, fields, maxResults, token) {
  const request = { jql, fields, maxResults, ...(token ? { nextPageToken: token } : {}) };
  const page = await session.call(
    'The issue search',
    SEARCH_BODY,
    () =>
      api.asUser().requestJira(route`/rest/api/3/search/jql`, {
        method: 'POST',
        headers: BODY_HEADERS,
        body: JSON.stringify(request),
      }),
    { reserve: 1 + maxResults, items: (body) => (body.issues || []).length },
  );
  return { items: page.issues || [], next: page.isLast ? undefined : page.nextPageToken };
}

/**
 * The value of a field in the first issue of the query ordered by it (`ASC`: the earliest), undefined when no
 * matching issue has one. One issue read.
 * @param {Session} session
 * @param {string} jql
 * @param {{clause: string, fields: string[], read: string[]}} field
 * @param {'ASC' | 'DESC'} direction
 */
export async function extreme(session, jql, field, direction) {
  const query = `${narrowed(jql, `${field.clause} IS NOT EMPTY`)} ORDER BY ${field.clause} ${direction}`;
  const page = await searchBody(session, query, field.fields, 1);
  return page.items.length > 0 ? valueAt(page.items[0], field.read) : undefined;
}
