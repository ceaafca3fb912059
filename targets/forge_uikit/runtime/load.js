// Loading a module: the values its query needs, the fetches its plan lists (run by the fetchers this app has),
// and what each view shows, computed from the fetch results the view reads.

import { AppError } from './errors.js';
import { buildJql, checkedNumber, isEmpty, withOrder } from './jql.js';
import { chartData, metricValue } from './aggregate.js';

/** @typedef {import('./plan-types.js').PlannedModule} PlannedModule */
/** @typedef {import('./plan-types.js').PlannedView} PlannedView */
/** @typedef {import('./jql.js').Env} Env */
/** @typedef {import('./engine-types.js').Fetcher} Fetcher */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */

/**
 * What a load needs besides the module: the plan's budget, the fetchers, the app settings.
 * @typedef {object} Engine
 * @property {number} budgetMs
 * @property {Record<string, Fetcher>} fetchers by fetch kind
 * @property {() => Promise<Record<string, unknown>>} settings the app settings, defaults filled in
 */

/**
 * What `load` answers: the rows, whether more were left unread, the issue count, and per view what it shows.
 * @typedef {object} LoadResult
 * @property {true} ok
 * @property {Record<string, unknown>[]} rows
 * @property {boolean} truncated
 * @property {number | null} count
 * @property {object[]} views
 */

/** @param {unknown} value */
function isTrue(value) {
  return value === true || value === 'true';
}

/**
 * The module's configuration: what the gadget was given, defaults for the rest.
 * @param {PlannedModule} module
 * @param {any} given
 */
export function configValues(module, given) {
  /** @type {Record<string, unknown>} */
  const values = {};
  for (const param of module.config) {
    const value = given && Object.prototype.hasOwnProperty.call(given, param.name) ? given[param.name] : undefined;
    values[param.name] = isEmpty(value) ? param.default : value;
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
  const wanted = Math.floor(checkedNumber(env.param[limit.param], limit.label));
  return Math.max(limit.min, Math.min(limit.max, wanted));
}

/**
 * What one view shows, from the result of the fetch it reads (`view.source`).
 * @param {PlannedView} view
 * @param {Env} env
 * @param {Record<string, FetchResult>} results by the name each fetch puts its result under
 * @param {number | null} count
 */
function outcome(view, env, results, count) {
  if (view.when && !isTrue(env.param[view.when])) {
    return { visible: false };
  }
  const read = (results[view.source] && results[view.source].rows) || [];
  if (view.kind === 'chart') {
    return { visible: true, ...chartData(view, read) };
  }
  if (view.kind === 'metric') {
    return { visible: true, value: metricValue(view, read, count) };
  }
  return { visible: true };
}

/**
 * @param {PlannedModule} module
 * @param {any} payload what the frontend sent: {module, config}
 * @param {any} context the invocation's context
 * @param {Engine} engine
 * @returns {Promise<LoadResult>}
 */
export async function loadModule(module, payload, context, engine) {
  const deadline = Date.now() + engine.budgetMs;
  /** @type {Env} */
  const env = {
    param: configValues(module, payload && payload.config),
    settings: await engine.settings(),
    context: contextValues(context),
  };
  /** @type {Record<string, FetchResult>} */
  const results = {};
  const data = module.data;
  if (data) {
    const limit = rowLimit(module, env);
    const jql = buildJql(data.jql, env);
    const request = { module, jql, ordered: withOrder(jql, data.order), env, limit, deadline };
    for (const fetch of module.fetches) {
      const fetcher = engine.fetchers[fetch.kind];
      if (!fetcher) {
        throw new AppError(500, `This app was built without a way to read ${fetch.kind}.`);
      }
      results[fetch.into] = await fetcher(fetch, request);
    }
  }
  const main = results.rows || {};
  const count = results.count && typeof results.count.count === 'number' ? results.count.count : null;
  return {
    ok: true,
    rows: main.rows || [],
    truncated: Boolean(main.truncated),
    count,
    views: module.views.map((view) => outcome(view, env, results, count)),
  };
}
