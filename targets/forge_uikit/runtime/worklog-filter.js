// Which worklogs become rows. In Jira, worklogAuthor and worklogDate only choose issues; the query's top-level
// conditions on them (the plan's `conditions`) also decide here which worklogs of those issues are kept. A
// condition whose value is empty (an optional one left empty: the query left it out too) keeps every worklog.
// Days are UTC days; `now` is the moment of the load.

import { dateFunction, dayOf, shifted } from './dates.js';
import { dateText, filled, isEmpty, valueOf } from './jql.js';

/** @typedef {import('./plan-types.js').WorklogConditions} WorklogConditions */
/** @typedef {import('./plan-types.js').DayValue} DayValue */
/** @typedef {import('./plan-types.js').UserRef} UserRef */
/** @typedef {import('./jql.js').Env} Env */

const RELATIVE = /^([+-])([0-9]+)([wdhm])$/;

/**
 * The day (YYYY-MM-DD) a condition compares with.
 * @param {DayValue} day
 * @param {Env} env
 * @param {Date} now
 */
function boundDay(day, env, now) {
  switch (day.kind) {
    case 'day':
      return day.day;
    case 'function':
      return dayOf(dateFunction(day.name, day.offset, now));
    case 'shift':
      return dayOf(shifted(now, day.shift));
    default: {
      const text = dateText(filled(day, env), day.label);
      const relative = RELATIVE.exec(text);
      return relative ? dayOf(shifted(now, { amount: Number(relative[1] + relative[2]), unit: relative[3] })) : text;
    }
  }
}

/**
 * @param {UserRef} user
 * @param {Env} env
 */
function accountOf(user, env) {
  if (user.kind === 'currentUser') {
    return env.context.user;
  }
  return user.kind === 'account' ? user.account : String(filled(user, env)).trim();
}

/**
 * @param {string} day
 * @param {string} op
 * @param {string} bound
 */
function compareDays(day, op, bound) {
  switch (op) {
    case '=':
      return day === bound;
    case '!=':
      return day !== bound;
    case '>':
      return day > bound;
    case '>=':
      return day >= bound;
    case '<':
      return day < bound;
    default:
      return day <= bound;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The moments the kept worklogs can have started in (milliseconds; null where the conditions set no bound), a
 * millisecond wider on each side: asking Jira only for worklogs started in it never leaves out one the test keeps.
 * @param {WorklogConditions} conditions
 * @param {Env} env
 * @param {Date} now
 * @returns {{after: number | null, before: number | null}}
 */
export function startedWindow(conditions, env, now) {
  /** @type {number | null} */
  let after = null;
  /** @type {number | null} */
  let before = null;
  for (const condition of conditions.dates) {
    const start = Date.parse(`${boundDay(condition.day, env, now)}T00:00:00Z`);
    if (Number.isNaN(start)) {
      continue;
    }
    const low = { '>=': start, '=': start, '>': start + DAY_MS }[condition.op];
    const high = { '<': start, '<=': start + DAY_MS, '=': start + DAY_MS }[condition.op];
    if (low !== undefined) {
      after = after === null ? low : Math.max(after, low);
    }
    if (high !== undefined) {
      before = before === null ? high : Math.min(before, high);
    }
  }
  return { after: after === null ? null : after - 1, before: before === null ? null : before + 1 };
}

/**
 * A test for worklogs, with every value worked out once.
 * @param {WorklogConditions} conditions
 * @param {Env} env
 * @param {Date} now
 * @returns {(worklog: any) => boolean}
 */
export function worklogTest(conditions, env, now) {
  /** @param {UserRef | DayValue} value */
  const given = (value) => value.kind !== 'value' || !isEmpty(valueOf(value, env));
  const authors = conditions.authors
    .filter((condition) => condition.users.every(given))
    .map((condition) => ({
      exclude: condition.exclude,
      accounts: new Set(condition.users.map((user) => accountOf(user, env))),
    }));
  const dates = conditions.dates
    .filter((condition) => given(condition.day))
    .map((condition) => ({ op: condition.op, day: boundDay(condition.day, env, now) }));
  return (worklog) => {
    const account = worklog && worklog.author ? worklog.author.accountId : undefined;
    for (const author of authors) {
      if (!account || author.accounts.has(account) === author.exclude) {
        return false;
      }
    }
    if (dates.length === 0) {
      return true;
    }
    const started = new Date(String(worklog.started));
    if (Number.isNaN(started.getTime())) {
      return false;
    }
    const day = dayOf(started);
    return dates.every((date) => compareDays(day, date.op, date.day));
  };
}
