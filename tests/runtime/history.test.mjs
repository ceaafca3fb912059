// Status histories into rows: the shared vectors of status periods (tests/vectors/status-periods.json), which the
// preview and the benchmark's oracle run too.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runtime, vectors } from './support.mjs';

const { statusPeriods } = await runtime('periods.js');
const { measureHistory, shownRow, PERIODS } = await runtime('measures.js');

describe('status-periods.json', () => {
  const { now, statuses, cases } = vectors('status-periods.json');
  const listed = new Map(statuses.map((/** @type {any} */ s) => [s.id, s]));
  for (const c of cases) {
    test(c.name, () => {
      const changes = c.changes.map((/** @type {any} */ ch) => ({ field: 'status', ...ch, at: Date.parse(ch.at) }));
      const found = statusPeriods(Date.parse(c.created), c.current, changes, listed, Date.parse(now));
      assert.deepEqual(
        found.map((p) => [
          p.status.id,
          p.status.name,
          p.status.statusCategory ? p.status.statusCategory.key : null,
          p.entered,
          p.left,
          p.duration,
        ]),
        c.periods,
      );
    });
  }
});

const { Session } = await runtime('jira.js');
const { statusPeriodRows, issueHistoryRows } = await runtime('history-rows.js');
const { fakeJira } = await import('./fake-jira.mjs');

describe('history-measures.json', () => {
  const { issues, cases } = vectors('history-measures.json');
  const periodsOf = (/** @type {any[]} */ list) =>
    list.map(([name, category, entered, left, duration]) => ({
      status: { id: name, name, statusCategory: category === null ? null : { key: category, name: category } },
      entered,
      left,
      duration,
    }));
  for (const c of cases) {
    test(c.name, () => {
      const periods = issues[c.issue].length === 0 ? undefined : periodsOf(issues[c.issue]);
      assert.deepEqual(measureHistory({ kind: 'history', type: 'x', ...c.measure }, periods), c.value);
    });
  }
  test('the periods are not shown with the row', () => {
    assert.deepEqual(shownRow({ key: 'A-1', [PERIODS]: [] }), { key: 'A-1' });
    const plain = { key: 'A-2' };
    assert.equal(shownRow(plain), plain);
  });
});

