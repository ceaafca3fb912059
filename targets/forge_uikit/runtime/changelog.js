// Issue histories in bulk: `POST /rest/api/3/changelog/bulkfetch` takes up to 1,000 issues and up to 10 field ids a
// call and answers every change of those fields, oldest first, a page at a time (`nextPageToken`). Any field's
// history reads the same way: `status` for time in status, the sprint field for what a sprint started with.
//
// The issues are cut into groups of `issuesPerCall`; the groups are read side by side through the load's session
// (its pool, rates, points and 429s), each group's pages one after another. A group's pages mix its issues (they
// are ordered by date), so an issue's history is complete only when its group reached its last page: when the
// budget stops a group first, its issues are reported as missing rather than with part of their history.

import api, { route } from '@forge/api';
import { BODY_HEADERS } from './jira.js';

/** @typedef {import('./jira.js').Session} Session */

export const CHANGELOGS = 'POST /rest/api/3/changelog/bulkfetch';

/** What Jira takes in one call. */
export const MOST_ISSUES = 1000;
export const MOST_FIELDS = 10;
export const MOST_PER_PAGE = 10000;

/**
 * One change of one field: when, and the value before and after (Jira's ids, and the names it shows).
 * @typedef {object} FieldChange
 * @property {string} field the field's id ("status", "customfield_10020")
 * @property {number} at milliseconds since the epoch
 * @property {string | null} from
 * @property {string | null} fromString
 * @property {string | null} to
 * @property {string | null} toString
 */

/**
 * What was read: each complete issue's changes, oldest first (an issue without changes has an empty list), and
 * the issues the budget did not reach.
 * @typedef {object} Histories
 * @property {Map<string, FieldChange[]>} changes by issue id
 * @property {string[]} missing issue ids, in the order they were asked for
 */

/**
 * How the issues are read: issues per call (1–1,000) and changes per page (1–10,000).
 * @typedef {object} HistoryPaging
 * @property {number} issuesPerCall
 * @property {number} pageSize
 */

/**
 * A value of a change item as text; only the item's own properties (`toString` is also every object's method).
 * @param {Record<string, unknown>} item
 * @param {string} name
 * @returns {string | null}
 */
function text(item, name) {
  const value = Object.hasOwn(item, name) ? item[name] : null;
  return value === undefined || value === null ? null : String(value);
}

/**
 * The changes of the wanted fields in one page of Jira's answer, by issue id.
 * @param {any} body
 * @param {Set<string>} fields
 * @returns {[string, FieldChange[]][]}
 */
export function pageChanges(body, fields) {
  return (body.issueChangeLogs || []).map((/** @type {any} */ log) => {
    /** @type {FieldChange[]} */
    const changes = [];
    for (const history of log.changeHistories || []) {
      const at = Date.parse(history.created);
      for (const item of history.items || []) {
        const field = item.fieldId || item.field;
        if (fields.has(field) && !Number.isNaN(at)) {
          changes.push({
            field,
            at,
            from: text(item, 'from'),
            fromString: text(item, 'fromString'),
            to: text(item, 'to'),
            toString: text(item, 'toString'),
          });
        }
      }
    }
    return [String(log.issueId), changes];
  });
}

/**
 * Jira charges a point per change history returned.
 * @param {any} body
 */
function historiesIn(body) {
  return (body.issueChangeLogs || []).reduce(
    (/** @type {number} */ n, /** @type {any} */ log) => n + (log.changeHistories || []).length,
    0,
  );
}

/**
 * One group's histories, page by page; null when the budget ends before its last page.
 * @param {Session} session
 * @param {string[]} ids
 * @param {string[]} fieldIds
 * @param {number} pageSize
 * @returns {Promise<Map<string, FieldChange[]> | null>}
 */
async function readGroup(session, ids, fieldIds, pageSize) {
  const wanted = new Set(fieldIds);
  /** @type {Map<string, FieldChange[]>} */
  const found = new Map(ids.map((id) => [id, []]));
  /** @type {string | undefined} */
  let token;
  for (;;) {
    if (session.expired() || !session.affords(1 + pageSize)) {
      return null;
    }
    const request = { issueIdsOrKeys: ids, fieldIds, maxResults: pageSize, ...(token ? { nextPageToken: token } : {}) };
    const body = await session.call(
      'Reading issue histories',
      CHANGELOGS,
      () =>
        api.asUser().requestJira(route`/rest/api/3/changelog/bulkfetch`, {
          method: 'POST',
          headers: BODY_HEADERS,
          body: JSON.stringify(request),
        }),
      { reserve: 1 + pageSize, items: historiesIn },
    );
    for (const [id, changes] of pageChanges(body, wanted)) {
      const list = found.get(id);
      if (list) {
        list.push(...changes);
      }
    }
    token = body.nextPageToken || undefined;
    if (!token) {
      return found;
    }
  }
}

/**
 * Every change of `fieldIds` on the issues `issueIds` (ids, as Jira answers with them), as far as the load's
 * budget reaches.
 * @param {Session} session
 * @param {string[]} issueIds
 * @param {string[]} fieldIds 1 to 10 field ids
 * @param {HistoryPaging} paging
 * @returns {Promise<Histories>}
 */
export async function readHistories(session, issueIds, fieldIds, paging) {
  if (fieldIds.length < 1 || fieldIds.length > MOST_FIELDS) {
    throw new RangeError(`a history read takes 1 to ${MOST_FIELDS} field ids, not ${fieldIds.length}`);
  }
  const perCall = Math.max(1, Math.min(MOST_ISSUES, paging.issuesPerCall));
  const pageSize = Math.max(1, Math.min(MOST_PER_PAGE, paging.pageSize));
  const ids = [...new Set(issueIds.map(String))];
  /** @type {string[][]} */
  const groups = [];
  for (let i = 0; i < ids.length; i += perCall) {
    groups.push(ids.slice(i, i + perCall));
  }
  const read = await Promise.all(groups.map((group) => readGroup(session, group, fieldIds, pageSize)));
  /** @type {Map<string, FieldChange[]>} */
  const changes = new Map();
  /** @type {string[]} */
  const missing = [];
  read.forEach((found, g) => {
    if (found === null) {
      missing.push(...groups[g]);
      return;
    }
    for (const [id, list] of found) {
      changes.set(
        id,
        list.sort((a, b) => a.at - b.at),
      );
    }
  });
  return { changes, missing };
}
