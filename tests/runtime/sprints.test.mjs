// A board's last closed sprints (sprints.js): which sprints, the work committed at each start (from the Sprint
// field's history) and completed by each end, counted or summed as the field was then, and what is said when the
// budget leaves histories unread.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeJira } from './fake-jira.mjs';
import { runtime } from './support.mjs';

const { Session } = await runtime('jira.js');
const { sprintRows, lastClosed, boardOf } = await runtime('sprints.js');
const { valueAt, holdsSprint } = await runtime('sprint-history.js');
const { boardOptions } = await runtime('boards.js');

const BUDGET = { timeMs: 20000, points: 12000, concurrency: 20, perSecond: 80, rates: [] };
const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2026, 0, 5);
const SPRINT_FIELD = 'customfield_10020';
const POINTS = 'customfield_10016';

/** @param {number} days */
const at = (days) => new Date(T0 + days * DAY).toISOString().replace('Z', '+0000');

/** Sprint `n` of board 5 runs from day 14(n-1) to 14n - 1. */
function sprint(id, n, state = 'closed') {
  const start = 14 * (n - 1);
  return {
    id,
    name: `Sprint ${n}`,
    state,
    startDate: at(start),
    endDate: at(start + 14),
    ...(state === 'closed' ? { completeDate: at(start + 14.1) } : {}),
    goal: `Goal ${n}`,
  };
}

// Jira lists sprints in its own order: here not by date, to show they are put in order.
const SPRINTS = [sprint(12, 2), sprint(11, 1), sprint(13, 3), sprint(14, 4, 'active')];

/** An issue in sprint 12 or 13, and its changes of the Sprint and story-points fields. */
const ISSUES = {
  11: [],
  14: [
    // the active sprint (from day 42): one issue in it from before, one created and added on its second day
    { id: '7', created: at(40), resolved: at(44), points: 3 },
    { id: '8', created: at(43), resolved: null, points: 5 },
  ],
  12: [
    // committed (in sprint 12 before its start) and completed, 3 points then, 5 at the end
    { id: '1', created: at(-3), resolved: at(20), points: 5 },
    // added after the start: completed but not committed
    { id: '2', created: at(-3), resolved: at(26), points: 2 },
    // committed, not completed (resolved after the sprint, in sprint 13)
    { id: '3', created: at(-3), resolved: at(40), points: 8 },
    // created inside the sprint: never committed
    { id: '4', created: at(16), resolved: null, points: null },
  ],
  13: [
    // carried over from sprint 12 at sprint 13's start: committed to 13 as well
    { id: '3', created: at(-3), resolved: at(40), points: 8 },
    // no changes at all, created before: in the sprint since before the start
    { id: '5', created: at(1), resolved: at(30), points: 1 },
  ],
};

const sprintChange = (days, from, to) => ({
  created: at(days),
  items: [{ field: 'Sprint', fieldId: SPRINT_FIELD, from, fromString: from, to, toString: to }],
});
const pointsChange = (days, from, to) => ({
  created: at(days),
  items: [{ field: 'Story Points', fieldId: POINTS, from, fromString: from, to, toString: to }],
});

const HISTORIES = {
  1: [sprintChange(-2, '', '12'), pointsChange(17, '3', '5')],
  2: [sprintChange(15, '', '12')],
  3: [sprintChange(-2, '', '12'), sprintChange(28, '12', '12, 13')],
  4: [],
  5: [],
  7: [sprintChange(41, '', '14')],
  8: [sprintChange(43.5, '', '14')],
};

function site(histories = HISTORIES) {
  return fakeJira({
    issues: [],
    fields: {},
    histories,
    lists: {
      '/rest/agile/1.0/board/5/sprint': (q) => {
        const wanted = (q.get('state') || '').split(',');
        const values = SPRINTS.filter((s) => wanted.includes(s.state));
        const start = Number(q.get('startAt'));
        const size = Number(q.get('maxResults'));
        const page = values.slice(start, start + size);
        return { startAt: start, maxResults: size, isLast: start + page.length >= values.length, values: page };
      },
      '/rest/agile/1.0/sprint/11/issue': (q) => issuePage(11, q),
      '/rest/agile/1.0/sprint/12/issue': (q) => issuePage(12, q),
      '/rest/agile/1.0/sprint/13/issue': (q) => issuePage(13, q),
      '/rest/agile/1.0/sprint/14/issue': (q) => issuePage(14, q),
      '/rest/api/3/field': [
        { id: 'summary', name: 'Summary', schema: { type: 'string', system: 'summary' } },
        { id: SPRINT_FIELD, name: 'Sprint', schema: { type: 'array', custom: 'com.pyxis.greenhopper.jira:gh-sprint' } },
      ],
      '/rest/agile/1.0/board': (q) => ({
        values: [
          { id: 5, name: `Team ${q.get('name')}`, location: { projectKey: 'ABC' } },
          { id: 6, name: 'Loose board' },
        ],
      }),
    },
  });
}

