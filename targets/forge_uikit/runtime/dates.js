// Dates: reading Jira's date values, grouping them into buckets with their labels, and the moments JQL's date
// functions name. Everything is in UTC; weeks start on Monday.

const DAY_MS = 24 * 60 * 60 * 1000;
const UNIT_MS = { w: 7 * DAY_MS, d: DAY_MS, h: 60 * 60 * 1000, m: 60 * 1000 };
const PERIODS = { Day: 'd', Week: 'w', Month: 'M', Year: 'y' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * @typedef {object} Bucket
 * @property {string} label what a chart shows
 * @property {string} start the first day of the bucket (YYYY-MM-DD), which orders buckets
 */

/**
 * A Jira date (2026-01-31) or date-time (2026-01-31T09:00:00.000+0100) as a moment; null when it is neither.
 * @param {unknown} value
 * @returns {Date | null}
 */
export function moment(value) {
  if (typeof value !== 'string') {
    return null;
  }
  const day = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value);
  const date = new Date(day ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** @param {Date} date */
export function dayOf(date) {
  return date.toISOString().slice(0, 10);
}

/** @param {Date} date the first day of a bucket */
function dayLabel(date) {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/**
 * The bucket a date falls in: by day, week (from Monday), month, quarter or year.
 * @param {unknown} value a Jira date or date-time
 * @param {string | null} bucket
 * @returns {Bucket | null} null when the value is not a date
 */
export function bucketOf(value, bucket) {
  const date = moment(value);
  if (date === null) {
    return null;
  }
  const start = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const month = start.getUTCMonth();
  switch (bucket) {
    case 'year':
      start.setUTCMonth(0, 1);
      return { label: String(start.getUTCFullYear()), start: dayOf(start) };
    case 'quarter':
      start.setUTCMonth(month - (month % 3), 1);
      return { label: `Q${Math.floor(month / 3) + 1} ${start.getUTCFullYear()}`, start: dayOf(start) };
    case 'month':
      start.setUTCDate(1);
      return { label: `${MONTHS[month]} ${start.getUTCFullYear()}`, start: dayOf(start) };
    case 'week':
      start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
      return { label: `w/c ${dayLabel(start)}`, start: dayOf(start) };
    default:
      return { label: dayLabel(start), start: dayOf(start) };
  }
}

/**
 * A moment moved by a JQL offset; months and years keep the day of the month where it exists
 * (Jan 31 + 1M = Feb 28).
 * @param {Date} when
 * @param {{amount: number, unit: string}} offset
 */
export function shifted(when, offset) {
  if (offset.unit === 'y' || offset.unit === 'M') {
    const months = offset.amount * (offset.unit === 'y' ? 12 : 1);
    const target = new Date(Date.UTC(when.getUTCFullYear(), when.getUTCMonth() + months, 1));
    const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(when.getUTCDate(), last));
    return new Date(target.getTime() + (when.getTime() % DAY_MS));
  }
  const size = UNIT_MS[/** @type {keyof typeof UNIT_MS} */ (offset.unit)];
  return new Date(when.getTime() + offset.amount * size);
}

/**
 * The first moment of the day, week (from Monday), month or year that `now` is in.
 * @param {Date} now
 * @param {string} unit d | w | M | y
 */
function periodStart(now, unit) {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (unit === 'w') {
    start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  } else if (unit === 'M') {
    start.setUTCDate(1);
  } else if (unit === 'y') {
    start.setUTCMonth(0, 1);
  }
  return start;
}

/**
 * The moment a JQL date function names: now(), startOfMonth(-1), endOfDay("+1d") …; an offset in the function's
 * own unit moves the whole period.
 * @param {string} name
 * @param {{amount: number, unit: string} | null} offset
 * @param {Date} now
 */
export function dateFunction(name, offset, now) {
  if (name === 'now') {
    return offset ? shifted(now, offset) : now;
  }
  const unit = PERIODS[/** @type {keyof typeof PERIODS} */ (name.replace(/^(start|end)Of/, ''))];
  const start = periodStart(now, unit);
  if (name.startsWith('start')) {
    return offset ? shifted(start, offset) : start;
  }
  const periods = offset && offset.unit === unit ? offset.amount + 1 : 1;
  const end = new Date(shifted(start, { amount: periods, unit }).getTime() - 1);
  return offset && offset.unit !== unit ? shifted(end, offset) : end;
}
