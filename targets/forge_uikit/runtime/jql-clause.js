// Checking a JQL condition someone typed (a `jql` configuration value or setting) before it joins a query.
//
// The value is put in brackets inside the app's own query, so it may only narrow it. That holds only if the
// value is read exactly as Jira reads it: this module lexes it the way Jira's JQL grammar does (strings in
// double or single quotes with their escapes, unquoted words in which `\"` is an escaped character and not a
// quote, reserved characters and words, brackets) and accepts it only when it is one complete condition,
// parsed by the rules of that grammar, that never closes a bracket it did not open. ORDER BY cannot appear.

import { AppError } from './errors.js';

/** Deeper nesting than this is refused (it is never needed, and it bounds the work per value). */
export const MAX_DEPTH = 64;

/**
 * @typedef {object} Token
 * @property {string} type a keyword, an operator or punctuation, or one of STRING, QUOTED, NUMBER, CF
 * @property {string} text as written
 * @property {number} at its first character (0-based)
 */

const SPACE = new Set([' ', '\t', '\r', '\n']);
const PUNCTUATION = new Map([
  ['(', 'LPAREN'],
  [')', 'RPAREN'],
  [',', 'COMMA'],
  ['[', 'LBRACKET'],
  [']', 'RBRACKET'],
]);
const OPERATORS = ['!=', '!~', '>=', '<=', '&&', '||', '=', '~', '<', '>', '!', '&', '|'];
const OPERATOR_TYPES = new Map([
  ['&&', 'AND'],
  ['&', 'AND'],
  ['||', 'OR'],
  ['|', 'OR'],
  ['!', 'BANG'],
]);
const RESERVED_CHARACTERS = new Set('{}*/%+^$#@?;');
const ESCAPABLE = new Set(['t', 'n', 'r', '"', "'", '\\', ' ']);
const KEYWORDS = new Map(
  [
    'in',
    'is',
    'and',
    'or',
    'not',
    'was',
    'changed',
    'before',
    'after',
    'from',
    'to',
    'on',
    'during',
    'order',
    'by',
    'asc',
    'desc',
  ].map((word) => [word, word.toUpperCase()]),
);
// Words Jira's grammar reserves: unquoted, they make the query fail.
const RESERVED_WORDS = new Set(
  (
    'abort access add alias alter any as audit avg begin between boolean break byte catch char character check ' +
    'checkpoint collate collation column commit connect continue count create current date decimal declare ' +
    'decrement default defaults define delete delimiter difference distinct divide do double drop else ' +
    'encoding end equals escape exclusive exec execute exists explain false fetch file field first float for ' +
    'function go goto grant greater group having identified if immediate increment index initial inner inout ' +
    'input insert int integer intersect intersection into isempty isnull join last left less like limit lock ' +
    'long max min minus mode modify modulo more multiply next noaudit notin nowait number object of option ' +
    'outer output power previous prior privileges public raise raw remainder rename resource return returns ' +
    'revoke right row rowid rownum rows select session set share size sqrt start strict string subtract sum ' +
    'synonym table then trans transaction trigger true uid union unique update user validate values view when ' +
    'whenever where while with'
  ).split(' '),
);

/** @param {string} ch */
function isControl(ch) {
  const code = ch.codePointAt(0) ?? 0;
  return (
    (code <= 0x1f && code !== 0x0a && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0xfdd0 && code <= 0xfdef) ||
    code === 0xfffe ||
    code === 0xffff
  );
}

/** @param {string} ch a character that may appear in an unquoted word */
function isWordCharacter(ch) {
  return !(
    SPACE.has(ch) ||
    isControl(ch) ||
    ch === '\n' ||
    ch === '\r' ||
    ch === '\\' ||
    ch === '"' ||
    ch === "'" ||
    PUNCTUATION.has(ch) ||
    '=!<>~|&'.includes(ch) ||
    RESERVED_CHARACTERS.has(ch)
  );
}

