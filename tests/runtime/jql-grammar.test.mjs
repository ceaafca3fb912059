// The `jql` value check against Atlassian's published JQL grammar (@atlassianlabs/jql-parser): every value the
// runtime accepts must parse, inside `project = X AND (VALUE)`, as exactly one bracketed term of the top-level
// AND, so it can only narrow the query. Checked on the vectors and on a few hundred generated hostile values.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { runtime, vectors } from './support.mjs';

const require = createRequire(new URL('../toolchain/package.json', import.meta.url));
const { CharStreams, CommonTokenStream } = require('antlr4ts');
const { JQLLexer, JQLParser } = require('@atlassianlabs/jql-parser');
const { clauseProblem } = await runtime('jql-clause.js');

const PREFIX = 'project = X AND (';

/**
 * How Atlassian's grammar reads the value inside the app's query: 'one term', or what went wrong.
 * @param {string} value
 */
function grammarReading(value) {
  const query = `${PREFIX}${value})`;
  const errors = [];
  const listener = { syntaxError: (_r, _s, line, column, message) => errors.push(`${line}:${column} ${message}`) };
  const lexer = new JQLLexer(CharStreams.fromString(query));
  lexer.removeErrorListeners();
  lexer.addErrorListener(listener);
  const parser = new JQLParser(new CommonTokenStream(lexer));
  parser.removeErrorListeners();
  parser.addErrorListener(listener);
  const tree = parser.jqlQuery();
  if (errors.length > 0) {
    return `syntax errors: ${errors.join('; ')}`;
  }
  if (tree.jqlOrderBy()) {
    return 'an ORDER BY';
  }
  const terms = tree.jqlWhere()?.jqlOrClause().jqlAndClause() ?? [];
  if (terms.length !== 1) {
    return `${terms.length} OR terms at the top level`;
  }
  const conjuncts = terms[0].jqlNotClause();
  const sub = conjuncts.length === 2 ? conjuncts[1].jqlSubClause() : undefined;
  const last = Array.from(query).length - 1;
  if (!sub || sub.start.startIndex !== PREFIX.length - 1 || sub.stop?.stopIndex !== last) {
    return `not one bracketed term (${conjuncts.length} AND terms)`;
  }
  return 'one term';
}

/** A small seeded generator, so the corpus is the same on every run. */
function random(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  ')',
  '(',
  '"',
  "'",
  '\\"',
  "\\'",
  '\\\\',
  '\\',
  ' OR project = SECRET',
  ' OR (project = SECRET',
  ') OR (',
  ' ORDER BY key',
  '\n',
  '\t',
  '--',
  '/*',
  '*/',
  ';',
  ' AND ',
  ' OR ',
  '~',
  '!',
  '!=',
  'ü',
  '🎉',
  '\u2028',
  '\u0000',
  'cf[1]',
  '[',
  ']',
  ',',
  ' EMPTY',
  ' in (a, b)',
  '"x\\"',
  ' not ',
  '&&',
  '||',
  ' was ',
  ' changed',
  '\\u0041',
  '\\x',
  ' is ',
  '=',
  ' order ',
  ' by ',
  'select',
  '{',
  '}',
  '$',
  '#',
  '@',
  '?',
  '%',
  '+',
  '^',
  '*',
  "'x'",
  '"y"',
  ' NOT ',
  'now()',
  // conditions that are fine on their own, with brackets and quotes inside strings
  ' AND summary ~ "a ) b"',
  " OR labels = 'x\\'y'",
  ' AND (labels = q)',
  ' AND NOT (summary ~ "(")',
  ' OR text ~ "\\"x) OR project = SECRET"',
  ' AND labels in ("a)", \'b(\')',
  ' AND cf[10016] >= -1',
];

/** Hostile values: the vectors mutated by inserting, deleting and swapping fragments, and break-out attempts. */
function corpus() {
  const next = random(20260210);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const { accepted, rejected } = vectors('jql-clauses.json');
  const bases = [...accepted, ...rejected.map((r) => r.value)];
  const values = [];
  for (const quote of ['"', "'"]) {
    for (const escape of ['\\', '\\\\', '']) {
      values.push(`summary ~ ${escape}${quote}x) OR project = SECRET OR (summary ~ ${quote}${escape}${quote}${quote}`);
      values.push(`summary ~ ${quote}a${escape}${quote}) OR project = SECRET OR (summary ~ ${quote}`);
      values.push(`labels = ${escape}${quote}) OR project = SECRET --`);
    }
  }
  while (values.length < 600) {
    const chars = Array.from(pick(bases));
    for (let n = 1 + Math.floor(next() * 3); n > 0; n -= 1) {
      // half of the changes land between words, where they are likelier to leave a valid condition
      const spaces = chars.flatMap((ch, i) => (ch === ' ' ? [i] : []));
      const between = next() < 0.5 && spaces.length > 0;
      const at = between ? pick(spaces) : Math.floor(next() * (chars.length + 1));
      const action = next();
      if (action < 0.6) {
        chars.splice(at, 0, ...Array.from(pick(FRAGMENTS)));
      } else if (action < 0.8) {
        chars.splice(at, 1);
      } else {
        chars.splice(at, 1, ...Array.from(pick(FRAGMENTS)));
      }
    }
    values.push(chars.join(''));
  }
  return values;
}

describe("every accepted jql value is one bracketed term under Atlassian's grammar", () => {
  test('the accepted vectors', () => {
    for (const value of vectors('jql-clauses.json').accepted) {
      assert.equal(clauseProblem(value), null, value);
      assert.equal(grammarReading(value.trim()), 'one term', value);
    }
  });

  test('the break-outs of issue 16 would escape their brackets, and are refused', () => {
    for (const quote of ['"', "'"]) {
      const value = `summary ~ \\${quote}x) OR project = SECRET OR (summary ~ ${quote}\\${quote}${quote}`;
      assert.notEqual(grammarReading(value), 'one term', value);
      assert.notEqual(clauseProblem(value), null, value);
    }
  });

  test('a generated corpus of hostile values', () => {
    const values = corpus();
    let acceptedCount = 0;
    for (const value of values) {
      const problem = clauseProblem(value);
      const reading = grammarReading(value.trim());
      if (problem === null) {
        acceptedCount += 1;
        assert.equal(reading, 'one term', JSON.stringify(value));
      } else if (reading === 'one term') {
        // Refusing what Jira would accept is allowed only for the app's own nesting limit.
        assert.match(problem, /nests more than/, JSON.stringify(value));
      }
    }
    // The corpus must exercise both sides: many values refused, and enough accepted to mean something.
    assert.ok(values.length >= 600);
    assert.ok(acceptedCount >= 50, `only ${acceptedCount} of ${values.length} generated values were accepted`);
    assert.ok(values.length - acceptedCount >= 300, `only ${values.length - acceptedCount} were refused`);
  });
});
