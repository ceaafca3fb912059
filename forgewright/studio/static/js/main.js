// The studio page: loads the state, wires the editor, the chat, the views and the build and deploy
// panels together, and follows the server's events (new versions, a chat turn's progress, a deploy's
// steps) with a long poll.
//
// The file is the source of truth: `saved` is its text as the server last reported it, the editor may
// hold unsaved edits on top. A version that arrives while there are none replaces the editor's text;
// one that arrives over unsaved edits is offered in the banner instead.

import { ApiError, get, post } from './api.js';
import { Chat } from './chat.js';
import { $, clear, h } from './dom.js';
import { SpecEditor } from './editor.js';
import { Views } from './panels.js';
import { Ship } from './ship.js';

const CHECK_DELAY_MS = 300;

const page = {
  project: null,
  saved: '',
  lastEvent: 0,
  checks: 0,
  timer: null,
};

const editor = new SpecEditor({
  source: $('source'),
  backdrop: $('backdrop'),
  gutter: $('gutter'),
  bubble: $('bubble'),
  list: $('diagnostics'),
  onInput: () => {
    showStatus();
    scheduleCheck();
  },
  onSave: () => save().catch(() => {}),
});
const goToLine = (line, column) => editor.goTo(line, column);
const views = new Views({ goToLine });
const chat = new Chat({
  ensureSaved,
  goToLine,
  report: (message) => banner(message, [], true),
  openDraft: (text) => {
    editor.setText(text);
    showStatus();
    check();
  },
});
const ship = new Ship({ ensureSaved });

// --- the project: text, versions, busy ----------------------------------------------------------

function unsaved() {
  return editor.text !== page.saved;
}

function applyProject(project, { force = false } = {}) {
  const hadEdits = unsaved();
  const changed = project.text !== page.saved;
  page.project = project;
  page.saved = project.text;
  if (force || !hadEdits) {
    editor.setText(project.text);
  } else if (changed && editor.text !== project.text) {
    const label = currentVersion().label;
    banner(`The spec changed while you were editing (${label}).`, [
      [
        'Load it (drop my edits)',
        () => {
          editor.setText(page.saved);
          showStatus();
          check();
          hideBanner();
        },
      ],
      ['Keep my edits', hideBanner],
    ]);
  }
  const busy = project.busy;
  editor.setReadOnly(Boolean(busy));
  $('file').textContent = project.file || `${project.name} (not saved yet)`;
  $('file').title = project.file || '';
  const history = project.history;
  $('undo').disabled = !history.can_undo || Boolean(busy);
  $('redo').disabled = !history.can_redo || Boolean(busy);
  const version = currentVersion();
  $('version').textContent = `version ${version.number}: ${version.label}`;
  chat.setHistory(history);
  chat.setBusy(busy);
  ship.setBusy(busy);
  $('save').disabled = Boolean(busy);
  if (project.missing) banner(`${project.file} is gone from the disk; saving writes it again.`);
  showStatus();
}

function currentVersion() {
  const history = page.project.history;
  return history.versions.find((v) => v.number === history.current);
}

function showStatus() {
  const status = $('status');
  const busy = page.project && page.project.busy;
  const [text, kind] = busy
    ? [`${busy} is running…`, 'busy']
    : unsaved()
      ? ['unsaved edits', 'unsaved']
      : ['saved', 'saved'];
  status.textContent = text;
  status.className = `status ${kind}`;
}

// --- checking as you type -------------------------------------------------------------------------

function scheduleCheck() {
  clearTimeout(page.timer);
  page.timer = setTimeout(check, CHECK_DELAY_MS);
}

async function check() {
  clearTimeout(page.timer);
  const number = ++page.checks;
  const text = editor.text;
  try {
    const result = await post('/api/check', { text });
    if (number === page.checks) showViews(result, text);
  } catch (error) {
    banner(`The check failed: ${error.message}`, [], true);
  }
}

function showViews(result, text) {
  editor.setDiagnostics(result.diagnostics);
  const summary = $('summary');
  const more = result.more_diagnostics ? ` (${result.more_diagnostics} more not listed)` : '';
  summary.textContent =
    (result.ok ? '✓ ' : '') + result.summary + more + (result.problem ? ` — ${result.problem}` : '');
  summary.className = `summary ${result.ok ? 'ok' : result.empty ? '' : 'bad'}`;
  chat.setSpecHasErrors(!result.ok && !result.empty);
  views.show(result, text !== page.saved);
  if (result.ok) ship.setDefaultFolder(result.build_folder);
}

// --- saving, undo, redo ---------------------------------------------------------------------------

async function save() {
  if (page.project.busy) return;
  try {
    const state = await post('/api/save', { text: editor.text, base: page.project.history.current });
    hideBanner();
    applyProject(state, { force: true });
    showViews(state.views, editor.text);
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      banner(`Not saved: ${error.message}`, [['Reload the spec', reload]], true);
    } else {
      banner(`Not saved: ${error.message}`, [], true);
    }
    throw error;
  }
}

async function ensureSaved() {
  if (unsaved()) await save();
}

async function step(direction) {
  if (unsaved() && !window.confirm(`${direction === 'undo' ? 'Undo' : 'Redo'} drops your unsaved edits. Go on?`))
    return;
  try {
    const state = await post(`/api/${direction}`);
    applyProject(state, { force: true });
    showViews(state.views, editor.text);
  } catch (error) {
    banner(error.message, [], true);
  }
}

// --- the banner -----------------------------------------------------------------------------------

function banner(text, actions = [], error = false) {
  const box = $('banner');
  $('banner-text').textContent = text;
  const buttons = clear($('banner-actions'));
  for (const [label, act] of actions) buttons.append(h('button', { type: 'button', onclick: act }, label));
  buttons.append(h('button', { type: 'button', class: 'link', onclick: hideBanner }, 'dismiss'));
  box.classList.toggle('error', error);
  box.hidden = false;
}

function hideBanner() {
  $('banner').hidden = true;
}

// --- loading and following events -----------------------------------------------------------------

async function reload() {
  const state = await get('/api/state');
  editor.setKeywords(state.keywords);
  applyProject(state, { force: true });
  showViews(state.views, editor.text);
  chat.load(state.chat, state.history);
  ship.load(state.ship);
  page.lastEvent = state.events;
  hideBanner();
}

function handle(event) {
  const { kind, data } = event;
  if (kind === 'version') {
    applyProject(data);
    check();
  } else if (kind === 'file') {
    banner(data.message);
  } else if (kind.startsWith('chat.')) {
    chat.event(kind, data);
  } else if (kind.startsWith('deploy.')) {
    ship.event(kind, data);
  } else if (kind === 'resync') {
    return reload();
  }
  return null;
}

async function follow() {
  for (;;) {
    try {
      const { events } = await get(`/api/events?after=${page.lastEvent}`);
      for (const event of events) {
        page.lastEvent = event.id;
        await handle(event);
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) {
        banner('The studio no longer accepts this page (was it restarted?): open the address it printed.', [], true);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  }
}

$('save').addEventListener('click', () => save().catch(() => {}));
$('undo').addEventListener('click', () => step('undo'));
$('redo').addEventListener('click', () => step('redo'));
window.addEventListener('beforeunload', (event) => {
  if (unsaved()) event.preventDefault();
});

reload()
  .then(() => {
    document.body.dataset.ready = 'true';
    follow();
  })
  .catch((error) => banner(`The studio could not load: ${error.message}`, [], true));
