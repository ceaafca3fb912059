// Loading a module: the values its query needs, the fetches its plan lists (run by the fetchers this app has), and
// what each view shows, computed from the fetch result it reads.
//
// The order of work: the count of matching issues first (with a table's rows, which are needed anyway); then each
// visible view picks, from the sources its plan lists cheapest first, the first that will cover every matching
// issue — rows already read when they are all of them, values read anyway for a sum — falling back to its last
// source (counting its groups in Jira, or reading values as far as the budget allows, which the view then states);
// then every picked fetch runs side by side within the load's session.

import { AppError, notSet } from './errors.js';
import { Session } from './jira.js';
import { checkedNumber, isEmpty, queryOf, withOrder } from './jql.js';
import { chartData, metricValue, pointsOf } from './aggregate.js';
import { holdsFor, momentOf, withComputed } from './expr.js';
import { coverage } from './coverage.js';
import { UTC, knownTimeZone } from './dates.js';

/** @typedef {import('./plan-types.js').PlannedModule} PlannedModule */
/** @typedef {import('./plan-types.js').PlannedView} PlannedView */
/** @typedef {import('./plan-types.js').Fetch} Fetch */
/** @typedef {import('./plan-types.js').LoadBudget} LoadBudget */
/** @typedef {import('./jql.js').Env} Env */
/** @typedef {import('./engine-types.js').Fetcher} Fetcher */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').Reader} Reader */
/** @typedef {import('./engine-types.js').Finder} Finder */

/**
 * What a load needs besides the module: the plan's budget, the fetchers and reference lists, the app settings, the
 * reader of the viewed issue (when a query uses its fields).
 * @typedef {object} Engine
 * @property {LoadBudget} budget
 * @property {Record<string, Fetcher>} fetchers by fetch kind
 * @property {Record<string, Reader>} readers reference lists by name
 * @property {Record<string, Finder>} finders how a chart's groups are found, by kind
 * @property {() => Promise<Record<string, unknown>>} settings the app settings, defaults filled in
 * @property {import('./engine-types.js').IssueReader | null} [issue]
 */

/**
 * What `load` answers: a table's rows (and whether more were left unread), the issue count, per view what it
 * shows, and what the load cost.
 * @typedef {object} LoadResult
 * @property {true} ok
 * @property {Record<string, unknown>[]} rows
 * @property {boolean} truncated
 * @property {number | null} count
 * @property {object[]} views
 */

/** Kinds of fetch that run for one view alone when it picks them: exact, and cheap (a point per group). */
const ON_DEMAND = new Set(['count', 'groups']);

/** @param {unknown} value */
function isTrue(value) {
  return value === true || value === 'true';
}

/**
 * The module's configuration. A value never set is its default; one set to empty stays empty (an optional one
 * then leaves its condition out, a required one must be set first). A parameter that defaults to an app setting
 * takes the setting whenever it is empty.
 * @param {PlannedModule} module
 * @param {any} given
 * @param {Record<string, unknown>} settings
 */
export function configValues(module, given, settings) {
  /** @type {Record<string, unknown>} */
  const values = {};
  for (const param of module.config) {
    const set = Boolean(given) && Object.prototype.hasOwnProperty.call(given, param.name);
    const value = set ? given[param.name] : undefined;
    if (param.defaultSetting !== null) {
      values[param.name] = isEmpty(value) ? settings[param.defaultSetting] : value;
    } else {
      values[param.name] = set ? value : param.default;
    }
  }
  return values;
}

/**
 * The viewer's surroundings as the query may use them: {context.issue}, {context.project}, {context.user}.
 * @param {any} context
 */
export function contextValues(context) {
  const extension = (context && context.extension) || {};
  return {
    issue: extension.issue ? extension.issue.key : undefined,
    project: extension.project ? extension.project.key : undefined,
    user: context ? context.accountId : undefined,
  };
}

/**
 * The viewer's time zone: what the frontend sent from Forge's product context, else the invocation context's, else
 * UTC.
 * @param {any} payload
 * @param {any} context
 */
export function timeZoneOf(payload, context) {
  const given = payload && payload.timeZone;
  if (knownTimeZone(given)) {
    return given;
  }
  const own = context && context.timezone;
  return knownTimeZone(own) ? own : UTC;
}

/**
 * How many rows to read: the plan's number, or the configured one clamped to the plan's range.
 * @param {PlannedModule} module
 * @param {Env} env
 */
