// The chat column: one card per turn — what you asked, Claude's progress, its questions (answered right
// there), and the result: the summary, the scope changes with their reasons and the consent note, the
// spec diff and the assumptions. A turn whose version was undone is greyed.

import { post } from './api.js';
import { $, clear, h, plural } from './dom.js';

export class Chat {
  constructor({ ensureSaved, openDraft, goToLine, report }) {
    Object.assign(this, { ensureSaved, openDraft, goToLine, report });
    this.log = $('chat-log');
    this.input = $('chat-input');
    this.send = $('chat-send');
    this.off = $('chat-off');
    this.total = $('chat-total');
    this.records = new Map();
    this.active = new Set();
    this.available = false;
    this.busy = false;
    this.specHasErrors = false;
    $('chat-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('input', () => this.update());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        this.submit();
      }
    });
  }

  load(info, history) {
    this.available = info.available;
    this.off.hidden = info.available;
    this.off.textContent = info.reason || '';
    this.total.textContent = info.total || (info.model ? `model ${info.model}` : '');
    this.records.clear();
    clear(this.log);
    for (const record of info.turns) this.draw(record);
    this.setHistory(history);
    this.update();
  }

  setHistory(history) {
    const versions = history.versions.map((v) => v.number);
    this.active = new Set(versions.slice(0, versions.indexOf(history.current) + 1));
    for (const record of this.records.values()) this.markUndone(record);
  }

  setBusy(busy) {
    this.busy = Boolean(busy);
    this.update();
  }

  setSpecHasErrors(flag) {
    this.specHasErrors = flag;
    this.update();
  }

  update() {
    this.input.disabled = !this.available;
    this.send.disabled = !this.available || this.busy;
    this.send.textContent = this.specHasErrors && !this.input.value.trim() ? 'Repair' : 'Send';
  }

  async submit() {
    if (this.send.disabled) return;
    const message = this.input.value;
    try {
      await this.ensureSaved();
      await post('/api/chat', { message });
      this.input.value = '';
      this.update();
    } catch (error) {
      this.report(error.message);
    }
  }

  event(kind, data) {
    if (kind === 'chat.turn' || kind === 'chat.result') {
      this.draw(data);
      if (data.total) this.total.textContent = data.total;
    } else if (kind === 'chat.progress') {
      const record = this.records.get(data.turn);
      if (!record) return;
      record.lines.push(data.line);
      record.linesBox.append(h('div', {}, data.line));
      this.scroll();
    } else if (kind === 'chat.question') {
      const record = this.records.get(data.turn);
      if (record) this.draw({ ...record.data, asking: data.questions });
    }
  }

  // --- cards ---------------------------------------------------------------------------------------

  draw(data) {
    const old = this.records.get(data.turn);
    const record = { data, lines: [...(data.lines || [])], linesBox: h('div', { class: 'lines' }) };
    for (const line of record.lines) record.linesBox.append(h('div', {}, line));
    record.card = h(
      'article',
      { class: 'turn', id: `turn-${data.turn}`, dataset: { status: data.status } },
      data.message ? h('div', { class: 'you' }, data.message) : h('div', { class: 'you muted' }, '(repair the spec)'),
      record.linesBox,
      data.asking ? this.question(data.turn, data.asking) : null,
      data.status === 'working' ? null : this.result(data),
    );
    this.records.set(data.turn, record);
    if (old) old.card.replaceWith(record.card);
    else this.log.append(record.card);
    this.markUndone(record);
    this.scroll();
  }

  markUndone(record) {
    const version = record.data.version;
    record.card.classList.toggle('undone', Boolean(version) && !this.active.has(version));
    const tag = record.card.querySelector('.version-tag');
    if (tag && version)
      tag.textContent = this.active.has(version) ? `version ${version}` : `version ${version} (undone)`;
  }

  question(turn, questions) {
    const answer = h('textarea', { rows: 2, placeholder: 'Your answer…', 'aria-label': 'Your answer' });
    const send = async (text) => {
      try {
        await post('/api/chat/answer', { turn, answer: text });
      } catch (error) {
        this.report(error.message);
      }
    };
    return h(
      'div',
      { class: 'question' },
      h('strong', {}, 'Claude asks:'),
      questions.map((q) => h('p', {}, q)),
      answer,
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', class: 'primary', onclick: () => send(answer.value) }, 'Answer'),
        h('button', { type: 'button', onclick: () => send(null) }, 'Skip'),
      ),
    );
  }

  result(data) {
    const box = h('div', { class: 'answer' });
    if (data.status === 'applied') {
      if (data.summary) box.append(h('p', {}, data.summary));
      box.append(
        h(
          'div',
          { class: 'tag' },
          h('span', { class: 'version-tag' }, `version ${data.version}`),
          ` · spec +${data.added} −${data.removed} lines`,
        ),
      );
      box.append(this.scopeChanges(data));
      if (data.meaning && data.meaning.summary) box.append(h('div', { class: 'tag' }, data.meaning.summary.line));
      box.append(diffView(data.diff, data.added + data.removed <= 40));
      if (data.assumptions && data.assumptions.length) {
        box.append(
          h(
            'details',
            {},
            h('summary', {}, 'Assumptions Claude made'),
            h(
              'ul',
              {},
              data.assumptions.map((a) => h('li', {}, a)),
            ),
          ),
        );
      }
      return box;
    }
    if (data.error) box.append(h('p', { class: 'error' }, data.error));
    if (data.questions && data.questions.length) {
      box.append(
        h('p', {}, h('strong', {}, 'Claude asks:')),
        data.questions.map((q) => h('p', {}, q)),
      );
    }
    box.append(h('p', {}, data.note || ''));
    if (data.draft) {
      const errors = data.draft.diagnostics.filter((d) => d.severity === 'error').length;
      box.append(
        h(
          'p',
          {},
          `Claude's draft (${plural(errors, 'error')}) is saved${data.draft.file ? ` as ${data.draft.file}` : ''}. `,
          h(
            'button',
            { type: 'button', class: 'link', onclick: () => this.openDraft(data.draft.text) },
            'Open it in the editor',
          ),
        ),
      );
    }
    return box;
  }

  // Each scope added or removed, and why; with many, each folds its reasons away.
  scopeChanges(data) {
    const box = h('div', { class: 'scopes-changed' });
    const changes = data.first_scopes
      ? data.first_scopes.map((grant) => ({ kind: 'added', scope: grant.scope, reasons: grant.reasons }))
      : ((data.meaning && data.meaning.scopes) || []).map((change) => ({
          kind: change.kind,
          scope: change.scope,
          reasons: change.kind === 'added' ? change.reasons_added : change.reasons_removed,
        }));
    if (!changes.length)
      box.append(h('div', { class: 'tag' }, data.first_scopes ? 'scopes: none' : 'scopes unchanged'));
    const open = changes.length <= 3;
    for (const change of changes) {
      const added = change.kind === 'added';
      const head = h(
        'summary',
        {},
        added ? '+ ' : '− ',
        h('code', {}, change.scope),
        added ? ' needed' : ' no longer needed',
      );
      const reasons = h(
        'ul',
        {},
        change.reasons.map((r) => h('li', {}, reasonLine(r, this.goToLine))),
      );
      box.append(h('details', { class: `scope-change ${change.kind}`, open }, head, reasons));
    }
    if (data.meaning && data.meaning.needs_consent)
      box.append(h('div', { class: 'consent' }, data.meaning.consent_warning));
    return box;
  }

  scroll() {
    this.log.scrollTop = this.log.scrollHeight;
  }
}

// "overdue: search the issues its query matches -> GET /rest/api/3/search/jql (line 9)"
export function reasonLine(reason, goToLine) {
  return h(
    'span',
    {},
    `${reason.module || 'app'}: ${reason.why} → ${reason.operation} `,
    reason.line
      ? h(
          'button',
          { type: 'button', class: 'link', onclick: () => goToLine(reason.line, reason.column || 1) },
          `line ${reason.line}`,
        )
      : null,
  );
}

function diffView(diff, open) {
  const pre = h('pre', { class: 'diff' });
  for (const line of diff.split('\n')) {
    const kind = line.startsWith('@@')
      ? 'hunk'
      : line.startsWith('+') && !line.startsWith('+++')
        ? 'add'
        : line.startsWith('-') && !line.startsWith('---')
          ? 'del'
          : null;
    pre.append(h('div', { class: kind }, line || ' '));
  }
  return h('details', { open }, h('summary', {}, 'Spec diff'), pre);
}
