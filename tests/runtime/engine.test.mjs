// The data engine's unit tests: the session (pool, rates, points, 429), slicing and scanning, counting groups
// (date ranges, discovery, reference and project lists), worklogs, lists, and how a load picks each view's source.
// Requests go through @forge/api to the small fake Jira in fake-jira.mjs, which evaluates the JQL the engine sends.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeJira, parseQuery, virtualTimer } from './fake-jira.mjs';
import { runtime } from './support.mjs';

const { Session, retryAfterMs } = await runtime('jira.js');
const { AppError } = await runtime('errors.js');
const { countIssues, countRows, COUNT } = await runtime('count.js');
const { searchBody } = await runtime('search-body.js');
const { cut, scanValues, sliceCondition } = await runtime('scan.js');
const { groupCounts } = await runtime('groups.js');
const { cellCounts } = await runtime('cells.js');
const { rangeGroups } = await runtime('ranges.js');
const { discoveredGroups, projectGroups, valuesOf } = await runtime('discover.js');
const { statusCategories } = await runtime('status-categories.js');
const { components } = await runtime('components.js');
const { worklogRows } = await runtime('worklogs.js');
const { listRows, listCost } = await runtime('lists.js');
const { chooseSources, loadModule, timeZoneOf } = await runtime('load.js');
const { midnight } = await runtime('dates.js');

const BUDGET = { timeMs: 20000, points: 12000, concurrency: 20, perSecond: 80, rates: [] };
const HOUR = 3600 * 1000;
const MONDAY = Date.UTC(2025, 0, 6);
const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];

/** Jira's date-time format. @param {number} ms */
function jiraTime(ms) {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** `n` issues, one every `every` hours from MONDAY, with a priority, labels, components, a number and a resolution. */
function issues(n, every = 7) {
  return Array.from({ length: n }, (_, i) => ({
    id: String(10000 + i),
    key: `E-${i}`,
    fields: {
      created: jiraTime(MONDAY + i * every * HOUR),
      resolutiondate: i % 4 === 0 ? null : jiraTime(MONDAY + (i + 30) * every * HOUR),
      priority: { id: String(1 + (i % 5)), name: PRIORITIES[i % 5] },
      labels: i % 3 === 0 ? [] : i % 3 === 1 ? ['red'] : ['red', `rare-${i % 7}`],
      components: i % 2 === 0 ? [{ id: '501', name: 'API' }] : [{ id: '502', name: 'UI' }],
      project: { id: '10000', key: 'E', name: 'Engine' },
      status: { name: 'Open', statusCategory: { id: 2, key: 'new', name: 'To Do' } },
      customfield_1: i % 10 === 0 ? null : i,
    },
  }));
}

/** The JQL fields of those issues, as the fake evaluates them. */
const FIELDS = {
  created: (/** @type {any} */ i) => Date.parse(i.fields.created),
  resolved: (/** @type {any} */ i) => (i.fields.resolutiondate ? Date.parse(i.fields.resolutiondate) : null),
  priority: (/** @type {any} */ i) => i.fields.priority.id,
  labels: (/** @type {any} */ i) => i.fields.labels,
  component: (/** @type {any} */ i) => i.fields.components.map((/** @type {any} */ c) => c.id),
  project: (/** @type {any} */ i) => i.fields.project.id,
  statuscategory: (/** @type {any} */ i) => i.fields.status.statusCategory.id,
};

const FIELD_LIST = [
  { name: 'created', type: 'datetime', read: ['fields', 'created'] },
  { name: 'priority', type: 'priority', read: ['fields', 'priority'] },
  { name: 'points', type: 'number', read: ['fields', 'customfield_1'] },
];

/** A load request over the fake, as load.js builds one. */
function requestFor(session, extra = {}) {
  return {
    module: { fields: FIELD_LIST },
    jql: 'project = E',
    ordered: 'project = E ORDER BY created DESC',
    env: { param: {}, settings: {}, context: { user: 'acc-1' } },
    limit: 50,
    session,
    timeZone: 'UTC',
    total: null,
    needAll: true,
    readers: {},
    finders: {},
    ...extra,
  };
}

/** A chart's series counting issues per `x`, read from the first of `sources` that covers them. */
function series(x, sources) {
  return { label: 'Count', x, aggregate: 'count', field: null, fieldType: null, percent: null, sources };
}

/** The group fetch of a field Jira returns under `jira` (its JQL clause named like the field, unless told). */
function group(field, type, jira, overrides) {
  return {
    kind: 'groups',
    into: `groups:${field}`,
    operation: COUNT,
    field,
    type,
    clause: field,
    fields: [jira],
    read: ['fields', jira],
    bucket: null,
    multi: false,
    nullable: true,
    ...overrides,
  };
}

describe('the session', () => {
  test('never more than `concurrency` requests in flight', async () => {
    const log = fakeJira({ issues: issues(10), fields: FIELDS, latency: 5 });
    const session = new Session({ ...BUDGET, concurrency: 3 });
    await Promise.all(Array.from({ length: 20 }, () => countIssues(session, 'project = E')));
    assert.equal(log.mostInFlight, 3);
    assert.equal(session.mostInFlight, 3);
    assert.equal(session.sent, 20);
  });

  test('each operation keeps within its rate over every second', async () => {
    const timer = virtualTimer();
    const starts = [];
    fakeJira({ issues: issues(10), fields: FIELDS, arrived: () => starts.push(timer.now()) });
    const budget = { ...BUDGET, perSecond: 100, rates: [{ operation: COUNT, perSecond: 4 }] };
    const session = new Session(budget, timer);
    await Promise.all(Array.from({ length: 10 }, () => countIssues(session, 'project = E')));
    assert.equal(starts.length, 10);
    for (const at of starts) {
      assert.ok(starts.filter((t) => t >= at && t < at + 1000).length <= 4, `${starts}`);
    }
    assert.deepEqual([...new Set(starts)], [0, 1000, 2000]); // 4, 4 and 2 requests: one burst a second
  });

  test('points: each answer costs 1 and 1 per item; requests in flight hold what they may cost', async () => {
    fakeJira({ issues: issues(30), fields: FIELDS });
    const session = new Session({ ...BUDGET, points: 100 });
    const page = searchBody(session, 'project = E', ['created'], 25);
    assert.equal(session.reserved, 26);
    assert.equal(session.affords(75), false);
    await page;
    assert.equal(session.spent, 26);
    assert.equal(session.reserved, 0);
    await countIssues(session, 'project = E');
    assert.equal(session.spent, 27);
    assert.equal(session.affords(73), true);
    assert.equal(session.affords(74), false);
  });

  test('a 429 is waited out for as long as Jira asks, when that fits the time left', async () => {
    let refused = 0;
    const timer = virtualTimer();
    fakeJira({
      issues: issues(3),
      fields: FIELDS,
      refuse: () =>
        refused++ < 2 ? { status: 429, headers: { 'Retry-After': '2', 'RateLimit-Reason': 'jira-burst-based' } } : null,
    });
    const session = new Session(BUDGET, timer);
    assert.equal(await countIssues(session, 'project = E'), 3);
    assert.deepEqual(timer.slept, [2000, 2000]);
    assert.equal(session.sent, 3);
    assert.equal(session.spent, 1); // refusals cost nothing
  });

  test('a wait longer than the time left ends the load with the reason and when to try again', async () => {
    fakeJira({
      issues: issues(3),
      fields: FIELDS,
      refuse: () => ({
        status: 429,
        headers: { 'Retry-After': '1800', 'RateLimit-Reason': 'jira-quota-global-based' },
      }),
    });
    await assert.rejects(countIssues(new Session(BUDGET, virtualTimer()), 'project = E'), (error) => {
      assert.ok(error instanceof AppError && error.status === 429);
      assert.match(error.message, /used up the Jira requests it may make this hour/);
      assert.match(error.message, /jira-quota-global-based/);
      assert.match(error.message, /about 30 minutes/);
      return true;
    });
    fakeJira({
      issues: issues(3),
      fields: FIELDS,
      refuse: () => ({ status: 429, headers: { 'Retry-After': '30', 'RateLimit-Reason': 'jira-burst-based' } }),
    });
    const short = new Session({ ...BUDGET, timeMs: 1000 }, virtualTimer());
    await assert.rejects(countIssues(short, 'project = E'), /too many requests reached Jira within one second/);
  });

  test('Retry-After as seconds or as an HTTP date; one second when Jira does not say', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    const at = (value) =>
      retryAfterMs(new Response(null, { status: 429, headers: value ? { 'Retry-After': value } : {} }), now);
    assert.equal(at('7'), 7000);
    assert.equal(at(new Date(now + 5000).toUTCString()), 5000);
    assert.equal(at(null), 1000);
    assert.equal(at('soon'), 1000);
  });
});

