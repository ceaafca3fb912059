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
import { metricValue } from './aggregate.js';
import { holdsFor, momentOf, withComputed } from './expr.js';
import { coverage } from './coverage.js';
import { groupingOutcome } from './grouping.js';
import { pivotOutcome } from './pivot.js';
import { chartOutcome } from './series.js';
import { UTC, knownTimeZone } from './dates.js';
import { shownRow } from './measures.js';

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
const ON_DEMAND = new Set(['count', 'groups', 'cells']);

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
 * Something that reads one fetch result: a table's or list's rows, a grouped table's summary series, a chart's
 * series, a metric or a pivot.
 * @typedef {{sources: string[], kind?: string}} Part
 */

/**
 * The parts of a view, each choosing its own source.
 * @param {PlannedView} view
 * @returns {Part[]}
 */
export function partsOf(view) {
  if (view.kind === 'chart') {
    return view.series;
  }
  if ((view.kind === 'table' || view.kind === 'list') && view.group) {
    return [view, ...view.group.summary];
  }
  return [view];
}

/** @param {Part} part */
function isRows(part) {
  return part.kind === 'table' || part.kind === 'list';
}

/**
 * The source each part of the visible views reads, from its plan's list (cheapest first).
 * @param {Part[]} parts the visible views' parts
 * @param {Map<string, Fetch>} fetches by result name
 * @param {number | null} total matching issues
 * @param {number} limit rows a table shows
 * @param {number} points the load's points budget
 * @returns {Map<Part, string>}
 */
export function chooseSources(parts, fetches, total, limit, points) {
  /** @type {Set<string>} */
  const runs = new Set();
  const rowsCost = fetches.has('rows') && parts.some(isRows) ? limit : 0;
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
  /** @type {Map<Part, string>} */
  const picked = new Map();
  /** @param {Part} part @param {(into: string) => boolean} good */
  const pick = (part, good) => {
    const choice = part.sources.find(good) || part.sources[part.sources.length - 1];
    picked.set(part, choice);
    runs.add(choice);
  };
  const single = parts.filter((p) => p.sources.length === 1);
  const demanding = parts.filter((p) => p.sources.length > 1 && !p.sources.some(onDemand));
  const flexible = parts.filter((p) => p.sources.length > 1 && p.sources.some(onDemand));
  single.forEach((part) => pick(part, () => true));
  demanding.forEach((part) => pick(part, (into) => runs.has(into) && covers(into)));
  flexible.forEach((part) => pick(part, (into) => (runs.has(into) && covers(into)) || onePage(into) || onDemand(into)));
  return picked;
}

/**
 * What a result says about how much it covers: its own coverage, or, for values cut short, how many issues it is
 * based on.
 * @param {FetchResult} result
 * @param {LoadRequest} request
 */
function statedBy(result, request) {
  if (result.coverage) {
    return result.coverage;
  }
  if (result.truncated && request.total !== null) {
    return coverage({ kind: 'part', covered: (result.rows || []).length, total: request.total, unit: 'issues' });
  }
  return undefined;
}

/**
 * What one view shows, from the results its parts picked; for a table or list, its groups when it is grouped and
 * which of its shown rows (by index) a highlight rule marks.
 * @param {PlannedView} view
 * @param {(part: Part) => FetchResult} resultOf
 * @param {LoadRequest} request
 * @param {Record<string, unknown>[]} shown the rows a table or list shows
 * @param {import('./expr.js').Moment} at the load's clock in the viewer's time zone
 */
function outcome(view, resultOf, request, shown, at) {
  /** @param {Part} part */
  const read = (part) => {
    const result = resultOf(part);
    const stated = isRows(part) ? undefined : statedBy(result, request);
    return stated ? { ...result, coverage: stated } : result;
  };
  if (view.kind === 'chart') {
    return { visible: true, ...chartOutcome(view, view.series.map(read), request.timeZone) };
  }
  if (view.kind === 'pivot') {
    return { visible: true, ...pivotOutcome(view, read(view), request.timeZone) };
  }
  if (view.kind === 'metric') {
    const result = read(view);
    const total =
      typeof result.count === 'number' ? result.count : typeof result.total === 'number' ? result.total : null;
    const counted = view.aggregate === 'count' && total !== null;
    const said = result.coverage && !counted ? { coverage: result.coverage } : {};
    return { visible: true, value: metricValue(view, result.rows || [], total), ...said };
  }
  const rule = view.highlight;
  const marked = rule
    ? { highlighted: shown.flatMap((row, index) => (holdsFor(rule.condition, row, at) ? [index] : [])) }
    : {};
  if (view.group) {
    const results = view.group.summary.map(read);
    const grouped = groupingOutcome(view.group, shown, results, request.total, request.timeZone);
    return { visible: true, ...grouped, ...marked };
  }
  // rows whose values the app worked out from part of what they stand for (sprints, versions) say so; rows merely
  // cut short say that in `truncated` instead
  const rows = resultOf(view);
  const own = rows.coverage && !rows.truncated ? { coverage: rows.coverage } : {};
  return { visible: true, ...marked, ...own };
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
    now: clock.getTime(),
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
  const parts = visible.flatMap(partsOf);
  const tables = parts.some(isRows) || module.views.length === 0;
  const aggregating = parts.filter((part) => !isRows(part));
  // A table's first rows in order start at once; rows read with their histories serve the charts too, so they start
  // below, reading every matching issue when a chart or metric needs them.
  const first = fetches.get('rows');
  if (tables && data.kind === 'issues' && first && first.kind === 'search') {
    start('rows', base);
  }
  const counted = aggregating.length > 0 && fetches.has('count') ? await start('count', base) : {};
  const total = typeof counted.count === 'number' ? counted.count : null;
  const picked = chooseSources(parts, fetches, total, limit, engine.budget.points);
  if (module.views.length === 0 && fetches.has('rows')) {
    picked.set({ kind: 'table', sources: ['rows'] }, 'rows');
  }
  const wanted = new Set(
    aggregating.map((part) => /** @type {string} */ (picked.get(part))).filter((into) => into !== 'count'),
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
  const rows = (table.rows || []).slice(0, limit).map(shownRow);
  /** @param {Part} part */
  const resultOf = (part) => results[/** @type {string} */ (picked.get(part))] || {};
  return {
    ok: true,
    rows,
    truncated: Boolean(table.truncated) || (table.rows || []).length > limit,
    count: total,
    views: module.views.map((view) =>
      visible.includes(view) ? outcome(view, resultOf, request, rows, at) : { visible: false },
    ),
  };
}
