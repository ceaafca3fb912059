// The site's resolutions (GET /rest/api/3/resolution/search, page by page): the fixed groups of a chart by
// resolution. One module per reference list, so an app copies, and asks consent for, only the lists it reads.

import api, { route } from '@forge/api';
import { JSON_HEADERS } from './jira.js';
import { namedGroups } from './read.js';

/** @typedef {import('./jira.js').Session} Session */
/** @typedef {import('./engine-types.js').GroupValue} GroupValue */

const PAGE = 100;

/**
 * @param {Session} session
 * @returns {Promise<GroupValue[]>}
 */
export async function resolutions(session) {
  /** @type {GroupValue[]} */
  const found = [];
  for (let startAt = 0; ; startAt += PAGE) {
    const page = await session.call(
      'Listing resolutions',
      'GET /rest/api/3/resolution/search',
      () =>
        api.asUser().requestJira(route`/rest/api/3/resolution/search?startAt=${startAt}&maxResults=${PAGE}`, {
          headers: JSON_HEADERS,
        }),
      { reserve: 1 + PAGE, items: (body) => (body.values || []).length },
    );
    const values = page.values || [];
    found.push(...namedGroups(values));
    if (page.isLast !== false || values.length === 0) {
      return found;
    }
  }
}