describe('slices and scans', () => {
  test('slices never overlap and miss nothing: open ends, each bound shared by the slices on both sides', async () => {
    const moments = Array.from({ length: 3000 }, (_, i) => MONDAY + Math.floor((i * i) / 40) * 60000);
    const count = async (slice) =>
      moments.filter((m) => (slice.from === null || m >= slice.from) && (slice.to === null || m < slice.to)).length;
    const slices = await cut({ from: null, to: null, count: 3000 }, moments[0], moments[2999] + 1, 400, count);
    assert.equal(slices[0].from, null);
    assert.equal(slices[slices.length - 1].to, null);
    for (let i = 1; i < slices.length; i += 1) {
      assert.equal(slices[i].from, slices[i - 1].to);
    }
    assert.equal(
      slices.reduce((sum, s) => sum + s.count, 0),
      3000,
    );
    assert.ok(slices.length >= 8, `${slices.length} slices`);
    assert.ok(slices.every((s) => s.count <= 600 || (s.to ?? Infinity) - (s.from ?? -Infinity) <= 60000 * 256));
    assert.equal(sliceCondition('created', { from: 5, to: 9, count: 1 }), 'created >= 5 AND created < 9');
    assert.equal(sliceCondition('created', { from: null, to: 9, count: 1 }), 'created < 9');
  });

  const SCAN = {
    kind: 'scan',
    into: 'values',
    operation: 'POST /rest/api/3/search/jql',
    fields: ['created', 'customfield_1'],
    pageSize: 100,
    sliceField: 'created',
    sliceIssues: 200,
  };

  test('a scan reads every matching issue once, several slices side by side', async () => {
    const log = fakeJira({ issues: issues(1234), fields: FIELDS, latency: 2 });
    const session = new Session(BUDGET);
    const result = await scanValues(SCAN, requestFor(session, { total: 1234 }));
    assert.equal(result.coverage, undefined);
    assert.equal(result.rows.length, 1234);
    assert.equal(new Set(result.rows.map((r) => r.created)).size, 1234);
    const sum = result.rows.reduce((s, r) => s + (r.points || 0), 0);
    assert.equal(
      sum,
      issues(1234).reduce((s, i) => s + (i.fields.customfield_1 || 0), 0),
    );
    assert.ok(log.mostInFlight > 4, `${log.mostInFlight} in flight`);
    const searches = log.requests.filter((r) => r.path === '/rest/api/3/search/jql');
    assert.ok(searches.every((r) => r.body.jql.startsWith('(project = E)')));
    assert.ok(searches.every((r) => r.body.fields.join() === 'created,customfield_1' || r.body.maxResults === 1));
    assert.equal(session.spent, log.points);
  });

  test('a scan cut short by the points budget says how many issues it is based on', async () => {
    fakeJira({ issues: issues(1234), fields: FIELDS });
    const session = new Session({ ...BUDGET, points: 600 });
    const result = await scanValues(SCAN, requestFor(session, { total: 1234 }));
    assert.ok(result.rows.length < 1234 && result.rows.length > 100);
    assert.equal(new Set(result.rows.map((r) => r.created)).size, result.rows.length);
    assert.deepEqual(
      { ...result.coverage, note: undefined },
      { kind: 'part', covered: result.rows.length, total: 1234, unit: 'issues', note: undefined },
    );
    assert.equal(result.coverage.note, `Based on ${result.rows.length} of 1,234 issues.`);
    assert.ok(session.spent <= 600);
  });

  test('a few issues are one request, no slicing', async () => {
    const log = fakeJira({ issues: issues(80), fields: FIELDS });
    const result = await scanValues(SCAN, requestFor(new Session(BUDGET), { total: 80 }));
    assert.equal(result.rows.length, 80);
    assert.equal(log.requests.length, 1);
  });
});

