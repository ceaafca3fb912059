// tests/vectors/releases.json against the runtime (releases.js); pytest runs the same cases against the preview
// (tests/runtime/test_release_vectors.py), so the app and the preview choose versions and add work up alike.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runtime, vectors } from './support.mjs';

const { chosenVersions, versionWork } = await runtime('releases.js');
const { choices, work } = vectors('releases.json');

describe('releases.json', () => {
  for (const c of choices) {
    test(c.name, () => {
      const found = chosenVersions(c.versions, c.state, c.most);
      assert.deepEqual(
        found.shown.map((v) => v.name),
        c.shown,
      );
      assert.equal(found.total, c.total);
    });
  }
  for (const c of work) {
    test(c.name, () => {
      const issues = c.issues.map((i) => ({
        versions: i.versions,
        done: i.category === 'done',
        value: c.measured ? i.value : 1,
      }));
      assert.deepEqual(versionWork(c.versions, issues), c.expected);
    });
  }
});
