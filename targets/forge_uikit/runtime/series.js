// A chart's points from its series. Every chart has one or more series, all through one mechanism: several date
// fields on x (a series each), several aggregates on y (a series each), or one series split by a field (a series
// per value of the field, found in the data). Each series is computed from the fetch result it picked: rows (or
// values) grouped here, groups counted in Jira (groups.js), or cells counted in Jira (cells.js).
//
// The points, shared with the preview and pinned by tests/vectors/aggregates.json: dates on x in time order with
// every bucket between the first and the last of any series; categories by their total over the series, largest
// first, then by label. Every series has a point at every x (an empty one counts 0, or has no value for other
// aggregates). Series come in the order the spec gives them; split series by their total, largest first, then by
// name. `cumulative`: each point adds up the points before it (and, where Jira counted only the most recent
// buckets, the issues before them). One series gives points {label, value}; several {label, series, value}.

import { NONE_ORDER, emptyValue, groupValues } from './aggregate.js';
import { joined } from './coverage.js';
import { compareText, laidOut, ordered, rowTable } from './tables.js';

/** @typedef {import('./plan-types.js').PlannedChart} PlannedChart */
/** @typedef {import('./plan-types.js').PlannedSeries} PlannedSeries */
/** @typedef {import('./aggregate.js').Group} Group */
/** @typedef {import('./aggregate.js').Dimension} Dimension */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */
/** @typedef {Record<string, unknown>} Row */

/**
 * One series as computed: its name, its aggregate (what an empty point holds), its groups, and what a cumulative
 * line starts from.
 * @typedef {object} Line
 * @property {string} name
 * @property {string} aggregate
 * @property {Group[]} groups
 * @property {number} [before]
 */

/**
 * @typedef {object} Point
 * @property {string} label
 * @property {string} [series]
 * @property {number | null} value
 */

/** @param {number} n */
function round(n) {
  return Math.round(n * 100) / 100;
}

/**
 * The chart's x axis for one series' field.
 * @param {PlannedChart} chart
 * @param {PlannedSeries} series
 * @returns {Dimension}
 */
function xOf(chart, series) {
  return { field: series.x, type: chart.xType, bucket: chart.bucket };
}

/**
 * The points of a chart from its lines.
 * @param {PlannedChart} chart
 * @param {Line[]} lines in the order they are shown
 * @returns {Point[]}
 */
export function drawn(chart, lines) {
  /** @type {Map<string, Group>} */
  const xs = new Map();
  for (const line of lines) {
    for (const g of line.groups) {
      const known = xs.get(g.label) || { label: g.label, order: g.order, value: 0 };
      xs.set(g.label, { ...known, value: (known.value || 0) + (g.value || 0) });
    }
  }
  const axis = ordered([...xs.values()], chart.xType, chart.bucket, 0);
  const several = lines.length > 1 || chart.split !== null;
  /** @type {Point[]} */
  const points = [];
  const running = lines.map((line) => line.before || 0);
  for (const x of axis) {
    lines.forEach((line, i) => {
      const found = line.groups.find((g) => g.label === x.label);
      let value = found ? found.value : emptyValue(line.aggregate);
      if (chart.cumulative) {
        running[i] = round(running[i] + (value || 0));
        value = running[i];
      }
      points.push(several ? { label: x.label, series: line.name, value } : { label: x.label, value });
    });
  }
  return points;
}

/**
 * Split series in the order they are shown: by their total, largest first, then by name.
 * @param {Line[]} lines
 */
function bySize(lines) {
  const size = (/** @type {Line} */ line) => line.groups.reduce((sum, g) => sum + (g.value || 0), 0);
  return [...lines].sort((a, b) => size(b) - size(a) || compareText(a.name, b.name));
}

/**
 * The lines of a chart split by a field, from its table (rows: x, columns: the split field's groups).
 * @param {PlannedChart} chart
 * @param {import('./tables.js').Table} table
 * @returns {Line[]}
 */
function splitLines(chart, table) {
  const series = chart.series[0];
  const split = /** @type {import('./plan-types.js').PlannedAxis} */ (chart.split);
  const shown = laidOut(table, xOf(chart, series), split, series.aggregate);
  const lines = shown.columns.map((column, j) => ({
    name: column.label,
    aggregate: series.aggregate,
    groups: shown.rows.map((row, i) => ({ ...row, value: shown.cells[i][j] })),
  }));
  return bySize(lines);
}

/**
 * A counted table as a chart draws it: issues without a date on x are left out, and counted.
 * @param {import('./tables.js').Table} table
 * @returns {import('./tables.js').Table}
 */
function undated(table) {
  const keep = table.rows.map((row) => row.order !== NONE_ORDER);
  const left = table.rows.filter((_, i) => !keep[i]).reduce((sum, row) => sum + (row.value || 0), 0);
  return {
    ...table,
    rows: table.rows.filter((_, i) => keep[i]),
    cells: table.cells.filter((_, i) => keep[i]),
    omitted: table.omitted + left,
  };
}

/**
 * What a chart shows: its points, the rows a date axis left out, and what it says about how much it covers.
 * @param {PlannedChart} chart
 * @param {FetchResult[]} results each series' picked result, in order
 * @param {string} timeZone
 * @returns {{data: Point[], omitted: number, coverage?: import('./coverage.js').Coverage}}
 */
export function chartOutcome(chart, results, timeZone) {
  /** @type {Line[]} */
  let lines = [];
  let omitted = 0;
  if (chart.split) {
    const series = chart.series[0];
    const result = results[0];
    const table = result.table
      ? undated(result.table)
      : rowTable(result.rows || [], xOf(chart, series), chart.split, series, timeZone, false);
    lines = splitLines(chart, table);
    omitted = table.omitted;
  } else {
    chart.series.forEach((series, i) => {
      const result = results[i];
      if (result.groups) {
        lines.push({ name: series.label, aggregate: series.aggregate, groups: result.groups, before: result.before });
        omitted = result.omitted || 0;
      } else {
        const found = groupValues(result.rows || [], xOf(chart, series), series, timeZone, false);
        lines.push({ name: series.label, aggregate: series.aggregate, groups: found.groups });
        omitted = found.omitted;
      }
    });
    if (chart.series.length > 1 && chart.series.some((s) => s.x !== chart.series[0].x)) {
      omitted = 0; // several date fields: a row without one date is simply not in that series
    }
  }
  const stated = joined(results.map((r) => r.coverage));
  return { data: drawn(chart, lines), omitted, ...(stated ? { coverage: stated } : {}) };
}