describe('counting groups', () => {
  const CREATED = group('created', 'datetime', 'created', {
    into: 'groups:created:week',
    bucket: 'week',
    nullable: false,
    values: { kind: 'range', operation: 'POST /rest/api/3/search/jql', dateOnly: false, maxGroups: 366 },
  });
  const finders = { range: rangeGroups, discover: discoveredGroups, projects: projectGroups };

  test('date buckets from the first to the last, an empty week counted 0', async () => {
    const site = issues(60, 12).filter((i) => !i.fields.created.startsWith('2025-01-2'));
    const log = fakeJira({ issues: site, fields: FIELDS });
    const result = await groupCounts(CREATED, requestFor(new Session(BUDGET), { total: site.length, finders }));
    const labels = result.groups.map((g) => g.label);
    assert.deepEqual(labels, [
      'w/c 6 Jan 2025',
      'w/c 13 Jan 2025',
      'w/c 20 Jan 2025',
      'w/c 27 Jan 2025',
      'w/c 3 Feb 2025',
    ]);
    assert.equal(result.groups[2].value, 0);
    assert.equal(
      result.groups.reduce((s, g) => s + g.value, 0),
      site.length,
    );
    assert.equal(result.omitted, 0);
    assert.equal(result.coverage, undefined);
    const bounds = log.requests.filter((r) => r.path.endsWith('approximate-count')).map((r) => r.body.jql);
    assert.ok(bounds.includes(`(project = E) AND created >= ${MONDAY} AND created < ${MONDAY + 7 * 24 * HOUR}`));
  });

  test("the buckets follow the viewer's time zone; issues without the date are left out and counted", async () => {
    const site = issues(40, 5);
    const log = fakeJira({ issues: site, fields: FIELDS });
    const resolved = group('resolved', 'datetime', 'resolutiondate', { bucket: 'day', values: CREATED.values });
    const request = requestFor(new Session(BUDGET), { total: 40, finders, timeZone: 'Asia/Tokyo' });
    const result = await groupCounts(resolved, request);
    assert.equal(result.omitted, 10);
    assert.equal(
      result.groups.reduce((s, g) => s + g.value, 0),
      30,
    );
    const first = result.groups[0];
    assert.equal(first.order, '2025-01-12'); // resolved 2025-01-12T06:00Z is already that afternoon in Tokyo
    const low = midnight('2025-01-12', 'Asia/Tokyo');
    assert.equal(low, Date.UTC(2025, 0, 11, 15));
    assert.ok(log.requests.some((r) => r.body && r.body.jql.includes(`resolved >= ${low} AND resolved < `)));
  });

  test('more buckets than allowed: the most recent ones, and the chart says so', async () => {
    fakeJira({ issues: issues(50, 24), fields: FIELDS });
    const daily = { ...CREATED, bucket: 'day', values: { ...CREATED.values, maxGroups: 20 } };
    const result = await groupCounts(daily, requestFor(new Session(BUDGET), { total: 50, finders }));
    assert.equal(result.groups.length, 20);
    assert.equal(result.groups[19].order, '2025-02-24');
    assert.equal(result.coverage.note, 'Shows the 20 most recent of 50 days.');
  });

  const DISCOVER = { kind: 'discover', operation: 'POST /rest/api/3/search/jql', pageSize: 20, maxGroups: 100 };
  const PRIORITY = group('priority', 'priority', 'priority', { values: DISCOVER });

  test('values found in the issues, looking next only at issues whose value is not yet known', async () => {
    const site = issues(230).map((i, n) => (n % 50 === 7 ? { ...i, fields: { ...i.fields, priority: null } } : i));
    const fields = { ...FIELDS, priority: (/** @type {any} */ i) => (i.fields.priority ? i.fields.priority.id : null) };
    const log = fakeJira({ issues: site, fields });
    const result = await groupCounts(PRIORITY, requestFor(new Session(BUDGET), { total: 230, finders }));
    const counts = Object.fromEntries(result.groups.map((g) => [g.label, g.value]));
    assert.deepEqual(counts, { Highest: 46, High: 46, Medium: 41, Low: 46, Lowest: 46, '(none)': 5 });
    assert.equal(result.coverage, undefined);
    const rounds = log.requests.filter((r) => r.path === '/rest/api/3/search/jql').map((r) => r.body.jql);
    assert.equal(rounds[0], 'project = E');
    assert.match(rounds[rounds.length - 1], /^\(project = E\) AND priority NOT IN \([0-9, ]+\)$/);
  });

  test('a single-valued field with more values than allowed: the rest is one (other) group, said so', async () => {
    fakeJira({ issues: issues(230), fields: FIELDS });
    const capped = { ...PRIORITY, values: { ...PRIORITY.values, pageSize: 5, maxGroups: 2 } };
    const result = await groupCounts(capped, requestFor(new Session(BUDGET), { total: 230, finders }));
    assert.deepEqual(
      result.groups.map((g) => g.label),
      ['Highest', 'High', '(other)'],
    );
    assert.equal(result.groups[2].value, 230 - 46 - 46);
    assert.equal(result.coverage.note, '“(other)” counts 138 of 230 issues whose value is not listed separately.');
  });

  const LABELS = group('labels', 'labels', 'labels', { multi: true, values: { ...DISCOVER, pageSize: 10 } });

  test('several values per issue: exact counts, and unless every issue was looked at, the chart says so', async () => {
    fakeJira({ issues: issues(90), fields: FIELDS });
    const result = await groupCounts(LABELS, requestFor(new Session(BUDGET), { total: 90, finders }));
    const counts = Object.fromEntries(result.groups.map((g) => [g.label, g.value]));
    assert.equal(counts.red, 60);
    assert.equal(counts['(none)'], 30);
    assert.equal(result.coverage.kind, 'values');
    assert.match(
      result.coverage.note,
      /^Shows the labels values found in [0-9]+ of 90 issues; others may be missing\.$/,
    );
    fakeJira({ issues: issues(9), fields: FIELDS });
    const small = await groupCounts(LABELS, requestFor(new Session(BUDGET), { total: 9, finders }));
    assert.equal(small.coverage, undefined); // one page held every issue: every label was seen
  });

  test('components: every component of the projects the issues are in, each counted', async () => {
    const log = fakeJira({
      issues: issues(300),
      fields: FIELDS,
      lists: {
        '/rest/api/3/project/10000/components': [
          { id: '501', name: 'API' },
          { id: '502', name: 'UI' },
          { id: '503', name: 'Docs' },
        ],
      },
    });
    const fetch = group('components', 'components', 'components', {
      clause: 'component',
      multi: true,
      values: {
        kind: 'projects',
        source: 'components',
        operation: 'x',
        search: 'y',
        pageSize: 10,
        maxProjects: 20,
        maxGroups: 100,
      },
    });
    const request = requestFor(new Session(BUDGET), { total: 300, finders, readers: { components } });
    const result = await groupCounts(fetch, request);
    assert.deepEqual(
      result.groups.map((g) => [g.label, g.value]),
      [
        ['API', 150],
        ['UI', 150],
      ],
    );
    assert.equal(result.coverage, undefined);
    assert.ok(log.requests.some((r) => r.path === '/rest/api/3/project/10000/components'));
  });

  test('a reference list gives the groups (status categories, by id)', async () => {
    fakeJira({
      issues: issues(12),
      fields: FIELDS,
      lists: {
        '/rest/api/3/statuscategory': [
          { id: 2, key: 'new', name: 'To Do' },
          { id: 3, key: 'done', name: 'Done' },
        ],
      },
    });
    const fetch = group('statuscategory', 'status_category', 'status', {
      nullable: false,
      values: { kind: 'reference', source: 'statusCategories', operation: 'x', maxGroups: 100 },
    });
    const request = requestFor(new Session(BUDGET), { total: 12, readers: { statusCategories } });
    const result = await groupCounts(fetch, request);
    assert.deepEqual(result.groups, [{ label: 'To Do', order: 'To Do', value: 12 }]);
  });

  test(
    'a Jira that answers issues whose value is already known ends the search for values (never a loop)',
    { timeout: 5000 },
    async () => {
      const again = { status: 200, body: { issues: issues(3), isLast: false, nextPageToken: '3' } };
      const log = fakeJira({
        issues: issues(230),
        fields: FIELDS,
        refuse: (r) => (r.path === '/rest/api/3/search/jql' ? again : null),
      });
      const result = await groupCounts(PRIORITY, requestFor(new Session(BUDGET), { total: 230, finders }));
      assert.equal(log.requests.filter((r) => r.path === '/rest/api/3/search/jql').length, 2);
      assert.deepEqual(
        result.groups.map((g) => g.label),
        ['Highest', 'High', 'Medium', '(other)'],
      );
      assert.equal(result.coverage.kind, 'other');
    },
  );

  test('a group value is matched by id, or by the quoted text where there is no id', () => {
    assert.deepEqual(valuesOf('priority', { id: '3', name: 'Medium' }), [{ jql: '3', label: 'Medium' }]);
    assert.deepEqual(valuesOf('user', { accountId: 'a"b', displayName: 'Ann' }), [{ jql: '"a\\"b"', label: 'Ann' }]);
    assert.deepEqual(valuesOf('labels', ['x', 'y']), [
      { jql: '"x"', label: 'x' },
      { jql: '"y"', label: 'y' },
    ]);
    assert.deepEqual(valuesOf('option', { value: 'Red', id: '10100' }), [{ jql: '"Red"', label: 'Red' }]);
    assert.deepEqual(valuesOf('status_category', { statusCategory: { id: 3, name: 'Done' } }), [
      { jql: '3', label: 'Done' },
    ]);
    assert.deepEqual(valuesOf('priority', null), []);
  });
});

