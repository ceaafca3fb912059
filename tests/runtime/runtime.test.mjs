// Unit tests of the runtime's modules, each against its own contract (the shared vectors are in vectors.test.mjs;
// whole generated apps run against a fake Jira in tests/toolchain_apps).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runtime } from './support.mjs';

const { tokenPages, offsetPages } = await runtime('paging.js');
const { readValue, rowOf, valueAt } = await runtime('read.js');
const { loadModule, rowLimit } = await runtime('load.js');
const { resolverHandler } = await runtime('resolver.js');
const { pickerOptions } = await runtime('pickers.js');
const { cleanSetting } = await runtime('settings.js');
const { callJira } = await runtime('jira.js');
const { AppError, failure } = await runtime('errors.js');
const { tokenize } = await runtime('jql-clause.js');
const { buildJql, withOrder } = await runtime('jql.js');
const { groupsOf } = await runtime('aggregate.js');

/** A budget that never runs out, and one already spent. */
const FAR = { expired: () => false, affords: () => true };
const SPENT = { expired: () => true, affords: () => true };

/** A list of `total` numbers served `size` at a time, recording each page asked for. */
function pagesOf(total, size) {
  const asked = [];
  return {
    asked,
    byToken: async (want, token) => {
      const start = token ? Number(token) : 0;
      asked.push([want, token]);
      const end = Math.min(total, start + Math.min(want, size));
      const items = Array.from({ length: end - start }, (_, i) => start + i);
      return { items, next: end < total ? String(end) : undefined };
    },
    byOffset: async (startAt, want) => {
      asked.push([startAt, want]);
      const end = Math.min(total, startAt + Math.min(want, size));
      return { items: Array.from({ length: end - startAt }, (_, i) => startAt + i), last: end >= total };
    },
  };
}

describe('paging', () => {
  test('token pages are read to the last page', async () => {
    const fake = pagesOf(7, 3);
    assert.deepEqual(await tokenPages(fake.byToken, 100, 3, FAR), { items: [0, 1, 2, 3, 4, 5, 6], truncated: false });
    assert.deepEqual(fake.asked, [
      [3, undefined],
      [3, '3'],
      [3, '6'],
    ]);
  });

  test('token pages stop at the limit and say more were left', async () => {
    const fake = pagesOf(10, 4);
    assert.deepEqual(await tokenPages(fake.byToken, 5, 4, FAR), { items: [0, 1, 2, 3, 4], truncated: true });
    assert.deepEqual(fake.asked, [
      [4, undefined],
      [1, '4'],
    ]);
  });

  test('no further page after the deadline, nor when the points budget cannot pay for it', async () => {
    const fake = pagesOf(10, 2);
    assert.deepEqual(await tokenPages(fake.byToken, 100, 2, SPENT), { items: [0, 1], truncated: true });
    assert.deepEqual(await offsetPages(pagesOf(10, 2).byOffset, 100, 2, SPENT), { items: [0, 1], truncated: true });
    const poor = { expired: () => false, affords: (/** @type {number} */ points) => points <= 2 };
    assert.deepEqual(await tokenPages(pagesOf(10, 2).byToken, 100, 2, poor), { items: [0, 1], truncated: true });
    const asked = [];
    const fair = { expired: () => false, affords: (/** @type {number} */ points) => (asked.push(points), true) };
    await tokenPages(pagesOf(5, 2).byToken, 100, 2, fair);
    assert.deepEqual(asked, [3, 3]); // one request and up to two issues, before each further page
  });

  test('offset pages: exactly the limit on the last page is not truncated', async () => {
    const fake = pagesOf(6, 3);
    assert.deepEqual(await offsetPages(fake.byOffset, 6, 3, FAR), { items: [0, 1, 2, 3, 4, 5], truncated: false });
    assert.deepEqual(fake.asked, [
      [0, 3],
      [3, 3],
    ]);
  });
});

describe('reading values', () => {
  test('a value is read where the plan says, one level down for votes', () => {
    const issue = { key: 'A-1', fields: { votes: { votes: 3, hasVoted: false }, summary: 'S', assignee: null } };
    const fields = [
      { name: 'key', type: 'key', read: ['key'] },
      { name: 'votes', type: 'number', read: ['fields', 'votes', 'votes'] },
      { name: 'summary', type: 'text', read: ['fields', 'summary'] },
      { name: 'assignee', type: 'user', read: ['fields', 'assignee'] },
      { name: 'missing', type: 'text', read: ['fields', 'nope', 'deeper'] },
    ];
    assert.deepEqual(rowOf(fields, issue), { key: 'A-1', votes: 3, summary: 'S', assignee: null, missing: null });
  });

  test('the number type reads only numbers (no guessing inside objects)', () => {
    assert.equal(readValue('number', { votes: 3 }), null);
    assert.equal(readValue('number', 2.5), 2.5);
  });

  test('rich text becomes plain text; named things their name', () => {
    const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ text: 'a' }, { text: 'b' }] }] };
    assert.equal(readValue('text', doc), 'a b');
    assert.equal(readValue('priority', { name: 'High', id: '2' }), 'High');
    assert.deepEqual(readValue('status', { name: 'Done', statusCategory: { key: 'done' } }), {
      name: 'Done',
      category: 'done',
    });
  });

  test('a path never walks into inherited properties', () => {
    assert.equal(valueAt({}, ['constructor']), undefined);
    assert.equal(valueAt({ a: null }, ['a', 'b']), undefined);
  });

  test('a person or option object groups by its name', () => {
    assert.deepEqual(groupsOf({ accountId: 'x', displayName: 'Ann' }, 'user', null), [{ label: 'Ann', order: 'Ann' }]);
    assert.deepEqual(groupsOf([{ name: 'API' }, null], 'components', null), [
      { label: 'API', order: 'API' },
      { label: '(none)', order: '(none)' },
    ]);
  });
});