export function rowLimit(module, env) {
  if (!module.data) {
    return 0;
  }
  const limit = module.data.limit;
  if (limit.kind === 'fixed') {
    return limit.value;
  }
  const given = env.param[limit.param];
  if (isEmpty(given)) {
    throw notSet({
      kind: 'value',
      source: 'param',
      name: limit.param,
      type: 'number',
      label: limit.label,
      options: [],
    });
  }
  const wanted = Math.floor(checkedNumber(given, limit.label));
  return Math.max(limit.min, Math.min(limit.max, wanted));
}

/**
 * Points a scan of `total` issues costs about: each issue, each page, and the counts that cut it into slices.
 * @param {any} fetch a ScanFetch
 * @param {number} total
 */
export function scanPoints(fetch, total) {
  const pages = Math.ceil(total / fetch.pageSize);
  const slices = Math.ceil(total / fetch.sliceIssues);
  return total + pages + 2 * slices + 2;
}

/**
 * The source each visible view reads, from its plan's list (cheapest first).
 * @param {PlannedView[]} views the visible ones
 * @param {Map<string, Fetch>} fetches by result name
 * @param {number | null} total matching issues
 * @param {number} limit rows a table shows
 * @param {number} points the load's points budget
 * @returns {Map<PlannedView, string>}
 */
export function chooseSources(views, fetches, total, limit, points) {
  /** @type {Set<string>} */
  const runs = new Set();
  const rowsCost = fetches.has('rows') && views.some((v) => v.kind === 'table' || v.kind === 'list') ? limit : 0;
  /** @param {string} into */
  const covers = (into) => {
    const fetch = /** @type {any} */ (fetches.get(into));
    if (!fetch) {
      return false;
    }
    if (fetch.kind === 'search') {
      return total !== null && total <= limit;
    }
    if (fetch.kind === 'scan') {
      return total !== null && scanPoints(fetch, total) <= 0.9 * (points - rowsCost);
    }
    return true;
  };
  /** @param {string} into */
  const onDemand = (into) => {
    const fetch = fetches.get(into);
    return Boolean(fetch) && ON_DEMAND.has(/** @type {Fetch} */ (fetch).kind);
  };
  /** Values that fit one page: one request answers every chart, cheaper than counting groups. @param {string} into */
  const onePage = (into) => {
    const fetch = /** @type {any} */ (fetches.get(into));
    return Boolean(fetch) && fetch.kind === 'scan' && total !== null && total <= fetch.pageSize;
  };
  /** @type {Map<PlannedView, string>} */
  const picked = new Map();
  /** @param {PlannedView} view @param {(into: string) => boolean} good */
  const pick = (view, good) => {
    const choice = view.sources.find(good) || view.sources[view.sources.length - 1];
    picked.set(view, choice);
    runs.add(choice);
  };
  const single = views.filter((v) => v.sources.length === 1);
  const demanding = views.filter((v) => v.sources.length > 1 && !v.sources.some(onDemand));
  const flexible = views.filter((v) => v.sources.length > 1 && v.sources.some(onDemand));
  single.forEach((view) => pick(view, () => true));
  demanding.forEach((view) => pick(view, (into) => runs.has(into) && covers(into)));
  flexible.forEach((view) => pick(view, (into) => (runs.has(into) && covers(into)) || onePage(into) || onDemand(into)));
  return picked;
}

/**
 * What one view shows, from the result of the fetch it picked; for a table or list with a highlight rule, which of
 * its rows (by index) it marks.
 * @param {PlannedView} view
 * @param {FetchResult} result
 * @param {LoadRequest} request
 * @param {import('./expr.js').Moment} at the load's clock in the viewer's time zone
 */
function outcome(view, result, request, at) {
  const rows = result.rows || [];
  let stated = result.coverage;
  if (!stated && result.truncated && view.kind !== 'table' && view.kind !== 'list' && request.total !== null) {
    stated = coverage({ kind: 'part', covered: rows.length, total: request.total, unit: 'issues' });
  }
  const said = stated ? { coverage: stated } : {};
  if (view.kind === 'chart') {
    if (result.groups) {
      return { visible: true, data: pointsOf(result.groups, view), omitted: result.omitted || 0, ...said };
    }
    return { visible: true, ...chartData(view, rows, request.timeZone), ...said };
  }
  if (view.kind === 'metric') {
    const total =
      typeof result.count === 'number' ? result.count : typeof result.total === 'number' ? result.total : null;
    const counted = view.aggregate === 'count' && total !== null;
    return { visible: true, value: metricValue(view, rows, total), ...(counted ? {} : said) };
  }
  if (view.highlight) {
    const rule = view.highlight;
    const shown = rows.slice(0, request.limit);
    return {
      visible: true,
      highlighted: shown.flatMap((row, index) => (holdsFor(rule.condition, row, at) ? [index] : [])),
    };
  }
  return { visible: true };
}

