// A project's versions as rows, each with the work of its issues done, remaining and in total: release progress.
//
// The versions come from the project's version list (archived ones left out, only released or unreleased ones when
// the plan says so), in release order: by release date, undated ones last, at most `most` of them (the soonest
// unreleased, else the latest; the rows then say how many there are). An issue belongs to a version by its fix version; it is done when its status is in
// the Done category. Counted, each version costs two counts in Jira (its issues, and those done): exact at any size.
// Summed by a field, the versions' issues are read page by page as far as the budget goes, and the rows then say how
// many issues they are based on.

import { countIssues } from './count.js';
import { coverage } from './coverage.js';
import { notSet } from './errors.js';
import { isEmpty, jqlString, narrowed } from './jql.js';
import { rowOf, sequenced } from './read.js';
import { searchBody } from './search-body.js';
import { projectVersions } from './versions.js';

/** @typedef {import('./plan-types.js').VersionFetch} VersionFetch */
/** @typedef {import('./engine-types.js').LoadRequest} LoadRequest */
/** @typedef {import('./engine-types.js').FetchResult} FetchResult */
/** @typedef {import('./jira.js').Session} Session */

/**
 * The project whose versions are shown: the configured one, or the module's own.
 * @param {VersionFetch} fetch
 * @param {LoadRequest} request
 */
export function projectOf(fetch, request) {
  if (fetch.project === null) {
    const own = request.env.context.project;
    if (isEmpty(own)) {
      throw notSet({
        kind: 'value',
        source: 'context',
        name: 'project',
        type: 'project',
        label: 'Project',
        options: [],
      });
    }
    return String(own);
  }
  const param = request.module.config.find((p) => p.name === fetch.project);
  const given = request.env.param[fetch.project];
  if (isEmpty(given)) {
    const label = param ? param.label : fetch.project;
    throw notSet({ kind: 'value', source: 'param', name: fetch.project, type: 'project', label, options: [] });
  }
  return String(given).trim();
}

/**
 * The versions to show, in release order (undated last, then as Jira lists them): the soonest unreleased ones, or
 * the latest, `most` at most; and how many there were.
 * @param {any[]} all
 * @param {string | null} state released | unreleased | null (both)
 * @param {number} most
 */
export function chosenVersions(all, state, most) {
  const kept = all
    .map((version, index) => ({ version, index }))
    .filter(({ version }) => !version.archived && /^[0-9]+$/.test(String(version.id)))
    .filter(({ version }) => state === null || Boolean(version.released) === (state === 'released'));
  const when = (/** @type {any} */ v) => (typeof v.releaseDate === 'string' ? v.releaseDate : '\uffff');
  kept.sort((a, b) =>
    when(a.version) < when(b.version) ? -1 : when(a.version) > when(b.version) ? 1 : a.index - b.index,
  );
  const ordered = kept.map(({ version }) => version);
  const shown = state === 'unreleased' ? ordered.slice(0, most) : ordered.slice(Math.max(0, ordered.length - most));
  return { shown, total: ordered.length };
}

/**
 * Counted work: each version's issues and its done ones, counted in Jira.
 * @param {Session} session
 * @param {string} project the project's query, `project = "ABC"`
 * @param {any[]} versions
 */
async function countedWork(session, project, versions) {
  return Promise.all(
    versions.map(async (version) => {
      const own = narrowed(project, `fixVersion = ${version.id}`);
      const [total, done] = await Promise.all([
        countIssues(session, own),
        countIssues(session, narrowed(project, `fixVersion = ${version.id} AND statusCategory = Done`)),
      ]);
      return { done, remaining: total - done, total };
    }),
  );
}

/**
 * One issue as the work of versions needs it: its fix versions' ids, whether its status is done, its value.
 * @typedef {object} VersionIssue
 * @property {string[]} versions
 * @property {boolean} done
 * @property {number | null} value the measured field (null: none; a count passes 1)
 */

/**
 * The work of each version from issues: each issue adds its value (0 when it has none) to each of its versions
 * shown, as done or remaining.
 * @param {string[]} ids the shown versions
 * @param {VersionIssue[]} issues
 */
export function versionWork(ids, issues) {
  /** @type {Map<string, {done: number, remaining: number, total: number}>} */
  const work = new Map(ids.map((id) => [id, { done: 0, remaining: 0, total: 0 }]));
  for (const issue of issues) {
    const value = issue.value ?? 0;
    for (const id of issue.versions) {
      const entry = work.get(id);
      if (entry) {
        entry.total += value;
        entry[issue.done ? 'done' : 'remaining'] += value;
      }
    }
  }
  return ids.map((id) => /** @type {{done: number, remaining: number, total: number}} */ (work.get(id)));
}

/**
 * Summed work: the versions' issues read page by page while the budget allows.
 * @param {VersionFetch} fetch
 * @param {Session} session
 * @param {string} project the project's query, `project = "ABC"`
 * @param {any[]} versions
 */
async function summedWork(fetch, session, project, versions) {
  const field = /** @type {string} */ (fetch.measure.field);
  const ids = versions.map((v) => String(v.id));
  const jql = narrowed(project, `fixVersion IN (${ids.join(', ')})`);
  const counted = countIssues(session, jql);
  /** @type {VersionIssue[]} */
  const issues = [];
  let complete = versions.length === 0;
  /** @type {string | undefined} */
  let token;
  while (!complete && !session.expired() && session.affords(1 + fetch.pageSize)) {
    const page = await searchBody(session, jql, ['fixVersions', 'status', field], fetch.pageSize, token);
    for (const issue of page.items) {
      const fields = issue.fields || {};
      const category = fields.status && fields.status.statusCategory ? fields.status.statusCategory.key : null;
      issues.push({
        versions: (fields.fixVersions || []).map((/** @type {any} */ v) => String(v.id)),
        done: category === 'done',
        value: typeof fields[field] === 'number' ? fields[field] : null,
      });
    }
    token = page.next;
    complete = token === undefined;
  }
  return { work: versionWork(ids, issues), read: issues.length, complete, total: await counted };
}

/**
 * The rows of a versions source: one per version, in release order.
 * @param {VersionFetch} fetch
 * @param {LoadRequest} request
 * @returns {Promise<FetchResult>}
 */
export async function versionRows(fetch, request) {
  const { session } = request;
  const key = projectOf(fetch, request);
  const { shown, total } = chosenVersions(await projectVersions(session, key), fetch.state, fetch.most);
  const project = `project = ${jqlString(key)}`;
  const rowsOf = (/** @type {any[]} */ work) =>
    shown.map((version, k) =>
      rowOf(request.module.fields, {
        ...version,
        name: sequenced(version.name, k),
        state: version.released ? 'released' : 'unreleased',
        ...work[k],
      }),
    );
  const listed =
    shown.length < total
      ? { coverage: coverage({ kind: 'part', covered: shown.length, total, unit: 'versions' }) }
      : {};
  if (fetch.measure.field === null) {
    return { rows: rowsOf(await countedWork(session, project, shown)), total: shown.length, ...listed };
  }
  const summed = await summedWork(fetch, session, project, shown);
  if (summed.complete) {
    return { rows: rowsOf(summed.work), total: shown.length, ...listed };
  }
  const cut = coverage({ kind: 'part', covered: summed.read, total: summed.total, unit: 'issues' });
  return { rows: rowsOf(summed.work), total: shown.length, coverage: cut };
}
