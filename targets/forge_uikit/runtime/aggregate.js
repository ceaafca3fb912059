// Grouping rows and computing aggregates (count, sum, avg, min, max, median, percentile, distinct) over them, for
// charts, metrics, pivots and grouped tables.
//
// The rules, shared with the preview and pinned by tests/vectors/aggregates.json: an empty category groups as
// "(none)"; a multi-valued field counts a row once in each of its groups; on a chart's date axis a row without a
// date is left out (elsewhere it groups as "(none)"); a missing number is ignored (count still counts the row);
// durations are in hours unless the value names another unit (`in days`); values are rounded to two decimals. A percentile interpolates linearly between the two
// nearest values (Excel's PERCENTILE.INC), so the median is the 50th percentile: the middle value, or the mean of
// the two middle ones. `distinct` counts the different values a field has (a person by account, any other value by
// its name), an empty one not counted. Dates are bucketed in the viewer's time zone.

import { UTC, bucketOf } from './dates.js';
import { UNIT_SECONDS } from './units.js';

/** @typedef {Record<string, unknown>} Row */

/**
 * What an aggregate computes: the plan's series, metric and pivot all carry these.
 * @typedef {object} Computed
 * @property {string} aggregate count | sum | avg | min | max | median | percentile | distinct
 * @property {string | null} field
 * @property {string | null} fieldType
 * @property {number | null} percent a percentile's
 * @property {string | null} [unit] a duration's unit (null: hours), or a number field's unit label
 */

/**
 * A group before ordering: its label, what orders it (a bucket's first day, or the label), its value.
 * @typedef {object} Group
 * @property {string} label
 * @property {string} order
 * @property {number | null} value
 */

/**
 * What rows are grouped by.
 * @typedef {object} Dimension
 * @property {string} field
 * @property {string} type
 * @property {string | null} bucket
 */

/** What one row adds to an aggregate: 1 (count), a number or null, or the keys of its values (distinct). */
/** @typedef {number | null | string[]} Contribution */

export const NONE = '(none)';

/** Orders `(none)` after every date. */
export const NONE_ORDER = '~';

const TEMPORAL = new Set(['date', 'datetime']);

/**
 * A category's label: a person's or an option's name, or the text itself.
 * @param {unknown} value
 */
function categoryLabel(value) {
  if (value === null || value === undefined || value === '') {
    return NONE;
  }
  if (typeof value === 'object') {
    const named = /** @type {{displayName?: string, name?: string}} */ (value);
    return named.displayName || named.name || NONE;
  }
  return String(value);
}

/** @param {string} type */
export function isTemporal(type) {
  return TEMPORAL.has(type);
}

/**
 * Types whose values come in an order of their own (sprints oldest first, versions in release order): a value is
 * `{name, order}`, grouped by its name and shown in its order, not by size.
 */
const SEQUENCES = new Set(['sprint', 'release']);

/** @param {string} type */
export function isSequence(type) {
  return SEQUENCES.has(type);
}

/**
 * The groups one row belongs to, each with the key that orders it; empty when a date axis leaves the row out.
 * @param {unknown} value the row's value of the field grouped by
 * @param {string} type the field's type
 * @param {string | null} bucket
 * @param {string} [timeZone] the viewer's, for date-times
 * @param {boolean} [keepNone] whether a missing date groups as (none) instead of leaving the row out
 * @returns {{label: string, order: string}[]}
 */
export function groupsOf(value, type, bucket, timeZone = UTC, keepNone = false) {
  if (TEMPORAL.has(type)) {
    const found = bucketOf(value, bucket, timeZone);
    if (found === null) {
      return keepNone ? [{ label: NONE, order: NONE_ORDER }] : [];
    }
    return [{ label: found.label, order: found.start }];
  }
  if (SEQUENCES.has(type)) {
    const order = value && typeof value === 'object' ? /** @type {{order?: string}} */ (value).order : undefined;
    return [{ label: categoryLabel(value), order: typeof order === 'string' ? order : NONE_ORDER }];
  }
  const items = Array.isArray(value) ? (value.length > 0 ? value : [null]) : [value];
  const labels = [...new Set(items.map(categoryLabel))];
  return labels.map((label) => ({ label, order: label }));
}

/**
 * The number a value contributes: durations (seconds) in hours or the unit given, anything that is not a number
 * as null.
 * @param {unknown} value
 * @param {string | null} type
 * @param {string | null} [unit] minutes | hours | days | weeks for a duration (null: hours)
 */
export function numberOf(value, type, unit = null) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return null;
  }
  return type === 'duration' ? value / (UNIT_SECONDS[unit || 'hours'] || 3600) : value;
}

/**
 * What tells a value from another, for `distinct`: a person's account, anything else's name or text; none for an
 * empty value, one per item of a list.
 * @param {unknown} value
 * @returns {string[]}
 */