class JqlSyntaxError extends Error {
  /**
   * @param {string} reason
   * @param {number} at
   */
  constructor(reason, at) {
    super(reason);
    this.at = at;
  }
}

/**
 * The length of the escape sequence starting at `chars[index]` (a backslash), or 0 when JQL does not know it.
 * @param {string[]} chars
 * @param {number} index
 */
function escapeLength(chars, index) {
  const next = chars[index + 1];
  if (next !== undefined && ESCAPABLE.has(next)) {
    return 2;
  }
  if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(chars.slice(index + 2, index + 6).join(''))) {
    return 6;
  }
  return 0;
}

/**
 * @param {string[]} chars
 * @param {number} start the opening quote
 * @returns {number} the index after the closing quote
 */
function quotedEnd(chars, start) {
  const quote = chars[start];
  let i = start + 1;
  while (i < chars.length) {
    const ch = chars[i];
    if (ch === quote) {
      return i + 1;
    }
    if (ch === '\\') {
      const length = escapeLength(chars, i);
      if (length === 0) {
        throw new JqlSyntaxError(`\`\\${chars[i + 1] ?? ''}\` is not an escape JQL knows`, i);
      }
      i += length;
    } else if (isControl(ch)) {
      throw new JqlSyntaxError('a control character cannot appear in a JQL string', i);
    } else {
      i += 1;
    }
  }
  throw new JqlSyntaxError('a quote is not closed', start);
}

/**
 * @param {string} word an unquoted word as written
 * @returns {string} its token type
 */
function wordType(word) {
  const lower = word.toLowerCase();
  if (lower === 'empty' || lower === 'null') {
    return 'EMPTY';
  }
  if (KEYWORDS.has(lower)) {
    return KEYWORDS.get(lower) ?? 'STRING';
  }
  if (/^-?[0-9]+$/.test(word)) {
    return 'NUMBER';
  }
  if (lower === 'cf') {
    return 'CF';
  }
  return RESERVED_WORDS.has(lower) ? 'RESERVED' : 'STRING';
}

/**
 * JQL tokens, lexed by the rules Jira's grammar uses. Throws JqlSyntaxError on text Jira could not lex.
 * @param {string} text
 * @returns {Token[]}
 */
export function tokenize(text) {
  const chars = Array.from(text);
  /** @type {Token[]} */
  const tokens = [];
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i];
    if (SPACE.has(ch)) {
      i += 1;
      continue;
    }
    const punctuation = PUNCTUATION.get(ch);
    if (punctuation) {
      tokens.push({ type: punctuation, text: ch, at: i });
      i += 1;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const end = quotedEnd(chars, i);
      tokens.push({ type: 'QUOTED', text: chars.slice(i, end).join(''), at: i });
      i = end;
      continue;
    }
    const operator = OPERATORS.find((op) => chars.slice(i, i + op.length).join('') === op);
    if (operator) {
      tokens.push({ type: OPERATOR_TYPES.get(operator) ?? 'OPERATOR', text: operator, at: i });
      i += operator.length;
      continue;
    }
    if (RESERVED_CHARACTERS.has(ch)) {
      throw new JqlSyntaxError(`\`${ch}\` is reserved in JQL; put the value in quotes`, i);
    }
    const start = i;
    while (i < chars.length) {
      if (chars[i] === '\\') {
        const length = escapeLength(chars, i);
        if (length === 0) {
          throw new JqlSyntaxError(`\`\\${chars[i + 1] ?? ''}\` is not an escape JQL knows`, i);
        }
        i += length;
      } else if (isWordCharacter(chars[i])) {
        i += 1;
      } else {
        break;
      }
    }
    if (i === start) {
      throw new JqlSyntaxError('this character cannot appear in JQL outside quotes', i);
    }
    const word = chars.slice(start, i).join('');
    tokens.push({ type: wordType(word), text: word, at: start });
  }
  return tokens;
}

