// The versions of one project (GET /rest/api/3/project/{projectIdOrKey}/versions): every group a chart by fix or
// affected version can have in that project. It mirrors components.js on purpose: one module per reference list,
// so an app copies (and asks consent for) only the lists it reads, and the route is written where it is requested
// for the scope linter to read it.

import api, { route } from '@forge/api';
import { JSON_HEADERS } from './jira.js';
import { namedGroups } from './read.js';

/** @typedef {import('./jira.js').Session} Session */
/** @typedef {import('./engine-types.js').GroupValue} GroupValue */

/**
 * Every version of a project as Jira answers it ({id, name, released, archived, releaseDate …}).
 * @param {Session} session
 * @param {string} project the project's id or key
 * @returns {Promise<any[]>}
 */
export async function projectVersions(session, project) {
  const list = await session.call(
    'Listing versions',
    'GET /rest/api/3/project/{projectIdOrKey}/versions',
    () => api.asUser().requestJira(route`/rest/api/3/project/${project}/versions`, { headers: JSON_HEADERS }),
    { reserve: 201, items: (body) => (Array.isArray(body) ? body.length : 0) },
  );
  return Array.isArray(list) ? list : [];
}

/**
 * @param {Session} session
 * @param {string} project the project's id
 * @returns {Promise<GroupValue[]>}
 */
export async function versions(session, project) {
  return namedGroups(await projectVersions(session, project));
}
