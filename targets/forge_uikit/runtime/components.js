// The components of one project (GET /rest/api/3/project/{projectIdOrKey}/components): every group a chart by
// component can have in that project. One module per reference list, so an app copies only what it reads.

import api, { route } from '@forge/api';
import { JSON_HEADERS } from './jira.js';
import { namedGroups } from './read.js';

/** @typedef {import('./jira.js').Session} Session */
/** @typedef {import('./engine-types.js').GroupValue} GroupValue */

/**
 * @param {Session} session
 * @param {string} project the project's id
 * @returns {Promise<GroupValue[]>}
 */
export async function components(session, project) {
  const list = await session.call(
    'Listing components',
    'GET /rest/api/3/project/{projectIdOrKey}/components',
    () => api.asUser().requestJira(route`/rest/api/3/project/${project}/components`, { headers: JSON_HEADERS }),
    { reserve: 101, items: (body) => (Array.isArray(body) ? body.length : 0) },
  );
  return namedGroups(list);
}
