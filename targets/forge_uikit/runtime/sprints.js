// A board's last closed sprints as rows, each with the work committed at its start and completed by its end; or the
// days of one sprint (burndown.js) when the plan asks for them.
//
// Jira Software has no velocity or sprint-report endpoint, so the app works both out from each sprint's issues
// (GET /rest/agile/1.0/sprint/{id}/issue) and their histories (changelog.js): an issue is committed when the Sprint
// field held the sprint at the sprint's start (it was created before, and the field's value then, read back from its
// changes, names the sprint); it is completed when it was resolved by the sprint's completion date. The work is a
// count of issues, or the sum of a number field (story points …) as it was at the start (committed) and at the end
// (completed). Issues the budget did not reach (a sprint's later pages, or their histories) are left out, and the
// rows say how many issues they are based on.

import api, { route } from '@forge/api';
import { sprintDays } from './burndown.js';
import { readHistories } from './changelog.js';
import { coverage } from './coverage.js';
import { AppError, notSet } from './errors.js';
import { JSON_HEADERS } from './jira.js';
import { isEmpty } from './jql.js';
import { rowOf, sequenced } from './read.js';
import { issueAt } from './sprint-history.js';

/** @typedef {import('./plan-types.js').SprintFetch} SprintFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */
/** @typedef {import('./jira.js').Session} Session */
/** @typedef {import('./changelog.js').FieldChange} FieldChange */
/** @typedef {import('./sprint-history.js').SprintIssue} SprintIssue */

/** The share of the load's points kept for the issues' histories while their pages are read: issues without a history
 * count for nothing, so reading more of them than the rest of the budget can explain is waste. */
export const HISTORY_SHARE = 0.5;

/** The schema Jira gives its Sprint field (the field's id differs between sites). */
export const SPRINT_SCHEMA = 'com.pyxis.greenhopper.jira:gh-sprint';

/**
 * The board the gadget is configured with: a board's id, digits only.
 * @param {SprintFetch} fetch
 * @param {LoadRequest} request
 */
export function boardOf(fetch, request) {
  const param = request.module.config.find((p) => p.name === fetch.board);
  const label = param ? param.label : fetch.board;
  const given = request.env.param[fetch.board];
  if (isEmpty(given)) {
    throw notSet({ kind: 'value', source: 'param', name: fetch.board, type: 'board', label, options: [] });
  }
  const text = String(given).trim();
  if (!/^[0-9]{1,18}$/.test(text)) {
    throw new AppError(400, `“${label}” must be a board.`);
  }
  return text;
}

/**
 * A date from Jira as milliseconds, or null.
 * @param {unknown} value
 */
function millis(value) {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? null : ms;
}

/**
 * When a sprint ended: its completion, else its planned end.
 * @param {any} sprint
 */
export function sprintEnd(sprint) {
  return millis(sprint.completeDate) ?? millis(sprint.endDate);
}

/**
 * The last `count` closed sprints, oldest first, by when they ended (Jira lists a board's sprints in its own order).
 * @param {any[]} sprints
 * @param {number} count
 */
export function lastClosed(sprints, count) {
  const ended = sprints.filter((s) => s.state === 'closed' && sprintEnd(s) !== null);
  ended.sort((a, b) => /** @type {number} */ (sprintEnd(a)) - /** @type {number} */ (sprintEnd(b)) || a.id - b.id);
  return ended.slice(Math.max(0, ended.length - count));
}

/**
 * The work committed at a sprint's start and completed by its end, from its issues and their histories: committed
 * issues were in the sprint at its start (their work then); completed ones were resolved by its end (their work
 * then).
 * @param {{id: number | string, start: number, end: number}} sprint
 * @param {SprintIssue[]} issues those whose history was read
 * @param {Map<string, FieldChange[]>} changes by issue id
 * @param {string} sprintField the Sprint field's id
 * @param {string | null} measure the measured field's id, or null to count
 */
