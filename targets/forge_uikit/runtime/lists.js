// Entity lists (projects, saved filters): Jira's paged lists (values, total, isLast), read into rows.
//
// A count of them is Jira's `total`, from the first page. When a chart or another metric needs every item, the
// pages after the first are read side by side (their offsets are known once the total and the page size Jira serves
// are); otherwise reading stops at the module's limit. What is left unread (by the budget, or because the list
// changed while it was read) is stated by the views.

import { coverage } from './coverage.js';
import { offsetPages } from './paging.js';
import { rowOf } from './read.js';

/** @typedef {import('./plan-types.js').ListFetch} ListFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */

/**
 * @param {any} body a PageBean answer
 * @returns {{items: any[], last: boolean, total: number | null}}
 */
export function pageOf(body) {
  return {
    items: body.values || [],
    last: Boolean(body.isLast),
    total: typeof body.total === 'number' ? body.total : null,
  };
}

/**
 * What one page costs in Jira points: the request, and each item it holds.
 * @param {number} maxResults
 * @returns {import('./jira.js').Call}
 */
export function listCost(maxResults) {
  return { reserve: 1 + maxResults, items: (body) => (body.values || []).length };
}

/**
 * Rows of a paged list: up to the module's limit, or every item when the plan says so.
 * @param {ListFetch} fetch
 * @param {LoadRequest} request
 * @param {(startAt: number, size: number, expand: string) => Promise<any>} loadPage asks Jira for one page
 * @returns {Promise<FetchResult>}
 */
export async function listRows(fetch, request, loadPage) {
  const { session } = request;
  const expand = fetch.expand.join(',');
  const read = async (/** @type {number} */ startAt, /** @type {number} */ size) =>
    pageOf(await loadPage(startAt, size, expand));
  const toRows = (/** @type {any[]} */ items) => items.map((item) => rowOf(request.module.fields, item));
  if (!fetch.all) {
    /** @type {number | null} */
    let total = null;
    const found = await offsetPages(
      async (startAt, size) => {
        const page = await read(startAt, size);
        total = total === null ? page.total : total;
        return page;
      },
      request.limit,
      fetch.pageSize,
      session,
    );
    return { rows: toRows(found.items), total, truncated: found.truncated };
  }
  const first = await read(0, fetch.pageSize);
  const total = first.total === null ? first.items.length : first.total;
  const step = first.items.length; // what Jira serves a page, which may be less than asked for
  /** @type {number[]} */
  const offsets = [];
  for (let start = step; !first.last && step > 0 && start < total; start += step) {
    offsets.push(start);
  }
  const pages = await Promise.all(
    offsets.map((start) => (session.expired() || !session.affords(1 + step) ? null : read(start, step))),
  );
  const items = [...first.items, ...pages.flatMap((page) => (page === null ? [] : page.items))];
  const rows = toRows(items);
  if (items.length >= total) {
    return { rows, total };
  }
  const unit = fetch.kind === 'projects' ? 'projects' : 'saved filters';
  return { rows, total, truncated: true, coverage: coverage({ kind: 'part', covered: rows.length, total, unit }) };
}
