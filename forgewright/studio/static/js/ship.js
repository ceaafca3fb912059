// Build and Deploy. Build writes the saved spec's app to a folder (through the same guarded writer as
// `forgewright build`) or downloads it as a zip. Deploy first builds and reviews: the scopes the app will
// be granted, with their reasons, and the exact commands; only then can it run, with the email and the
// API token typed here. The token field is emptied the moment the deploy is sent, and the token is never
// sent again, stored or shown: the server hands it to the Forge CLI's environment only.

import { download, post } from './api.js';
import { $, clear, h } from './dom.js';

const STEP = /^\[(\d+)\/(\d+)\] (.*)$/;

export class Ship {
  constructor({ ensureSaved }) {
    this.ensureSaved = ensureSaved;
    this.el = Object.fromEntries(
      [
        'build-form',
        'build-folder',
        'build-cwd',
        'build-write',
        'build-zip',
        'build-result',
        'deploy-form',
        'deploy-site',
        'deploy-env',
        'deploy-folder',
        'deploy-review',
        'deploy-reviewed',
        'deploy-review-text',
        'deploy-ok',
        'deploy-email',
        'deploy-token',
        'deploy-token-note',
        'deploy-run',
        'deploy-manual',
        'deploy-manual-text',
        'deploy-steps',
        'deploy-log',
        'deploy-result',
      ].map((id) => [id.replace(/-(\w)/g, (_, c) => c.toUpperCase()), $(id)]),
    );
    this.folderTouched = false;
    this.reviewed = null;
    this.busy = false;
    this.tokenInEnvironment = false;
    const e = this.el;
    for (const input of [e.buildFolder, e.deployFolder]) {
      input.addEventListener('input', () => {
        this.folderTouched = true;
        e.buildFolder.value = e.deployFolder.value = input.value;
        this.forgetReview();
      });
    }
    for (const input of [e.deploySite, e.deployEnv]) input.addEventListener('input', () => this.forgetReview());
    for (const input of [e.deployOk, e.deployToken, e.deployEmail])
      input.addEventListener('input', () => this.update());
    e.buildForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.build();
    });
    e.buildZip.addEventListener('click', () => this.zip());
    e.deployReview.addEventListener('click', () => this.review());
    e.deployForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.deploy();
    });
    e.deployManual.addEventListener('click', () => {
      e.deployManualText.hidden = !e.deployManualText.hidden;
      e.deployManual.textContent = e.deployManualText.hidden ? 'Show the commands instead' : 'Hide the commands';
    });
  }

  load(info) {
    const e = this.el;
    e.buildCwd.textContent = info.cwd;
    if (!e.deployEnv.options.length) {
      for (const name of info.environments) e.deployEnv.append(h('option', { value: name }, name));
    }
    if (!e.deployEmail.value) e.deployEmail.value = info.email;
    this.tokenInEnvironment = info.token_in_environment;
    clear(e.deployTokenNote).append(
      info.token_in_environment ? 'FORGE_API_TOKEN is set where the studio runs: leave this empty to use it. ' : '',
      'Create a token at ',
      h('code', {}, info.token_page),
      '. It is sent once, only to this studio, which hands it to the Forge CLI and keeps it nowhere.',
    );
    if (info.job) this.showJob(info.job);
    this.update();
  }

  setDefaultFolder(folder) {
    if (this.folderTouched || !folder) return;
    this.el.buildFolder.value = this.el.deployFolder.value = folder;
  }

  setBusy(busy) {
    this.busy = Boolean(busy);
    this.update();
  }

  update() {
    const e = this.el;
    for (const button of [e.buildWrite, e.buildZip, e.deployReview]) button.disabled = this.busy;
    const haveToken = e.deployToken.value.trim() !== '' || this.tokenInEnvironment;
    e.deployRun.disabled = this.busy || !this.reviewed || !e.deployOk.checked || !haveToken;
  }

  say(element, text, ok) {
    element.textContent = text;
    element.className = `result ${ok ? 'ok' : 'bad'}`;
  }

  // --- build -------------------------------------------------------------------------------------

  async build() {
    try {
      await this.ensureSaved();
      const built = await post('/api/build', { folder: this.el.buildFolder.value });
      this.say(this.el.buildResult, `Built "${built.app}" into ${built.folder} (${built.files} files).`, true);
    } catch (error) {
      this.say(this.el.buildResult, error.message, false);
    }
  }

  async zip() {
    try {
      await this.ensureSaved();
      const name = await download('/api/build.zip');
      this.say(this.el.buildResult, `Downloaded ${name}.`, true);
    } catch (error) {
      this.say(this.el.buildResult, error.message, false);
    }
  }

  // --- deploy ------------------------------------------------------------------------------------

  forgetReview() {
    this.reviewed = null;
    this.el.deployReviewed.hidden = true;
    this.el.deployOk.checked = false;
    this.update();
  }

  async review() {
    const e = this.el;
    this.forgetReview();
    e.deployResult.textContent = '';
    try {
      await this.ensureSaved();
      const target = { folder: e.deployFolder.value, site: e.deploySite.value, environment: e.deployEnv.value };
      const review = await post('/api/deploy/review', target);
      this.reviewed = { ...target, fingerprint: review.fingerprint };
      const first = review.registers
        ? '\n\nFirst deploy: the app is registered with Atlassian, and its new id is written into the spec.'
        : '';
      e.deployReviewText.textContent = `Built into ${review.folder}. Target: ${review.site}, Forge ${review.environment} environment.\n\n${review.review}${first}`;
      e.deployManualText.textContent = review.manual;
      e.deployReviewed.hidden = false;
      this.update();
    } catch (error) {
      this.say(e.deployResult, error.message, false);
    }
  }

  async deploy() {
    const e = this.el;
    if (e.deployRun.disabled || !this.reviewed) return;
    const body = { ...this.reviewed, email: e.deployEmail.value, token: e.deployToken.value };
    e.deployToken.value = ''; // gone from the page before the request even leaves
    e.deployOk.checked = false;
    this.update();
    try {
      await post('/api/deploy', body);
    } catch (error) {
      this.say(e.deployResult, error.message, false);
    } finally {
      body.token = '';
    }
  }

  event(kind, data) {
    if (kind === 'deploy.start') this.showJob(data);
    else if (kind === 'deploy.line') this.line(data.line);
    else if (kind === 'deploy.result') this.finish(data);
  }

  showJob(job) {
    const e = this.el;
    clear(e.deploySteps);
    clear(e.deployLog);
    e.deployLog.hidden = true;
    e.deployResult.textContent = 'Deploying…';
    e.deployResult.className = 'result';
    e.deployManualText.hidden = true;
    e.deployManual.textContent = 'Show the commands instead';
    for (const line of job.lines || []) this.line(line);
    if (job.status && job.status !== 'running') this.finish(job);
    e.deploySteps.scrollIntoView({ block: 'start' });
  }

  line(text) {
    const e = this.el;
    const step = STEP.exec(text);
    if (step) {
      for (const running of e.deploySteps.querySelectorAll('li.running')) running.className = 'done';
      e.deploySteps.append(h('li', { class: 'running' }, step[3]));
      return;
    }
    e.deployLog.hidden = false;
    e.deployLog.append(`${text}\n`);
    e.deployLog.scrollTop = e.deployLog.scrollHeight;
  }

  finish(job) {
    const e = this.el;
    for (const running of e.deploySteps.querySelectorAll('li.running'))
      running.className = job.status === 'done' ? 'done' : 'failed';
    if (job.status === 'done') this.say(e.deployResult, 'Deployed.', true);
    else this.say(e.deployResult, job.message || 'The deploy failed.', false);
    e.deploySteps.scrollIntoView({ block: 'start' });
  }
}
