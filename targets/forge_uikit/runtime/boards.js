// Boards the viewer can see (GET /rest/agile/1.0/board), as a picker's choices: searched by name as the user types.

import api, { route } from '@forge/api';
import { callJira, JSON_HEADERS } from './jira.js';

/** @typedef {import('./plan-types.js').Picker} Picker */

/**
 * Boards whose name holds what the user typed, as {label, value} choices; the value is the board's id.
 * @param {Picker} picker
 * @param {string} query
 */
export async function boardOptions(picker, query) {
  const page = await callJira('Listing boards', () =>
    api.asUser().requestJira(route`/rest/agile/1.0/board?name=${query}&maxResults=${picker.pageSize}`, {
      headers: JSON_HEADERS,
    }),
  );
  return (page.values || []).map((/** @type {any} */ board) => {
    const project = board.location && board.location.projectKey;
    return { label: project ? `${board.name} (${project})` : String(board.name), value: String(board.id) };
  });
}
