// Unit tests of what a load does with its inputs: configuration values (defaults, settings, emptied values),
// optional conditions left out of the query, the viewed issue's fields in the query, computed fields worked out
// with the load's clock, and highlighted rows. (The rules of calculations themselves are the shared vectors.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runtime } from './support.mjs';

const { configValues, loadModule } = await runtime('load.js');
const { jqlValue, queryOf } = await runtime('jql.js');
const { queryValue } = await runtime('context-issue.js');
const { worklogTest } = await runtime('worklog-filter.js');
const { AppError } = await runtime('errors.js');

const param = (name, type, extra = {}) => ({
  name,
  type,
  label: name.toUpperCase(),
  default: null,
  defaultSetting: null,
  optional: false,
  options: [],
  ...extra,
});
const value = (source, name, type, label = name) => ({ kind: 'value', source, name, type, label, options: [] });
const text = (t) => ({ kind: 'text', text: t });

describe('configuration values', () => {
  const module = {
    config: [
      param('extra', 'jql', { default: 'issuetype = Bug' }),
      param('rows', 'number', { default: 20 }),
      param('project', 'project', { defaultSetting: 'home' }),
    ],
  };
  const settings = { home: 'HOME' };

  test('a value never set is its default, or the setting it defaults to', () => {
    assert.deepEqual(configValues(module, {}, settings), { extra: 'issuetype = Bug', rows: 20, project: 'HOME' });
    assert.deepEqual(configValues(module, undefined, settings), {
      extra: 'issuetype = Bug',
      rows: 20,
      project: 'HOME',
    });
  });

  test('a value set to empty stays empty: clearing a field does not bring its default back', () => {
    assert.deepEqual(configValues(module, { extra: '', rows: null, project: 'ABC' }, settings), {
      extra: '',
      rows: null,
      project: 'ABC',
    });
  });

  test('an emptied parameter that defaults to a setting takes the setting', () => {
    assert.equal(configValues(module, { project: '' }, settings).project, 'HOME');
    assert.equal(configValues(module, { project: null }, {}).project, undefined);
  });
});

describe('optional conditions', () => {
  const extra = value('param', 'extra', 'jql', 'Extra');
  const person = value('param', 'person', 'user', 'Person');
  const project = value('param', 'project', 'project', 'Project');
  const data = {
    jql: [text('project = '), project, text(' AND '), extra, text(' and assignee = '), person],
    terms: [
      { parts: [text('project = '), project], optional: [] },
      { parts: [extra], optional: [extra] },
      { parts: [text('assignee = '), person], optional: [person] },
    ],
  };
  const env = (given) => ({ param: given, settings: {}, context: {} });

  test('every operand is kept while its optional values are set', () => {
    assert.equal(
      queryOf(data, env({ project: 'P', extra: 'labels = x', person: 'acc' })),
      'project = "P" AND (labels = x) AND assignee = "acc"',
    );
  });

  test('an operand whose optional value is empty is left out with its AND', () => {
    assert.equal(
      queryOf(data, env({ project: 'P', extra: '  ', person: 'acc' })),
      'project = "P" AND assignee = "acc"',
    );
    assert.equal(queryOf(data, env({ project: 'P', extra: null, person: undefined })), 'project = "P"');
  });

  test('a required value left empty is still asked for', () => {
    assert.throws(
      () => queryOf(data, env({ project: '', extra: 'a = b', person: 'x' })),
      (error) => error instanceof AppError && error.status === 412 && error.message.includes('“Project”'),
    );
  });

  test('without terms the whole template is the query', () => {
    assert.equal(queryOf({ jql: [text('a = '), project], terms: [] }, env({ project: 'P' })), 'a = "P"');
  });

  test('a worklog condition whose optional value is empty keeps every worklog', () => {
    const conditions = { authors: [{ exclude: false, users: [person] }], dates: [] };
    const log = { author: { accountId: 'someone' }, started: '2026-01-01T10:00:00.000+0000' };
    assert.equal(worklogTest(conditions, env({ person: '' }), new Date())(log), true);
    assert.equal(worklogTest(conditions, env({ person: 'acc' }), new Date())(log), false);
  });
});

