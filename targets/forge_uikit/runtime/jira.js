// The one way this app talks to Jira. Every request goes through `callJira` or a load's `Session`, which read the
// answer and turn a refusal into an AppError with Jira's own words. The request itself is written out where it is
// made: a requestJira call on api.asUser() with a literal route template, so that Atlassian's scope linter can see
// every endpoint the app calls; asUser makes Jira decide with the viewer's own permissions.
//
// A Session is one load's share of Jira: at most `concurrency` requests in flight, at most a rate per operation
// (below Jira's burst limits), a points budget (Jira charges 1 point per request and 1 per item returned, from an
// hourly pool per app) and a deadline. A 429 is waited out when Jira's Retry-After fits before the deadline;
// otherwise the load ends with a message that says why Jira refused.

import { AppError } from './errors.js';

/** @typedef {import('./plan-types.js').LoadBudget} LoadBudget */

export const JSON_HEADERS = { Accept: 'application/json' };
export const BODY_HEADERS = { ...JSON_HEADERS, 'Content-Type': 'application/json' };

/** How many times one request is sent again after a 429. */
const RETRIES = 4;

/** What each RateLimit-Reason means, as the viewer is told. */
const REASONS = {
  'jira-quota-global-based':
    'this app has used up the Jira requests it may make this hour (one allowance for every site it is installed on)',
  'jira-quota-tenant-based': 'this app has used up the Jira requests it may make on this site this hour',
  'jira-burst-based': 'too many requests reached Jira within one second',
};

/**
 * Jira's answer as JSON, or an AppError carrying Jira's status and messages.
 * @param {import('@forge/api').APIResponse} response
 * @param {string} what the request, as a message names it ("The issue search")
 */
async function answer(response, what) {
  if (response.ok) {
    return response.status === 204 ? {} : response.json();
  }
  let message = `${what} failed (Jira answered ${response.status}).`;
  try {
    const body = await response.json();
    const details = [...(body.errorMessages || []), ...Object.values(body.errors || {})];
    if (details.length > 0) {
      message = details.join(' ');
    }
  } catch {
    // not JSON: keep the generic message
  }
  throw new AppError(response.status, message);
}

/**
 * Make one Jira request and read its answer (outside a load: pickers, settings).
 * @param {string} what
 * @param {() => Promise<import('@forge/api').APIResponse>} send performs the request
 * @returns {Promise<any>}
 */
export async function callJira(what, send) {
  return answer(await send(), what);
}

/**
 * Seconds Jira asks to wait (Retry-After: seconds or an HTTP date), as milliseconds; 1 s when it does not say.
 * @param {import('@forge/api').APIResponse} response
 * @param {number} wallNow Date.now()
 */
export function retryAfterMs(response, wallNow) {
  const raw = response.headers.get('Retry-After');
  if (raw === null || raw.trim() === '') {
    return 1000;
  }
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const at = Date.parse(raw);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - wallNow);
}

/**
 * The error a 429 ends a load with: why Jira refused, and when it will accept requests again.
 * @param {string | null} reason RateLimit-Reason
 * @param {number} waitMs
 */
export function rateLimited(reason, waitMs) {
  const why = (reason && REASONS[/** @type {keyof typeof REASONS} */ (reason)]) || 'Jira refused further requests';
  const minutes = Math.ceil(waitMs / 60000);
  const when =
    waitMs <= 60000 ? 'Try again in a minute.' : `Jira accepts them again in about ${minutes} minutes; try again then.`;
  const named = reason ? ` (${reason})` : '';
  return new AppError(429, `Jira limited this app: ${why}${named}. ${when}`);
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * How a session tells time and waits: a monotonic clock in milliseconds, and a pause (tests pass virtual ones).
 * @typedef {object} Timer
 * @property {() => number} now
 * @property {(ms: number) => Promise<void>} sleep
 */

/** @type {Timer} */
const REAL_TIME = { now: () => performance.now(), sleep };

/**
 * @typedef {object} Call
 * @property {number} [reserve] points set aside before sending: 1 plus the most items the answer can hold
 * @property {(body: any) => number} [items] items the answer holds (each costs a point)
 */

/** One load's share of Jira: concurrency, rates, points and time. */
export class Session {
  /**
   * @param {LoadBudget} budget
   * @param {Timer} [timer]
   */
  constructor(budget, timer = REAL_TIME) {
    this.budget = budget;
    this.timer = timer;
    this.deadline = timer.now() + budget.timeMs;
    /** points spent by answered requests */
    this.spent = 0;
    /** points set aside by requests in flight */
    this.reserved = 0;
    /** requests sent, retries included */
    this.sent = 0;
    this.inFlight = 0;
    this.mostInFlight = 0;
    /** @type {(() => void)[]} */
    this.queue = [];
    /** @type {Map<string, number[]>} moments of the requests of the last second, per operation */
    this.recent = new Map();
    /** @type {Map<string, number>} */
    this.rates = new Map(budget.rates.map((rate) => [rate.operation, rate.perSecond]));
  }

  /** Milliseconds left before the deadline. */
  left() {
    return this.deadline - this.timer.now();
  }

  expired() {
    return this.left() <= 0;
  }

  /**
   * Whether `points` more fit in the budget, counting what requests in flight may still cost.
   * @param {number} points
   */
  affords(points) {
    return this.spent + this.reserved + points <= this.budget.points;
  }

  /**
   * Make one request when a place is free and the operation's rate allows it; wait out a 429 when Jira's wait fits
   * before the deadline.
   * @param {string} what names the request in messages
   * @param {string} operation e.g. "POST /rest/api/3/search/approximate-count" (its rate limit)
   * @param {() => Promise<import('@forge/api').APIResponse>} send
   * @param {Call} [call]
   * @returns {Promise<any>}
   */
  async call(what, operation, send, call = {}) {
    const reserve = call.reserve || 1;
    this.reserved += reserve;
    try {
      for (let attempt = 0; ; attempt += 1) {
        const response = await this.send(operation, send);
        if (response.status !== 429) {
          const body = await answer(response, what);
          this.spent += 1 + (call.items ? call.items(body) : 0);
          return body;
        }
        const wait = retryAfterMs(response, Date.now());
        if (attempt >= RETRIES || wait >= this.left()) {
          throw rateLimited(response.headers.get('RateLimit-Reason'), wait);
        }
        await this.timer.sleep(wait);
      }
    } finally {
      this.reserved -= reserve;
    }
  }

  /**
   * @param {string} operation
   * @param {() => Promise<import('@forge/api').APIResponse>} send
   */
  async send(operation, send) {
    while (this.inFlight >= this.budget.concurrency) {
      await new Promise((resolve) => this.queue.push(() => resolve(undefined)));
    }
    this.inFlight += 1;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    try {
      await this.paced(operation);
      this.sent += 1;
      return await send();
    } finally {
      this.inFlight -= 1;
      const next = this.queue.shift();
      if (next) {
        next();
      }
    }
  }

  /**
   * Wait until one more request to `operation` keeps within its rate over the last second.
   * @param {string} operation
   */
  async paced(operation) {
    const limit = this.rates.get(operation) || this.budget.perSecond;
    const times = this.recent.get(operation) || [];
    this.recent.set(operation, times);
    for (;;) {
      const now = this.timer.now();
      while (times.length > 0 && times[0] <= now - 1000) {
        times.shift();
      }
      if (times.length < limit) {
        times.push(now);
        return;
      }
      await this.timer.sleep(times[0] + 1000 - now);
    }
  }
}