export function sprintWork(sprint, issues, changes, sprintField, measure) {
  let committed = 0;
  let completed = 0;
  for (const issue of issues) {
    const history = changes.get(issue.id) || [];
    const atStart = issueAt(issue, history, sprintField, sprint.id, measure, sprint.start);
    const atEnd = issueAt(issue, history, sprintField, sprint.id, measure, sprint.end);
    committed += atStart.inSprint ? atStart.work : 0;
    completed += atEnd.resolved ? atEnd.work : 0;
  }
  return { committed, completed };
}

/**
 * Every sprint of a board in one state (closed, active), page after page.
 * @param {SprintFetch} fetch
 * @param {Session} session
 * @param {string} board
 * @param {string} state
 */
export async function boardSprints(fetch, session, board, state) {
  /** @type {any[]} */
  const sprints = [];
  for (let startAt = 0; ;) {
    const size = fetch.sprintPage;
    const page = await session.call(
      'Listing sprints',
      fetch.operation,
      () =>
        api
          .asUser()
          .requestJira(
            route`/rest/agile/1.0/board/${board}/sprint?state=${state}&startAt=${startAt}&maxResults=${size}`,
            {
              headers: JSON_HEADERS,
            },
          ),
      { reserve: 1 + size, items: (body) => (body.values || []).length },
    );
    const values = page.values || [];
    sprints.push(...values);
    if (page.isLast !== false || values.length === 0) {
      return sprints;
    }
    startAt += values.length;
  }
}

/**
 * One page of a sprint's issues.
 * @param {SprintFetch} fetch
 * @param {Session} session
 * @param {number | string} sprintId
 * @param {number} startAt
 */
function issuePage(fetch, session, sprintId, startAt) {
  const size = fetch.issuePage;
  const fields = fetch.issueFields.join(',');
  return session.call(
    'Reading the issues of a sprint',
    fetch.issuesOperation,
    () =>
      api
        .asUser()
        .requestJira(
          route`/rest/agile/1.0/sprint/${sprintId}/issue?startAt=${startAt}&maxResults=${size}&fields=${fields}`,
          { headers: JSON_HEADERS },
        ),
    { reserve: 1 + size, items: (body) => (body.issues || []).length },
  );
}

/**
 * The issues of a sprint: the first page says how many there are, the rest are read side by side while the budget
 * keeps its share for their histories (`total` says how many the sprint has).
 * @param {SprintFetch} fetch
 * @param {Session} session
 * @param {number | string} sprintId
 * @returns {Promise<{issues: SprintIssue[], total: number}>}
 */
async function sprintIssues(fetch, session, sprintId) {
  const first = await issuePage(fetch, session, sprintId, 0);
  const step = (first.issues || []).length;
  const total = typeof first.total === 'number' ? first.total : step;
  /** @type {number[]} */
  const offsets = [];
  for (let at = step; step > 0 && at < total; at += step) {
    offsets.push(at);
  }
  const rest = await Promise.all(
    offsets.map((at) =>
      session.expired() || !session.affords(1 + fetch.issuePage + session.budget.points * HISTORY_SHARE)
        ? null
        : issuePage(fetch, session, sprintId, at),
    ),
  );
  const measure = fetch.measure.field;
  const pages = [first, ...rest.filter((page) => page !== null)];
  const issues = pages.flatMap((page) =>
    (page.issues || []).map((/** @type {any} */ issue) => {
      const fields = issue.fields || {};
      const value = measure === null ? null : fields[measure];
      return {
        id: String(issue.id),
        created: millis(fields.created) ?? 0,
        resolved: millis(fields.resolutiondate),
        value: typeof value === 'number' ? value : null,
      };
    }),
  );
  return { issues, total: Math.max(total, issues.length) };
}

/**
 * The id of the site's Sprint field.
 * @param {SprintFetch} fetch
 * @param {Session} session
 */
export async function sprintFieldId(fetch, session) {
  const fields = await session.call('Finding the Sprint field', fetch.fieldsOperation, () =>
    api.asUser().requestJira(route`/rest/api/3/field`, { headers: JSON_HEADERS }),
  );
  const found = (Array.isArray(fields) ? fields : []).find(
    (/** @type {any} */ f) => f && f.schema && f.schema.custom === SPRINT_SCHEMA,
  );
  if (!found) {
    throw new AppError(404, 'This Jira site has no Sprint field, so sprints cannot be shown.');
  }
  return String(found.id);
}

