// Computed fields and highlight conditions, worked out for each row. The rules, shared with the preview
// (targets/preview/expr.py) and pinned by tests/vectors/expressions.json:
// - a date minus a date is a duration in seconds: two days without a time are whole days apart; otherwise a day
//   without a time (a due date) starts at its midnight in the viewer's time zone, as chart buckets read it;
// - today() is the current day in the viewer's time zone, now() the moment of the load (one clock per load);
// - an empty operand, a division by zero or a result that is not a finite number gives an empty value (null),
//   never 0, NaN or Infinity;
// - a history measure reads the row's status periods (issue rows read with their histories; measures.js);
// - a comparison with an empty side is false (`is empty` tests for that); a category is compared with a text by
//   its name, ignoring case; a field with several values equals a text when one of them does, and differs from it
//   when none does.

import { UTC, localDay, midnight, moment } from './dates.js';
import { PERIODS, measureHistory } from './measures.js';

/** @typedef {import('./plan-types.js').PlannedExpr} PlannedExpr */
/** @typedef {import('./plan-types.js').PlannedOperand} PlannedOperand */
/** @typedef {import('./plan-types.js').PlannedCondition} PlannedCondition */
/** @typedef {import('./plan-types.js').PlannedComputed} PlannedComputed */
/** @typedef {Record<string, unknown>} Row */

const TEMPORAL = new Set(['date', 'datetime']);
const DAY_ONLY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where a calculation is worked out: the load's clock and the viewer's time zone.
 * @typedef {object} Moment
 * @property {Date} clock
 * @property {string} timeZone
 */

/** @param {unknown} value */
export function isBlank(value) {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * The value of the load's clock: today() as the viewer's day (YYYY-MM-DD), now() as an ISO moment.
 * @param {string} name
 * @param {Moment} at
 */
function clockValue(name, at) {
  const iso = at.clock.toISOString();
  return name === 'today' ? localDay(iso, at.timeZone) : iso;
}

/**
 * A date's moment in milliseconds: a day without a time at its midnight in the time zone; null when not a date.
 * @param {unknown} value
 * @param {string} timeZone
 */
function instant(value, timeZone) {
  const found = moment(value);
  if (found === null) {
    return null;
  }
  return typeof value === 'string' && DAY_ONLY.test(value) ? midnight(value, timeZone) : found.getTime();
}

/**
 * How far apart two dates are, in milliseconds (whole days for two days without a time).
 * @param {unknown} later
 * @param {unknown} earlier
 * @param {boolean} days both are days without a time
 * @param {string} timeZone
 */
function between(later, earlier, days, timeZone) {
  if (days) {
    const end = moment(later);
    const start = moment(earlier);
    return end === null || start === null ? null : Math.round((end.getTime() - start.getTime()) / DAY_MS) * DAY_MS;
  }
  const end = instant(later, timeZone);
  const start = instant(earlier, timeZone);
  return end === null || start === null ? null : end - start;
}

/**
 * A number (minus zero as zero), or null when it is not a finite one.
 * @param {number} value
 */
function finite(value) {
  return Number.isFinite(value) ? value + 0 : null;
}

/**
 * @param {import('./plan-types.js').PlannedBinary} expr
 * @param {unknown} left
 * @param {unknown} right
 * @param {Moment} at
 * @returns {number | null}
 */
function arithmetic(expr, left, right, at) {
  const op = expr.op;
  if (TEMPORAL.has(expr.left.type)) {
    const days = expr.left.type === 'date' && expr.right.type === 'date';
    const gap = between(left, right, days, at.timeZone);
    return gap === null ? null : finite(gap / 1000);
  }
  if (typeof left !== 'number' || typeof right !== 'number') {
    return null;
  }
  switch (op) {
    case '+':
      return finite(left + right);
    case '-':
      return finite(left - right);
    case '*':
      return finite(left * right);
    default:
      return right === 0 ? null : finite(left / right);
  }
}

/**
 * The value of a calculation for one row (computed fields it names must already be in the row).
 * @param {PlannedExpr} expr
 * @param {Row} row
 * @param {Moment} at
 * @returns {unknown} null when empty
 */
export function evaluate(expr, row, at) {
  switch (expr.kind) {
    case 'field': {
      const value = row[expr.field];
      return value === undefined ? null : value;
    }
    case 'number':
      return expr.value;
    case 'clock':
      return clockValue(expr.name, at);
    case 'history':
      return measureHistory(expr, /** @type {any} */ (row[PERIODS]));
    case 'negate': {
      const value = evaluate(expr.operand, row, at);
      return typeof value === 'number' ? finite(-value) : null;
    }
    default: {
      const left = evaluate(expr.left, row, at);
      const right = evaluate(expr.right, row, at);
      return isBlank(left) || isBlank(right) ? null : arithmetic(expr, left, right, at);
    }
  }
}

/**
 * The rows with every computed field added, each worked out after the fields it uses.
 * @param {PlannedComputed[]} computed
 * @param {Row[]} rows
 * @param {Moment} at
 * @returns {Row[]}
 */
export function withComputed(computed, rows, at) {
  if (computed.length === 0) {
    return rows;
  }
  return rows.map((source) => {
    const row = { ...source };
    for (const field of computed) {
      row[field.name] = evaluate(field.expr, row, at);
    }
    return row;
  });
}

/**
 * The load's clock in a time zone (UTC when none is known).
 * @param {Date} clock
 * @param {string} [timeZone]
 * @returns {Moment}
 */
export function momentOf(clock, timeZone = UTC) {
  return { clock, timeZone };
}

/**
 * A category's name, as a text is compared with it (ignoring case).
 * @param {unknown} value
 */
function nameOf(value) {
  if (value !== null && typeof value === 'object') {
    const named = /** @type {{displayName?: string, name?: string}} */ (value);
    return String(named.name || named.displayName || '').toLowerCase();
  }
  return String(value).toLowerCase();
}

/**
 * @param {string} op
 * @param {number} order negative, zero or positive, as left compares with right
 */
function holds(op, order) {
  switch (op) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    default:
      return order >= 0;
  }
}