const MODULE = {
  key: 'board',
  kind: 'gadget',
  hostKey: 'board',
  title: 'Board',
  texts: { loading: 'Loading…', empty: 'Nothing.', error: 'Failed.' },
  config: [
    { name: 'rows', type: 'number', label: 'Rows', default: 20, defaultSetting: null, optional: false, options: [] },
    {
      name: 'project',
      type: 'project',
      label: 'Project',
      default: null,
      defaultSetting: null,
      optional: false,
      options: [],
    },
    {
      name: 'chart',
      type: 'boolean',
      label: 'Chart',
      default: false,
      defaultSetting: null,
      optional: false,
      options: [],
    },
  ],
  settings: [],
  pickers: [
    { param: 'project', type: 'project', operation: 'GET /rest/api/3/project/search', pageSize: 50, queryChars: 5 },
  ],
  data: {
    kind: 'issues',
    jql: [
      { kind: 'text', text: 'project = ' },
      { kind: 'value', source: 'param', name: 'project', type: 'project', label: 'Project', options: [] },
    ],
    terms: [],
    issue: null,
    order: [{ jql: 'created', direction: 'DESC' }],
    limit: { kind: 'param', param: 'rows', label: 'Rows', min: 1, max: 1000 },
  },
  fetches: [
    { kind: 'search', into: 'rows', operation: 'GET /rest/api/3/search/jql', fields: ['status'], pageSize: 100 },
    { kind: 'count', into: 'count', operation: 'POST /rest/api/3/search/approximate-count' },
  ],
  fields: [{ name: 'status', type: 'status', read: ['fields', 'status'] }],
  computed: [],
  views: [
    { kind: 'metric', sources: ['count'], title: null, when: null, aggregate: 'count', field: null, fieldType: null },
    {
      kind: 'chart',
      sources: ['rows'],
      title: null,
      when: 'chart',
      chart: 'bar',
      x: 'status',
      xType: 'status',
      bucket: null,
      aggregate: 'count',
      field: null,
      fieldType: null,
    },
    { kind: 'table', sources: ['rows'], title: null, when: null, columns: [], highlight: null },
  ],
};

const BUDGET = { timeMs: 1000, points: 1000, concurrency: 4, perSecond: 50, rates: [] };

describe('loading a module', () => {
  const seen = [];
  const engine = {
    budget: BUDGET,
    readers: {},
    finders: {},
    settings: async () => ({}),
    fetchers: {
      search: async (fetch, request) => {
        seen.push(['search', request.ordered, request.limit, fetch.fields]);
        return { rows: [{ status: { name: 'Done' } }, { status: null }], truncated: true };
      },
      count: async (fetch, request) => {
        seen.push(['count', request.jql]);
        return { count: 42 };
      },
    },
  };

  test('runs every fetch of the plan and computes each view from the result it reads', async () => {
    seen.length = 0;
    const result = await loadModule(MODULE, { config: { project: 'ABC" OR x', rows: '5000' } }, {}, engine);
    assert.deepEqual(seen, [
      ['search', 'project = "ABC\\" OR x" ORDER BY created DESC', 1000, ['status']],
      ['count', 'project = "ABC\\" OR x"'],
    ]);
    assert.deepEqual(result, {
      ok: true,
      rows: [{ status: { name: 'Done' } }, { status: null }],
      truncated: true,
      count: 42,
      views: [{ visible: true, value: 42 }, { visible: false }, { visible: true }],
    });
  });

  test('a missing value is a 412 naming it; no fetch runs', async () => {
    seen.length = 0;
    await assert.rejects(loadModule(MODULE, { config: {} }, {}, engine), (error) => {
      return error instanceof AppError && error.status === 412 && error.message.includes('“Project”');
    });
    assert.deepEqual(seen, []);
  });

  test('a fetch kind the app was built without is a clear error', async () => {
    const bare = { ...engine, fetchers: { search: engine.fetchers.search } };
    await assert.rejects(loadModule(MODULE, { config: { project: 'A' } }, {}, bare), /without a way to read count/);
  });

  test('the configured limit is clamped to the plan range and must be a number', () => {
    const env = (rows) => ({ param: { rows }, settings: {}, context: {} });
    assert.equal(rowLimit(MODULE, env(0)), 1);
    assert.equal(rowLimit(MODULE, env(5000)), 1000);
    assert.equal(rowLimit(MODULE, env('7.9')), 7);
    assert.throws(() => rowLimit(MODULE, env('seven')), /“Rows” must be a number/);
  });

  test('the query is the plan text with every value quoted, and the order appended', () => {
    const env = { param: { project: 'X' }, settings: {}, context: {} };
    assert.equal(withOrder(buildJql(MODULE.data.jql, env), MODULE.data.order), 'project = "X" ORDER BY created DESC');
  });
});

