// Measures over an issue's status history, from its status periods (periods.js): when it first or last came into
// or went out of some statuses, how long it spent in them, how often its status changed, how long it has been in
// its status. A stay in several of the statuses in a row counts as one (moving from In Progress to In Review does
// not leave `active`). Statuses are matched by name, ignoring case, or by category key. Pinned by
// tests/vectors/history-measures.json, which the preview runs too.

/** @typedef {import('./plan-types.js').PlannedHistory} PlannedHistory */
/** @typedef {import('./periods.js').StatusPeriod} StatusPeriod */

/** Where an issue row keeps its status periods until its history measures are worked out. */
export const PERIODS = '#periods';

/**
 * A row as the frontend gets it: without its status periods.
 * @param {Record<string, unknown>} row
 */
export function shownRow(row) {
  if (!(PERIODS in row)) {
    return row;
  }
  const shown = { ...row };
  delete shown[PERIODS];
  return shown;
}

/**
 * Whether a period's status is one the measure is about.
 * @param {PlannedHistory} measure
 * @param {StatusPeriod} period
 */
function matches(measure, period) {
  const name = String(period.status.name).toLowerCase();
  const category = period.status.statusCategory ? period.status.statusCategory.key : null;
  return (
    measure.statuses.some((s) => s.toLowerCase() === name) ||
    (category !== null && measure.categories.includes(category))
  );
}

/**
 * The stays in the statuses: runs of periods in a row that all match, each from its first entry to its last exit
 * (null while it lasts).
 * @param {PlannedHistory} measure
 * @param {StatusPeriod[]} periods
 * @returns {{entered: string, left: string | null}[]}
 */
function stays(measure, periods) {
  /** @type {{entered: string, left: string | null}[]} */
  const found = [];
  let inside = false;
  for (const period of periods) {
    const hit = matches(measure, period);
    if (hit && inside) {
      found[found.length - 1].left = period.left;
    } else if (hit) {
      found.push({ entered: period.entered, left: period.left });
    }
    inside = hit;
  }
  return found;
}

/**
 * The value of one measure for an issue whose periods are known; null when it has none (never entered, never
 * left, or no history).
 * @param {PlannedHistory} measure
 * @param {StatusPeriod[] | undefined} periods
 * @returns {string | number | null}
 */
export function measureHistory(measure, periods) {
  if (!periods || periods.length === 0) {
    return null;
  }
  switch (measure.measure) {
    case 'transitions':
      return periods.length - 1;
    case 'current':
      return periods[periods.length - 1].duration;
    case 'time':
      return periods.filter((p) => matches(measure, p)).reduce((sum, p) => sum + p.duration, 0);
    case 'entered': {
      const found = stays(measure, periods);
      return found.length === 0 ? null : found[measure.last ? found.length - 1 : 0].entered;
    }
    default: {
      const ended = stays(measure, periods).filter((s) => s.left !== null);
      return ended.length === 0 ? null : ended[measure.last ? ended.length - 1 : 0].left;
    }
  }
}
