// The shared behaviour vectors (tests/vectors) run against the runtime; pytest runs the same files against the
// preview and the test oracle (tests/runtime/test_vectors.py).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runtime, vectors } from './support.mjs';

const { bucketOf, bucketsBetween, dateFunction, jqlBound, nextBucket } = await runtime('dates.js');
const { coverageNote } = await runtime('coverage.js');
const { metricValue } = await runtime('aggregate.js');
const { chartOutcome } = await runtime('series.js');
const { pivotOutcome } = await runtime('pivot.js');
const { groupingOutcome } = await runtime('grouping.js');
const { jqlString, jqlValue } = await runtime('jql.js');
const { clauseProblem, jqlClause } = await runtime('jql-clause.js');
const { worklogTest } = await runtime('worklog-filter.js');
const { AppError } = await runtime('errors.js');
const { evaluate, holdsFor, momentOf } = await runtime('expr.js');
const { shownDuration, shownNumber } = await runtime('units.js');

describe('dates.json', () => {
  const { buckets, ranges, functions } = vectors('dates.json');
  for (const c of buckets) {
    test(`${JSON.stringify(c.value)} by ${c.bucket} in ${c.timeZone || 'UTC'}`, () => {
      const expected = c.label === null ? null : { label: c.label, start: c.start };
      assert.deepEqual(bucketOf(c.value, c.bucket, c.timeZone || 'UTC'), expected);
    });
  }
  for (const c of ranges) {
    test(`buckets between: ${c.name}`, () => {
      const found = bucketsBetween(c.first, c.last, c.bucket).map((b) => ({
        label: b.label,
        start: b.start,
        low: jqlBound(b.start, c.dateOnly, c.timeZone),
        high: jqlBound(nextBucket(b.start, c.bucket), c.dateOnly, c.timeZone),
      }));
      assert.deepEqual(found, c.buckets);
    });
  }
  for (const c of functions) {
    test(`${c.name}(${c.offset ? c.offset.amount + c.offset.unit : ''}) at ${c.now}`, () => {
      assert.equal(dateFunction(c.name, c.offset, new Date(c.now)).toISOString(), c.moment);
    });
  }
});

describe('aggregates.json', () => {
  const { charts, metrics, series, pivots, groupings } = vectors('aggregates.json');
  /** A chart of one series over rows {x, y}: y is the aggregated field when the vector has a type. */
  const oneSeries = (c) => ({
    kind: 'chart',
    title: null,
    when: null,
    chart: 'bar',
    xType: c.xType,
    bucket: c.bucket,
    split: null,
    cumulative: false,
    series: [
      {
        label: 'y',
        x: 'x',
        aggregate: c.aggregate,
        field: c.fieldType ? 'y' : null,
        fieldType: c.fieldType,
        percent: null,
        sources: ['rows'],
      },
    ],
  });
  for (const c of charts) {
    test(c.name, () => {
      const found = chartOutcome(oneSeries(c), [{ rows: c.rows }], c.timeZone || 'UTC');
      assert.deepEqual(found, { data: c.points, omitted: c.omitted });
    });
  }
  for (const c of metrics) {
    test(c.name, () => {
      const rows = c.values.map((/** @type {unknown} */ y) => ({ y }));
      const view = {
        kind: 'metric',
        sources: ['rows'],
        title: null,
        when: null,
        aggregate: c.aggregate,
        field: c.fieldType ? 'y' : null,
        fieldType: c.fieldType,
        percent: c.percent === undefined ? null : c.percent,
        unit: c.unit === undefined ? null : c.unit,
      };
      assert.equal(metricValue(view, rows, null), c.value);
    });
  }
  for (const c of series) {
    test(`series: ${c.name}`, () => {
      const chart = { kind: 'chart', title: null, when: null, chart: 'bar', ...c.chart };
      chart.series = chart.series.map((s) => ({ ...s, sources: ['rows'] }));
      const results = chart.series.map(() => ({ rows: c.rows }));
      assert.deepEqual(chartOutcome(chart, results, c.timeZone || 'UTC'), { data: c.points, omitted: c.omitted });
    });
  }
  for (const c of pivots) {
    test(`pivot: ${c.name}`, () => {
      const pivot = { kind: 'pivot', sources: ['rows'], title: null, when: null, ...c };
      assert.deepEqual(pivotOutcome(pivot, { rows: c.data }, c.timeZone || 'UTC'), { table: c.table });
    });
  }
  for (const c of groupings) {
    test(`grouping: ${c.name}`, () => {
      const grouping = { by: c.by, summary: c.summary.map((s) => ({ ...s, x: c.by.field, sources: ['rows'] })) };
      const results = c.summary.map(() => ({ rows: c.every }));
      const found = groupingOutcome(grouping, c.shown, results, c.every.length, 'UTC');
      assert.deepEqual(found, { groups: c.groups, totals: c.totals, note: c.note });
    });
  }
});

