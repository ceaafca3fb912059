// An issue's status periods: one stint per status it was in, from its status history. The first stint starts when
// the issue was created, in the status the first change left (or the current one when nothing changed); each change
// ends one stint and starts the next; the last stint is open (no `left`) and lasts until the load's clock.
// Pinned by tests/vectors/status-periods.json, which the preview and the benchmark's oracle run too.

/**
 * One change of one field: when, and the value before and after (Jira's ids, and the names it shows).
 * @typedef {object} FieldChange
 * @property {string} field the field's id ("status", "customfield_10020")
 * @property {number} at milliseconds since the epoch
 * @property {string | null} from
 * @property {string | null} fromString
 * @property {string | null} to
 * @property {string | null} toString
 */

/**
 * A status as Jira shows it on an issue (the category is unknown for a status no longer listed).
 * @typedef {object} JiraStatus
 * @property {string} id
 * @property {string} name
 * @property {{key: string, name: string} | null} statusCategory
 */

/**
 * One stint: the status, when it began and ended (ISO date-times; `left` null while it lasts), and its length in
 * seconds.
 * @typedef {object} StatusPeriod
 * @property {JiraStatus} status
 * @property {string} entered
 * @property {string | null} left
 * @property {number} duration
 */

/**
 * The status with this id: from the site's list when known, else the current status when it is that one,
 * else by the name the history gives it (category unknown).
 * @param {string | null} id
 * @param {string | null} name
 * @param {JiraStatus} current
 * @param {Map<string, JiraStatus>} statuses
 * @returns {JiraStatus}
 */
function statusOf(id, name, current, statuses) {
  const key = id === null ? '' : id;
  const listed = statuses.get(key);
  if (listed) {
    return listed;
  }
  if (key === String(current.id)) {
    return current;
  }
  return { id: key, name: name === null ? key : name, statusCategory: null };
}

/**
 * Every stint of one issue, oldest first.
 * @param {number} created when the issue was created (ms)
 * @param {JiraStatus} current its status now
 * @param {FieldChange[]} changes its status changes, oldest first
 * @param {Map<string, JiraStatus>} statuses the site's statuses by id (may be empty)
 * @param {number} now the load's clock (ms)
 * @returns {StatusPeriod[]}
 */
export function statusPeriods(created, current, changes, statuses, now) {
  const first = changes.length > 0 ? statusOf(changes[0].from, changes[0].fromString, current, statuses) : current;
  /** @type {StatusPeriod[]} */
  const periods = [];
  let status = first;
  let since = created;
  for (const change of changes) {
    const at = Math.max(change.at, since); // a change dated before the stint began ends it at once
    periods.push({
      status,
      entered: new Date(since).toISOString(),
      left: new Date(at).toISOString(),
      duration: (at - since) / 1000,
    });
    status = statusOf(change.to, change.toString, current, statuses);
    since = at;
  }
  periods.push({
    status,
    entered: new Date(since).toISOString(),
    left: null,
    duration: Math.max(0, now - since) / 1000,
  });
  return periods;
}
