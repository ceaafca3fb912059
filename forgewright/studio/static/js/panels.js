// The views of the spec beside the editor: the live preview (the page `forgewright preview` writes, in
// a sandboxed frame), the scopes with their reasons and spec lines, and the audit (what each module
// reads, through which operations, as whom; egress; storage; the Jira cost per load when the audit
// states it). While the spec has errors they keep showing its last valid version, and say so.

import { reasonLine } from './chat.js';
import { $, clear, h, plural } from './dom.js';

export class Views {
  constructor({ goToLine }) {
    this.goToLine = goToLine;
    this.stale = $('stale');
    this.frame = $('preview');
    this.previewNote = $('preview-note');
    this.scopes = $('scopes');
    this.audit = $('audit');
    this.good = null;
    this.drawn = null;
    for (const tab of document.querySelectorAll('[role=tab]'))
      tab.addEventListener('click', () => this.open(tab.dataset.tab));
  }

  open(name) {
    for (const tab of document.querySelectorAll('[role=tab]'))
      tab.setAttribute('aria-selected', String(tab.dataset.tab === name));
    for (const panel of document.querySelectorAll('[data-panel]')) panel.hidden = panel.dataset.panel !== name;
  }

  // views: the server's views of the editor's text; unsaved: whether that text differs from the file
  show(views, unsaved) {
    if (views.ok) this.good = views;
    this.stale.hidden = views.ok;
    if (views.empty) {
      this.stale.textContent = 'No spec yet: describe the app in the chat, or write its spec in the editor.';
    } else if (!views.ok) {
      const problem = views.problem || `The spec has ${views.summary}`;
      this.stale.textContent = this.good
        ? `${problem}: the views show its last valid version.`
        : `${problem}. The preview, scopes and audit appear once it checks clean.`;
    }
    this.previewNote.textContent = views.ok
      ? unsaved
        ? 'Preview of your unsaved edits, with sample data.'
        : 'Preview of the saved spec, with sample data.'
      : '';
    if (this.good && this.drawn !== this.good.key) this.draw(this.good);
    if (!this.good) {
      clear(this.scopes).append(h('p', { class: 'muted' }, 'No valid spec yet.'));
      clear(this.audit).append(h('p', { class: 'muted' }, 'No valid spec yet.'));
    }
  }

  draw(views) {
    this.drawn = views.key;
    if (this.frame.getAttribute('src') !== views.preview) this.frame.setAttribute('src', views.preview);
    this.drawScopes(views.scopes);
    this.drawAudit(views.audit, views.cost);
  }

  drawScopes(scopes) {
    clear(this.scopes);
    const count = scopes.scopes.length;
    if (!count) {
      this.scopes.append(h('p', {}, 'This app needs no scopes.'));
      return;
    }
    this.scopes.append(
      h(
        'p',
        {},
        `${plural(count, 'scope')} (${scopes.scope_style} style), each with the spec lines and Jira operations that need it. The app calls Jira as the person viewing it.`,
      ),
    );
    for (const grant of scopes.scopes) {
      this.scopes.append(
        h(
          'section',
          { class: 'scope' },
          h('h3', {}, h('code', {}, grant.scope)),
          h(
            'ul',
            {},
            grant.reasons.map((r) => h('li', {}, reasonLine(r, this.goToLine))),
          ),
        ),
      );
    }
  }

  drawAudit(audit, cost) {
    clear(this.audit);
    const asUser = audit.calls_jira_as === 'user';
    this.audit.append(
      h(
        'dl',
        { class: 'facts' },
        fact(
          'Calls Jira as',
          asUser
            ? 'the viewing user (asUser): Jira shows the app only what that person may see'
            : 'NOT only the viewing user: the resolver also calls Jira as the app',
        ),
        fact('Egress', audit.egress.length ? audit.egress.join('; ') : 'none: the app sends data nowhere'),
        fact('Remotes', audit.remotes.length ? audit.remotes.join(', ') : 'none'),
        fact('Storage', audit.storage || 'none (the app stores nothing)'),
        fact('Runs on Atlassian', audit.runs_on_atlassian.explanation),
      ),
    );
    this.audit.append(h('h3', {}, 'Jira cost per load'), costView(cost));
    this.audit.append(h('h3', {}, 'Modules'));
    for (const m of audit.modules) this.audit.append(moduleView(m, asUser, this.goToLine));
    this.audit.append(
      h(
        'details',
        {},
        h('summary', {}, 'The audit as text (as forgewright audit prints it)'),
        h('pre', { class: 'review' }, audit.text),
      ),
    );
  }
}

