// The viewed issue's fields that an issue panel's query uses ({context.issue.reporter}, {context.issue.labels} …):
// one request (GET /rest/api/3/issue/{key}, only the fields the plan names) before the query is built, each value
// turned into what JQL compares that field with: a person's account id, a project's or issue's key, a status's or
// priority's name, an option's value, a list of names for labels, components and versions.

import api, { route } from '@forge/api';
import { AppError } from './errors.js';
import { JSON_HEADERS } from './jira.js';
import { valueAt } from './read.js';

/** @typedef {import('./plan-types.js').IssueRead} IssueRead */

const ISSUE_KEY = /^(?:[A-Za-z][A-Za-z0-9_]*-[0-9]+|[0-9]+)$/;

/**
 * A name-like property of a Jira object, or null.
 * @param {any} item
 * @param {string} property
 */
function propertyOf(item, property) {
  return item && typeof item === 'object' && typeof item[property] === 'string' ? item[property] : null;
}

/**
 * @param {unknown} raw
 * @param {(item: any) => string | null} pick
 */
function listOf(raw, pick) {
  return Array.isArray(raw) ? /** @type {string[]} */ (raw.map(pick).filter((item) => item !== null)) : [];
}

/**
 * A field of the issue as its query value: text, a number, a list of texts, or null when the issue has none.
 * @param {string} type the field's type
 * @param {unknown} raw the value as Jira sends it
 * @returns {string | number | string[] | null}
 */
export function queryValue(type, raw) {
  if (raw === null || raw === undefined) {
    return null;
  }
  const item = /** @type {any} */ (raw);
  switch (type) {
    case 'user':
      return propertyOf(item, 'accountId');
    case 'users':
      return listOf(raw, (user) => propertyOf(user, 'accountId'));
    case 'project':
    case 'issue':
      return propertyOf(item, 'key');
    case 'status_category':
      return propertyOf(item.statusCategory, 'name');
    case 'option':
      return propertyOf(item, 'value');
    case 'options':
      return listOf(raw, (option) => propertyOf(option, 'value'));
    case 'labels':
      return listOf(raw, (label) => (typeof label === 'string' ? label : null));
    case 'components':
    case 'versions':
      return listOf(raw, (part) => propertyOf(part, 'name'));
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
    case 'date':
      return typeof raw === 'string' ? raw : null;
    default:
      return propertyOf(item, 'name');
  }
}

/**
 * The viewed issue's values for the query, by the name the query gives them (`issue.reporter` …), read within the
 * load's session (its rate, points and 429 handling: the issue costs a point besides the request).
 * @param {IssueRead} read
 * @param {unknown} key the viewed issue's key
 * @param {import('./jira.js').Session} session
 * @returns {Promise<Record<string, unknown>>}
 */
export async function viewedIssue(read, key, session) {
  if (typeof key !== 'string' || !ISSUE_KEY.test(key)) {
    throw new AppError(412, 'This view has no issue to show data for.');
  }
  const fields = read.fields.join(',');
  const issue = await session.call(
    'Reading the viewed issue',
    read.operation,
    () => api.asUser().requestJira(route`/rest/api/3/issue/${key}?fields=${fields}`, { headers: JSON_HEADERS }),
    { reserve: 2, items: () => 1 },
  );
  /** @type {Record<string, unknown>} */
  const values = {};
  for (const field of read.values) {
    values[`issue.${field.name}`] = queryValue(field.type, valueAt(issue, field.read));
  }
  return values;
}
