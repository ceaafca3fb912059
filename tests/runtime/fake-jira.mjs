// A small Jira for the data engine's unit tests, reached through @forge/api as a generated app reaches Jira.
//
// It knows its issues and answers exactly the JQL the engine sends: the module's query (any text, standing for every
// issue) narrowed by conditions joined with AND — `F >= N`, `F < N`, `F = V`, `F IS EMPTY`, `F IS NOT EMPTY`,
// `F IN (V, …)`, `F NOT IN (V, …)` — with an optional `ORDER BY F ASC|DESC`. Field values come from the test: `fields` maps a JQL
// name to a function giving an issue's value(s). It records every request, how many were in flight at once, and
// the points Jira would charge; `refuse` can answer a request with 429. (The Python fake in benchmarks/fakejira is
// the full one; this one keeps node's unit tests self-contained and fast.)
import { installForgeRuntime } from '../toolchain/lib/forge-runtime.mjs';

const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

/** A JQL value as the fake compares it: numbers as numbers, quoted text unquoted. @param {string} text */
function literal(text) {
  const t = text.trim();
  if (t.startsWith('"')) {
    return JSON.parse(t);
  }
  return NUMBER.test(t) ? Number(t) : t;
}

/** @param {string} list `a, "b", 3` */
function items(list) {
  const out = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|[^,]+)\s*(?:,|$)/g;
  let m;
  while ((m = re.exec(list)) !== null && m[0] !== '') {
    out.push(literal(m[1]));
  }
  return out;
}