const EQUALITY = new Set(['=', '!=']);
const LIKE = new Set(['~', '!~']);
const COMPARISON = new Set(['<', '>', '<=', '>=']);
const WAS_PREDICATES = new Set(['AFTER', 'BEFORE', 'ON', 'DURING', 'BY']);
const CHANGED_PREDICATES = new Set([...WAS_PREDICATES, 'FROM', 'TO']);

/** A recursive-descent reading of one JQL condition, by the rules of Jira's grammar (no ORDER BY). */
class ClauseParser {
  /** @param {Token[]} tokens */
  constructor(tokens) {
    this.tokens = tokens;
    this.index = 0;
    this.depth = 0;
  }

  /** @param {number} [ahead] */
  peek(ahead = 0) {
    return this.tokens[this.index + ahead];
  }

  /** @param {string} type */
  is(type, ahead = 0) {
    const token = this.peek(ahead);
    return token !== undefined && token.type === type;
  }

  /** @param {string} what */
  fail(what) {
    const token = this.peek();
    if (token === undefined) {
      throw new JqlSyntaxError(`the condition ends where ${what} should follow`, -1);
    }
    if (token.type === 'RESERVED') {
      throw new JqlSyntaxError(`\`${token.text}\` is a reserved word in JQL; put it in quotes`, token.at);
    }
    throw new JqlSyntaxError(`\`${token.text}\` cannot stand here (expected ${what})`, token.at);
  }

  /** @param {string} type @param {string} what */
  expect(type, what) {
    if (!this.is(type)) {
      this.fail(what);
    }
    this.index += 1;
  }

