// The days of one sprint for burndown and burnup charts: at the end of each day (in the viewer's time zone; the
// last day ends when the sprint closed, or now while it runs), the work in the sprint's scope, the part of it
// resolved by then, the rest, and the ideal line from the work committed at the start down to nothing at the planned
// end. Each issue is read at that moment by the rules of sprint-history.js, so work added to the sprint raises the
// scope on the day it was added. Pinned with the preview by tests/vectors/sprints.json.

import { localDay, midnight } from './dates.js';
import { issueAt } from './sprint-history.js';

/** @typedef {import('./sprint-history.js').SprintIssue} SprintIssue */
/** @typedef {import('./changelog.js').FieldChange} FieldChange */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The day after a calendar day (YYYY-MM-DD).
 * @param {string} day
 */
function nextDay(day) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * One row per day of the sprint, from the day it started to the day it ended (or today).
 * @param {{id: number | string, start: number, end: number, planned: number}} sprint moments in milliseconds: `end`
 *   when it closed (or now), `planned` its planned end
 * @param {SprintIssue[]} issues those whose history was read
 * @param {Map<string, FieldChange[]>} changes by issue id
 * @param {string} sprintField the Sprint field's id
 * @param {string | null} measure the measured field's id, or null to count
 * @param {string} timeZone
 * @returns {{day: string, scope: number, done: number, remaining: number, ideal: number}[]}
 */
export function sprintDays(sprint, issues, changes, sprintField, measure, timeZone) {
  /** @param {number} at */
  const workAt = (at) => {
    let scope = 0;
    let done = 0;
    for (const issue of issues) {
      const state = issueAt(issue, changes.get(issue.id) || [], sprintField, sprint.id, measure, at);
      scope += state.inSprint ? state.work : 0;
      done += state.inSprint && state.resolved ? state.work : 0;
    }
    return { scope, done };
  };
  const committed = workAt(sprint.start).scope;
  const length = Math.max(1, sprint.planned - sprint.start);
  const first = localDay(new Date(sprint.start).toISOString(), timeZone);
  const last = localDay(new Date(sprint.end).toISOString(), timeZone);
  const rows = [];
  for (let day = first; day !== null && last !== null && day <= last; day = nextDay(day)) {
    const at = Math.min(midnight(nextDay(day), timeZone) - 1, sprint.end);
    const { scope, done } = workAt(at);
    const ideal = committed * Math.max(0, 1 - (at - sprint.start) / length);
    rows.push({ day, scope, done, remaining: scope - done, ideal: Math.round(ideal * 100) / 100 });
  }
  return rows;
}
