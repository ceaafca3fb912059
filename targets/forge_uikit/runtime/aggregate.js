// Grouping rows for charts and computing aggregates (count, sum, avg, min, max) for charts and metrics.
//
// The rules, shared with the preview and pinned by tests/vectors/aggregates.json: an empty category groups as
// "(none)"; a multi-valued field counts a row once in each of its groups; on a date axis a row without a date is
// left out, and the chart says how many were; every bucket between the first and the last is shown (an empty one
// counts 0); a missing number is ignored (count still counts the row); durations are shown in hours; values are
// rounded to two decimals. Dates are bucketed in the viewer's time zone.

import { UTC, bucketOf, bucketsBetween } from './dates.js';

/** @typedef {import('./plan-types.js').PlannedChart} PlannedChart */
/** @typedef {import('./plan-types.js').PlannedMetric} PlannedMetric */
/** @typedef {Record<string, unknown>} Row */

/**
 * @typedef {object} Point
 * @property {string} label
 * @property {number | null} value
 */

/**
 * @typedef {object} ChartData
 * @property {Point[]} data
 * @property {number} omitted rows left out because their date is missing
 */

/**
 * A group before sorting: its label, what orders it (a bucket's first day, or the label), its value.
 * @typedef {object} Group
 * @property {string} label
 * @property {string} order
 * @property {number | null} value
 */

export const NONE = '(none)';

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
 * The groups one row belongs to, each with the key that orders it; empty when the row is left out.
 * @param {unknown} value the row's x value
 * @param {string} type the x field's type
 * @param {string | null} bucket
 * @param {string} [timeZone] the viewer's, for date-times
 * @returns {{label: string, order: string}[]}
 */
export function groupsOf(value, type, bucket, timeZone = UTC) {
  if (TEMPORAL.has(type)) {
    const found = bucketOf(value, bucket, timeZone);
    return found === null ? [] : [{ label: found.label, order: found.start }];
  }
  const items = Array.isArray(value) ? (value.length > 0 ? value : [null]) : [value];
  const labels = [...new Set(items.map(categoryLabel))];
  return labels.map((label) => ({ label, order: label }));
}

/**
 * The number a value contributes: durations (seconds) in hours, anything that is not a number as null.
 * @param {unknown} value
 * @param {string | null} type
 */
export function numberOf(value, type) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return null;
  }
  return type === 'duration' ? value / 3600 : value;
}

/** @param {number} n */
function round(n) {
  return Math.round(n * 100) / 100;
}

/**
 * @param {(number | null)[]} values one per row of the group
 * @param {string} fn count | sum | avg | min | max
 * @returns {number | null} null when no row has a number
 */
export function combine(values, fn) {
  if (fn === 'count') {
    return values.length;
  }
  const numbers = /** @type {number[]} */ (values.filter((v) => v !== null));
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
    default:
      return round(Math.max(...numbers));
  }
}

/** @param {string} a @param {string} b */
function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A chart's points from its groups: dates in time order with every bucket between the first and the last (an empty
 * one counts 0, or has no value for other aggregates), categories by value (largest first), then by label.
 * @param {Group[]} groups
 * @param {PlannedChart} view
 * @returns {Point[]}
 */
export function pointsOf(groups, view) {
  const points = [...groups];
  if (TEMPORAL.has(view.xType)) {
    points.sort((a, b) => compareText(a.order, b.order));
    if (points.length > 0) {
      const have = new Set(points.map((p) => p.order));
      const empty = view.aggregate === 'count' ? 0 : null;
      for (const b of bucketsBetween(points[0].order, points[points.length - 1].order, view.bucket)) {
        if (!have.has(b.start)) {
          points.push({ label: b.label, order: b.start, value: empty });
        }
      }
      points.sort((a, b) => compareText(a.order, b.order));
    }
  } else {
    points.sort((a, b) => (b.value || 0) - (a.value || 0) || compareText(a.label, b.label));
  }
  return points.map(({ label, value }) => ({ label, value }));
}

/**
 * A chart's points over rows.
 * @param {PlannedChart} view
 * @param {Row[]} rows
 * @param {string} [timeZone] the viewer's, for date-times
 * @returns {ChartData}
 */
export function chartData(view, rows, timeZone = UTC) {
  /** @type {Map<string, {order: string, values: (number | null)[]}>} */
  const groups = new Map();
  let omitted = 0;
  for (const row of rows) {
    const keys = groupsOf(row[view.x], view.xType, view.bucket, timeZone);
    if (keys.length === 0) {
      omitted += 1;
      continue;
    }
    const y = view.field ? numberOf(row[view.field], view.fieldType) : 1;
    for (const key of keys) {
      const group = groups.get(key.label) || { order: key.order, values: [] };
      group.values.push(y);
      groups.set(key.label, group);
    }
  }
  const found = [...groups.entries()].map(([label, group]) => ({
    label,
    order: group.order,
    value: combine(group.values, view.aggregate),
  }));
  return { data: pointsOf(found, view), omitted };
}

/**
 * @param {PlannedMetric} view
 * @param {Row[]} rows
 * @param {number | null} total how many items the source matches, when it knows (a count reads it)
 */
export function metricValue(view, rows, total) {
  if (view.aggregate === 'count') {
    return total !== null ? total : rows.length;
  }
  return combine(
    rows.map((row) => numberOf(row[view.field || ''], view.fieldType)),
    view.aggregate,
  );
}
