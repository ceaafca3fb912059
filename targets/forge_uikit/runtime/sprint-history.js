// The rules for reading a sprint's issues at a moment from their histories, shared by velocity (sprints.js) and
// burndown (burndown.js) and pinned with the preview by tests/vectors/sprints.json: a field's value at a moment is
// read back from its changes; an issue is in a sprint when it existed then and its Sprint field named the sprint.

/** @typedef {import('./changelog.js').FieldChange} FieldChange */

/**
 * One issue of a sprint, as far as committed and completed work needs it.
 * @typedef {object} SprintIssue
 * @property {string} id
 * @property {number} created milliseconds
 * @property {number | null} resolved milliseconds
 * @property {number | null} value the measured field now (null for a count)
 */

/**
 * The value a field had at a moment: after its last change before then, else before its first change after then,
 * else what it is now.
 * @param {FieldChange[]} changes the field's changes, oldest first
 * @param {number} at
 * @param {string | null} now
 * @returns {string | null}
 */
export function valueAt(changes, at, now) {
  let value = now;
  for (let i = changes.length - 1; i >= 0; i -= 1) {
    if (changes[i].at <= at) {
      return changes[i].to;
    }
    value = changes[i].from;
  }
  return value;
}

/**
 * Whether a Sprint field value ("12, 13": the ids of its sprints) names a sprint.
 * @param {string | null} value
 * @param {number | string} sprintId
 */
export function holdsSprint(value, sprintId) {
  return (value || '').split(',').some((id) => id.trim() === String(sprintId));
}

/**
 * @param {string | null} text
 * @returns {number | null}
 */
function numberOf(text) {
  const n = text === null || text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * How one issue stood at a moment: whether the Sprint field then named the sprint (and the issue existed), whether
 * it was resolved by then, and its work then (1 when counted; the measured field's value then, 0 when it had none).
 * @param {SprintIssue} issue
 * @param {FieldChange[]} history the issue's changes of the Sprint field and the measured one, oldest first
 * @param {string} sprintField the Sprint field's id
 * @param {number | string} sprintId
 * @param {string | null} measure the measured field's id, or null to count
 * @param {number} at
 */
export function issueAt(issue, history, sprintField, sprintId, measure, at) {
  const of = (/** @type {string} */ field) => history.filter((c) => c.field === field);
  const inSprint = issue.created <= at && holdsSprint(valueAt(of(sprintField), at, String(sprintId)), sprintId);
  const now = issue.value === null ? null : String(issue.value);
  const work = measure === null ? 1 : (numberOf(valueAt(of(measure), at, now)) ?? 0);
  return { inSprint, resolved: issue.resolved !== null && issue.resolved <= at, work };
}
