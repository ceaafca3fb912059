// Entity lists (projects, saved filters): Jira's paged lists (values + isLast), read into rows.

import { offsetPages } from './paging.js';
import { rowOf } from './read.js';

/** @typedef {import('./plan-types.js').ListFetch} ListFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */

/**
 * @param {any} body a PageBean answer
 * @returns {{items: any[], last: boolean}}
 */
export function pageOf(body) {
  return { items: body.values || [], last: Boolean(body.isLast) };
}

/**
 * Rows of a paged list, up to the module's limit.
 * @param {ListFetch} fetch
 * @param {LoadRequest} request
 * @param {(startAt: number, size: number, expand: string) => Promise<any>} loadPage asks Jira for one page
 * @returns {Promise<FetchResult>}
 */
export async function listRows(fetch, request, loadPage) {
  const expand = fetch.expand.join(',');
  const found = await offsetPages(
    async (startAt, size) => pageOf(await loadPage(startAt, size, expand)),
    request.limit,
    fetch.pageSize,
    request.deadline,
  );
  return { rows: found.items.map((item) => rowOf(request.module.fields, item)), truncated: found.truncated };
}