describe('coverage.json', () => {
  for (const c of vectors('coverage.json').notes) {
    test(c.name, () => {
      assert.equal(coverageNote(c.coverage), c.note);
    });
  }
});

describe('jql-values.json', () => {
  const { quoting, typed } = vectors('jql-values.json');
  for (const c of quoting) {
    test(`quotes ${JSON.stringify(c.value)}`, () => {
      assert.equal(jqlString(c.value), c.jql);
    });
  }
  for (const c of typed) {
    const part = {
      kind: 'value',
      source: 'param',
      name: 'v',
      type: c.type,
      label: 'The value',
      options: c.options || [],
    };
    test(`${c.type} ${JSON.stringify(c.value)}`, () => {
      if (c.error) {
        assert.throws(
          () => jqlValue(part, c.value),
          (error) => error instanceof AppError && error.status === 400 && error.message.includes('“The value”'),
        );
      } else {
        assert.equal(jqlValue(part, c.value), c.jql);
      }
    });
  }
});

describe('jql-clauses.json', () => {
  const { accepted, rejected } = vectors('jql-clauses.json');
  for (const value of accepted) {
    test(`accepts ${JSON.stringify(value)}`, () => {
      assert.equal(clauseProblem(value), null);
      assert.equal(jqlClause(value, 'Extra'), `(${value.trim()})`);
    });
  }
  for (const { value, why } of rejected) {
    test(`refuses ${JSON.stringify(value).slice(0, 60)}: ${why}`, () => {
      assert.notEqual(clauseProblem(value), null);
      assert.throws(
        () => jqlClause(value, 'Extra'),
        (error) => error instanceof AppError && error.status === 400 && error.message.startsWith('“Extra”'),
      );
    });
  }
});

describe('worklogs.json', () => {
  for (const c of vectors('worklogs.json').cases) {
    test(c.name, () => {
      const keep = worklogTest(c.conditions, c.env, new Date(c.now));
      const kept = c.worklogs.map((/** @type {any} */ w) =>
        keep({ author: w.author === null ? null : { accountId: w.author }, started: w.started }),
      );
      assert.deepEqual(
        kept,
        c.worklogs.map((/** @type {any} */ w) => w.kept),
      );
    });
  }
});

describe('expressions.json', () => {
  const { now, values, conditions, shown } = vectors('expressions.json');
  /** A case's clock and time zone (the file's clock and UTC unless it says). */
  const at = (c) => momentOf(new Date(c.now || now), c.timeZone);
  for (const c of values) {
    test(c.name, () => {
      assert.deepEqual(evaluate(c.expr, c.row, at(c)), c.value);
    });
  }
  for (const c of conditions) {
    test(c.name, () => {
      assert.equal(holdsFor(c.condition, c.row, at(c)), c.holds);
    });
  }
  for (const c of shown) {
    test(`${c.type} ${c.value} in ${c.unit} is ${c.text}`, () => {
      assert.equal(c.type === 'duration' ? shownDuration(c.value, c.unit) : shownNumber(c.value), c.text);
    });
  }
});