function fact(name, value) {
  return [h('dt', {}, name), h('dd', {}, value)];
}

function lineLink(line, goToLine) {
  return h('button', { type: 'button', class: 'link', onclick: () => goToLine(line, 1) }, `line ${line}`);
}

function moduleView(m, asUser, goToLine) {
  const fields = m.fields.map(
    (f) => `${f.name} (${f.type}${f.custom ? ', custom field' : ''}${f.jira_id ? ` ← ${f.jira_id}` : ''})`,
  );
  return h(
    'div',
    { class: 'module', dataset: { module: m.key } },
    h('h3', {}, m.title),
    h('div', { class: 'muted small' }, `${m.kind} ${m.key} · ${m.forge_type} · `, lineLink(m.line, goToLine)),
    h('p', {}, m.data ? ['Reads ', m.data, m.jql ? [' where ', h('code', {}, m.jql)] : ''] : 'Reads no Jira rows.'),
    fields.length ? h('p', {}, 'Fields: ', fields.join(', ')) : null,
    m.operations.length
      ? h(
          'ul',
          {},
          m.operations.map((o) =>
            h(
              'li',
              {},
              h('code', {}, o.operation),
              ` ${asUser ? 'as the viewing user' : ''}: ${o.purpose} `,
              lineLink(o.line, goToLine),
            ),
          ),
        )
      : null,
    m.stores_settings.length ? h('p', {}, 'Stores settings: ', m.stores_settings.join(', ')) : null,
  );
}

// The cost is shown as the audit states it (requests, points … per load and size): whatever its shape.
function costView(cost) {
  if (!cost) {
    return h(
      'p',
      { class: 'muted', id: 'cost' },
      "Not stated: this version of forgewright's audit does not estimate the Jira requests and rate-limit points one load costs.",
    );
  }
  const box = h('div', { id: 'cost' });
  for (const [key, value] of Object.entries(cost.app))
    box.append(h('div', {}, h('strong', {}, label(key)), valueView(value)));
  for (const m of cost.modules) {
    box.append(
      h(
        'div',
        { class: 'module' },
        h('h3', {}, m.title || m.key),
        Object.entries(m.cost).map(([key, value]) =>
          h('div', {}, h('div', { class: 'muted small' }, label(key)), valueView(value)),
        ),
      ),
    );
  }
  return box;
}

function label(key) {
  return key.replaceAll('_', ' ');
}

function valueView(value) {
  if (value === null || typeof value !== 'object') return h('span', {}, ` ${value}`);
  if (Array.isArray(value)) {
    const rows = value.filter((v) => v && typeof v === 'object' && !Array.isArray(v));
    if (rows.length === value.length && rows.length) {
      const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      return h(
        'table',
        { class: 'cost-table' },
        h(
          'tr',
          {},
          columns.map((c) => h('th', {}, label(c))),
        ),
        rows.map((r) =>
          h(
            'tr',
            {},
            columns.map((c) =>
              h('td', {}, r[c] === undefined ? '' : typeof r[c] === 'object' ? JSON.stringify(r[c]) : String(r[c])),
            ),
          ),
        ),
      );
    }
    return h('span', {}, ` ${value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')}`);
  }
  return h(
    'table',
    { class: 'cost-table' },
    Object.entries(value).map(([k, v]) => h('tr', {}, h('th', {}, label(k)), h('td', {}, valueView(v)))),
  );
}
