// Rows read with the issues' status histories. The matching issues are found page by page (newest first, or in the
// module's order) with what a history needs (when the issue was created, its status now) and the fields the views
// read; while the next page is found, each page's status histories are read in bulk (changelog.js) and cut into
// stints (periods.js) at the load's clock. The site's status list gives the categories when they are needed.
//
// Two kinds of rows: one per stint of an issue in a status (`status periods of issues where …`), or one per issue
// carrying its stints, from which its history measures (`time in active` …) are then worked out (expr.js).
//
// Charts and metrics use every row; a table shows the first ones up to its limit, and when only a table reads them,
// reading stops once the limit is reached. A page is read only when its histories may fit the budget too; when
// the budget ends first, the result says how many issues' histories it covers. How many changes a page of
// histories asks for follows what the pages before held (a request sets aside a point for every change it may
// return, so asking for far more than come back would stop the load early).

import { readHistories } from './changelog.js';
import { perIssueRows } from './count.js';
import { PERIODS } from './measures.js';
import { statusPeriods } from './periods.js';
import { rowOf } from './read.js';
import { searchPage } from './search.js';
import { statusList } from './statuses.js';

/** @typedef {import('./plan-types.js').HistoryFetch} HistoryFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */
/** @typedef {import('./periods.js').JiraStatus} JiraStatus */
/** @typedef {import('./periods.js').StatusPeriod} StatusPeriod */
/** @typedef {Record<string, unknown>} Row */

/**
 * The rows of one issue, from the issue and its stints.
 * @typedef {(issue: any, periods: StatusPeriod[]) => Row[]} RowsOf
 */

/**
 * An issue's stints, from its history.
 * @param {any} issue
 * @param {import('./changelog.js').FieldChange[]} changes
 * @param {Map<string, JiraStatus>} statuses
 * @param {number} now
 */
function stintsOf(issue, changes, statuses, now) {
  const fields = issue.fields || {};
  const created = Date.parse(fields.created);
  const current = fields.status || { id: '', name: '', statusCategory: null };
  return statusPeriods(Number.isNaN(created) ? 0 : created, current, changes, statuses, now);
}

/** Margin over the changes per issue seen so far when sizing the next page of histories. */
const MARGIN = 1.3;

/**
 * How many changes a page of histories asks for: the plan's page size at first, then what the histories read so far
 * suggest for this many issues (with a margin; an issue with more just takes another page).
 */
class PageSizer {
  /** @param {number} most the plan's page size */
  constructor(most) {
    this.most = most;
    this.issues = 0;
    this.changes = 0;
  }

  /** @param {number} issues */
  size(issues) {
    if (this.issues === 0) {
      return this.most;
    }
    const expected = Math.ceil((this.changes / this.issues) * issues * MARGIN);
    return Math.max(1, Math.min(this.most, Math.max(issues, expected)));
  }

  /** @param {number} issues @param {number} changes */
  saw(issues, changes) {
    this.issues += issues;
    this.changes += changes;
  }
}

/**
 * The rows of one page of issues, null for each issue whose history the budget did not reach.
 * @param {HistoryFetch} fetch
 * @param {LoadRequest} request
 * @param {any[]} issues
 * @param {Promise<Map<string, JiraStatus>>} listed
 * @param {RowsOf} rowsOf
 * @param {PageSizer} sizer
 * @returns {Promise<(Row[] | null)[]>}
 */
async function pageRows(fetch, request, issues, listed, rowsOf, sizer) {
  const ids = issues.map((issue) => String(issue.id));
  const histories = await readHistories(request.session, ids, ['status'], {
    issuesPerCall: fetch.paging.issuesPerCall,
    pageSize: sizer.size(Math.min(ids.length, fetch.paging.issuesPerCall)),
  });
  let read = 0;
  histories.changes.forEach((list) => {
    read += list.length;
  });
  sizer.saw(histories.changes.size, read);
  const statuses = await listed;
  return issues.map((issue) => {
    const changes = histories.changes.get(String(issue.id));
    return changes ? rowsOf(issue, stintsOf(issue, changes, statuses, request.now)) : null;
  });
}

/**
 * Every row of the matching issues (or the first ones, for a table alone), with the coverage when cut short.
 * @param {HistoryFetch} fetch
 * @param {LoadRequest} request
 * @param {RowsOf} rowsOf
 * @returns {Promise<FetchResult>}
 */
async function historyRows(fetch, request, rowsOf) {
  const { session, limit, needAll } = request;
  const listed = fetch.statuses ? statusList(session) : Promise.resolve(new Map());
  listed.catch(() => undefined); // a failure surfaces when the first page awaits it
  const query = fetch.newestFirst ? `${request.jql} ORDER BY created DESC` : request.ordered;
  const sizer = new PageSizer(fetch.paging.pageSize);
  /** @type {Promise<(Row[] | null)[]>[]} */
  const pages = [];
  let complete = true;
  let kept = 0;
  /** @type {string | undefined} */
  let token;
  for (;;) {
    if (session.expired() || !session.affords(2 + fetch.pageSize + sizer.size(fetch.pageSize))) {
      complete = false;
      break;
    }
    const page = await searchPage(session, query, fetch.issueFields, fetch.pageSize, token);
    const rows = pageRows(fetch, request, page.items, listed, rowsOf, sizer);
    rows.catch(() => undefined); // failures surface below, when all are awaited
    pages.push(rows);
    token = page.next;
    if (!token) {
      break;
    }
    if (!needAll) {
      kept += (await rows).reduce((n, r) => n + (r === null ? 0 : r.length), 0);
      if (kept > limit) {
        break;
      }
    }
  }
  const read = (await Promise.all(pages)).flat();
  return perIssueRows(read, { complete, more: Boolean(token), kind: 'histories' }, request);
}

/**
 * One row per stint of a matching issue in a status.
 * @param {HistoryFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export function statusPeriodRows(fetch, request) {
  const fields = request.module.fields;
  return historyRows(fetch, request, (issue, periods) => periods.map((period) => rowOf(fields, { issue, period })));
}

/**
 * One row per matching issue, carrying its stints for its history measures.
 * @param {HistoryFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export function issueHistoryRows(fetch, request) {
  const fields = request.module.fields;
  return historyRows(fetch, request, (issue, periods) => [{ ...rowOf(fields, issue), [PERIODS]: periods }]);
}
