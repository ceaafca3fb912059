// Reading Jira's answers into rows: each field's value is found where the plan says (its `read` path) and turned
// into the plain shape the views use (a person, a status, a list of names, a number, a text).

/** @typedef {import('./plan-types.js').PlannedField} PlannedField */
/** @typedef {Record<string, unknown>} Row */

/**
 * Rich text (Atlassian document format) and named objects as plain text.
 * @param {unknown} value
 * @returns {string | null}
 */
function plainText(value) {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  const node = /** @type {Record<string, any>} */ (value);
  if (node.type === 'doc' || Array.isArray(node.content)) {
    /** @type {string[]} */
    const texts = [];
    /** @param {any} part */
    const walk = (part) => {
      if (part && typeof part.text === 'string') {
        texts.push(part.text);
      }
      (part && Array.isArray(part.content) ? part.content : []).forEach(walk);
    };
    walk(node);
    return texts.join(' ');
  }
  return node.name || node.value || node.key || null;
}

/**
 * A value from Jira in the shape the views use for its type.
 * @param {string} type
 * @param {unknown} raw
 * @returns {unknown}
 */
export function readValue(type, raw) {
  if (raw === undefined || raw === null) {
    return null;
  }
  const item = /** @type {Record<string, any>} */ (raw);
  switch (type) {
    case 'user':
      return { accountId: item.accountId || null, displayName: item.displayName || '' };
    case 'users':
      return Array.isArray(raw) ? raw.map((user) => readValue('user', user)) : [];
    case 'status':
      return { name: item.name, category: item.statusCategory ? item.statusCategory.key : 'undefined' };
    case 'status_category':
      return item.statusCategory ? { name: item.statusCategory.name, category: item.statusCategory.key } : null;
    case 'labels':
      return Array.isArray(raw) ? raw.map(String) : [];
    case 'components':
    case 'versions':
    case 'options':
      return Array.isArray(raw) ? raw.map((part) => plainText(part)) : [];
    case 'number':
    case 'duration':
      return typeof raw === 'number' ? raw : null;
    case 'issue':
      return item.key || null;
    case 'sprint':
    case 'release':
      return typeof item === 'object'
        ? { name: plainText(item.name), order: typeof item.order === 'string' ? item.order : '' }
        : { name: String(raw), order: '' };
    case 'date':
    case 'datetime':
    case 'key':
      return String(raw);
    default:
      return plainText(raw);
  }
}

/**
 * The value at a key path, or undefined where the path ends early.
 * @param {unknown} item
 * @param {string[]} path
 */
export function valueAt(item, path) {
  let value = item;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) {
      return undefined;
    }
    value = /** @type {Record<string, unknown>} */ (value)[key];
  }
  return value;
}

/**
 * A sprint's or version's name with its place among the rows, so charts keep the rows' order.
 * @param {unknown} name
 * @param {number} index
 */
export function sequenced(name, index) {
  return { name, order: String(index).padStart(6, '0') };
}

/**
 * One row: every field the views read, from one item of a fetch's answer.
 * @param {PlannedField[]} fields
 * @param {unknown} item
 * @returns {Row}
 */
export function rowOf(fields, item) {
  /** @type {Row} */
  const row = {};
  for (const field of fields) {
    row[field.name] = readValue(field.type, valueAt(item, field.read));
  }
  return row;
}

/**
 * A reference list of named things (`[{id, name}]`) as the groups a chart counts: the id for JQL, the name to show.
 * @param {unknown} list
 * @returns {{jql: string, label: string}[]}
 */
export function namedGroups(list) {
  const items = /** @type {{id: unknown, name: unknown}[]} */ (Array.isArray(list) ? list : []);
  return items.map((item) => ({ jql: String(item.id), label: String(item.name) }));
}