/**
 * The viewed issue's values its query uses, read when the plan says so.
 * @param {PlannedModule} module
 * @param {Env} env
 * @param {Engine} engine
 * @param {Session} session
 */
async function issueValues(module, env, engine, session) {
  const read = module.data && module.data.issue;
  if (!read) {
    return {};
  }
  if (!engine.issue) {
    throw new AppError(500, 'This app was built without a way to read the viewed issue.');
  }
  return engine.issue(read, env.context.issue, session);
}

/**
 * @param {PlannedModule} module
 * @param {any} payload what the frontend sent: {module, config, timeZone}
 * @param {any} context the invocation's context
 * @param {Engine} engine
 * @returns {Promise<LoadResult>}
 */
export async function loadModule(module, payload, context, engine) {
  const clock = new Date(Date.now());
  const session = new Session(engine.budget);
  const settings = await engine.settings();
  /** @type {Env} */
  const env = {
    param: configValues(module, payload && payload.config, settings),
    settings,
    context: contextValues(context),
  };
  const visible = module.views.filter((view) => !view.when || isTrue(env.param[view.when]));
  const data = module.data;
  if (!data) {
    return { ok: true, rows: [], truncated: false, count: null, views: module.views.map(() => ({ visible: true })) };
  }
  Object.assign(env.context, await issueValues(module, env, engine, session));
  const limit = rowLimit(module, env);
  const jql = queryOf(data, env);
  const fetches = new Map(module.fetches.map((fetch) => [fetch.into, fetch]));
  /** @type {LoadRequest} */
  const base = {
    module,
    jql,
    ordered: withOrder(jql, data.order),
    env,
    limit,
    session,
    timeZone: timeZoneOf(payload, context),
    total: null,
    needAll: false,
    readers: engine.readers,
    finders: engine.finders,
  };
  const at = momentOf(clock, base.timeZone);
  /** @type {Map<string, Promise<FetchResult>>} */
  const running = new Map();
  /** @param {string} into @param {LoadRequest} request */
  const start = (into, request) => {
    const fetch = /** @type {Fetch} */ (fetches.get(into));
    const fetcher = engine.fetchers[fetch.kind];
    if (!fetcher) {
      throw new AppError(500, `This app was built without a way to read ${fetch.kind}.`);
    }
    const result = fetcher(fetch, request);
    result.catch(() => undefined); // a failure is reported when the result is awaited, not as an unhandled one
    running.set(into, result);
    return result;
  };
  const tables = visible.some((v) => v.kind === 'table' || v.kind === 'list') || module.views.length === 0;
  const aggregates = visible.filter((v) => v.kind === 'chart' || v.kind === 'metric');
  if (tables && data.kind === 'issues' && fetches.has('rows')) {
    start('rows', base);
  }
  const counted = aggregates.length > 0 && fetches.has('count') ? await start('count', base) : {};
  const total = typeof counted.count === 'number' ? counted.count : null;
  const picked = chooseSources(visible, fetches, total, limit, engine.budget.points);
  if (module.views.length === 0 && fetches.has('rows')) {
    picked.set(/** @type {any} */ ({ kind: 'table' }), 'rows');
  }
  const wanted = new Set(
    aggregates.map((view) => /** @type {string} */ (picked.get(view))).filter((into) => into !== 'count'),
  );
  for (const into of new Set(picked.values())) {
    if (!running.has(into)) {
      start(into, { ...base, total, needAll: wanted.has(into) });
    }
  }
  /** @type {Record<string, FetchResult>} */
  const results = {};
  for (const [into, result] of running) {
    const found = await result;
    results[into] = found.rows ? { ...found, rows: withComputed(module.computed, found.rows, at) } : found;
  }
  const request = { ...base, total };
  const table = results.rows || {};
  const rows = (table.rows || []).slice(0, limit);
  return {
    ok: true,
    rows,
    truncated: Boolean(table.truncated) || (table.rows || []).length > limit,
    count: total,
    views: module.views.map((view) => {
      const into = picked.get(view);
      return into === undefined ? { visible: false } : outcome(view, results[into] || {}, request, at);
    }),
  };
}