describe('the viewed issue in the query', () => {
  test('each field type becomes what JQL compares it with', () => {
    assert.equal(queryValue('user', { accountId: 'acc-1', displayName: 'Ann' }), 'acc-1');
    assert.deepEqual(queryValue('users', [{ accountId: 'a' }, { displayName: 'no id' }, { accountId: 'b' }]), [
      'a',
      'b',
    ]);
    assert.equal(queryValue('project', { key: 'ABC', name: 'Alpha' }), 'ABC');
    assert.equal(queryValue('issue', { key: 'ABC-1', fields: {} }), 'ABC-1');
    assert.equal(queryValue('status', { name: 'In Review', statusCategory: { name: 'In Progress' } }), 'In Review');
    assert.equal(
      queryValue('status_category', { name: 'In Review', statusCategory: { name: 'In Progress' } }),
      'In Progress',
    );
    assert.equal(queryValue('option', { value: 'Red', id: '1' }), 'Red');
    assert.deepEqual(queryValue('options', [{ value: 'Red' }, { value: 'Blue' }]), ['Red', 'Blue']);
    assert.deepEqual(queryValue('labels', ['a', 'b']), ['a', 'b']);
    assert.deepEqual(queryValue('components', [{ name: 'API' }, { id: '3' }]), ['API']);
    assert.equal(queryValue('number', 3.5), 3.5);
    assert.equal(queryValue('date', '2026-01-31'), '2026-01-31');
    assert.equal(queryValue('user', null), null);
    assert.deepEqual(queryValue('labels', undefined), null);
  });

  test('a list is written as one bracketed list of quoted values', () => {
    assert.equal(jqlValue(value('context', 'issue.labels', 'texts'), ['a', 'b"', 'a']), '("a", "b\\"")');
  });

  test('an empty list or value is a clear message, never `in ()`', async () => {
    const labels = value('context', 'issue.labels', 'texts', 'Labels');
    const data = { jql: [text('labels in '), labels], terms: [] };
    assert.throws(
      () => queryOf(data, { param: {}, settings: {}, context: { 'issue.labels': [] } }),
      (error) =>
        error instanceof AppError &&
        error.status === 412 &&
        error.message === 'This issue has no labels to compare with.',
    );
  });
});

describe('a load', () => {
  const FIXED = Date.UTC(2026, 1, 10, 12, 0, 0);
  const module = {
    key: 'panel',
    kind: 'issue_panel',
    config: [],
    data: {
      kind: 'issues',
      jql: [text('reporter = '), value('context', 'issue.reporter', 'user', 'Reporter')],
      terms: [],
      issue: {
        operation: 'GET /rest/api/3/issue/{issueIdOrKey}',
        fields: ['reporter'],
        values: [{ name: 'reporter', type: 'user', read: ['fields', 'reporter'] }],
      },
      order: [],
      limit: { kind: 'fixed', value: 10 },
    },
    fetches: [{ kind: 'search', into: 'rows', operation: 'GET /rest/api/3/search/jql', fields: [], pageSize: 100 }],
    fields: [],
    computed: [
      {
        name: 'days_overdue',
        type: 'duration',
        expr: {
          kind: 'binary',
          op: '-',
          left: { kind: 'clock', name: 'today', type: 'date' },
          right: { kind: 'field', field: 'duedate', type: 'date' },
          type: 'duration',
        },
      },
    ],
    views: [
      {
        kind: 'table',
        sources: ['rows'],
        title: null,
        when: null,
        columns: [],
        highlight: {
          label: 'Overdue',
          condition: {
            kind: 'compare',
            op: '>',
            left: { kind: 'field', field: 'days_overdue', type: 'duration' },
            right: { kind: 'number', value: 0, type: 'number' },
          },
        },
      },
    ],
  };
  const asked = [];
  const engine = {
    budget: { timeMs: 1000, points: 1000, concurrency: 4, perSecond: 100, rates: [] },
    readers: {},
    finders: {},
    settings: async () => ({}),
    issue: async (read, key) => {
      asked.push(['issue', read.fields, key]);
      return { 'issue.reporter': 'acc-9' };
    },
    fetchers: {
      search: async (fetch, request) => {
        asked.push(['search', request.jql]);
        return { rows: [{ duedate: '2026-02-01' }, { duedate: '2026-02-20' }, { duedate: null }], truncated: false };
      },
    },
  };
  const context = { extension: { issue: { key: 'ABC-7' } } };

  test('reads the viewed issue once, fills its values in, computes with the load clock, marks rows', async (t) => {
    t.mock.method(Date, 'now', () => FIXED);
    asked.length = 0;
    const result = await loadModule(module, {}, context, engine);
    assert.deepEqual(asked, [
      ['issue', ['reporter'], 'ABC-7'],
      ['search', 'reporter = "acc-9"'],
    ]);
    assert.deepEqual(
      result.rows.map((row) => row.days_overdue),
      [9 * 86400, -10 * 86400, null],
    );
    assert.deepEqual(result.views, [{ visible: true, highlighted: [0] }]);
  });

  test('an app built without the issue reader says so instead of querying', async () => {
    await assert.rejects(loadModule(module, {}, context, { ...engine, issue: null }), (error) => {
      return error instanceof AppError && error.status === 500 && /viewed issue/.test(error.message);
    });
  });
});
