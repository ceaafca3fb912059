// Issue histories in bulk (changelog.js): groups of issues read side by side through the session, each group page by
// page, only the asked fields kept, an issue complete only when its group reached its last page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeJira } from './fake-jira.mjs';
import { runtime } from './support.mjs';

const { Session } = await runtime('jira.js');
const { readHistories, pageChanges } = await runtime('changelog.js');

const BUDGET = { timeMs: 20000, points: 12000, concurrency: 20, perSecond: 80, rates: [] };
const DAY = 24 * 3600 * 1000;
const START = Date.UTC(2026, 0, 5);

/** @param {number} ms */
function jiraTime(ms) {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** A status change `days` after START. */
function status(days, from, to) {
  return {
    created: jiraTime(START + days * DAY),
    items: [{ field: 'status', fieldId: 'status', from, fromString: `S${from}`, to, toString: `S${to}` }],
  };
}

/** A sprint change (the sprint field is a custom field). */
function sprint(days, from, to) {
  return {
    created: jiraTime(START + days * DAY),
    items: [{ field: 'Sprint', fieldId: 'customfield_10020', from, fromString: from, to, toString: to }],
  };
}

/** `n` issues (ids 100, 101 …), each with `changes` status changes one day apart and one sprint change. */
function histories(n, changes) {
  /** @type {Record<string, any[]>} */
  const out = {};
  for (let i = 0; i < n; i += 1) {
    const list = Array.from({ length: changes }, (_, k) => status(k + i / 100, String(k), String(k + 1)));
    list.push(sprint(0.5, '', '7'));
    out[String(100 + i)] = list;
  }
  return out;
}

const ids = (n) => Array.from({ length: n }, (_, i) => String(100 + i));

describe('readHistories', () => {
  test('every change of the asked field, oldest first per issue, over groups and pages', async () => {
    const fake = fakeJira({ issues: [], fields: {}, histories: histories(5, 4) });
    const result = await readHistories(new Session(BUDGET), ids(5), ['status'], { issuesPerCall: 2, pageSize: 3 });
    assert.deepEqual(result.missing, []);
    assert.deepEqual([...result.changes.keys()].sort(), ids(5));
    for (const [, changes] of result.changes) {
      assert.deepEqual(
        changes.map((c) => [c.field, c.from, c.to]),
        [
          ['status', '0', '1'],
          ['status', '1', '2'],
          ['status', '2', '3'],
          ['status', '3', '4'],
        ],
      );
      assert.ok(changes.every((c, k) => k === 0 || changes[k - 1].at <= c.at));
    }
    const calls = fake.requests.filter((r) => r.path === '/rest/api/3/changelog/bulkfetch');
    // 3 groups (2, 2, 1 issues); 8, 8 and 4 changes in pages of 3: 3 + 3 + 2 requests
    assert.equal(calls.length, 8);
    assert.ok(calls.every((r) => r.method === 'POST' && r.body.fieldIds.length === 1 && r.body.maxResults === 3));
    assert.deepEqual(
      calls.filter((r) => !r.body.nextPageToken).map((r) => r.body.issueIdsOrKeys),
      [['100', '101'], ['102', '103'], ['104']],
    );
  });

  test('any field: the sprint field alone, or with status', async () => {
    fakeJira({ issues: [], fields: {}, histories: histories(2, 3) });
    const paging = { issuesPerCall: 1000, pageSize: 1000 };
    const sprints = await readHistories(new Session(BUDGET), ids(2), ['customfield_10020'], paging);
    assert.deepEqual(
      sprints.changes.get('101').map((c) => [c.field, c.from, c.to, c.at]),
      [['customfield_10020', '', '7', START + 0.5 * DAY]],
    );
    const both = await readHistories(new Session(BUDGET), ids(2), ['status', 'customfield_10020'], paging);
    assert.deepEqual(
      both.changes.get('100').map((c) => c.field),
      ['status', 'customfield_10020', 'status', 'status'],
    );
  });

  test('an issue without changes has an empty history, not a missing one', async () => {
    fakeJira({ issues: [], fields: {}, histories: {} });
    const result = await readHistories(new Session(BUDGET), ['7', '8'], ['status'], {
      issuesPerCall: 10,
      pageSize: 10,
    });
    assert.deepEqual(
      [...result.changes],
      [
        ['7', []],
        ['8', []],
      ],
    );
    assert.deepEqual(result.missing, []);
  });

  test('the budget stops whole groups: their issues are missing, never half read', async () => {
    fakeJira({ issues: [], fields: {}, histories: histories(6, 10) });
    // a group of 2 issues has 22 changes: one page of 30 sets aside 31 points and costs 23
    const session = new Session({ ...BUDGET, points: 70, concurrency: 1 });
    const paging = { issuesPerCall: 2, pageSize: 30 };
    const result = await readHistories(session, ids(6), ['status', 'customfield_10020'], paging);
    assert.deepEqual([...result.changes.keys()], ['100', '101', '102', '103']);
    assert.deepEqual(result.missing, ['104', '105']);
    assert.equal(result.changes.get('103').length, 11);
    assert.equal(session.spent, 46);
  });

  test('a group whose next page no longer fits is missing as a whole', async () => {
    const fake = fakeJira({ issues: [], fields: {}, histories: histories(2, 10) });
    const session = new Session({ ...BUDGET, points: 20 });
    const result = await readHistories(session, ids(2), ['status', 'customfield_10020'], {
      issuesPerCall: 2,
      pageSize: 10,
    });
    assert.deepEqual([...result.changes.keys()], []);
    assert.deepEqual(result.missing, ['100', '101']);
    assert.equal(fake.requests.length, 1);
  });

  test('points: a request and a change history each, as Jira charges', async () => {
    const fake = fakeJira({ issues: [], fields: {}, histories: histories(3, 5) });
    const session = new Session(BUDGET);
    await readHistories(session, ids(3), ['status'], { issuesPerCall: 1000, pageSize: 10 });
    assert.equal(session.spent, fake.points);
    assert.equal(fake.points, 2 + 15);
  });

  test('more than ten fields, or none, is refused before any request', async () => {
    const fake = fakeJira({ issues: [], fields: {}, histories: {} });
    const paging = { issuesPerCall: 10, pageSize: 10 };
    const eleven = Array.from({ length: 11 }, (_, i) => `f${i}`);
    await assert.rejects(readHistories(new Session(BUDGET), ['1'], eleven, paging), RangeError);
    await assert.rejects(readHistories(new Session(BUDGET), ['1'], [], paging), RangeError);
    assert.equal(fake.requests.length, 0);
  });

  test('paging is clamped to what Jira takes', async () => {
    const fake = fakeJira({ issues: [], fields: {}, histories: histories(3, 1) });
    await readHistories(new Session(BUDGET), ids(3), ['status'], { issuesPerCall: 5000, pageSize: 50000 });
    assert.deepEqual(
      fake.requests.map((r) => [r.body.issueIdsOrKeys.length, r.body.maxResults]),
      [[3, 10000]],
    );
  });
});

describe('pageChanges', () => {
  test('keeps the asked fields, reads fields without an id by name, skips unreadable dates', () => {
    const body = {
      issueChangeLogs: [
        {
          issueId: 10,
          changeHistories: [
            {
              created: '2026-01-05T10:00:00.000+0000',
              items: [
                { field: 'status', fieldId: 'status', from: '1', fromString: 'Open', to: '3', toString: 'Doing' },
                { field: 'assignee', fieldId: 'assignee', from: null, to: 'acc-1' },
              ],
            },
            { created: 'yesterday', items: [{ fieldId: 'status', from: '3', to: '5' }] },
            { created: '2026-01-06T10:00:00.000+0000', items: [{ field: 'status', from: 3, to: 5 }] },
          ],
        },
      ],
    };
    assert.deepEqual(pageChanges(body, new Set(['status'])), [
      [
        '10',
        [
          {
            field: 'status',
            at: Date.UTC(2026, 0, 5, 10),
            from: '1',
            fromString: 'Open',
            to: '3',
            toString: 'Doing',
          },
          { field: 'status', at: Date.UTC(2026, 0, 6, 10), from: '3', fromString: null, to: '5', toString: null },
        ],
      ],
    ]);
    assert.deepEqual(pageChanges({}, new Set(['status'])), []);
  });
});
