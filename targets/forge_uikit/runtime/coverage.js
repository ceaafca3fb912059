// What a view says when its number is not over everything the query matches. The rule the engine keeps: every
// value shown is exact, or the view itself says how much it covers. The sentences are pinned by
// tests/vectors/coverage.json, which the preview runs too, so the app and the preview word them alike.

export const OTHER = '(other)';

/**
 * How much a view covers, and the sentence that says so.
 * @typedef {object} Coverage
 * @property {string} kind part | worklogs | histories | other | values | recent | cells
 * @property {number} covered what the view is based on (issues, items, groups)
 * @property {number} total what the query matches
 * @property {string} unit what is counted: issues, projects, saved filters, days, weeks …
 * @property {string} [field] the field whose values were looked for (kind values)
 * @property {string} note the sentence the view shows
 */

/**
 * A whole number with a comma every three digits (not the runtime's locale, which varies).
 * @param {number} n
 */
export function formatCount(n) {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The sentence for a coverage.
 * @param {Omit<Coverage, 'note'>} c
 */
export function coverageNote(c) {
  const covered = formatCount(c.covered);
  const total = formatCount(c.total);
  switch (c.kind) {
    case 'worklogs':
      return `Based on the worklogs of ${covered} of ${total} issues.`;
    case 'histories':
      return `Based on the status history of ${covered} of ${total} issues.`;
    case 'other':
      return `“${OTHER}” counts ${covered} of ${total} ${c.unit} whose value is not listed separately.`;
    case 'values':
      return `Shows the ${c.field} values found in ${covered} of ${total} issues; others may be missing.`;
    case 'recent':
      return `Shows the ${covered} most recent of ${total} ${c.unit}.`;
    case 'cells':
      return `Counted ${covered} of ${total} cells; the others are left empty.`;
    default:
      return `Based on ${covered} of ${total} ${c.unit}.`;
  }
}

/**
 * A coverage with its sentence.
 * @param {Omit<Coverage, 'note'>} c
 * @returns {Coverage}
 */
export function coverage(c) {
  return { ...c, note: coverageNote(c) };
}

/**
 * What a view built from several results says: the first coverage, saying every sentence of them.
 * @param {(Coverage | undefined)[]} coverages
 * @returns {Coverage | undefined}
 */
export function joined(coverages) {
  const found = /** @type {Coverage[]} */ (coverages.filter(Boolean));
  if (found.length <= 1) {
    return found[0];
  }
  return { ...found[0], note: [...new Set(found.map((c) => c.note))].join(' ') };
}
