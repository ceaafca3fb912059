// The resolver functions the frontends invoke: `load` always; `options` when the app has pickers;
// `getSettings` and `saveSettings` when it has settings. Each answers {ok: true, ...} or a Failure.

import { makeResolver } from '@forge/resolver';
import { AppError, failure } from './errors.js';
import { loadModule } from './load.js';

/** @typedef {import('./plan-types.js').Plan} Plan */
/** @typedef {import('./plan-types.js').PlannedModule} PlannedModule */
/** @typedef {import('./engine-types.js').Fetcher} Fetcher */
/** @typedef {import('./engine-types.js').Settings} Settings */
/** @typedef {import('./engine-types.js').Options} Options */
/** @typedef {import('./engine-types.js').Reader} Reader */
/** @typedef {import('./engine-types.js').Finder} Finder */

/**
 * The runtime parts this app uses, as its src/index.js wires them.
 * @typedef {object} Parts
 * @property {Record<string, Fetcher>} fetchers by fetch kind
 * @property {Record<string, Reader>} [readers] the reference lists its charts count groups from
 * @property {Record<string, Finder>} [finders] how its charts' groups are found
 * @property {Options | null} options
 * @property {Settings | null} settings
 * @property {import('./engine-types.js').IssueReader | null} [issue] reads the viewed issue's fields for a query
 */

/**
 * The spec module a call is for: the one named in the payload, which must be shown by the Forge module the call
 * comes from (several pages of one kind share a Forge module, as tabs).
 * @param {Plan} plan
 * @param {any} context
 * @param {any} payload
 */
function moduleFor(plan, context, payload) {
  const host = context && context.moduleKey;
  const key = (payload && payload.module) || host;
  const module = plan.modules.find((m) => m.key === key);
  if (!module || (host && module.hostKey !== host)) {
    throw new AppError(400, 'Unknown module.');
  }
  return module;
}

/**
 * @param {Settings} settings
 * @param {PlannedModule} module
 * @param {string} action
 */
function mustEdit(settings, module, action) {
  if (!settings.editors.includes(module.key)) {
    throw new AppError(403, `Settings can only be ${action} on the settings page.`);
  }
}

/**
 * @param {() => Promise<object>} work
 */
async function guarded(work) {
  try {
    return await work();
  } catch (error) {
    return failure(error);
  }
}

/**
 * The resolver's handler for this app.
 * @param {Plan} plan
 * @param {Parts} parts
 */
export function resolverHandler(plan, parts) {
  const { settings, options } = parts;
  const engine = {
    budget: plan.budget,
    fetchers: parts.fetchers,
    readers: parts.readers || {},
    finders: parts.finders || {},
    settings: settings ? settings.load : async () => ({}),
    issue: parts.issue || null,
  };
  /** @type {Record<string, (request: {payload: any, context: any}) => Promise<object>>} */
  const handlers = {
    load: ({ payload, context }) =>
      guarded(() => loadModule(moduleFor(plan, context, payload), payload, context, engine)),
  };
  if (options) {
    handlers.options = ({ payload, context }) =>
      guarded(async () => {
        const module = moduleFor(plan, context, payload);
        return { ok: true, options: await options(module, payload && payload.param, payload && payload.query) };
      });
  }
  if (settings) {
    handlers.getSettings = ({ payload, context }) =>
      guarded(async () => {
        mustEdit(settings, moduleFor(plan, context, payload), 'read');
        return { ok: true, values: await settings.load() };
      });
    handlers.saveSettings = ({ payload, context }) =>
      guarded(async () => {
        const module = moduleFor(plan, context, payload);
        mustEdit(settings, module, 'changed');
        const names = module.settings.map((p) => p.name);
        return { ok: true, values: await settings.save(names, (payload && payload.values) || {}) };
      });
  }
  return makeResolver(handlers);
}
