// The site's statuses with their categories (GET /rest/api/3/status): a status history names each status by id and
// name only, so a status period's category comes from this list. Read once per load, only when a view shows it.

import api, { route } from '@forge/api';
import { JSON_HEADERS } from './jira.js';

/** @typedef {import('./jira.js').Session} Session */
/** @typedef {import('./periods.js').JiraStatus} JiraStatus */

/** Points set aside for the list: a site has a few dozen to a few hundred statuses. */
const EXPECTED = 500;

/**
 * Every status by id, as an issue shows it (`{id, name, statusCategory: {key, name}}`).
 * @param {Session} session
 * @returns {Promise<Map<string, JiraStatus>>}
 */
export async function statusList(session) {
  const list = await session.call(
    'Listing statuses',
    'GET /rest/api/3/status',
    () => api.asUser().requestJira(route`/rest/api/3/status`, { headers: JSON_HEADERS }),
    { reserve: 1 + EXPECTED, items: (body) => (Array.isArray(body) ? body.length : 0) },
  );
  const items = /** @type {any[]} */ (Array.isArray(list) ? list : []);
  return new Map(
    items.map((s) => [
      String(s.id),
      {
        id: String(s.id),
        name: String(s.name),
        statusCategory: s.statusCategory ? { key: s.statusCategory.key, name: s.statusCategory.name } : null,
      },
    ]),
  );
}
