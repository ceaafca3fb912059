// The choices of a project or filter picker in a configuration or settings form, searched as the user types.

import { AppError } from './errors.js';

/** @typedef {import('./engine-types.js').ChoiceSource} ChoiceSource */
/** @typedef {import('./engine-types.js').Options} Options */

/**
 * @param {Record<string, ChoiceSource>} sources the choice searches this app has, by picker type
 * @returns {Options}
 */
export function pickerOptions(sources) {
  return async (module, param, query) => {
    const picker = module.pickers.find((p) => p.param === param);
    const source = picker ? sources[picker.type] : undefined;
    if (!picker || !source) {
      throw new AppError(400, 'Unknown picker.');
    }
    return source(picker, typeof query === 'string' ? query.slice(0, picker.queryChars) : '');
  };
}