/**
 * @param {PlannedOperand} operand
 * @param {Row} row
 * @param {Moment} at
 */
function operandValue(operand, row, at) {
  return operand.kind === 'string' ? operand.value : evaluate(operand, row, at);
}

/**
 * @param {string} op
 * @param {unknown} left
 * @param {unknown} right
 * @param {string[] | null} types the types of the two sides (null when one is a text)
 * @param {string} timeZone
 */
function compareValues(op, left, right, types, timeZone) {
  if (types !== null && TEMPORAL.has(types[0])) {
    const gap = between(left, right, types[0] === 'date' && types[1] === 'date', timeZone);
    return gap !== null && holds(op, gap);
  }
  if (typeof left === 'number' && typeof right === 'number') {
    return holds(op, left - right);
  }
  const wanted = Array.isArray(right) ? right.map(nameOf) : [nameOf(right)];
  const found = Array.isArray(left) ? left.map(nameOf) : [nameOf(left)];
  const same = found.some((name) => wanted.includes(name));
  return op === '=' ? same : op === '!=' ? !same : false;
}

/**
 * Whether a highlight condition holds for one row.
 * @param {PlannedCondition} condition
 * @param {Row} row
 * @param {Moment} at
 * @returns {boolean}
 */
export function holdsFor(condition, row, at) {
  switch (condition.kind) {
    case 'compare': {
      const { left: a, right: b } = condition;
      const left = operandValue(a, row, at);
      const right = operandValue(b, row, at);
      if (isBlank(left) || isBlank(right)) {
        return false;
      }
      if (a.kind === 'string') {
        return compareValues(condition.op, right, left, null, at.timeZone);
      }
      const types = b.kind === 'string' ? null : [a.type, b.type];
      return compareValues(condition.op, left, right, types, at.timeZone);
    }
    case 'empty':
      return isBlank(evaluate(condition.operand, row, at)) !== condition.negated;
    case 'not':
      return !holdsFor(condition.operand, row, at);
    case 'all':
      return condition.parts.every((part) => holdsFor(part, row, at));
    default:
      return condition.parts.some((part) => holdsFor(part, row, at));
  }
}
