// App settings kept in Forge storage (@forge/kvs): read with their defaults, and saved only after each value is
// checked against its type the way the modules using it will check it, so a value they would refuse is refused
// here, when it is saved.

import { kvs } from '@forge/kvs';
import { checkedNumber, choice, dateText, filterId, isEmpty } from './jql.js';
import { jqlClause } from './jql-clause.js';

/** @typedef {import('./plan-types.js').SettingsStore} SettingsStore */
/** @typedef {import('./plan-types.js').PlannedParam} PlannedParam */

/** @typedef {import('./engine-types.js').Settings} Settings */

/** @param {unknown} value */
function isTrue(value) {
  return value === true || value === 'true';
}

/**
 * The value to store for a setting (null when it is emptied: it then stays empty, and is no longer its default).
 * @param {PlannedParam} param
 * @param {unknown} value
 */
export function cleanSetting(param, value) {
  if (isEmpty(value)) {
    return null;
  }
  switch (param.type) {
    case 'number':
      return checkedNumber(value, param.label);
    case 'filter':
      return filterId(value, param.label);
    case 'date':
      return dateText(value, param.label);
    case 'boolean':
      return isTrue(value);
    case 'select':
      return choice(value, param);
    case 'jql':
      jqlClause(value, param.label);
      return String(value).trim();
    default:
      return String(value);
  }
}

/**
 * @param {SettingsStore} store
 * @returns {Settings}
 */
export function settingsStore(store) {
  const load = async () => {
    const stored = (await kvs.get(store.storageKey)) || {};
    /** @type {Record<string, unknown>} */
    const values = {};
    for (const param of store.params) {
      const set = Object.prototype.hasOwnProperty.call(stored, param.name);
      values[param.name] = set ? stored[param.name] : param.default;
    }
    return values;
  };
  /**
   * @param {string[]} editable
   * @param {Record<string, unknown>} given
   */
  const save = async (editable, given) => {
    /** @type {Record<string, unknown>} */
    const stored = (await kvs.get(store.storageKey)) || {};
    for (const param of store.params) {
      if (editable.includes(param.name) && Object.prototype.hasOwnProperty.call(given, param.name)) {
        stored[param.name] = cleanSetting(param, given[param.name]);
      }
    }
    await kvs.set(store.storageKey, stored);
    return load();
  };
  return { load, save, editors: store.editors };
}