  enter() {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) {
      throw new JqlSyntaxError(`the condition nests more than ${MAX_DEPTH} levels deep`, this.peek()?.at ?? -1);
    }
  }

  whole() {
    this.orClause();
    if (this.peek() !== undefined) {
      const token = this.peek();
      if (token?.type === 'RPAREN') {
        throw new JqlSyntaxError('`)` closes a bracket the condition did not open', token.at);
      }
      this.fail('AND or OR');
    }
  }

  orClause() {
    this.enter();
    this.andClause();
    while (this.is('OR')) {
      this.index += 1;
      this.andClause();
    }
    this.depth -= 1;
  }

  andClause() {
    this.notClause();
    while (this.is('AND')) {
      this.index += 1;
      this.notClause();
    }
  }

  notClause() {
    let negations = 0;
    while (this.is('NOT') || this.is('BANG')) {
      this.index += 1;
      negations += 1;
      if (negations > MAX_DEPTH) {
        throw new JqlSyntaxError(`the condition nests more than ${MAX_DEPTH} levels deep`, this.peek()?.at ?? -1);
      }
    }
    if (this.is('LPAREN')) {
      this.index += 1;
      this.orClause();
      this.expect('RPAREN', '`)`');
      return;
    }
    this.terminalClause();
  }

  isString(ahead = 0) {
    return this.is('STRING', ahead) || this.is('QUOTED', ahead);
  }

  isValue(ahead = 0) {
    return this.isString(ahead) || this.is('NUMBER', ahead);
  }

  field() {
    if (this.is('NUMBER')) {
      this.index += 1;
      return;
    }
    if (this.is('CF')) {
      this.index += 1;
      this.expect('LBRACKET', '`[`');
      if (!this.is('NUMBER') || (this.peek()?.text ?? '').startsWith('-')) {
        this.fail('a custom field number');
      }
      this.index += 1;
      this.expect('RBRACKET', '`]`');
    } else if (this.isString()) {
      this.index += 1;
    } else {
      this.fail('a field name');
    }
    while (this.is('LBRACKET')) {
      this.index += 1;
      this.argument();
      this.expect('RBRACKET', '`]`');
      while (this.isValue()) {
        this.index += 1;
      }
    }
  }

  argument() {
    if (!this.isValue()) {
      this.fail('a value');
    }
    this.index += 1;
  }

  /** A value, or a function call such as `now()` or `startOfMonth(-1)`. */
  valueOrFunction() {
    if (!this.isValue()) {
      this.fail('a value');
    }
    this.index += 1;
    if (this.is('LPAREN')) {
      this.index += 1;
      if (!this.is('RPAREN')) {
        this.argument();
        while (this.is('COMMA')) {
          this.index += 1;
          this.argument();
        }
      }
      this.expect('RPAREN', '`)`');
    }
  }

  /** EMPTY, a value, a function, or a list in brackets. */
  operand() {
    if (this.is('EMPTY')) {
      this.index += 1;
    } else if (this.is('LPAREN')) {
      this.list();
    } else {
      this.valueOrFunction();
    }
  }

  list() {
    this.enter();
    this.expect('LPAREN', '`(`');
    this.operand();
    while (this.is('COMMA')) {
      this.index += 1;
      this.operand();
    }
    this.expect('RPAREN', '`)`');
    this.depth -= 1;
  }

  listOrFunction() {
    if (this.is('LPAREN')) {
      this.list();
    } else {
      this.valueOrFunction();
      const previous = this.tokens[this.index - 1];
      if (previous.type !== 'RPAREN') {
        throw new JqlSyntaxError('IN needs a list in brackets or a function', previous.at);
      }
    }
  }

  /** @param {Set<string>} allowed */
  predicates(allowed) {
    while (this.peek() !== undefined && allowed.has(this.peek()?.type ?? '')) {
      this.index += 1;
      this.operand();
    }
  }

  terminalClause() {
    this.field();
    const token = this.peek();
    if (token === undefined) {
      this.fail('an operator');
      return;
    }
    this.index += 1;
    if (token.type === 'OPERATOR' && (EQUALITY.has(token.text) || LIKE.has(token.text))) {
      if (this.is('EMPTY')) {
        this.index += 1;
      } else {
        this.valueOrFunction();
      }
    } else if (token.type === 'OPERATOR' && COMPARISON.has(token.text)) {
      this.valueOrFunction();
    } else if (token.type === 'IN' || (token.type === 'NOT' && this.is('IN'))) {
      this.index += token.type === 'NOT' ? 1 : 0;
      this.listOrFunction();
    } else if (token.type === 'IS') {
      this.index += this.is('NOT') ? 1 : 0;
      this.expect('EMPTY', 'EMPTY');
    } else if (token.type === 'WAS') {
      this.index += this.is('NOT') ? 1 : 0;
      if (this.is('IN')) {
        this.index += 1;
        this.listOrFunction();
      } else {
        this.operandAfterWas();
      }
      this.predicates(WAS_PREDICATES);
    } else if (token.type === 'CHANGED') {
      this.predicates(CHANGED_PREDICATES);
    } else {
      this.index -= 1;
      this.fail('an operator');
    }
  }

  operandAfterWas() {
    if (this.is('EMPTY')) {
      this.index += 1;
    } else {
      this.valueOrFunction();
    }
  }
}

/**
 * Why Jira would not read `text` as one condition that stays inside its brackets; null when it would.
 * @param {string} text
 * @returns {string | null}
 */
export function clauseProblem(text) {
  try {
    const tokens = tokenize(text);
    if (tokens.length === 0) {
      return 'it is empty';
    }
    new ClauseParser(tokens).whole();
    return null;
  } catch (error) {
    if (error instanceof JqlSyntaxError) {
      return error.at >= 0 ? `${error.message} (at character ${error.at + 1})` : error.message;
    }
    throw error;
  }
}

/**
 * A typed JQL condition, checked and put in brackets so that it can only narrow the query it joins.
 * @param {unknown} value
 * @param {string} label how messages name the value
 * @returns {string}
 */
export function jqlClause(value, label) {
  const text = String(value).trim();
  const problem = clauseProblem(text);
  if (problem !== null) {
    throw new AppError(400, `“${label}” is not a JQL condition this app can use: ${problem}.`);
  }
  return `(${text})`;
}
