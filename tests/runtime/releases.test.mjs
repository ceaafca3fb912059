// A project's versions with the work of their issues (releases.js): which versions in which order, counted in Jira
// or summed from the issues, and what is said when the budget cuts a sum short.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeJira } from './fake-jira.mjs';
import { runtime } from './support.mjs';

const { Session } = await runtime('jira.js');
const { versionRows, chosenVersions, projectOf } = await runtime('releases.js');

const BUDGET = { timeMs: 20000, points: 12000, concurrency: 20, perSecond: 80, rates: [] };
const POINTS = 'customfield_10016';

const VERSIONS = [
  { id: '30', name: '3.0', released: false, archived: false },
  { id: '21', name: '2.1', released: false, archived: false, releaseDate: '2026-03-01' },
  { id: '20', name: '2.0', released: true, archived: false, releaseDate: '2026-01-15', startDate: '2025-12-01' },
  { id: '11', name: '1.1', released: true, archived: true, releaseDate: '2025-10-01' },
  { id: '22', name: '2.2', released: false, archived: false, releaseDate: '2026-02-01' },
];

/** Issues with their fix versions, status category and points. */
const ISSUES = [
  ['1', ['20'], 'done', 3],
  ['2', ['20', '21'], 'done', 5],
  ['3', ['21'], 'indeterminate', 8],
  ['4', ['21'], 'new', null],
  ['5', ['22'], 'new', 2],
  ['6', ['30'], 'done', 1],
].map(([id, fixes, category, points]) => ({
  id,
  key: `ABC-${id}`,
  fixVersions: fixes,
  fields: {
    fixVersions: fixes.map((v) => ({ id: v, name: v })),
    status: { name: category, statusCategory: { key: category } },
    [POINTS]: points,
  },
}));

function site() {
  return fakeJira({
    issues: ISSUES,
    fields: {
      fixversion: (issue) => issue.fixVersions,
      statuscategory: (issue) => (issue.fields.status.statusCategory.key === 'done' ? 'Done' : 'Other'),
    },
    lists: { '/rest/api/3/project/ABC/versions': VERSIONS },
  });
}

const FIELDS = [
  ['name', 'release', 'name'],
  ['release', 'date', 'releaseDate'],
  ['state', 'text', 'state'],
  ['done', 'number', 'done'],
  ['remaining', 'number', 'remaining'],
  ['total', 'number', 'total'],
].map(([name, type, read]) => ({ name, type, read: [read] }));

function fetchOf(measure, state = null, project = 'project') {
  return {
    kind: 'versions',
    into: 'rows',
    project,
    state,
    most: 50,
    operation: 'GET /rest/api/3/project/{projectIdOrKey}/versions',
    countOperation: 'POST /rest/api/3/search/approximate-count',
    searchOperation: 'POST /rest/api/3/search/jql',
    pageSize: 2,
    measure: { field: measure, type: 'number' },
  };
}

function requestOf(project, session = new Session(BUDGET), context = {}) {
  return {
    module: { fields: FIELDS, config: [{ name: 'project', label: 'Project', type: 'project' }] },
    env: { param: { project }, settings: {}, context },
    session,
  };
}

const shown = (rows) => rows.map((r) => [r.name.name, r.state, r.done, r.remaining, r.total]);

describe('version rows', () => {
  test('counted in Jira: archived versions left out, in release order, undated last', async () => {
    const fake = site();
    const result = await versionRows(fetchOf(null), requestOf('ABC'));
    assert.deepEqual(shown(result.rows), [
      ['2.0', 'released', 2, 0, 2],
      ['2.2', 'unreleased', 0, 1, 1],
      ['2.1', 'unreleased', 1, 2, 3],
      ['3.0', 'unreleased', 1, 0, 1],
    ]);
    assert.equal(result.coverage, undefined);
    const counts = fake.requests.filter((r) => r.path === '/rest/api/3/search/approximate-count');
    assert.equal(counts.length, 8);
    assert.ok(counts.some((r) => r.body.jql === '(project = "ABC") AND fixVersion = 21 AND statusCategory = Done'));
  });

  test('summed by a field from the issues: each issue adds to each of its versions', async () => {
    site();
    const result = await versionRows(fetchOf(POINTS, 'unreleased'), requestOf('ABC'));
    assert.deepEqual(shown(result.rows), [
      ['2.2', 'unreleased', 0, 2, 2],
      ['2.1', 'unreleased', 5, 8, 13],
      ['3.0', 'unreleased', 1, 0, 1],
    ]);
    assert.equal(result.coverage, undefined);
  });

  test('a sum the budget cuts short says how many issues it is based on', async () => {
    site();
    // the versions and the count cost 1 + 5 + 1 points; a page of two issues sets aside 3, so two pages fit in 14
    const session = new Session({ ...BUDGET, points: 14, concurrency: 1 });
    const result = await versionRows(fetchOf(POINTS), requestOf('ABC', session));
    assert.equal(result.coverage.note, 'Based on 4 of 6 issues.');
  });

  test('the module’s own project, and a missing project', async () => {
    const fake = site();
    const result = await versionRows(fetchOf(null, 'released', null), requestOf('', undefined, { project: 'ABC' }));
    assert.deepEqual(
      result.rows.map((r) => r.name),
      [{ name: '2.0', order: '000000' }],
    );
    assert.ok(fake.requests.some((r) => r.path === '/rest/api/3/project/ABC/versions'));
    assert.throws(() => projectOf(fetchOf(null), requestOf('')), { status: 412, message: /“Project” is not set/ });
    assert.throws(() => projectOf(fetchOf(null, null, null), requestOf('')), { status: 412 });
  });
});

describe('which versions', () => {
  test('the soonest unreleased ones, or the latest, at most so many', () => {
    const soonest = chosenVersions(VERSIONS, 'unreleased', 2);
    assert.deepEqual(
      soonest.shown.map((v) => v.name),
      ['2.2', '2.1'],
    );
    assert.equal(soonest.total, 3);
    assert.deepEqual(
      chosenVersions(VERSIONS, null, 2).shown.map((v) => v.name),
      ['2.1', '3.0'],
    );
  });
  test('a version whose id is not a number is never put in a query', () => {
    assert.deepEqual(chosenVersions([{ id: '1 OR x', name: 'x', released: false }], null, 5).shown, []);
  });
});