function issuePage(sprintId, q) {
  const all = ISSUES[sprintId];
  const start = Number(q.get('startAt'));
  const size = Number(q.get('maxResults'));
  const issues = all.slice(start, start + size).map((i) => ({
    id: i.id,
    key: `ABC-${i.id}`,
    fields: { created: i.created, resolutiondate: i.resolved, [POINTS]: i.points },
  }));
  return { startAt: start, maxResults: size, total: all.length, issues };
}

const FIELDS = [
  ['name', 'sprint', 'name'],
  ['start', 'datetime', 'startDate'],
  ['committed', 'number', 'committed'],
  ['completed', 'number', 'completed'],
].map(([name, type, read]) => ({ name, type, read: [read] }));

function fetchOf(measure) {
  return {
    kind: 'sprints',
    into: 'rows',
    board: 'board',
    operation: 'GET /rest/agile/1.0/board/{boardId}/sprint',
    sprintPage: 50,
    issuesOperation: 'GET /rest/agile/1.0/sprint/{sprintId}/issue',
    issuePage: 3,
    issueFields: ['resolutiondate', 'created', ...(measure ? [measure] : [])],
    fieldsOperation: 'GET /rest/api/3/field',
    historiesOperation: 'POST /rest/api/3/changelog/bulkfetch',
    paging: { issuesPerCall: 250, pageSize: 5000 },
    measure: { field: measure, type: 'number' },
    days: null,
  };
}

function requestOf(board, limit, session = new Session(BUDGET)) {
  return {
    module: { fields: FIELDS, config: [{ name: 'board', label: 'Team board', type: 'board' }] },
    env: { param: { board }, settings: {}, context: {} },
    limit,
    session,
  };
}

describe('sprint rows', () => {
  test('the last closed sprints, oldest first, with the issues committed and completed', async () => {
    const fake = site();
    const result = await sprintRows(fetchOf(null), requestOf('5', 2));
    assert.deepEqual(
      result.rows.map((r) => [r.name.name, r.committed, r.completed]),
      [
        ['Sprint 2', 2, 2],
        ['Sprint 3', 2, 2],
      ],
    );
    assert.equal(result.coverage, undefined);
    const listing = fake.requests.find((r) => r.path === '/rest/agile/1.0/board/5/sprint');
    assert.equal(listing.url.searchParams.get('state'), 'closed');
    assert.ok(fake.requests.every((r) => r.provider === 'user'));
    // sprint 12 has 4 issues in pages of 3: two pages; sprint 13 one; sprint 11 is not read
    assert.equal(fake.requests.filter((r) => r.path.startsWith('/rest/agile/1.0/sprint/12/')).length, 2);
    assert.equal(fake.requests.filter((r) => r.path.startsWith('/rest/agile/1.0/sprint/11/')).length, 0);
    const history = fake.requests.find((r) => r.path === '/rest/api/3/changelog/bulkfetch');
    assert.deepEqual(history.body.fieldIds, [SPRINT_FIELD]);
    assert.deepEqual([...history.body.issueIdsOrKeys].sort(), ['1', '2', '3', '4', '5']);
  });

  test('summed by a field as it was at the start (committed) and at the end (completed)', async () => {
    const fake = site();
    const result = await sprintRows(fetchOf(POINTS), requestOf('5', 2));
    // sprint 12: committed 1 (3 points at the start) + 3 (8); completed 1 (5 at the end) + 2 (2)
    // sprint 13: committed 3 (8) + 5 (1); completed the same two
    assert.deepEqual(
      result.rows.map((r) => [r.name.name, r.committed, r.completed]),
      [
        ['Sprint 2', 11, 7],
        ['Sprint 3', 9, 9],
      ],
    );
    const history = fake.requests.find((r) => r.path === '/rest/api/3/changelog/bulkfetch');
    assert.deepEqual(history.body.fieldIds, [SPRINT_FIELD, POINTS]);
    const read = fake.requests.find((r) => r.path === '/rest/agile/1.0/sprint/12/issue');
    assert.equal(read.url.searchParams.get('fields'), `resolutiondate,created,${POINTS}`);
  });

  test('more sprints asked for than the board has closed: all of them', async () => {
    site();
    const result = await sprintRows(fetchOf(null), requestOf('5', 6));
    assert.deepEqual(
      result.rows.map((r) => r.name),
      ['Sprint 1', 'Sprint 2', 'Sprint 3'].map((name, k) => ({ name, order: `00000${k}` })),
    );
  });

  test('histories the budget did not reach: those issues are left out, and the rows say so', async () => {
    site();
    // 12 points go to the sprints, the Sprint field and the first pages; sprint 12's second page (issue 4) would not
    // leave half the budget for histories; each history group of one issue sets aside 3: three fit in 22
    const session = new Session({ ...BUDGET, points: 22 });
    const fetch = { ...fetchOf(null), paging: { issuesPerCall: 1, pageSize: 2 } };
    const result = await sprintRows(fetch, requestOf('5', 2, session));
    assert.equal(result.coverage.note, 'Based on 3 of 5 issues.');
    const counted = result.rows.reduce((n, r) => n + r.committed, 0);
    assert.ok(counted <= 3, 'only issues whose history was read are counted');
  });

  test("a sprint's later pages the budget cannot pay for are not read, and count as not covered", async () => {
    const fake = site();
    // the sprints, the Sprint field and the first pages cost 12 points; sprint 12's second page would set aside 4
    const session = new Session({ ...BUDGET, points: 14 });
    const result = await sprintRows(fetchOf(null), requestOf('5', 2, session));
    assert.equal(fake.requests.filter((r) => r.path === '/rest/agile/1.0/sprint/12/issue').length, 1);
    assert.equal(result.coverage.note, 'Based on 0 of 5 issues.');
    assert.ok(session.spent <= 14);
  });

  test('the board must be set, and be a board id', async () => {
    site();
    await assert.rejects(sprintRows(fetchOf(null), requestOf('', 2)), { status: 412, message: /Team board/ });
    await assert.rejects(sprintRows(fetchOf(null), requestOf('5 OR 1=1', 2)), {
      status: 400,
      message: '“Team board” must be a board.',
    });
    assert.equal(boardOf(fetchOf(null), requestOf(' 42 ', 1)), '42');
  });

  test('a site without a Sprint field says so', async () => {
    fakeJira({
      issues: [],
      fields: {},
      lists: { '/rest/api/3/field': [], '/rest/agile/1.0/board/5/sprint': { values: [] } },
    });
    await assert.rejects(sprintRows(fetchOf(null), requestOf('5', 2)), { status: 404, message: /no Sprint field/ });
  });
});

