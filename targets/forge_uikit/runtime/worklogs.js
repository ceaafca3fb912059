// Worklog rows: the issues the query matches, a page at a time, then each issue's worklogs
// (GET /rest/api/3/issue/{key}/worklog), keeping those the query's worklog conditions allow.

import api, { route } from '@forge/api';
import { callJira, JSON_HEADERS } from './jira.js';
import { rowOf } from './read.js';
import { searchPage } from './search.js';
import { worklogTest } from './worklog-filter.js';

/** @typedef {import('./plan-types.js').WorklogFetch} WorklogFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */

/**
 * One page of an issue's worklogs.
 * @param {string} key
 * @param {number} startAt
 * @param {number} maxResults
 * @returns {Promise<{worklogs: any[], total: number}>}
 */
async function worklogPage(key, startAt, maxResults) {
  const page = await callJira('Reading worklogs', () =>
    api.asUser().requestJira(route`/rest/api/3/issue/${key}/worklog?startAt=${startAt}&maxResults=${maxResults}`, {
      headers: JSON_HEADERS,
    }),
  );
  return { worklogs: page.worklogs || [], total: page.total || 0 };
}

/**
 * The kept worklogs as rows. The limit counts kept worklogs across issues; no page (of issues or worklogs) is
 * asked for once it is reached, nor after the deadline, nor beyond the plan's cap on issues.
 * @param {WorklogFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export async function worklogRows(fetch, request) {
  const keep = worklogTest(fetch.conditions, request.env, new Date(Date.now()));
  const { limit, deadline } = request;
  const maxIssues = Math.min(limit, fetch.issueCap);
  /** @type {Record<string, unknown>[]} */
  const rows = [];
  let issuesRead = 0;
  /** @type {string | undefined} */
  let token;
  for (;;) {
    const found = await searchPage(
      request.jql,
      fetch.issueFields,
      Math.min(fetch.pageSize, maxIssues - issuesRead),
      token,
    );
    const issues = found.items.slice(0, maxIssues - issuesRead);
    token = found.next;
    for (let index = 0; index < issues.length; index += 1) {
      const issue = issues[index];
      issuesRead += 1;
      let startAt = 0;
      let done = false;
      while (!done) {
        const page = await worklogPage(issue.key, startAt, fetch.worklogPageSize);
        const kept = page.worklogs.filter(keep);
        rows.push(...kept.map((worklog) => rowOf(request.module.fields, { issue, worklog })));
        startAt += page.worklogs.length;
        done = page.worklogs.length === 0 || startAt >= page.total;
        const more = !done || index < issues.length - 1 || Boolean(token);
        if (rows.length >= limit) {
          return { rows: rows.slice(0, limit), truncated: rows.length > limit || more };
        }
        if (more && Date.now() > deadline) {
          return { rows, truncated: true };
        }
      }
    }
    if (!token || issues.length === 0) {
      return { rows, truncated: false };
    }
    if (issuesRead >= maxIssues) {
      return { rows, truncated: true };
    }
  }
}