describe('counting cells', () => {
  const DISCOVER = { kind: 'discover', operation: 'POST /rest/api/3/search/jql', pageSize: 20, maxGroups: 100 };
  const PRIORITY = group('priority', 'priority', 'priority', { nullable: false, values: DISCOVER });
  // One page holds every issue, so every label is found (with several labels an issue, only that proves it).
  const LABELS = group('labels', 'labels', 'labels', { multi: true, values: { ...DISCOVER, pageSize: 200 } });
  const finders = { discover: discoveredGroups, range: rangeGroups };
  /** A cell fetch of two group fetches. */
  const cells = (rows, columns) => ({ kind: 'cells', into: 'cells', operation: COUNT, rows, columns });
  /** The labels an issue of `issues()` has, (none) for none. @param {any} issue */
  const labelsOf = (issue) => (issue.fields.labels.length > 0 ? issue.fields.labels : ['(none)']);
  /** Brute force: how many issues are in each (priority, label) cell. @param {any[]} site */
  const truth = (site) => {
    /** @type {Record<string, number>} */
    const found = {};
    for (const issue of site) {
      for (const label of labelsOf(issue)) {
        const key = `${issue.fields.priority.name}|${label}`;
        found[key] = (found[key] || 0) + 1;
      }
    }
    return found;
  };
  /** The table's cells by `row|column`, without empty ones. @param {any} table */
  const byCell = (table) => {
    /** @type {Record<string, number>} */
    const found = {};
    table.rows.forEach((/** @type {any} */ r, /** @type {number} */ i) =>
      table.columns.forEach((/** @type {any} */ c, /** @type {number} */ j) => {
        if (table.cells[i][j]) {
          found[`${r.label}|${c.label}`] = table.cells[i][j];
        }
      }),
    );
    return found;
  };

  test('a count per cell, (none) counted with IS EMPTY; each total counts an issue once', async () => {
    const site = issues(120);
    const log = fakeJira({ issues: site, fields: FIELDS });
    const result = await cellCounts(cells(PRIORITY, LABELS), requestFor(new Session(BUDGET), { total: 120, finders }));
    assert.deepEqual(byCell(result.table), truth(site));
    assert.deepEqual(
      result.table.rows.map((/** @type {any} */ r) => r.value),
      [24, 24, 24, 24, 24],
    );
    const red = result.table.columns.find((/** @type {any} */ c) => c.label === 'red');
    assert.equal(red.value, 80); // issues with the label, once each, though some hold two labels
    assert.equal(result.table.total, 120);
    assert.equal(result.coverage, undefined);
    const queries = log.requests.filter((r) => r.path.endsWith('approximate-count')).map((r) => r.body.jql);
    assert.ok(queries.includes('(project = E) AND priority = 1 AND labels IS EMPTY'));
    assert.ok(queries.includes('(project = E) AND priority = 1 AND labels = "red"'));
  });

  test('a field with more values than allowed: its (other) cells are its column totals minus the counted cells', async () => {
    const site = issues(120);
    fakeJira({ issues: site, fields: FIELDS });
    const capped = { ...PRIORITY, values: { ...DISCOVER, pageSize: 5, maxGroups: 2 } };
    const result = await cellCounts(cells(capped, LABELS), requestFor(new Session(BUDGET), { total: 120, finders }));
    const found = byCell(result.table);
    const listed = new Set(result.table.rows.map((/** @type {any} */ r) => r.label));
    assert.deepEqual([...listed], ['Highest', 'High', '(other)']);
    /** @type {Record<string, number>} */
    const other = {};
    for (const [key, n] of Object.entries(truth(site))) {
      const [priority, label] = key.split('|');
      if (!listed.has(priority)) {
        other[label] = (other[label] || 0) + n;
      }
    }
    for (const [label, n] of Object.entries(other)) {
      assert.equal(found[`(other)|${label}`], n, label);
    }
    assert.match(result.coverage.note, /^“\(other\)” counts 72 of 120 issues/);
  });

  test('cells the budget cannot count stay empty, and the view says how many were counted', async () => {
    // 30 issues: finding and counting both sides' groups costs about 80 points, and there are 45 cells.
    fakeJira({ issues: issues(30), fields: FIELDS });
    const session = new Session({ ...BUDGET, points: 110 });
    const side = (/** @type {any} */ g) => ({ ...g, values: { ...DISCOVER, pageSize: 50 } });
    const result = await cellCounts(cells(side(PRIORITY), side(LABELS)), requestFor(session, { total: 30, finders }));
    const empty = result.table.cells.flat().filter((/** @type {unknown} */ n) => n === null).length;
    assert.ok(empty > 0);
    assert.equal(result.coverage.kind, 'cells');
    assert.match(result.coverage.note, /^Counted [0-9]+ of [0-9]+ cells; the others are left empty\./);
  });
});