/** Split `a AND b AND c` outside quotes and brackets. @param {string} text */
function conjuncts(text) {
  const parts = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (depth === 0 && text.startsWith(' AND ', i)) {
      parts.push(text.slice(start, i));
      start = i + 5;
      i += 4;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/**
 * The engine's query: `(BASE) AND conditions ORDER BY …`, or BASE alone (every issue).
 * @param {string} jql
 */
export function parseQuery(jql) {
  let text = jql;
  let order = null;
  const at = text.lastIndexOf(' ORDER BY ');
  if (at >= 0) {
    const [field, direction] = text
      .slice(at + 10)
      .trim()
      .split(/\s+/);
    order = { field: field.toLowerCase(), descending: (direction || 'ASC').toUpperCase() === 'DESC' };
    text = text.slice(0, at);
  }
  let conditions = [];
  if (text.startsWith('(')) {
    let depth = 0;
    let end = 0;
    for (let i = 0; i < text.length; i += 1) {
      if (text[i] === '(') depth += 1;
      if (text[i] === ')') depth -= 1;
      if (depth === 0) {
        end = i;
        break;
      }
    }
    const rest = text.slice(end + 1).trim();
    conditions = rest.startsWith('AND ') ? conjuncts(rest.slice(4)) : [];
  }
  return { conditions, order };
}

/** @param {unknown} v */
function listOf(v) {
  return v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/**
 * Whether an issue meets one condition.
 * @param {string} condition
 * @param {(field: string) => unknown[]} valuesOf
 */
function meets(condition, valuesOf) {
  let m = /^(\S+) IS (NOT )?EMPTY$/.exec(condition);
  if (m) return (valuesOf(m[1]).length === 0) !== Boolean(m[2]);
  m = /^(\S+) IN \((.*)\)$/.exec(condition);
  if (m) {
    const listed = items(m[2]).map(String);
    return valuesOf(m[1]).some((v) => listed.includes(String(v)));
  }
  m = /^(\S+) NOT IN \((.*)\)$/.exec(condition);
  if (m) {
    const have = valuesOf(m[1]).map(String);
    const listed = items(m[2]).map(String);
    return have.length > 0 && !have.some((v) => listed.includes(v));
  }
  m = /^(\S+) (>=|<|=) (.+)$/.exec(condition);
  if (!m) throw new Error(`the test fake does not understand ${JSON.stringify(condition)}`);
  const bound = literal(m[3]);
  const have = valuesOf(m[1]);
  if (m[2] === '=') return have.map(String).includes(String(bound));
  return have.some((v) => (m[2] === '>=' ? v >= bound : v < bound));
}

/**
 * One page of `POST /rest/api/3/changelog/bulkfetch`, as Jira orders it: every history of the asked issues (by id),
 * keeping only items of the asked fields (histories left without items are dropped), oldest first, then by issue id.
 * @param {Record<string, {created: string, items: any[]}[]>} histories by issue id
 * @param {any} body
 */
function changelogPage(histories, body) {
  if (!body.issueIdsOrKeys || body.issueIdsOrKeys.length < 1 || body.issueIdsOrKeys.length > 1000) {
    throw new Error('the test fake takes 1 to 1,000 issues a call');
  }
  const fields = body.fieldIds || [];
  const entries = body.issueIdsOrKeys.flatMap((/** @type {string} */ id) =>
    (histories[id] || [])
      .map((h, k) => ({
        id,
        history: {
          id: `${id}-${k}`,
          created: h.created,
          items: h.items.filter((i) => fields.length === 0 || fields.includes(i.fieldId)),
        },
      }))
      .filter((e) => e.history.items.length > 0),
  );
  entries.sort((a, b) => Date.parse(a.history.created) - Date.parse(b.history.created) || Number(a.id) - Number(b.id));
  const start = body.nextPageToken ? Number(body.nextPageToken) : 0;
  const size = body.maxResults || 1000;
  /** @type {Map<string, any>} */
  const grouped = new Map();
  for (const e of entries.slice(start, start + size)) {
    if (!grouped.has(e.id)) grouped.set(e.id, { issueId: e.id, changeHistories: [] });
    grouped.get(e.id).changeHistories.push(e.history);
  }
  const more = start + size < entries.length;
  return { issueChangeLogs: [...grouped.values()], ...(more ? { nextPageToken: String(start + size) } : {}) };
}

/**
 * @param {{
 *   issues: any[],
 *   fields: Record<string, (issue: any) => unknown>,
 *   lists?: Record<string, any>,
 *   worklogs?: Record<string, any[]>,
 *   histories?: Record<string, {created: string, items: any[]}[]>,
 *   latency?: number | ((request: {method: string, path: string}) => number),
 *   arrived?: (request: {method: string, path: string}) => void,
 *   refuse?: (request: {method: string, path: string}) => {status: number, headers: Record<string, string>} | null,
 * }} site
 */
export function fakeJira(site) {
  const log = { requests: /** @type {any[]} */ ([]), inFlight: 0, mostInFlight: 0, points: 0 };
  const valuesOf = (/** @type {any} */ issue) => (/** @type {string} */ field) => {
    const get = site.fields[field.toLowerCase()];
    if (!get) throw new Error(`the test fake has no field ${field}`);
    return listOf(get(issue));
  };
  const matching = (/** @type {string} */ jql) => {
    const query = parseQuery(jql);
    let found = site.issues.filter((issue) => query.conditions.every((c) => meets(c, valuesOf(issue))));
    if (query.order) {
      const { field, descending } = query.order;
      found = [...found].sort((a, b) => {
        const x = valuesOf(a)(field)[0];
        const y = valuesOf(b)(field)[0];
        return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
      });
    }
    return found;
  };
  const page = (/** @type {string} */ jql, /** @type {number} */ max, /** @type {string | undefined} */ token) => {
    const found = matching(jql);
    const start = token ? Number(token) : 0;
    const issues = found.slice(start, start + max);
    const end = start + issues.length;
    return { issues, isLast: end >= found.length, ...(end < found.length ? { nextPageToken: String(end) } : {}) };
  };
  /** @returns {{status: number, body?: any, headers?: Record<string, string>}} */
  const answer = (/** @type {string} */ method, /** @type {URL} */ url, /** @type {any} */ body) => {
    const path = url.pathname;
    const q = url.searchParams;
    if (method === 'POST' && path === '/rest/api/3/search/approximate-count') {
      return { status: 200, body: { count: matching(body.jql).length } };
    }
    if (method === 'POST' && path === '/rest/api/3/search/jql') {
      return { status: 200, body: page(body.jql, body.maxResults, body.nextPageToken) };
    }
    if (method === 'GET' && path === '/rest/api/3/search/jql') {
      return {
        status: 200,
        body: page(q.get('jql') || '', Number(q.get('maxResults')), q.get('nextPageToken') || undefined),
      };
    }
    const worklog = /^\/rest\/api\/3\/issue\/([^/]+)\/worklog$/.exec(path);
    if (worklog && site.worklogs) {
      const after = Number(q.get('startedAfter') || -Infinity);
      const before = q.get('startedBefore') === null ? Infinity : Number(q.get('startedBefore'));
      const logs = (site.worklogs[worklog[1]] || []).filter((w) => {
        const started = Date.parse(w.started);
        return started >= after && started < before;
      });
      const startAt = Number(q.get('startAt') || 0);
      const worklogs = logs.slice(startAt, startAt + Number(q.get('maxResults') || 5000));
      return { status: 200, body: { startAt, total: logs.length, worklogs } };
    }
    if (method === 'POST' && path === '/rest/api/3/changelog/bulkfetch' && site.histories) {
      return { status: 200, body: changelogPage(site.histories, body) };
    }
    const listed = site.lists && site.lists[path];
    if (listed !== undefined) {
      return { status: 200, body: typeof listed === 'function' ? listed(q) : listed };
    }
    return { status: 404, body: { errorMessages: [`no ${method} ${path} in the test fake`] } };
  };
  const objects = (/** @type {any} */ body) =>
    Array.isArray(body)
      ? body.length
      : body.issueChangeLogs
        ? body.issueChangeLogs.reduce(
            (/** @type {number} */ n, /** @type {any} */ l) => n + l.changeHistories.length,
            0,
          )
        : (body.issues || body.values || body.worklogs || []).length;
  installForgeRuntime({}, async (meta, rawPath, init = {}) => {
    const url = new URL(String(rawPath), 'https://fake.atlassian.net');
    const method = (init.method || 'GET').toUpperCase();
    const body = init.body ? JSON.parse(init.body) : null;
    const request = { method, path: url.pathname, url, body, provider: meta && meta.provider };
    log.requests.push(request);
    if (site.arrived) site.arrived(request);
    log.inFlight += 1;
    log.mostInFlight = Math.max(log.mostInFlight, log.inFlight);
    try {
      const wait = typeof site.latency === 'function' ? site.latency(request) : site.latency || 0;
      await new Promise((resolve) => setTimeout(resolve, wait));
      const refused = site.refuse ? site.refuse(request) : null;
      const res = refused || answer(method, url, body);
      if (res.status === 200) {
        log.points += 1 + objects(res.body);
      }
      return new Response(JSON.stringify(res.body || {}), {
        status: res.status,
        headers: { 'content-type': 'application/json', ...(res.headers || {}) },
      });
    } finally {
      log.inFlight -= 1;
    }
  });
  return log;
}

/**
 * A clock that only moves when the session sleeps: waits cost no real time. A sleep ends at the moment it was due
 * (sleeps side by side overlap), in a later task, so requests already on their way reach the fake first.
 */
export function virtualTimer() {
  let now = 0;
  return {
    slept: /** @type {number[]} */ ([]),
    now: () => now,
    sleep(/** @type {number} */ ms) {
      this.slept.push(ms);
      const until = now + ms;
      return new Promise((resolve) =>
        setTimeout(() => {
          now = Math.max(now, until);
          resolve(undefined);
        }, 0),
      );
    },
  };
}