export function keysOf(value) {
  const items = Array.isArray(value) ? value : [value];
  /** @type {string[]} */
  const keys = [];
  for (const item of items) {
    if (item === null || item === undefined || item === '') {
      continue;
    }
    if (typeof item === 'object') {
      const named = /** @type {{accountId?: string, name?: string, displayName?: string}} */ (item);
      const key = named.accountId || named.name || named.displayName;
      if (key) {
        keys.push(String(key));
      }
    } else {
      keys.push(String(item));
    }
  }
  return keys;
}

/**
 * What one row adds to `computed`.
 * @param {Row} row
 * @param {Computed} computed
 * @returns {Contribution}
 */
export function contribution(row, computed) {
  if (computed.aggregate === 'count' || !computed.field) {
    return 1;
  }
  const value = row[computed.field];
  return computed.aggregate === 'distinct' ? keysOf(value) : numberOf(value, computed.fieldType, computed.unit);
}

/** @param {number} n */
function round(n) {
  return Math.round(n * 100) / 100;
}

/**
 * The `percent`th percentile of numbers sorted ascending, interpolating linearly between the two nearest ranks.
 * @param {number[]} sorted at least one
 * @param {number} percent 0..100
 */
export function percentileOf(sorted, percent) {
  const rank = ((sorted.length - 1) * percent) / 100;
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
}

/**
 * The aggregate over one contribution per row.
 * @param {Contribution[]} values
 * @param {string} fn count | sum | avg | min | max | median | percentile | distinct
 * @param {number | null} [percent] a percentile's
 * @returns {number | null} null when no row has a number (a count or distinct count is 0 then)
 */
export function combine(values, fn, percent = null) {
  if (fn === 'count') {
    return values.length;
  }
  if (fn === 'distinct') {
    return new Set(values.flatMap((v) => (Array.isArray(v) ? v : []))).size;
  }
  const numbers = /** @type {number[]} */ (values.filter((v) => typeof v === 'number'));
  if (numbers.length === 0) {
    return null;
  }
  switch (fn) {
    case 'sum':
      return round(numbers.reduce((a, b) => a + b, 0));
    case 'avg':
      return round(numbers.reduce((a, b) => a + b, 0) / numbers.length);
    case 'min':
      return round(Math.min(...numbers));
    case 'max':
      return round(Math.max(...numbers));
    default: {
      const sorted = [...numbers].sort((a, b) => a - b);
      return round(percentileOf(sorted, fn === 'median' ? 50 : Number(percent)));
    }
  }
}

/**
 * The value of an empty group: 0 for what counts, nothing for the rest.
 * @param {string} fn
 */
export function emptyValue(fn) {
  return fn === 'count' || fn === 'distinct' ? 0 : null;
}

/**
 * Rows grouped by one or more dimensions: each combination of groups a row falls in, with the row's contributions.
 * @param {Row[]} rows
 * @param {Dimension[]} dimensions
 * @param {Computed} computed
 * @param {string} timeZone
 * @param {boolean} keepNone whether a missing date groups as (none) instead of leaving the row out
 * @returns {{cells: Map<string, {groups: {label: string, order: string}[], values: Contribution[]}>, omitted: number}}
 */
export function grouped(rows, dimensions, computed, timeZone, keepNone) {
  /** @type {Map<string, {groups: {label: string, order: string}[], values: Contribution[]}>} */
  const cells = new Map();
  let omitted = 0;
  for (const row of rows) {
    /** @type {{label: string, order: string}[][]} */
    let combos = [[]];
    for (const d of dimensions) {
      const found = groupsOf(row[d.field], d.type, d.bucket, timeZone, keepNone);
      combos = combos.flatMap((combo) => found.map((g) => [...combo, g]));
    }
    if (combos.length === 0) {
      omitted += 1;
      continue;
    }
    const value = contribution(row, computed);
    for (const combo of combos) {
      const key = JSON.stringify(combo.map((g) => g.label));
      const cell = cells.get(key) || { groups: combo, values: [] };
      cell.values.push(value);
      cells.set(key, cell);
    }
  }
  return { cells, omitted };
}

/**
 * The groups of one dimension with `computed` over each.
 * @param {Row[]} rows
 * @param {Dimension} dimension
 * @param {Computed} computed
 * @param {string} timeZone
 * @param {boolean} keepNone
 * @returns {{groups: Group[], omitted: number}}
 */
export function groupValues(rows, dimension, computed, timeZone, keepNone) {
  const { cells, omitted } = grouped(rows, [dimension], computed, timeZone, keepNone);
  const groups = [...cells.values()].map((cell) => ({
    label: cell.groups[0].label,
    order: cell.groups[0].order,
    value: combine(cell.values, computed.aggregate, computed.percent),
  }));
  return { groups, omitted };
}

/**
 * @param {Computed} view a metric
 * @param {Row[]} rows
 * @param {number | null} total how many items the source matches, when it knows (a count reads it)
 */
export function metricValue(view, rows, total) {
  if (view.aggregate === 'count') {
    return total !== null ? total : rows.length;
  }
  return combine(
    rows.map((row) => contribution(row, view)),
    view.aggregate,
    view.percent,
  );
}