describe('a chart of several series, counted in Jira', () => {
  const created = group('created', 'datetime', 'created', {
    into: 'groups:created:week',
    bucket: 'week',
    nullable: false,
    values: { kind: 'range', operation: 'POST /rest/api/3/search/jql', dateOnly: false, maxGroups: 366 },
  });
  const resolved = group('resolved', 'datetime', 'resolutiondate', {
    into: 'groups:resolved:week',
    bucket: 'week',
    values: { kind: 'range', operation: 'POST /rest/api/3/search/jql', dateOnly: false, maxGroups: 366 },
  });
  const chart = (cumulative) => ({
    kind: 'chart',
    title: null,
    when: null,
    chart: 'line',
    xType: 'datetime',
    bucket: 'week',
    split: null,
    cumulative,
    series: [
      { ...series('created', ['values', 'groups:created:week']), label: 'Created' },
      { ...series('resolved', ['values', 'groups:resolved:week']), label: 'Resolved' },
    ],
  });
  const moduleWith = (view, fetches) => ({
    key: 'trend',
    data: {
      kind: 'issues',
      jql: [{ kind: 'text', text: 'project = E' }],
      terms: [],
      order: [],
      limit: { kind: 'fixed', value: 100 },
    },
    config: [],
    fields: [
      { name: 'created', type: 'datetime', read: ['fields', 'created'] },
      { name: 'resolved', type: 'datetime', read: ['fields', 'resolutiondate'] },
    ],
    fetches: [
      { kind: 'count', into: 'count' },
      {
        kind: 'scan',
        into: 'values',
        fields: ['created', 'resolutiondate'],
        pageSize: 100,
        sliceField: 'created',
        sliceIssues: 400,
      },
      ...fetches,
    ],
    views: [view],
  });
  const engine = {
    budget: BUDGET,
    settings: async () => ({}),
    readers: {},
    finders: { range: rangeGroups },
    fetchers: { count: countRows, scan: scanValues, groups: groupCounts },
  };
  test('created and resolved per week: each series counted exactly, no issue read', async () => {
    const site = issues(400, 3);
    const log = fakeJira({ issues: site, fields: FIELDS });
    const result = await loadModule(moduleWith(chart(false), [created, resolved]), { config: {} }, {}, engine);
    const data = result.views[0].data;
    const total = (/** @type {string} */ name) =>
      data.filter((/** @type {any} */ p) => p.series === name).reduce((s, /** @type {any} */ p) => s + p.value, 0);
    assert.equal(total('Created'), 400);
    assert.equal(total('Resolved'), site.filter((i) => i.fields.resolutiondate).length);
    assert.equal(new Set(data.map((/** @type {any} */ p) => p.label)).size * 2, data.length);
    assert.ok(log.requests.every((r) => r.path !== '/rest/api/3/search/jql' || r.body.maxResults === 1));
  });

  test('a cumulative line over the most recent buckets starts from the issues before them', async () => {
    const site = issues(400, 3);
    fakeJira({ issues: site, fields: FIELDS });
    const recent = { ...created, values: { ...created.values, maxGroups: 3 } };
    const view = { ...chart(true), series: [chart(true).series[0]] };
    const result = await loadModule(moduleWith(view, [recent]), { config: {} }, {}, engine);
    const points = result.views[0].data;
    assert.equal(points.length, 3);
    assert.equal(points[points.length - 1].value, 400); // every issue by the last week
    assert.match(result.views[0].coverage.note, /^Shows the 3 most recent of [0-9]+ weeks\.$/);
  });
});

