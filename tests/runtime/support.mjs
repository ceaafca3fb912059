// Helpers shared by the runtime's tests: where the runtime and the vectors are.
import fs from 'node:fs';

export const RUNTIME = new URL('../../targets/forge_uikit/runtime/', import.meta.url);

/** @param {string} name a file in tests/vectors */
export function vectors(name) {
  return JSON.parse(fs.readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8'));
}

/** @param {string} name a runtime module */
export function runtime(name) {
  return import(new URL(name, RUNTIME).href);
}
