// The one way this app talks to Jira. Every request goes through `callJira`, which reads the answer and turns a
// refusal into an AppError with Jira's own words. The request itself is written out where it is made: a
// requestJira call on api.asUser() with a literal route template, so that Atlassian's scope linter can see every
// endpoint the app calls; asUser makes Jira decide with the viewer's own permissions.

import { AppError } from './errors.js';

export const JSON_HEADERS = { Accept: 'application/json' };

/**
 * Jira's answer as JSON, or an AppError carrying Jira's status and messages.
 * @param {import('@forge/api').APIResponse} response
 * @param {string} what the request, as a message names it ("The issue search")
 */
async function answer(response, what) {
  if (response.ok) {
    return response.status === 204 ? {} : response.json();
  }
  let message = `${what} failed (Jira answered ${response.status}).`;
  try {
    const body = await response.json();
    const details = [...(body.errorMessages || []), ...Object.values(body.errors || {})];
    if (details.length > 0) {
      message = details.join(' ');
    }
  } catch {
    // not JSON: keep the generic message
  }
  throw new AppError(response.status, message);
}

/**
 * Make one Jira request and read its answer.
 * @param {string} what
 * @param {() => Promise<import('@forge/api').APIResponse>} send performs the request
 * @returns {Promise<any>}
 */
export async function callJira(what, send) {
  return answer(await send(), what);
}