/**
 * What the work of some sprints is worked out from: each sprint's issues (as far as the budget allows), their
 * histories of the Sprint field and the measured one, which issues the budget left unlisted or unread, and the
 * coverage to state when any were.
 * @param {SprintFetch} fetch
 * @param {Session} session
 * @param {any[]} sprints
 * @param {string} sprintField
 */
export async function readSprints(fetch, session, sprints, sprintField) {
  const found = await Promise.all(sprints.map((sprint) => sprintIssues(fetch, session, sprint.id)));
  const measure = fetch.measure.field;
  const fieldIds = measure === null ? [sprintField] : [sprintField, measure];
  const every = found.flatMap((f) => f.issues);
  const { changes, missing } = await readHistories(
    session,
    every.map((issue) => issue.id),
    fieldIds,
    fetch.paging,
  );
  const unread = new Set(missing);
  const issues = found.map((f) => f.issues.filter((issue) => !unread.has(issue.id)));
  const unlisted = found.reduce((n, f) => n + f.total - f.issues.length, 0);
  if (unread.size === 0 && unlisted === 0) {
    return { issues, changes, coverage: null };
  }
  const listed = new Set(every.map((issue) => issue.id)).size;
  const covered = listed - unread.size;
  const total = listed + unlisted;
  return { issues, changes, coverage: coverage({ kind: 'part', covered, total, unit: 'issues' }) };
}

/**
 * The moments a sprint ran: its start and its end (completion, else planned end), in milliseconds.
 * @param {any} sprint
 */
export function spanOf(sprint) {
  return { id: sprint.id, start: millis(sprint.startDate) ?? 0, end: sprintEnd(sprint) ?? 0 };
}

/**
 * The sprint whose days are shown: the board's active one (none: no rows), or its last closed one.
 * @param {SprintFetch} fetch
 * @param {Session} session
 * @param {string} board
 * @returns {Promise<any | null>}
 */
async function daysSprint(fetch, session, board) {
  if (fetch.days === 'active') {
    const active = await boardSprints(fetch, session, board, 'active');
    return active.length > 0 ? active[0] : null;
  }
  const [last] = lastClosed(await boardSprints(fetch, session, board, 'closed'), 1);
  return last || null;
}

/**
 * The rows of a burndown: one per day of the sprint, up to its close (or now).
 * @param {SprintFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
async function dayRows(fetch, request) {
  const { session } = request;
  const board = boardOf(fetch, request);
  const [sprint, sprintField] = await Promise.all([daysSprint(fetch, session, board), sprintFieldId(fetch, session)]);
  if (sprint === null) {
    return { rows: [], total: 0 };
  }
  const read = await readSprints(fetch, session, [sprint], sprintField);
  const span = spanOf(sprint);
  const planned = millis(sprint.endDate) ?? span.end;
  const end = sprint.state === 'closed' ? span.end : Date.now();
  const days = sprintDays(
    { id: sprint.id, start: span.start, end, planned },
    read.issues[0],
    read.changes,
    sprintField,
    fetch.measure.field,
    request.timeZone,
  );
  const rows = days.map((day) => rowOf(request.module.fields, day));
  return { rows, total: rows.length, ...(read.coverage ? { coverage: read.coverage } : {}) };
}

/**
 * The rows of a sprints source: one per sprint, oldest first.
 * @param {SprintFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export async function sprintRows(fetch, request) {
  if (fetch.days !== null) {
    return dayRows(fetch, request);
  }
  const { session } = request;
  const board = boardOf(fetch, request);
  const [sprints, sprintField] = await Promise.all([
    boardSprints(fetch, session, board, 'closed').then((all) => lastClosed(all, request.limit)),
    sprintFieldId(fetch, session),
  ]);
  const read = await readSprints(fetch, session, sprints, sprintField);
  const rows = sprints.map((sprint, k) => {
    const work = sprintWork(spanOf(sprint), read.issues[k], read.changes, sprintField, fetch.measure.field);
    return rowOf(request.module.fields, { ...sprint, name: sequenced(sprint.name, k), ...work });
  });
  return { rows, total: rows.length, ...(read.coverage ? { coverage: read.coverage } : {}) };
}
