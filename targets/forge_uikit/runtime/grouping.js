// A grouped table or list: the rows it shows under a header per value of a field, each header with the group's
// summary (how many items, and the sum of each number or duration column), and a grand total.
//
// The summaries are over every matching item, not only the rows shown: each summary series picked its own source
// (the rows when they are every matching item, else counts per group in Jira and values read for the sums), so a
// header says "42" even when the table shows the first 10 of them. Groups come in the order their first row is
// shown (the query's `order by` decides), then the groups with no row shown, largest first. A row without a date
// groups as (none). The rules are pinned by tests/vectors/aggregates.json.

import { NONE, NONE_ORDER, combine, contribution, emptyValue, groupValues, groupsOf } from './aggregate.js';
import { joined } from './coverage.js';
import { compareText } from './tables.js';
import { shownValue } from './units.js';

/** @typedef {import('./plan-types.js').PlannedGrouping} PlannedGrouping */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */
/** @typedef {Record<string, unknown>} Row */

/**
 * @typedef {object} GroupedRows
 * @property {{label: string, rows: number[], values: (number | null)[], note: string}[]} groups each group's shown
 *   rows (their positions among the rows shown), its summary values and the sentence that says them
 * @property {(number | null)[]} totals each summary value over every matching item
 * @property {string} note the sentence that says the totals
 */

/**
 * The sentence under a group's header (or the grand total): `42 issues (10 shown) · Story points: 130`.
 * @param {import('./plan-types.js').PlannedSeries[]} summary
 * @param {(number | null)[]} values
 * @param {number | null} shown how many of the group's rows the view shows (null for the grand total)
 */
export function summaryNote(summary, values, shown) {
  const count = values[0] === null ? 0 : values[0];
  const noun = summary[0].label.toLowerCase();
  const items = `${count} ${count === 1 ? noun.replace(/s$/, '') : noun}`;
  const more = shown !== null && shown < count ? ` (${shown === 0 ? 'none' : shown} shown)` : '';
  const sums = summary
    .slice(1)
    .map(
      (series, i) =>
        ` · ${series.label}: ${shownValue(values[i + 1], series.fieldType, series.aggregate, series.unit)}`,
    );
  return items + more + sums.join('');
}

/**
 * One summary series over its result: its value per group, and over everything.
 * @param {import('./plan-types.js').PlannedSeries} series
 * @param {FetchResult} result
 * @param {PlannedGrouping} grouping
 * @param {number | null} matching how many items the query matches (Jira's count)
 * @param {string} timeZone
 */
function summarised(series, result, grouping, matching, timeZone) {
  if (result.groups) {
    const none = result.omitted ? [{ label: NONE, order: NONE_ORDER, value: result.omitted }] : [];
    return { groups: [...result.groups, ...none], total: matching };
  }
  const rows = result.rows || [];
  const found = groupValues(rows, grouping.by, series, timeZone, true);
  const total = combine(
    rows.map((row) => contribution(row, series)),
    series.aggregate,
    series.percent,
  );
  return { groups: found.groups, total };
}

/**
 * @param {PlannedGrouping} grouping
 * @param {Row[]} shown the rows the view shows, in order
 * @param {FetchResult[]} results each summary series' picked result, in order
 * @param {number | null} matching
 * @param {string} timeZone
 * @returns {GroupedRows & {coverage?: import('./coverage.js').Coverage}}
 */
export function groupingOutcome(grouping, shown, results, matching, timeZone) {
  const summaries = grouping.summary.map((series, i) => summarised(series, results[i], grouping, matching, timeZone));
  /** @type {Map<string, number[]>} */
  const members = new Map();
  shown.forEach((row, index) => {
    for (const g of groupsOf(row[grouping.by.field], grouping.by.type, grouping.by.bucket, timeZone, true)) {
      members.set(g.label, [...(members.get(g.label) || []), index]);
    }
  });
  const count = summaries[0];
  const rest = count.groups
    .filter((g) => !members.has(g.label) && g.value)
    .sort((a, b) => (b.value || 0) - (a.value || 0) || compareText(a.label, b.label));
  const labels = [...members.keys(), ...rest.map((g) => g.label)];
  const groups = labels.map((label) => {
    const rows = members.get(label) || [];
    const values = grouping.summary.map((series, i) => {
      const found = summaries[i].groups.find((g) => g.label === label);
      return found ? found.value : emptyValue(series.aggregate);
    });
    return { label, rows, values, note: summaryNote(grouping.summary, values, rows.length) };
  });
  const totals = summaries.map((s) => s.total);
  const note = `Total: ${summaryNote(grouping.summary, totals, null)}`;
  const stated = joined(results.map((r) => r.coverage));
  return { groups, totals, note, ...(stated ? { coverage: stated } : {}) };
}
