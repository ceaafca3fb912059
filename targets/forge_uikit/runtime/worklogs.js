// Worklog rows: the issues the query matches, a page at a time, each with its first worklogs embedded
// (fields=worklog, with their total); only for an issue with more are the rest read
// (GET /rest/api/3/issue/{key}/worklog), many in flight, asking Jira only for worklogs started within the query's
// worklogDate bounds. The query's worklog conditions then decide which worklogs become rows.
//
// Charts and metrics use every kept worklog; a table shows the first ones up to the limit. When only a table reads
// them, reading stops once the limit is reached. When the budget ends first, the result says how many issues'
// worklogs it covers (counting the matching issues then, and only then).

import api, { route } from '@forge/api';
import { perIssueRows } from './count.js';
import { JSON_HEADERS } from './jira.js';
import { rowOf } from './read.js';
import { searchPage } from './search.js';
import { startedWindow, worklogTest } from './worklog-filter.js';

/** @typedef {import('./plan-types.js').WorklogFetch} WorklogFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */
/** @typedef {import('./jira.js').Session} Session */

const WORKLOGS = 'GET /rest/api/3/issue/{issueIdOrKey}/worklog';

/**
 * One page of an issue's worklogs, started within the window when it has bounds.
 * @param {Session} session
 * @param {string} key
 * @param {number} startAt
 * @param {number} maxResults
 * @param {{after: number | null, before: number | null}} window
 * @param {number} expected worklogs the page may hold (the points set aside for it)
 * @returns {Promise<{worklogs: any[], total: number}>}
 */
async function worklogPage(session, key, startAt, maxResults, window, expected) {
  const after = window.after === null ? 0 : window.after;
  const before = window.before === null ? 0 : window.before;
  const page = await session.call(
    'Reading worklogs',
    WORKLOGS,
    () =>
      window.after === null && window.before === null
        ? api
            .asUser()
            .requestJira(route`/rest/api/3/issue/${key}/worklog?startAt=${startAt}&maxResults=${maxResults}`, {
              headers: JSON_HEADERS,
            })
        : window.before === null
          ? api
              .asUser()
              .requestJira(
                route`/rest/api/3/issue/${key}/worklog?startAt=${startAt}&maxResults=${maxResults}&startedAfter=${after}`,
                { headers: JSON_HEADERS },
              )
          : api
              .asUser()
              .requestJira(
                route`/rest/api/3/issue/${key}/worklog?startAt=${startAt}&maxResults=${maxResults}&startedAfter=${after}&startedBefore=${before}`,
                { headers: JSON_HEADERS },
              ),
    { reserve: 1 + Math.min(maxResults, expected), items: (body) => (body.worklogs || []).length },
  );
  return { worklogs: page.worklogs || [], total: page.total || 0 };
}

/**
 * Every worklog of one issue within the window: the embedded ones when they are all of them, otherwise read from
 * Jira page by page; null when the budget ends first.
 * @param {Session} session
 * @param {any} issue
 * @param {WorklogFetch} fetch
 * @param {{after: number | null, before: number | null}} window
 * @returns {Promise<any[] | null>}
 */
async function issueWorklogs(session, issue, fetch, window) {
  const embedded = issue.fields && issue.fields.worklog;
  const first = (embedded && embedded.worklogs) || [];
  if (embedded && first.length >= (embedded.total || 0)) {
    return first;
  }
  const logs = [];
  for (let startAt = 0; ;) {
    const expected = Math.max(1, ((embedded && embedded.total) || 1) - startAt);
    if (session.expired() || !session.affords(1 + Math.min(fetch.worklogPageSize, expected))) {
      return null;
    }
    const page = await worklogPage(session, issue.key, startAt, fetch.worklogPageSize, window, expected);
    logs.push(...page.worklogs);
    startAt += page.worklogs.length;
    if (page.worklogs.length === 0 || startAt >= page.total) {
      return logs;
    }
  }
}

/**
 * The kept worklogs as rows, in the order of the issues and of each issue's worklogs.
 * @param {WorklogFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export async function worklogRows(fetch, request) {
  const { session, limit, needAll } = request;
  const keep = worklogTest(fetch.conditions, request.env, new Date(Date.now()));
  const window = startedWindow(fetch.conditions, request.env, new Date(Date.now()));
  /** @type {Promise<Record<string, unknown>[] | null>[]} */
  const perIssue = [];
  let kept = 0;
  let complete = true;
  /** @type {string | undefined} */
  let token;
  for (;;) {
    if (session.expired() || !session.affords(1 + fetch.pageSize)) {
      complete = false;
      break;
    }
    const page = await searchPage(session, request.jql, fetch.issueFields, fetch.pageSize, token);
    const rows = page.items.map(async (issue) => {
      const logs = await issueWorklogs(session, issue, fetch, window);
      return logs === null
        ? null
        : logs.filter(keep).map((/** @type {any} */ worklog) => rowOf(request.module.fields, { issue, worklog }));
    });
    rows.forEach((row) => row.catch(() => undefined)); // failures surface below, when all are awaited
    perIssue.push(...rows);
    token = page.next;
    if (!token) {
      break;
    }
    if (!needAll) {
      kept += (await Promise.all(rows)).reduce((n, r) => n + (r === null ? 0 : r.length), 0);
      if (kept > limit) {
        break;
      }
    }
  }
  return perIssueRows(await Promise.all(perIssue), { complete, more: Boolean(token), kind: 'worklogs' }, request);
}
