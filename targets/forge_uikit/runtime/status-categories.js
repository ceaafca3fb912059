// The status categories (GET /rest/api/3/statuscategory): the fixed groups of a chart by status category.
// One module per reference list, so an app copies, and asks consent for, only the lists it reads.

import api, { route } from '@forge/api';
import { JSON_HEADERS } from './jira.js';
import { namedGroups } from './read.js';

/** @typedef {import('./jira.js').Session} Session */
/** @typedef {import('./engine-types.js').GroupValue} GroupValue */

/**
 * @param {Session} session
 * @returns {Promise<GroupValue[]>}
 */
export async function statusCategories(session) {
  const list = await session.call(
    'Listing status categories',
    'GET /rest/api/3/statuscategory',
    () => api.asUser().requestJira(route`/rest/api/3/statuscategory`, { headers: JSON_HEADERS }),
    { reserve: 11, items: (body) => (Array.isArray(body) ? body.length : 0) },
  );
  return namedGroups(list);
}
