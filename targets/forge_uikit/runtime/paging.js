// Reading a list page by page until the limit, the last page, or the load's time budget, whichever comes first.

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
 * @param {number} deadline a Date.now() value after which no further page is asked for
 * @returns {Promise<Pages<T>>}
 */
export async function tokenPages(loadPage, limit, pageSize, deadline) {
  /** @type {T[]} */
  const items = [];
  /** @type {string | undefined} */
  let token;
  let truncated = false;
  while (items.length < limit) {
    const page = await loadPage(Math.min(pageSize, limit - items.length), token);
    items.push(...page.items);
    token = page.next;
    if (!token) {
      break;
    }
    if (Date.now() > deadline) {
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
 * @param {number} deadline
 * @returns {Promise<Pages<T>>}
 */
export async function offsetPages(loadPage, limit, pageSize, deadline) {
  /** @type {T[]} */
  const items = [];
  for (;;) {
    const page = await loadPage(items.length, Math.min(pageSize, limit - items.length));
    items.push(...page.items);
    if (page.last || page.items.length === 0 || items.length >= limit) {
      return { items: items.slice(0, limit), truncated: !page.last && page.items.length > 0 };
    }
    if (Date.now() > deadline) {
      return { items: items.slice(0, limit), truncated: true };
    }
  }
}
