// How numbers and durations are shown: durations (seconds) in a column's unit (`in days`) with the unit's letter,
// numbers with at most two decimals, computed values (a metric, a subtotal) with their unit (`4.5d`, `130 points`). Used by the app's views (frontend/ui.jsx); the preview shows values the same
// way (targets/preview/units.py), and tests/vectors/expressions.json pins both.

/** @type {Record<string, number>} */
export const UNIT_SECONDS = { minutes: 60, hours: 3600, days: 86400, weeks: 604800 };

/** @type {Record<string, string>} */
const UNIT_LETTERS = { minutes: 'm', hours: 'h', days: 'd', weeks: 'w' };

/**
 * A number with at most two decimals, as text (no "-0").
 * @param {number} value
 */
export function shownNumber(value) {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * What follows a computed value (a metric, a series point, a pivot cell, a subtotal): a duration's unit letter
 * (hours unless `in days` … says otherwise), a number field's unit label after a space (`130 points`); nothing for a
 * count, a distinct count or a plain number.
 * @param {string | null} fieldType
 * @param {string} aggregate
 * @param {string | null} unit
 */
export function valueSuffix(fieldType, aggregate, unit) {
  if (aggregate === 'count' || aggregate === 'distinct') {
    return '';
  }
  if (fieldType === 'duration') {
    return UNIT_LETTERS[unit || 'hours'] || 'h';
  }
  return unit ? ` ${unit}` : '';
}

/**
 * A computed value as the app shows it: at most two decimals with its suffix, `—` for none.
 * @param {number | null | undefined} value
 * @param {string | null} fieldType
 * @param {string} aggregate
 * @param {string | null} unit
 */
export function shownValue(value, fieldType, aggregate, unit) {
  if (value === null || value === undefined) {
    return '—';
  }
  return shownNumber(value) + valueSuffix(fieldType, aggregate, unit);
}

/**
 * The unit a chart's values are in, for its subtitle (`in days`, `in points`); null when they are plain numbers.
 * @param {string | null} fieldType
 * @param {string} aggregate
 * @param {string | null} unit
 */
export function unitWords(fieldType, aggregate, unit) {
  if (aggregate === 'count' || aggregate === 'distinct') {
    return null;
  }
  if (fieldType === 'duration') {
    return `in ${unit || 'hours'}`;
  }
  return unit ? `in ${unit}` : null;
}

/**
 * A duration in seconds as hours and minutes ("3h 20m"), or in a unit with its letter ("2.5d").
 * @param {number} seconds
 * @param {string | null} unit minutes | hours | days | weeks, or null for hours and minutes
 */
export function shownDuration(seconds, unit) {
  if (unit && UNIT_SECONDS[unit]) {
    return `${shownNumber(seconds / UNIT_SECONDS[unit])}${UNIT_LETTERS[unit]}`;
  }
  const sign = seconds < 0 ? '-' : '';
  const minutes = Math.round(Math.abs(seconds) / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) {
    return `${sign}${rest}m`;
  }
  return rest === 0 ? `${sign}${hours}h` : `${sign}${hours}h ${rest}m`;
}