describe('statusPeriodRows', () => {
  const BUDGET = { timeMs: 20000, points: 12000, concurrency: 20, perSecond: 80, rates: [] };
  const DAY = 24 * 3600 * 1000;
  const T0 = Date.UTC(2026, 0, 5);
  const NOW = T0 + 30 * DAY;
  const OPEN = { id: '1', name: 'Open', statusCategory: { key: 'new', name: 'To Do' } };
  const DONE = { id: '5', name: 'Done', statusCategory: { key: 'done', name: 'Done' } };
  const iso = (/** @type {number} */ ms) => new Date(ms).toISOString().replace('Z', '+0000');
  /** `n` issues, one created a day from T0, each moved to Done `i + 1` days after it was created (odd ones not yet). */
  const site = (/** @type {number} */ n) =>
    Array.from({ length: n }, (_, i) => ({
      id: String(100 + i),
      key: `H-${i}`,
      fields: { created: iso(T0 + i * DAY), status: i % 2 === 0 ? DONE : OPEN, summary: `Issue ${i}` },
    }));
  const histories = (/** @type {number} */ n) =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        String(100 + i),
        i % 2 === 0
          ? [
              {
                created: iso(T0 + (2 * i + 1) * DAY),
                items: [{ fieldId: 'status', from: '1', fromString: 'Open', to: '5', toString: 'Done' }],
              },
            ]
          : [],
      ]),
    );
  const FIELDS = [
    { name: 'issue', type: 'key', read: ['issue', 'key'] },
    { name: 'summary', type: 'text', read: ['issue', 'fields', 'summary'] },
    { name: 'status', type: 'status', read: ['period', 'status'] },
    { name: 'category', type: 'status_category', read: ['period', 'status'] },
    { name: 'left', type: 'datetime', read: ['period', 'left'] },
    { name: 'duration', type: 'duration', read: ['period', 'duration'] },
  ];
  const FETCH = {
    kind: 'statusPeriods',
    into: 'rows',
    search: 'GET /rest/api/3/search/jql',
    histories: 'POST /rest/api/3/changelog/bulkfetch',
    statuses: 'GET /rest/api/3/status',
    issueFields: ['created', 'status', 'summary'],
    pageSize: 2,
    paging: { issuesPerCall: 2, pageSize: 10 },
    newestFirst: true,
  };
  const JQL_FIELDS = { created: (/** @type {any} */ i) => Date.parse(i.fields.created) };
  /** @param {any} session @param {object} [extra] */
  const request = (session, extra = {}) => ({
    module: { fields: FIELDS },
    jql: 'project = H',
    env: { param: {}, settings: {}, context: {} },
    limit: 100,
    session,
    timeZone: 'UTC',
    now: NOW,
    total: null,
    needAll: true,
    ...extra,
  });
  const lists = { '/rest/api/3/status': [OPEN, DONE] };

  test('every stint of every matching issue, newest issue first, with categories from the status list', async () => {
    const fake = fakeJira({ issues: site(3), fields: JQL_FIELDS, histories: histories(3), lists });
    const result = await statusPeriodRows(FETCH, request(new Session(BUDGET)));
    assert.deepEqual(
      result.rows.map((r) => [r.issue, r.status.name, r.category && r.category.category, r.left, r.duration / 86400]),
      [
        ['H-2', 'Open', 'new', '2026-01-10T00:00:00.000Z', 3],
        ['H-2', 'Done', 'done', null, 25],
        ['H-1', 'Open', 'new', null, 29],
        ['H-0', 'Open', 'new', '2026-01-06T00:00:00.000Z', 1],
        ['H-0', 'Done', 'done', null, 29],
      ],
    );
    assert.equal(result.coverage, undefined);
    const searches = fake.requests.filter((r) => r.path === '/rest/api/3/search/jql');
    assert.ok(searches.every((r) => r.url.searchParams.get('jql').endsWith('ORDER BY created DESC')));
    const bulk = fake.requests.filter((r) => r.path === '/rest/api/3/changelog/bulkfetch');
    assert.deepEqual(
      bulk.map((r) => r.body.issueIdsOrKeys),
      [['102', '101'], ['100']],
    );
    assert.equal(fake.requests.filter((r) => r.path === '/rest/api/3/status').length, 1);
  });

  test('without the category no status list is read', async () => {
    const fake = fakeJira({ issues: site(1), fields: JQL_FIELDS, histories: histories(1), lists });
    await statusPeriodRows({ ...FETCH, statuses: null }, request(new Session(BUDGET)));
    assert.equal(fake.requests.filter((r) => r.path === '/rest/api/3/status').length, 0);
  });

  test('cut short by the budget: the result says how many issues it covers', async () => {
    fakeJira({ issues: site(6), fields: JQL_FIELDS, histories: histories(6), lists: {} });
    // a page and its histories set aside 2 + 2 + 10 points; while the first page's histories are read (10 set
    // aside), a second page no longer fits in 16
    const session = new Session({ ...BUDGET, points: 16 });
    const result = await statusPeriodRows({ ...FETCH, statuses: null }, request(session));
    assert.equal(result.coverage.kind, 'histories');
    assert.equal(result.coverage.total, 6);
    assert.equal(result.coverage.covered, 2);
    assert.equal(result.coverage.note, 'Based on the status history of 2 of 6 issues.');
    assert.deepEqual([...new Set(result.rows.map((r) => r.issue))], ['H-5', 'H-4']);
  });

  test('pages of histories ask for about as many changes as the pages before held', async () => {
    const fake = fakeJira({ issues: site(6), fields: JQL_FIELDS, histories: histories(6), lists: {} });
    await statusPeriodRows({ ...FETCH, statuses: null }, request(new Session(BUDGET), { needAll: false, limit: 100 }));
    const asked = fake.requests
      .filter((r) => r.path === '/rest/api/3/changelog/bulkfetch')
      .map((r) => r.body.maxResults);
    // the first page asks for the plan's 10; one change in two issues, with a margin, then asks for 2
    assert.deepEqual(asked, [10, 2, 2]);
  });

  test('a table alone stops reading once its limit is reached', async () => {
    const fake = fakeJira({ issues: site(6), fields: JQL_FIELDS, histories: histories(6), lists: {} });
    const result = await statusPeriodRows(
      { ...FETCH, statuses: null },
      request(new Session(BUDGET), { needAll: false, limit: 2 }),
    );
    assert.equal(result.truncated, true);
    assert.equal(fake.requests.filter((r) => r.path === '/rest/api/3/search/jql').length, 1);
  });
});

describe('issueHistoryRows', () => {
  test('one row per issue, in the module order, carrying its stints', async () => {
    const DAY = 24 * 3600 * 1000;
    const T0 = Date.UTC(2026, 0, 5);
    const OPEN = { id: '1', name: 'Open', statusCategory: { key: 'new', name: 'To Do' } };
    const iso = (/** @type {number} */ ms) => new Date(ms).toISOString().replace('Z', '+0000');
    const issues = [0, 1].map((i) => ({
      id: String(100 + i),
      key: `H-${i}`,
      fields: { created: iso(T0 + i * DAY), status: OPEN },
    }));
    const fake = fakeJira({
      issues,
      fields: { created: (/** @type {any} */ i) => Date.parse(i.fields.created) },
      histories: {},
    });
    const fetch = {
      kind: 'issueHistories',
      into: 'rows',
      search: 'GET /rest/api/3/search/jql',
      histories: 'POST /rest/api/3/changelog/bulkfetch',
      statuses: null,
      issueFields: ['created', 'status'],
      pageSize: 100,
      paging: { issuesPerCall: 100, pageSize: 2000 },
      newestFirst: false,
    };
    const result = await issueHistoryRows(fetch, {
      module: { fields: [{ name: 'key', type: 'key', read: ['key'] }] },
      jql: 'project = H',
      ordered: 'project = H ORDER BY created ASC',
      env: { param: {}, settings: {}, context: {} },
      limit: 100,
      session: new Session({ timeMs: 20000, points: 12000, concurrency: 20, perSecond: 80, rates: [] }),
      timeZone: 'UTC',
      now: T0 + 10 * DAY,
      total: null,
      needAll: true,
    });
    assert.deepEqual(
      result.rows.map((r) => [r.key, r[PERIODS].length, r[PERIODS][0].duration / 86400]),
      [
        ['H-0', 1, 10],
        ['H-1', 1, 9],
      ],
    );
    assert.equal(fake.requests[0].url.searchParams.get('jql'), 'project = H ORDER BY created ASC');
  });
});
