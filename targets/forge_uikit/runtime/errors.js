// Errors the app reports to the person viewing it, and the one shape every resolver failure takes.

/** @typedef {import('./plan-types.js').PlannedValue} PlannedValue */

/**
 * @typedef {object} Failure
 * @property {false} ok
 * @property {{status: number, message: string}} error
 */

/** A problem the viewer can act on (or at least read): an HTTP-like status and a sentence. */
export class AppError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * The answer a resolver function gives when it fails: never an exception, always a status and a message.
 * @param {unknown} error
 * @returns {Failure}
 */
export function failure(error) {
  if (error instanceof AppError) {
    return { ok: false, error: { status: error.status, message: error.message } };
  }
  const message = error instanceof Error && error.message ? error.message : String(error);
  return { ok: false, error: { status: 500, message: `Unexpected error: ${message}` } };
}

/**
 * Why a value the query needs is missing (412: nothing is wrong, something has to be set first).
 * @param {PlannedValue} part
 * @returns {AppError}
 */
export function notSet(part) {
  if (part.source === 'settings') {
    return new AppError(412, `An administrator has not set “${part.label}” yet.`);
  }
  if (part.source === 'context' && part.name.startsWith('issue.')) {
    return new AppError(412, `This issue has no ${part.label.toLowerCase()} to compare with.`);
  }
  if (part.source === 'context') {
    return new AppError(412, `This view has no ${part.name} to show data for.`);
  }
  return new AppError(412, `Configure this gadget: “${part.label}” is not set.`);
}
