// Finding the groups of a category in the matching issues themselves: a page of issues (only the field), then pages
// of the issues whose value is none of those found so far (`NOT IN`), until no such issue is left, the plan's cap is
// reached, or the budget ends. For a field with one value per issue that proves the values complete. With several
// values per issue, an issue holding a value found earlier is not looked at again and may hold another, so only a
// page that held every matching issue proves them complete.
//
// Components and versions belong to projects: the projects of the matching issues are found this way (one value
// per issue), then each project's list gives every component or version it has, which is complete by itself.

import { NONE } from './aggregate.js';
import { jqlString, narrowed } from './jql.js';
import { valueAt } from './read.js';
import { searchBody } from './search-body.js';

/** @typedef {import('./plan-types.js').GroupFetch} GroupFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').GroupValue} GroupValue */
/** @typedef {import('./engine-types.js').Found} Found */
/** @typedef {import('./jira.js').Session} Session */

const NUMERIC = /^[0-9]+$/;

/**
 * An id as JQL takes it: a number as is, anything else quoted.
 * @param {unknown} id
 */
function jqlId(id) {
  const text = String(id);
  return NUMERIC.test(text) ? text : jqlString(text);
}

/**
 * The groups one issue's value puts it in: the JQL value that matches each, and the label the rows give it.
 * @param {string} type the field's type
 * @param {unknown} raw the field as Jira returns it
 * @returns {GroupValue[]}
 */
export function valuesOf(type, raw) {
  const items = raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  /** @type {GroupValue[]} */
  const found = [];
  for (const item of items) {
    const value = /** @type {any} */ (item);
    if (value === null || value === undefined) {
      continue;
    }
    if (type === 'user' || type === 'users') {
      if (value.accountId) {
        found.push({ jql: jqlString(value.accountId), label: value.displayName || NONE });
      }
    } else if (type === 'status_category') {
      if (value.statusCategory) {
        found.push({ jql: jqlId(value.statusCategory.id), label: String(value.statusCategory.name) });
      }
    } else if (type === 'labels') {
      found.push({ jql: jqlString(value), label: String(value) });
    } else if (type === 'option' || type === 'options') {
      found.push({ jql: jqlString(value.value), label: String(value.value) });
    } else if (type === 'issue') {
      found.push({ jql: jqlString(value.key), label: String(value.key) });
    } else {
      found.push({ jql: jqlId(value.id), label: String(value.name) });
    }
  }
  return found;
}

/**
 * Add values to those known (by JQL value); false once `max` are known and another one turns up.
 * @param {Map<string, string>} known JQL value → label
 * @param {GroupValue[]} values
 * @param {number} max
 */
function learn(known, values, max) {
  for (const value of values) {
    if (!known.has(value.jql)) {
      if (known.size >= max) {
        return false;
      }
      known.set(value.jql, value.label);
    }
  }
  return true;
}

/**
 * The values of a field in the matching issues.
 * @param {Session} session
 * @param {string} jql
 * @param {{clause: string, type: string, fields: string[], read: string[], nullable: boolean, multi: boolean}} field
 * @param {number} pageSize
 * @param {number} max
 * @returns {Promise<{values: GroupValue[], complete: boolean, seen: number}>}
 */
export async function discover(session, jql, field, pageSize, max) {
  /** @type {Map<string, string>} */
  const known = new Map();
  const found = () => [...known].map(([value, label]) => ({ jql: value, label }));
  let seen = 0;
  let condition = '';
  for (;;) {
    if (session.expired() || !session.affords(1 + pageSize)) {
      return { values: found(), complete: false, seen };
    }
    const page = await searchBody(session, condition ? narrowed(jql, condition) : jql, field.fields, pageSize);
    seen += page.items.length;
    const before = known.size;
    const room = page.items.every((issue) => learn(known, valuesOf(field.type, valueAt(issue, field.read)), max));
    if (!room) {
      return { values: found(), complete: false, seen };
    }
    if (page.items.length === 0 || !page.next) {
      return { values: found(), complete: !field.multi || !condition.includes(' NOT IN '), seen };
    }
    if (condition.includes(' NOT IN ') && known.size === before) {
      return { values: found(), complete: false, seen }; // Jira answered issues already known: stop, never loop
    }
    if (known.size > 0) {
      condition = `${field.clause} NOT IN (${[...known.keys()].join(', ')})`;
    } else if (field.nullable && !condition) {
      condition = `${field.clause} IS NOT EMPTY`; // a page of issues without a value: look only at those with one
    } else {
      return { values: [], complete: false, seen }; // values this runtime cannot read: nothing to count by
    }
  }
}

/**
 * @param {GroupFetch} fetch
 * @param {GroupValue[]} values
 */
function asGroups(fetch, values) {
  return values.map((v) => ({ label: v.label, order: v.label, condition: `${fetch.clause} = ${v.jql}` }));
}

/**
 * The groups of a category, found in the matching issues.
 * @param {GroupFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<Found>}
 */
export async function discoveredGroups(fetch, request) {
  const values = /** @type {import('./plan-types.js').DiscoveredGroups} */ (fetch.values);
  const found = await discover(request.session, request.jql, fetch, values.pageSize, values.maxGroups);
  return { groups: asGroups(fetch, found.values), complete: found.complete, seen: found.seen };
}

/** The project field, as the search for the projects of the matching issues reads it. */
const PROJECT = {
  clause: 'project',
  type: 'project',
  fields: ['project'],
  read: ['fields', 'project'],
  nullable: false,
  multi: false,
};

/**
 * The groups of components or versions: every one of the projects the matching issues are in. With more projects
 * than the plan allows, the values are found in the issues instead.
 * @param {GroupFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<Found>}
 */
export async function projectGroups(fetch, request) {
  const { session, jql, readers } = request;
  const values = /** @type {import('./plan-types.js').ProjectGroups} */ (fetch.values);
  const reader = readers[values.source];
  if (!reader) {
    throw new Error(`This app was built without a way to list ${values.source}.`);
  }
  const projects = await discover(session, jql, PROJECT, values.pageSize, values.maxProjects);
  if (!projects.complete) {
    const found = await discover(session, jql, fetch, values.pageSize, values.maxGroups);
    return { groups: asGroups(fetch, found.values), complete: found.complete, seen: found.seen };
  }
  const lists = await Promise.all(projects.values.map((project) => reader(session, project.jql)));
  /** @type {Map<string, GroupValue>} */
  const all = new Map(lists.flat().map((value) => [value.jql, value]));
  const listed = [...all.values()];
  return {
    groups: asGroups(fetch, listed.slice(0, values.maxGroups)),
    complete: listed.length <= values.maxGroups,
    seen: 0,
  };
}