describe('resolver', () => {
  const plan = {
    budget: BUDGET,
    store: null,
    modules: [
      { ...MODULE, key: 'a', hostKey: 'a' },
      { ...MODULE, key: 'b', hostKey: 'a' },
      {
        ...MODULE,
        key: 'c',
        hostKey: 'c',
        settings: [{ name: 's', type: 'text', label: 'S', default: null, options: [] }],
      },
    ],
  };
  const stored = {};
  const settings = {
    load: async () => ({ ...stored }),
    save: async (names, given) => {
      for (const name of names) stored[name] = given[name];
      return { ...stored };
    },
    editors: ['c'],
  };
  const handler = resolverHandler(plan, { fetchers: {}, options: null, settings });
  const call = (functionKey, payload, moduleKey) =>
    handler({ call: { functionKey, payload }, context: { moduleKey } }, { principal: { accountId: 'u' } });

  test('a tab may call for its own module only through its host', async () => {
    assert.deepEqual(await call('getSettings', { module: 'c' }, 'c'), { ok: true, values: {} });
    assert.deepEqual(await call('load', { module: 'b' }, 'c'), failure(new AppError(400, 'Unknown module.')));
  });

  test('settings are saved only from a settings page, and only its own settings', async () => {
    assert.deepEqual(await call('saveSettings', { module: 'a', values: { s: 'x' } }, 'a'), {
      ok: false,
      error: { status: 403, message: 'Settings can only be changed on the settings page.' },
    });
    assert.deepEqual(await call('saveSettings', { module: 'c', values: { s: 'x', other: 'y' } }, 'c'), {
      ok: true,
      values: { s: 'x' },
    });
  });

  test('functions the app does not have are not defined', async () => {
    await assert.rejects(call('options', { module: 'a', param: 'project' }, 'a'));
  });
});

describe('pickers', () => {
  test('the typed text is cut to the plan length; other parameters have no choices', async () => {
    const asked = [];
    const options = pickerOptions({
      project: async (picker, query) => (asked.push(query), [{ label: 'L', value: 'V' }]),
    });
    assert.deepEqual(await options(MODULE, 'project', 'abcdefgh'), [{ label: 'L', value: 'V' }]);
    assert.deepEqual(asked, ['abcde']);
    await assert.rejects(options(MODULE, 'rows', ''), /Unknown picker/);
  });
});

describe('settings values', () => {
  const param = (type, options = []) => ({ name: 'n', type, label: 'N', default: null, options });
  test('each type is checked as the queries will check it', () => {
    assert.equal(cleanSetting(param('number'), ' 5 '), 5);
    assert.equal(cleanSetting(param('date'), '-14d'), '-14d');
    assert.equal(cleanSetting(param('boolean'), 'true'), true);
    assert.equal(cleanSetting(param('jql'), ' labels = x '), 'labels = x');
    assert.equal(cleanSetting(param('text'), '  '), null);
    assert.throws(
      () => cleanSetting(param('jql'), 'summary ~ \\"x) OR (project = SECRET'),
      /“N” is not a JQL condition/,
    );
    assert.throws(() => cleanSetting(param('select', ['a']), 'b'), /one of: a/);
  });
});

describe('Jira answers', () => {
  const answer = (status, body) => async () =>
    new Response(body === undefined ? null : JSON.stringify(body), { status });
  test("a refusal carries Jira's own messages and status", async () => {
    const body = { errorMessages: ['No such project.'], errors: { jql: 'bad' } };
    await assert.rejects(callJira('The search', answer(400, body)), (error) => {
      return error instanceof AppError && error.status === 400 && error.message === 'No such project. bad';
    });
    await assert.rejects(
      callJira('The search', async () => new Response('<html>', { status: 502 })),
      {
        message: 'The search failed (Jira answered 502).',
      },
    );
  });

  test('an unexpected exception becomes a 500 failure, never a throw', () => {
    assert.deepEqual(failure(new TypeError('x is undefined')), {
      ok: false,
      error: { status: 500, message: 'Unexpected error: x is undefined' },
    });
  });
});

describe('JQL tokens', () => {
  test('`\\"` outside quotes is part of a word, as Jira lexes it', () => {
    assert.deepEqual(
      tokenize('a ~ \\"x)').map((t) => t.type),
      ['STRING', 'OPERATOR', 'STRING', 'RPAREN'],
    );
    assert.deepEqual(
      tokenize("a = 'x\\')' AND b in (1)").map((t) => t.type),
      ['STRING', 'OPERATOR', 'QUOTED', 'AND', 'STRING', 'IN', 'LPAREN', 'NUMBER', 'RPAREN'],
    );
  });
});
