// Values into JQL: every value a query needs is checked against its type and written as one JQL value
// (a quoted string, a number, a filter id, a bracketed condition), so no value can change the query's shape.

import { AppError, notSet } from './errors.js';
import { jqlClause } from './jql-clause.js';

/** @typedef {import('./plan-types.js').JqlPart} JqlPart */
/** @typedef {import('./plan-types.js').PlannedValue} PlannedValue */
/** @typedef {import('./plan-types.js').PlannedData} PlannedData */
/** @typedef {import('./plan-types.js').OrderTerm} OrderTerm */

/**
 * The values a module's query may use, by where they come from.
 * @typedef {object} Env
 * @property {Record<string, unknown>} param the gadget configuration (defaults filled in)
 * @property {Record<string, unknown>} settings the app settings (defaults filled in)
 * @property {Record<string, unknown>} context the viewer's surroundings: issue, project, user
 */

const ABSOLUTE_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const RELATIVE_DATE = /^[+-][0-9]+[wdhm]$/;

/**
 * Whether a value counts as not set: nothing, blank text, or an empty list (the viewed issue's labels, say).
 * @param {unknown} value
 */
export function isEmpty(value) {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * A JQL string literal: control and line-separator characters become spaces, backslash and quote are escaped.
 * @param {unknown} value
 */
export function jqlString(value) {
  const text = Array.from(String(value), (ch) => (ch < ' ' || ch === '\u2028' || ch === '\u2029' ? ' ' : ch)).join('');
  return '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/**
 * @param {unknown} value
 * @param {string} label
 * @returns {number}
 */
export function checkedNumber(value, label) {
  const number = typeof value === 'number' ? value : Number(String(value).trim());
  if (isEmpty(value) || typeof value === 'boolean' || !Number.isFinite(number)) {
    throw new AppError(400, `“${label}” must be a number.`);
  }
  return number;
}

/**
 * A saved filter's id (digits only).
 * @param {unknown} value
 * @param {string} label
 */
export function filterId(value, label) {
  const text = String(value).trim();
  if (!/^[0-9]+$/.test(text)) {
    throw new AppError(400, `“${label}” must be a saved filter.`);
  }
  return text;
}

/**
 * A date as JQL takes it: a day (2026-01-31) or a time relative to now (-14d; units w, d, h, m).
 * @param {unknown} value
 * @param {string} label
 */
export function dateText(value, label) {
  const text = String(value).trim();
  if (!ABSOLUTE_DATE.test(text) && !RELATIVE_DATE.test(text)) {
    throw new AppError(400, `“${label}” must be a date (YYYY-MM-DD) or relative to now (such as -14d).`);
  }
  return text;
}

/**
 * @param {unknown} value
 * @param {{label: string, options: string[]}} param
 */
export function choice(value, param) {
  if (typeof value !== 'string' || !param.options.includes(value)) {
    throw new AppError(400, `“${param.label}” must be one of: ${param.options.join(', ')}.`);
  }
  return value;
}

/**
 * One value written into JQL according to its type.
 * @param {PlannedValue} part
 * @param {unknown} value
 */
export function jqlValue(part, value) {
  switch (part.type) {
    case 'number':
      return String(checkedNumber(value, part.label));
    case 'filter':
      return filterId(value, part.label);
    case 'date':
      return jqlString(dateText(value, part.label));
    case 'select':
      return jqlString(choice(value, part));
    case 'jql':
      return jqlClause(value, part.label);
    case 'users':
    case 'texts':
      return `(${[...new Set(Array.isArray(value) ? value.map(String) : [String(value)])].map(jqlString).join(', ')})`;
    case 'boolean':
      throw new AppError(400, `“${part.label}” is a yes/no value and cannot be used in JQL.`);
    default:
      return jqlString(value);
  }
}

/**
 * The value a query part stands for, or the 412 saying it has to be set first.
 * @param {PlannedValue} part
 * @param {Env} env
 */
export function filled(part, env) {
  const value = valueOf(part, env);
  if (isEmpty(value)) {
    throw notSet(part);
  }
  return value;
}

/**
 * Query parts with every value written in.
 * @param {JqlPart[]} parts
 * @param {Env} env
 */
export function buildJql(parts, env) {
  return parts.map((part) => (part.kind === 'text' ? part.text : jqlValue(part, filled(part, env)))).join('');
}

/**
 * The value a part stands for, as set (possibly empty).
 * @param {PlannedValue} part
 * @param {Env} env
 */
export function valueOf(part, env) {
  const source = /** @type {Record<string, unknown>} */ (env[/** @type {keyof Env} */ (part.source)] || {});
  return source[part.name];
}

/**
 * The module's query: the whole template, or, when it has optional values, the top-level AND operands whose
 * optional values are set, joined with AND (an operand is left out whole, never cut).
 * @param {PlannedData} data
 * @param {Env} env
 */
export function queryOf(data, env) {
  if (data.terms.length === 0) {
    return buildJql(data.jql, env);
  }
  const kept = data.terms.filter((term) => term.optional.every((part) => !isEmpty(valueOf(part, env))));
  return kept.map((term) => buildJql(term.parts, env)).join(' AND ');
}

/**
 * @param {string} jql
 * @param {OrderTerm[]} order
 */
export function withOrder(jql, order) {
  return order.length > 0 ? `${jql} ORDER BY ${order.map((o) => `${o.jql} ${o.direction}`).join(', ')}` : jql;
}

/**
 * The query narrowed by one more condition (the engine's slices, groups and ranges): `(query) AND condition`.
 * @param {string} jql
 * @param {string} condition
 */
export function narrowed(jql, condition) {
  return `(${jql}) AND ${condition}`;
}