describe('sprint days (burndown)', () => {
  const burndown = (days) => ({ ...fetchOf(POINTS), days });
  const dayFields = ['day', 'scope', 'done', 'remaining'].map((name) => ({
    name,
    type: name === 'day' ? 'date' : 'number',
    read: [name],
  }));
  const request = (session) => ({
    ...requestOf('5', 100, session),
    module: { ...requestOf('5', 1).module, fields: dayFields },
    timeZone: 'UTC',
  });

  test('the last closed sprint, day by day until it closed', async () => {
    const fake = site();
    const result = await sprintRows(burndown('last closed'), request(new Session(BUDGET)));
    // sprint 13 (days 28 to 42): issue 3 carried over (8 points), issue 5 (1 point) created before; both resolved
    assert.equal(result.rows.length, 15);
    assert.deepEqual(result.rows[0], { day: at(28).slice(0, 10), scope: 9, done: 0, remaining: 9 });
    const closing = result.rows[result.rows.length - 1];
    assert.deepEqual(closing, { day: at(42).slice(0, 10), scope: 9, done: 9, remaining: 0 });
    assert.deepEqual(
      fake.requests.filter((r) => r.path.startsWith('/rest/agile/1.0/sprint/')).map((r) => r.path),
      ['/rest/agile/1.0/sprint/13/issue'],
    );
  });

  test('the active sprint, day by day until now', async (t) => {
    const fake = site();
    t.mock.method(Date, 'now', () => T0 + 45.5 * DAY);
    const result = await sprintRows(burndown('active'), request(new Session(BUDGET)));
    const listing = fake.requests.find((r) => r.path === '/rest/agile/1.0/board/5/sprint');
    assert.equal(listing.url.searchParams.get('state'), 'active');
    assert.deepEqual(
      result.rows.map((r) => [r.day, r.scope, r.done, r.remaining]),
      [
        [at(42).slice(0, 10), 3, 0, 3],
        [at(43).slice(0, 10), 8, 0, 8],
        [at(44).slice(0, 10), 8, 3, 5],
        [at(45).slice(0, 10), 8, 3, 5],
      ],
    );
  });
});

describe('sprint history rules', () => {
  const changes = [
    { field: 'f', at: 10, from: '', to: '1' },
    { field: 'f', at: 20, from: '1', to: '1, 2' },
  ];
  test('a value at a moment: after the last change before it, before the first after it, else now', () => {
    assert.equal(valueAt(changes, 5, 'now'), '');
    assert.equal(valueAt(changes, 10, 'now'), '1');
    assert.equal(valueAt(changes, 15, 'now'), '1');
    assert.equal(valueAt(changes, 25, 'now'), '1, 2');
    assert.equal(valueAt([], 25, 'now'), 'now');
  });
  test('a Sprint field value names sprints by id', () => {
    assert.equal(holdsSprint('1, 12', 12), true);
    assert.equal(holdsSprint('112', 12), false);
    assert.equal(holdsSprint(null, 12), false);
  });
  test('the last closed sprints by when they ended; sprints never closed are not among them', () => {
    assert.deepEqual(
      lastClosed(SPRINTS, 2).map((s) => s.id),
      [12, 13],
    );
  });
});

describe('board picker', () => {
  test('boards matching what was typed, labelled with their project, valued by id', async () => {
    const fake = site();
    const options = await boardOptions({ pageSize: 50 }, 'Team');
    assert.deepEqual(options, [
      { label: 'Team Team (ABC)', value: '5' },
      { label: 'Loose board', value: '6' },
    ]);
    const sent = fake.requests[0];
    assert.equal(sent.url.searchParams.get('name'), 'Team');
    assert.equal(sent.url.searchParams.get('maxResults'), '50');
  });
});
