// The types the runtime's parts hand each other: what a fetch receives and returns (the fetchers are in
// search.js, count.js, worklogs.js, projects.js and filters.js), and what the settings store and the pickers
// offer the resolver (settings.js, pickers.js). src/index.js wires the parts an app has.

/**
 * @typedef {object} LoadRequest
 * @property {import('./plan-types.js').PlannedModule} module
 * @property {string} jql the module's query with its values written in
 * @property {string} ordered the same with the module's ORDER BY
 * @property {import('./jql.js').Env} env
 * @property {number} limit how many rows at most
 * @property {number} deadline a Date.now() value after which no further page is asked for
 */

/**
 * @typedef {object} FetchResult
 * @property {Record<string, unknown>[]} [rows]
 * @property {boolean} [truncated] whether rows were left unread
 * @property {number} [count]
 */

/** @typedef {(fetch: any, request: LoadRequest) => Promise<FetchResult>} Fetcher */

/** @typedef {{label: string, value: string}} Choice */

/** @typedef {(picker: import('./plan-types.js').Picker, query: string) => Promise<Choice[]>} ChoiceSource */

/**
 * @typedef {(module: import('./plan-types.js').PlannedModule, param: unknown, query: unknown) => Promise<Choice[]>}
 *   Options the choices of one picker of a module
 */

/**
 * @typedef {object} Settings
 * @property {() => Promise<Record<string, unknown>>} load every setting, defaults where nothing is stored
 * @property {(editable: string[], given: Record<string, unknown>) => Promise<Record<string, unknown>>} save
 *   stores the given values of the settings named in `editable`, then answers like `load`
 * @property {string[]} editors the modules allowed to read and save them
 */

export {};