describe('worklogs', () => {
  const WORKLOGS = {
    kind: 'worklogs',
    into: 'rows',
    search: 'GET /rest/api/3/search/jql',
    operation: 'GET /rest/api/3/issue/{issueIdOrKey}/worklog',
    issueFields: ['worklog'],
    pageSize: 2,
    worklogPageSize: 3,
    conditions: {
      authors: [],
      dates: [{ op: '>=', day: { kind: 'day', day: '2026-01-10' } }],
    },
  };
  const log = (id, day, seconds) => ({
    id: String(id),
    author: { accountId: 'acc-1', displayName: 'Ann' },
    started: `${day}T10:00:00.000+0000`,
    timeSpentSeconds: seconds,
  });
  const many = [
    log(1, '2026-01-01', 60),
    log(2, '2026-01-10', 120),
    log(3, '2026-01-11', 180),
    log(4, '2026-01-12', 240),
    log(5, '2026-01-20', 300),
  ];
  const site = () => [
    { key: 'W-1', fields: { worklog: { total: 1, worklogs: [log(9, '2026-01-15', 3600)] } } },
    { key: 'W-2', fields: { worklog: { total: 5, worklogs: many.slice(0, 2) } } },
    { key: 'W-3', fields: { worklog: { total: 0, worklogs: [] } } },
  ];
  const fields = [
    { name: 'timespent', type: 'duration', read: ['worklog', 'timeSpentSeconds'] },
    { name: 'issue', type: 'key', read: ['issue', 'key'] },
  ];

  test('embedded worklogs when they are all; the rest read only for issues that have more, within the dates', async () => {
    const fake = fakeJira({ issues: site(), fields: FIELDS, worklogs: { 'W-2': many } });
    const request = requestFor(new Session(BUDGET), { module: { fields } });
    const result = await worklogRows(WORKLOGS, request);
    assert.deepEqual(result.rows, [
      { timespent: 3600, issue: 'W-1' },
      { timespent: 120, issue: 'W-2' },
      { timespent: 180, issue: 'W-2' },
      { timespent: 240, issue: 'W-2' },
      { timespent: 300, issue: 'W-2' },
    ]);
    const reads = fake.requests.filter((r) => r.path.endsWith('/worklog'));
    assert.deepEqual(
      reads.map((r) => [r.path, r.url.searchParams.get('startAt'), r.url.searchParams.get('startedAfter')]),
      [
        ['/rest/api/3/issue/W-2/worklog', '0', String(Date.UTC(2026, 0, 10) - 1)],
        ['/rest/api/3/issue/W-2/worklog', '3', String(Date.UTC(2026, 0, 10) - 1)],
      ],
    );
    assert.equal(result.coverage, undefined);
  });

  test('an issue whose search result lacks the worklog field has its worklogs read', async () => {
    const bare = [{ key: 'W-2', fields: {} }];
    const fake = fakeJira({ issues: bare, fields: FIELDS, worklogs: { 'W-2': many } });
    const result = await worklogRows(WORKLOGS, requestFor(new Session(BUDGET), { module: { fields } }));
    assert.equal(result.rows.length, 4);
    assert.equal(fake.requests.filter((r) => r.path.endsWith('/worklog')).length, 2);
  });

  test('cut short by the budget: the result says how many issues it covers', async () => {
    fakeJira({ issues: site(), fields: FIELDS, worklogs: { 'W-2': many } });
    const request = requestFor(new Session({ ...BUDGET, points: 8 }), { module: { fields } });
    const result = await worklogRows(WORKLOGS, request);
    assert.equal(result.coverage.kind, 'worklogs');
    assert.equal(result.coverage.total, 3);
    assert.ok(result.coverage.covered < 3);
  });
});

