// tests/vectors/sprints.json against the runtime's sprintWork; pytest runs the same cases against the preview
// (tests/runtime/test_sprint_vectors.py), so the app and the preview count committed and completed work alike.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runtime, vectors } from './support.mjs';

const { sprintWork } = await runtime('sprints.js');

describe('sprints.json', () => {
  for (const c of vectors('sprints.json').cases) {
    test(c.name, () => {
      const changes = new Map(Object.entries(c.changes));
      const found = sprintWork(c.sprint, c.issues, changes, 'customfield_10020', c.measure);
      assert.deepEqual(found, { committed: c.committed, completed: c.completed });
    });
  }
});

const { sprintDays } = await runtime('burndown.js');

describe('sprints.json: days', () => {
  for (const c of vectors('sprints.json').days) {
    test(c.name, () => {
      const changes = new Map(Object.entries(c.changes));
      const found = sprintDays(c.sprint, c.issues, changes, 'customfield_10020', c.measure, c.timeZone);
      assert.deepEqual(found, c.rows);
    });
  }
});

const { groupsOf } = await runtime('aggregate.js');
const { ordered } = await runtime('tables.js');

describe('sprints.json: sequences', () => {
  for (const c of vectors('sprints.json').sequences) {
    test(c.name, () => {
      const groups = c.values.map((value, i) => ({ ...groupsOf(value, c.type, null)[0], value: c.sizes[i] }));
      assert.deepEqual(
        ordered(groups, c.type, null, 0).map((g) => g.label),
        c.shown,
      );
    });
  }
});
