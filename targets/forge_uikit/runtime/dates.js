// Dates: reading Jira's date values, grouping them into buckets with their labels, the buckets between two dates
// with the JQL bounds that count each one, and the moments JQL's date functions name.
//
// Buckets follow the viewer's time zone (the frontend sends it from Forge's product context; UTC when unknown):
// a date-time falls on the calendar day it has there, a date (a due date) is its own day. Weeks start on Monday.
// A bucket's bounds in JQL are moments in milliseconds for a date-time field (the viewer's midnight, so Jira's own
// reading of the time zone plays no part) and days for a date field. JQL date functions (worklog conditions) stay
// in UTC.

const DAY_MS = 24 * 60 * 60 * 1000;
const UNIT_MS = { w: 7 * DAY_MS, d: DAY_MS, h: 60 * 60 * 1000, m: 60 * 1000 };
const PERIODS = { Day: 'd', Week: 'w', Month: 'M', Year: 'y' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_ONLY = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

export const UTC = 'UTC';

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
  const date = new Date(DAY_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** @param {Date} date */
export function dayOf(date) {
  return date.toISOString().slice(0, 10);
}

/** @type {Map<string, Intl.DateTimeFormat>} */
const FORMATS = new Map();

/**
 * Whether `timeZone` is an IANA time zone this runtime knows.
 * @param {unknown} timeZone
 */
export function knownTimeZone(timeZone) {
  if (typeof timeZone !== 'string' || timeZone === '') {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** @param {string} timeZone */
function formatIn(timeZone) {
  let format = FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    FORMATS.set(timeZone, format);
  }
  return format;
}

/**
 * The wall-clock time a moment has in a time zone, as if it were UTC (milliseconds).
 * @param {number} ms
 * @param {string} timeZone
 */
function wallClock(ms, timeZone) {
  /** @type {Record<string, number>} */
  const parts = {};
  for (const part of formatIn(timeZone).formatToParts(new Date(ms))) {
    parts[part.type] = Number(part.value);
  }
  const seconds = Math.floor(ms / 1000) * 1000;
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall + (ms - seconds);
}

/**
 * The calendar day (YYYY-MM-DD) a Jira value falls on in a time zone; null when it is not a date.
 * @param {unknown} value
 * @param {string} timeZone
 */
export function localDay(value, timeZone) {
  if (typeof value === 'string' && DAY_ONLY.test(value)) {
    return moment(value) === null ? null : value;
  }
  const date = moment(value);
  return date === null ? null : dayOf(new Date(wallClock(date.getTime(), timeZone)));
}

/**
 * The moment a calendar day begins in a time zone (milliseconds).
 * @param {string} day YYYY-MM-DD
 * @param {string} timeZone
 */
export function midnight(day, timeZone) {
  const wall = Date.parse(`${day}T00:00:00Z`);
  let guess = wall;
  for (let i = 0; i < 3; i += 1) {
    guess = wall - (wallClock(guess, timeZone) - guess);
  }
  return guess;
}

/** @param {Date} date a UTC calendar day */
function dayLabel(date) {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/**
 * The bucket a calendar day falls in: by day, week (from Monday), month, quarter or year.
 * @param {string} day YYYY-MM-DD
 * @param {string | null} bucket
 * @returns {Bucket}
 */
export function bucketOfDay(day, bucket) {
  const start = new Date(`${day}T00:00:00Z`);
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
 * The bucket a Jira date or date-time falls in, in the viewer's time zone.
 * @param {unknown} value
 * @param {string | null} bucket
 * @param {string} [timeZone]
 * @returns {Bucket | null} null when the value is not a date
 */
export function bucketOf(value, bucket, timeZone = UTC) {
  const day = localDay(value, timeZone);
  return day === null ? null : bucketOfDay(day, bucket);
}

/**
 * The first day of the bucket after the one starting on `start`.
 * @param {string} start YYYY-MM-DD, a bucket's first day
 * @param {string | null} bucket
 */
export function nextBucket(start, bucket) {
  const date = new Date(`${start}T00:00:00Z`);
  switch (bucket) {
    case 'year':
      date.setUTCFullYear(date.getUTCFullYear() + 1);
      break;
    case 'quarter':
      date.setUTCMonth(date.getUTCMonth() + 3);
      break;
    case 'month':
      date.setUTCMonth(date.getUTCMonth() + 1);
      break;
    case 'week':
      date.setUTCDate(date.getUTCDate() + 7);
      break;
    default:
      date.setUTCDate(date.getUTCDate() + 1);
  }
  return dayOf(date);
}

/**
 * Every bucket from the one holding `first` to the one holding `last` (calendar days), in time order.
 * @param {string} first YYYY-MM-DD
 * @param {string} last YYYY-MM-DD
 * @param {string | null} bucket
 * @returns {Bucket[]}
 */
export function bucketsBetween(first, last, bucket) {
  const end = bucketOfDay(last, bucket).start;
  const found = [];
  for (let start = bucketOfDay(first, bucket).start; start <= end; start = nextBucket(start, bucket)) {
    found.push(bucketOfDay(start, bucket));
  }
  return found;
}

/**
 * How JQL writes the moment a bucket starts: milliseconds for a date-time field (the viewer's midnight), the day
 * itself for a date field.
 * @param {string} start YYYY-MM-DD
 * @param {boolean} dateOnly
 * @param {string} timeZone
 */
export function jqlBound(start, dateOnly, timeZone) {
  return dateOnly ? `"${start}"` : String(midnight(start, timeZone));
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