describe('projects and filters', () => {
  const LIST = {
    kind: 'projects',
    into: 'rows',
    operation: 'GET /rest/api/3/project/search',
    expand: [],
    pageSize: 10,
    all: true,
  };
  const page = (total) => (/** @type {URLSearchParams} */ q) => {
    const start = Number(q.get('startAt'));
    const values = Array.from({ length: Math.max(0, Math.min(10, total - start)) }, (_, i) => ({
      key: `P${start + i}`,
    }));
    return { startAt: start, total, isLast: start + values.length >= total, values };
  };
  const read = (session) => (startAt, size) =>
    session.call(
      'Listing',
      LIST.operation,
      () => fetch(`https://fake.atlassian.net/rest/api/3/project/search?startAt=${startAt}&maxResults=${size}`),
      listCost(size),
    );
  const fields = [{ name: 'key', type: 'key', read: ['key'] }];

  test('every page when a chart needs them all, side by side after the first; the count is Jira total', async () => {
    const log = fakeJira({ issues: [], fields: FIELDS, latency: 2, lists: { '/rest/api/3/project/search': page(95) } });
    globalThis.fetch = async (url) => {
      const q = new URL(url).searchParams;
      log.inFlight += 1;
      log.mostInFlight = Math.max(log.mostInFlight, log.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      log.inFlight -= 1;
      return new Response(JSON.stringify(page(95)(q)), { status: 200 });
    };
    const session = new Session(BUDGET);
    const result = await listRows(LIST, requestFor(session, { module: { fields }, limit: 20 }), read(session));
    assert.equal(result.rows.length, 95);
    assert.equal(result.total, 95);
    assert.ok(log.mostInFlight > 2);
    assert.equal(session.spent, 10 + 95);
  });

  test('only up to the limit when no chart needs them all; cut short by the budget, said so', async () => {
    fakeJira({ issues: [], fields: FIELDS });
    globalThis.fetch = async (url) =>
      new Response(JSON.stringify(page(95)(new URL(url).searchParams)), { status: 200 });
    let session = new Session(BUDGET);
    const some = await listRows(
      { ...LIST, all: false },
      requestFor(session, { module: { fields }, limit: 25 }),
      read(session),
    );
    assert.deepEqual([some.rows.length, some.total, some.truncated], [25, 95, true]);
    session = new Session({ ...BUDGET, points: 40 });
    const short = await listRows(LIST, requestFor(session, { module: { fields } }), read(session));
    assert.equal(short.coverage.note, `Based on ${short.rows.length} of 95 projects.`);
  });
});

describe('choosing each part of a view its source', () => {
  const fetches = new Map(
    [
      { kind: 'search', into: 'rows' },
      { kind: 'count', into: 'count' },
      { kind: 'scan', into: 'values', pageSize: 100, sliceIssues: 400 },
      { kind: 'groups', into: 'groups:priority' },
    ].map((f) => [f.into, f]),
  );
  const table = { kind: 'table', sources: ['rows'] };
  const metric = { kind: 'metric', sources: ['count'] };
  const sum = { sources: ['rows', 'values'] };
  const counted = series('priority', ['rows', 'values', 'groups:priority']);
  const pick = (views, total) => [...chooseSources(views, fetches, total, 1000, 12000).values()];

  test('rows that are every matching issue serve every chart', () => {
    assert.deepEqual(pick([counted, sum, table, metric], 700), ['rows', 'count', 'rows', 'rows']);
  });

  test('beyond the rows: values for sums, and a count chart reads them too when they are read anyway', () => {
    assert.deepEqual(pick([counted, sum, table], 5000), ['rows', 'values', 'values']);
  });

  test('without a sum, a count chart counts its groups; values only when one page holds every issue', () => {
    assert.deepEqual(pick([counted, metric], 5000), ['count', 'groups:priority']);
    assert.deepEqual(pick([counted, metric], 80), ['count', 'values']);
  });

  test('values too many for the points budget: a sum still reads them (and says so); counts are counted', () => {
    assert.deepEqual(pick([counted, sum], 50000), ['values', 'groups:priority']);
  });

  test('a count by two fields counts its cells in Jira, unless the values are read anyway or fit one page', () => {
    const cellFetches = new Map([
      ...fetches,
      ['cells:priority+labels', { kind: 'cells', into: 'cells:priority+labels' }],
    ]);
    const split = series('priority', ['values', 'cells:priority+labels']);
    const choose = (parts, total) => [...chooseSources(parts, cellFetches, total, 1000, 12000).values()];
    assert.deepEqual(choose([split], 5000), ['cells:priority+labels']);
    assert.deepEqual(choose([split], 80), ['values']);
    assert.deepEqual(choose([sum, split], 5000), ['values', 'values']);
  });
});

describe('a whole load', () => {
  test("the viewer's time zone comes from the frontend, else the context, else UTC", () => {
    assert.equal(timeZoneOf({ timeZone: 'Europe/Paris' }, {}), 'Europe/Paris');
    assert.equal(timeZoneOf({ timeZone: 'Mars/Olympus' }, { timezone: 'Asia/Tokyo' }), 'Asia/Tokyo');
    assert.equal(timeZoneOf({}, {}), 'UTC');
  });

  test('parses the JQL the engine sends (the fake itself)', () => {
    assert.deepEqual(parseQuery('(a = "x AND y") AND b NOT IN (1, 2) AND c >= 3 ORDER BY c DESC'), {
      conditions: ['b NOT IN (1, 2)', 'c >= 3'],
      order: { field: 'c', descending: true },
    });
  });

  const MODULE = {
    key: 'm',
    data: {
      kind: 'issues',
      jql: [{ kind: 'text', text: 'project = E' }],
      terms: [],
      issue: null,
      order: [],
      limit: { kind: 'fixed', value: 100 },
    },
    config: [],
    fields: [
      { name: 'key', type: 'key', read: ['key'] },
      { name: 'priority', type: 'priority', read: ['fields', 'priority'] },
      { name: 'points', type: 'number', read: ['fields', 'customfield_1'] },
    ],
    computed: [],
    fetches: [
      { kind: 'search', into: 'rows', fields: ['priority', 'customfield_1'], pageSize: 100 },
      { kind: 'count', into: 'count' },
      {
        kind: 'scan',
        into: 'values',
        fields: ['priority', 'customfield_1'],
        pageSize: 100,
        sliceField: 'created',
        sliceIssues: 400,
      },
      { ...PRIORITY_FETCH() },
    ],
    views: [
      {
        kind: 'metric',
        sources: ['count'],
        when: null,
        aggregate: 'count',
        field: null,
        fieldType: null,
        percent: null,
      },
      {
        kind: 'chart',
        when: null,
        chart: 'bar',
        xType: 'priority',
        bucket: null,
        split: null,
        cumulative: false,
        series: [series('priority', ['rows', 'values', 'groups:priority'])],
      },
      { kind: 'table', sources: ['rows'], when: null, columns: [], highlight: null, group: null },
    ],
  };
  function PRIORITY_FETCH() {
    return group('priority', 'priority', 'priority', {
      nullable: false,
      values: { kind: 'discover', operation: 'POST /rest/api/3/search/jql', pageSize: 50, maxGroups: 100 },
    });
  }
  const engine = (fetchers) => ({
    budget: BUDGET,
    settings: async () => ({}),
    readers: {},
    finders: { discover: discoveredGroups },
    fetchers,
  });

  test('a fetch that fails while another is still running ends the load with its error, once', async () => {
    const { searchRows } = await runtime('search.js');
    fakeJira({
      issues: issues(10),
      fields: FIELDS,
      latency: (r) => (r.method === 'GET' ? 1 : 30),
      refuse: (r) => (r.method === 'GET' ? { status: 400, body: { errorMessages: ['No such project.'] } } : null),
    });
    const fetchers = { search: searchRows, count: countRows, scan: scanValues, groups: groupCounts };
    await assert.rejects(loadModule(MODULE, { config: {} }, {}, engine(fetchers)), /No such project\./);
  });

  test('a table that holds every matching issue answers the chart: no group is counted', async () => {
    const { searchRows } = await runtime('search.js');
    const log = fakeJira({ issues: issues(60), fields: FIELDS });
    const result = await loadModule(
      MODULE,
      { config: {} },
      {},
      engine({ search: searchRows, count: countRows, scan: scanValues, groups: groupCounts }),
    );
    assert.equal(result.views[0].value, 60);
    assert.equal(
      result.views[1].data.reduce((s, p) => s + p.value, 0),
      60,
    );
    assert.deepEqual(log.requests.map((r) => `${r.method} ${r.path}`).sort(), [
      'GET /rest/api/3/search/jql',
      'POST /rest/api/3/search/approximate-count',
    ]);
  });

  test('more issues than the table shows: the chart counts its groups in Jira, exactly', async () => {
    const { searchRows } = await runtime('search.js');
    fakeJira({ issues: issues(330), fields: FIELDS });
    const result = await loadModule(
      MODULE,
      { config: {} },
      {},
      engine({ search: searchRows, count: countRows, scan: scanValues, groups: groupCounts }),
    );
    assert.equal(result.rows.length, 100);
    assert.equal(result.truncated, true);
    assert.deepEqual(
      result.views[1].data.map((p) => p.value),
      [66, 66, 66, 66, 66],
    );
    assert.equal(result.views[1].coverage, undefined);
  });
});
