// Reading a list page by page until the limit, the last page, or the load's budget (time or points), whichever
// comes first.

/**
 * What paging asks of the load's session: whether time is up, and whether a page of this many points still fits.
 * @typedef {object} Budget
 * @property {() => boolean} expired
 * @property {(points: number) => boolean} affords
 */

/**
 * @template T
 * @typedef {object} Pages
 * @property {T[]} items at most the limit
 * @property {boolean} truncated whether more items were left unread
 */

/**
 * Pages that continue with a token (issue search: nextPageToken).
 * @template T
 * @param {(size: number, token: string | undefined) => Promise<{items: T[], next: string | undefined}>} loadPage
 * @param {number} limit
 * @param {number} pageSize
 * @param {Budget} budget
 * @returns {Promise<Pages<T>>}
 */
export async function tokenPages(loadPage, limit, pageSize, budget) {
  /** @type {T[]} */
  const items = [];
  /** @type {string | undefined} */
  let token;
  let truncated = false;
  while (items.length < limit) {
    const size = Math.min(pageSize, limit - items.length);
    const page = await loadPage(size, token);
    items.push(...page.items);
    token = page.next;
    if (!token) {
      break;
    }
    if (budget.expired() || !budget.affords(1 + size)) {
      truncated = true;
      break;
    }
  }
  return { items: items.slice(0, limit), truncated: truncated || (Boolean(token) && items.length >= limit) };
}

/**
 * Pages that continue from an offset (startAt), each saying whether it is the last.
 * @template T
 * @param {(startAt: number, size: number) => Promise<{items: T[], last: boolean}>} loadPage
 * @param {number} limit
 * @param {number} pageSize
 * @param {Budget} budget
 * @returns {Promise<Pages<T>>}
 */
export async function offsetPages(loadPage, limit, pageSize, budget) {
  /** @type {T[]} */
  const items = [];
  for (;;) {
    const size = Math.min(pageSize, limit - items.length);
    const page = await loadPage(items.length, size);
    items.push(...page.items);
    if (page.last || page.items.length === 0 || items.length >= limit) {
      return { items: items.slice(0, limit), truncated: !page.last && page.items.length > 0 };
    }
    if (budget.expired() || !budget.affords(1 + size)) {
      return { items: items.slice(0, limit), truncated: true };
    }
  }
}
