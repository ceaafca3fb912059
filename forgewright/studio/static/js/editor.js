// The spec editor: a plain textarea, its text made transparent, over a copy of the same text that is
// highlighted and carries the checker's diagnostics as wavy underlines. The copy (the "backdrop"), the
// line numbers and the textarea share one font and one line height, and scroll together. The diagnostic
// under the caret is shown in a bubble right below its place; all of them are listed under the editor.

import { clear, h } from './dom.js';

// comment | string | number | word | punctuation
const TOKEN = /(#[^\n]*)|("(?:[^"\\\n]|\\.)*"?)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)|([{}()[\],:=.<>])/g;
const INDENT = '  ';

export class SpecEditor {
  constructor({ source, backdrop, gutter, bubble, list, onInput, onSave }) {
    Object.assign(this, { source, backdrop, gutter, bubble, list, onInput, onSave });
    this.keywords = new Set();
    this.diagnostics = [];
    source.addEventListener('input', () => {
      this.render();
      this.onInput(this.text);
    });
    source.addEventListener('scroll', () => this.syncScroll());
    source.addEventListener('keydown', (event) => this.keydown(event));
    for (const kind of ['click', 'keyup', 'focus', 'select']) source.addEventListener(kind, () => this.showBubble());
    source.addEventListener('blur', () => (this.bubble.hidden = true));
  }

  get text() {
    return this.source.value;
  }

  setKeywords(words) {
    this.keywords = new Set(words);
    this.render();
  }

  // Replace the text (a save's formatted result, another version), keeping the caret's line and column.
  setText(text) {
    if (text === this.source.value) return;
    const { line, column } = this.caret();
    const top = this.source.scrollTop;
    this.source.value = text;
    this.placeCaret(line, column);
    this.source.scrollTop = top;
    this.render();
  }

  setReadOnly(readOnly) {
    this.source.readOnly = readOnly;
  }

  setDiagnostics(diagnostics) {
    this.diagnostics = diagnostics;
    this.render();
    this.renderList();
    this.showBubble();
  }

  // --- drawing -------------------------------------------------------------------------------------

  render() {
    const text = this.source.value;
    this.backdrop.replaceChildren(this.highlighted(text));
    this.renderGutter(text);
    this.syncScroll();
  }

  highlighted(text) {
    const tokens = [];
    for (const match of text.matchAll(TOKEN)) {
      const kind = match[1]
        ? 'com'
        : match[2]
          ? 'str'
          : match[3]
            ? 'num'
            : match[4]
              ? this.keywords.has(match[4]) && 'kw'
              : 'punct';
      if (kind) tokens.push([match.index, match.index + match[0].length, kind]);
    }
    const marks = this.diagnostics.map((d) => [Math.min(d.from, text.length), Math.min(d.to, text.length), d.severity]);
    const points = new Set([0, text.length]);
    for (const [start, end] of [...tokens, ...marks]) points.add(start).add(end);
    const cuts = [...points].sort((a, b) => a - b);
    const out = document.createDocumentFragment();
    let next = 0;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [start, end] = [cuts[i], cuts[i + 1]];
      while (next < tokens.length && tokens[next][1] <= start) next++;
      const token = next < tokens.length && tokens[next][0] <= start ? tokens[next][2] : null;
      const severity = severityOver(marks, start, end);
      const piece = text.slice(start, end);
      const classes = [token && `tok-${token}`, severity && `mark-${severity}`].filter(Boolean).join(' ');
      if (severity && piece.trim() === '') {
        // a problem at a line break (a missing brace, say): show it as a marked space before the break
        out.append(h('span', { class: classes }, ' '), piece);
      } else {
        out.append(classes ? h('span', { class: classes }, piece) : piece);
      }
    }
    const atEnd = marks.find(([start]) => start >= text.length);
    if (atEnd) out.append(h('span', { class: `mark-${atEnd[2]}` }, ' '));
    out.append('\n'); // the textarea shows a last empty line after a final newline: so must the copy
    return out;
  }

  renderGutter(text) {
    const lines = text.split('\n').length;
    const worst = new Map();
    for (const d of this.diagnostics) {
      if (worst.get(d.line) !== 'error') worst.set(d.line, d.severity);
    }
    const rows = [];
    for (let line = 1; line <= lines; line++) {
      rows.push(h('div', { class: worst.get(line) || null }, String(line)));
    }
    this.gutter.replaceChildren(...rows);
  }

  renderList() {
    clear(this.list);
    for (const d of this.diagnostics) {
      this.list.append(
        h(
          'li',
          { class: d.severity, onclick: () => this.select(d), title: 'Go to this place in the spec' },
          h('span', { class: 'code' }, `${d.severity}[${d.code}]`),
          ` line ${d.line}:${d.column} `,
          d.message,
          d.hint ? h('span', { class: 'hint' }, ` — hint: ${d.hint}`) : null,
        ),
      );
    }
  }

  syncScroll() {
    this.backdrop.scrollTop = this.source.scrollTop;
    this.backdrop.scrollLeft = this.source.scrollLeft;
    this.gutter.scrollTop = this.source.scrollTop;
    if (!this.bubble.hidden) this.showBubble();
  }

  // The diagnostic at the caret (an error before a warning), in a bubble just below where it is.
  showBubble() {
    const at = this.source.selectionStart;
    const { line } = this.caret();
    const here = this.diagnostics.filter((d) => (d.from <= at && at <= d.to) || d.line === line);
    const shown = here.find((d) => d.severity === 'error') || here[0];
    if (!shown || document.activeElement !== this.source) {
      this.bubble.hidden = true;
      return;
    }
    const { lineHeight, charWidth, padding } = this.metrics();
    clear(this.bubble).append(
      h(
        'div',
        {},
        h('span', { class: 'where' }, `${shown.severity}[${shown.code}] line ${shown.line}:${shown.column}`),
        ' ',
        shown.message,
      ),
      shown.hint ? h('div', { class: 'hint' }, `hint: ${shown.hint}`) : '',
    );
    this.bubble.dataset.line = String(shown.line);
    this.bubble.hidden = false;
    const width = this.source.clientWidth;
    const left = padding + (shown.column - 1) * charWidth - this.source.scrollLeft;
    this.bubble.style.top = `${padding + shown.line * lineHeight - this.source.scrollTop + 2}px`;
    this.bubble.style.left = `${Math.max(4, Math.min(left, width - this.bubble.offsetWidth - 4))}px`;
  }

  metrics() {
    if (!this.measured) {
      const probe = h('span', {}, '0'.repeat(100));
      this.backdrop.append(probe);
      const style = getComputedStyle(this.source);
      this.measured = {
        charWidth: probe.getBoundingClientRect().width / 100,
        lineHeight: parseFloat(style.lineHeight),
        padding: parseFloat(style.paddingTop),
      };
      probe.remove();
    }
    return this.measured;
  }

  // --- the caret -----------------------------------------------------------------------------------

  caret() {
    const before = this.source.value.slice(0, this.source.selectionStart);
    const lines = before.split('\n');
    return { line: lines.length, column: lines[lines.length - 1].length + 1 };
  }

  offsetOf(line, column) {
    const lines = this.source.value.split('\n');
    const row = Math.min(Math.max(line, 1), lines.length);
    let offset = 0;
    for (let i = 0; i < row - 1; i++) offset += lines[i].length + 1;
    return offset + Math.min(Math.max(column, 1) - 1, lines[row - 1].length);
  }

  placeCaret(line, column) {
    const offset = this.offsetOf(line, column);
    this.source.setSelectionRange(offset, offset);
  }

  // Put the caret on a diagnostic (or a spec line the scopes or audit point at) and show it.
  select(diagnostic) {
    this.source.focus();
    this.source.setSelectionRange(diagnostic.from, Math.max(diagnostic.from, diagnostic.to));
    this.reveal(diagnostic.line);
    this.showBubble();
  }

  goTo(line, column = 1) {
    this.source.focus();
    this.placeCaret(line, column);
    this.reveal(line);
    this.showBubble();
  }

  reveal(line) {
    const { lineHeight } = this.metrics();
    const top = (line - 1) * lineHeight;
    const view = this.source.clientHeight;
    if (top < this.source.scrollTop || top > this.source.scrollTop + view - 2 * lineHeight) {
      this.source.scrollTop = Math.max(0, top - view / 3);
    }
    this.syncScroll();
  }

  keydown(event) {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      this.onSave();
    } else if (event.key === 'Tab' && !event.shiftKey && !event.ctrlKey && !event.altKey && !this.source.readOnly) {
      event.preventDefault();
      // insertText keeps the textarea's own undo history (setRangeText would not)
      if (!document.execCommand('insertText', false, INDENT))
        this.source.setRangeText(INDENT, this.source.selectionStart, this.source.selectionEnd, 'end');
    } else if (event.key === 'Escape') {
      this.source.blur();
    }
  }
}

function severityOver(marks, start, end) {
  let found = null;
  for (const [from, to, severity] of marks) {
    const covers = from <= start && end <= Math.max(to, from + 1);
    if (covers && (severity === 'error' || !found)) found = severity;
  }
  return found;
}
