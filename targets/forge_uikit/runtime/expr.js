// Computed fields and highlight conditions, worked out for each row. The rules, shared with the preview
// (targets/preview/expr.py) and pinned by tests/vectors/expressions.json:
// - a date minus a date is a duration in seconds; a date without a time is its UTC midnight; today() is the
//   current UTC day, now() the moment of the load (one clock for the whole load);
// - an empty operand, a division by zero or a result that is not a finite number gives an empty value (null),
//   never 0, NaN or Infinity;
// - a comparison with an empty side is false (`is empty` tests for that); a category is compared with a text by
//   its name, ignoring case; a field with several values equals a text when one of them does, and differs from it
//   when none does.

import { moment } from './dates.js';

/** @typedef {import('./plan-types.js').PlannedExpr} PlannedExpr */
/** @typedef {import('./plan-types.js').PlannedOperand} PlannedOperand */
/** @typedef {import('./plan-types.js').PlannedCondition} PlannedCondition */
/** @typedef {import('./plan-types.js').PlannedComputed} PlannedComputed */
/** @typedef {Record<string, unknown>} Row */

const TEMPORAL = new Set(['date', 'datetime']);

/** @param {unknown} value */
export function isBlank(value) {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * The value of the load's clock: today() as a day (YYYY-MM-DD), now() as an ISO moment.
 * @param {string} name
 * @param {Date} clock
 */
function clockValue(name, clock) {
  const iso = clock.toISOString();
  return name === 'today' ? iso.slice(0, 10) : iso;
}

/**
 * A number (minus zero as zero), or null when it is not a finite one.
 * @param {number} value
 */
function finite(value) {
  return Number.isFinite(value) ? value + 0 : null;
}

/**
 * @param {string} op
 * @param {unknown} left
 * @param {unknown} right
 * @param {string} leftType
 * @returns {number | null}
 */
function arithmetic(op, left, right, leftType) {
  if (TEMPORAL.has(leftType)) {
    const start = moment(right);
    const end = moment(left);
    return start === null || end === null ? null : finite((end.getTime() - start.getTime()) / 1000);
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
 * @param {Date} clock
 * @returns {unknown} null when empty
 */
export function evaluate(expr, row, clock) {
  switch (expr.kind) {
    case 'field': {
      const value = row[expr.field];
      return value === undefined ? null : value;
    }
    case 'number':
      return expr.value;
    case 'clock':
      return clockValue(expr.name, clock);
    case 'negate': {
      const value = evaluate(expr.operand, row, clock);
      return typeof value === 'number' ? finite(-value) : null;
    }
    default: {
      const left = evaluate(expr.left, row, clock);
      const right = evaluate(expr.right, row, clock);
      return isBlank(left) || isBlank(right) ? null : arithmetic(expr.op, left, right, expr.left.type);
    }
  }
}

/**
 * The rows with every computed field added, each worked out after the fields it uses.
 * @param {PlannedComputed[]} computed
 * @param {Row[]} rows
 * @param {Date} clock
 * @returns {Row[]}
 */
export function withComputed(computed, rows, clock) {
  if (computed.length === 0) {
    return rows;
  }
  return rows.map((source) => {
    const row = { ...source };
    for (const field of computed) {
      row[field.name] = evaluate(field.expr, row, clock);
    }
    return row;
  });
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
 * @param {Date} clock
 */
function operandValue(operand, row, clock) {
  return operand.kind === 'string' ? operand.value : evaluate(operand, row, clock);
}

/**
 * @param {string} op
 * @param {unknown} left
 * @param {unknown} right
 * @param {string | null} type the type of the sides (null when one is a text)
 */
function compareValues(op, left, right, type) {
  if (type !== null && TEMPORAL.has(type)) {
    const a = moment(left);
    const b = moment(right);
    return a !== null && b !== null && holds(op, a.getTime() - b.getTime());
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
 * @param {Date} clock
 * @returns {boolean}
 */
export function holdsFor(condition, row, clock) {
  switch (condition.kind) {
    case 'compare': {
      const left = operandValue(condition.left, row, clock);
      const right = operandValue(condition.right, row, clock);
      if (isBlank(left) || isBlank(right)) {
        return false;
      }
      const type = condition.left.kind === 'string' || condition.right.kind === 'string' ? null : condition.left.type;
      if (condition.right.kind === 'string') {
        return compareValues(condition.op, left, right, type);
      }
      if (condition.left.kind === 'string') {
        return compareValues(condition.op, right, left, type);
      }
      return compareValues(condition.op, left, right, type);
    }
    case 'empty':
      return isBlank(evaluate(condition.operand, row, clock)) !== condition.negated;
    case 'not':
      return !holdsFor(condition.operand, row, clock);
    case 'all':
      return condition.parts.every((part) => holdsFor(part, row, clock));
    default:
      return condition.parts.some((part) => holdsFor(part, row, clock));
  }
}
