// The types the runtime's parts hand each other: what a fetch receives and returns (the fetchers are in
// search.js, count.js, scan.js, groups.js, worklogs.js, projects.js and filters.js), how a chart's groups are found
// (ranges.js, discover.js) and the reference lists they come from (status-categories.js, resolutions.js,
// components.js, versions.js), and what the settings store and the pickers offer the resolver (settings.js,
// pickers.js). src/index.js wires the parts an app has.

/**
 * @typedef {object} LoadRequest
 * @property {import('./plan-types.js').PlannedModule} module
 * @property {string} jql the module's query with its values written in
 * @property {string} ordered the same with the module's ORDER BY
 * @property {import('./jql.js').Env} env
 * @property {number} limit how many rows a table or list shows at most
 * @property {import('./jira.js').Session} session the load's share of Jira: requests, points and time
 * @property {string} timeZone the viewer's, for date buckets
 * @property {number} now the load's clock (milliseconds since the epoch): open status periods last until it
 * @property {number | null} total how many issues the query matches (null before it is counted, or when no view
 *   needs it)
 * @property {boolean} needAll whether a chart or metric reads this fetch's result (so every item is wanted)
 * @property {Record<string, Reader>} readers the reference lists this app has
 * @property {Record<string, Finder>} finders how this app finds a chart's groups, by the plan's kind of groups
 */

/**
 * A group a chart counts: how JQL writes its value, and the label it shows.
 * @typedef {object} GroupValue
 * @property {string} jql
 * @property {string} label
 */

/**
 * A reference list of groups (`project`: the project's id, for lists that belong to a project).
 * @typedef {(session: import('./jira.js').Session, project: string) => Promise<GroupValue[]>} Reader
 */

/**
 * The groups a finder found: each with its label, what orders it, and the JQL condition that counts its issues.
 * @typedef {object} Found
 * @property {{label: string, order: string, condition: string}[]} groups
 * @property {boolean} complete whether they are every group the matching issues have
 * @property {number} seen issues looked at to find them
 * @property {import('./coverage.js').Coverage} [coverage] what the chart says when they are not every group
 * @property {string} [before] for date buckets of which only the most recent are counted: the condition of the
 *   issues before them (a cumulative chart starts from their count)
 */

/** @typedef {(fetch: import('./plan-types.js').GroupFetch, request: LoadRequest) => Promise<Found>} Finder */

/**
 * @typedef {object} FetchResult
 * @property {Record<string, unknown>[]} [rows]
 * @property {boolean} [truncated] whether rows were left unread
 * @property {number} [count] how many issues match (the count fetch)
 * @property {number | null} [total] how many items the list has (projects, filters)
 * @property {import('./aggregate.js').Group[]} [groups] counted groups, for a chart
 * @property {number} [omitted] issues without a date (a chart by date leaves them out)
 * @property {number} [before] issues before the first date bucket counted (when only the most recent are)
 * @property {import('./tables.js').Table} [table] counted cells, for a pivot or a split chart
 * @property {import('./coverage.js').Coverage} [coverage] set when the result is not over every matching item
 */

/** @typedef {(fetch: any, request: LoadRequest) => Promise<FetchResult>} Fetcher */

/**
 * @typedef {(
 *   read: import('./plan-types.js').IssueRead,
 *   key: unknown,
 *   session: import('./jira.js').Session,
 * ) => Promise<Record<string, unknown>>} IssueReader
 *   the viewed issue's values a query uses, by the name the query gives them (issue.reporter …)
 */

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
