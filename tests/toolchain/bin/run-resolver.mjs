#!/usr/bin/env node
// Call one resolver function of a bundled Forge app against a fake Jira, offline.
// Usage: run-resolver.mjs BUNDLE.cjs < SPEC.json
// SPEC: {
//   "function_key": "getOpenBugs", "payload": {...}, "context": {...}, "account_id": "...",
//   "now": "2026-02-10T12:00:00Z",            // optional: Date.now() returns this moment (a fixed clock)
//   "export": "handler",                       // name of the handler export (default "handler")
//   "fake_jira": {
//     "routes": [{"method": "GET", "path": "/rest/api/3/myself"        // prefix of the path (no query)
//                 | "regex": "^/rest/api/3/issue/[A-Z]+-\\d+$",        // or a regex on the path
//                 "responses": [{"status": 200, "body": {...}}, ...]}],  // one per call; the last repeats
//                 // ("response": {...} is short for a single entry)
//     "search": {"issues": [{"id": "1", "key": "DEMO-1", "fields": {...}}], "page_size": 2},
//                                                // "search" emulates GET/POST /rest/api/3/search/jql:
//                                                // paging by nextPageToken, only the asked-for fields
//     "paged": [{"method": "GET", "path": "/rest/api/3/project/search" | "regex": "...",
//                "items": [...], "items_key": "values", "page_size": 2, "is_last": true}],
//                                                // "paged" emulates startAt/maxResults lists (PageBean:
//                                                // values + isLast; worklogs: items_key "worklogs", no isLast)
//     "changelogs": {"10001": {"issueId": "10001", "changeHistories": [...]}, ...}
//                                                // emulates POST /rest/api/3/changelog/bulkfetch: the logs of
//                                                // the asked issues (ids), in one page
//     "kvs": {"store": {"key": value, ...}}      // a stateful Forge KVS for @forge/kvs (after "routes"):
//   }                                            // POST /api/v1/get ({key} -> {key, value} or 404
// }                                              // KEY_NOT_FOUND), /api/v1/set ({key, value} -> 204), /api/v1/delete
// Output: {ok, requests:[{type,provider,remote,account_id,method,path,pathname,query,body,status,matched}],
//          result | error:{name,message,stack}, kvs: the store afterwards (when "kvs" was given)}.
// ok means the handler returned without throwing.
import fs from 'node:fs';
import { runMain } from '../lib/common.mjs';
import {
  KVS_PATHS,
  answerKvs,
  decodeQuery,
  installForgeRuntime,
  invokeHandler,
  jsonResponse,
  parseBody,
} from '../lib/forge-runtime.mjs';

const SEARCH_PATH = '/rest/api/3/search/jql';
const CHANGELOG_PATH = '/rest/api/3/changelog/bulkfetch';

function pickFields(issue, wanted) {
  // Jira returns only the id when no fields are asked for; *all / *navigable return everything.
  if (!wanted || wanted.length === 0) return { id: issue.id };
  const all = issue.fields ?? {};
  const every = wanted.includes('*all') || wanted.includes('*navigable');
  const fields = {};
  for (const [name, value] of Object.entries(all)) {
    if ((every || wanted.includes(name)) && !wanted.includes(`-${name}`)) fields[name] = value;
  }
  return { id: issue.id, key: issue.key, self: issue.self ?? `https://fake.atlassian.net/rest/api/3/issue/${issue.id}`, fields };
}

function makeFakeJira(spec) {
  const routes = (spec.routes ?? []).map((r) => ({
    ...r,
    method: r.method ? r.method.toUpperCase() : null,
    re: r.regex ? new RegExp(r.regex) : null,
    responses: r.responses ?? (r.response ? [r.response] : [{ status: 200, body: {} }]),
    calls: 0,
  }));
  const search = spec.search;
  const paged = (spec.paged ?? []).map((p) => ({
    ...p,
    method: p.method ? p.method.toUpperCase() : 'GET',
    re: p.regex ? new RegExp(p.regex) : null,
  }));

  function answerPaged(p, query) {
    const items = p.items ?? [];
    const startAt = Number(query.startAt ?? 0);
    const asked = Number(query.maxResults ?? 50);
    if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(asked) || asked < 0) {
      return { status: 400, body: { errorMessages: [`Bad startAt/maxResults: ${query.startAt}/${query.maxResults}`] } };
    }
    const max = Math.min(asked, p.page_size ?? 50);
    const page = items.slice(startAt, startAt + max);
    const body = { startAt, maxResults: max, total: items.length, [p.items_key ?? 'values']: page };
    if (p.is_last ?? true) body.isLast = startAt + page.length >= items.length;
    return { status: 200, body };
  }

  function answerSearch(method, query, body) {
    const params = method === 'POST' && body && typeof body === 'object' ? body : query;
    let fields = params.fields;
    if (typeof fields === 'string') fields = fields.split(',');
    if (Array.isArray(fields)) fields = fields.flatMap((f) => String(f).split(',')).map((f) => f.trim()).filter(Boolean);
    const issues = search.issues ?? [];
    const pageSize = search.page_size ?? 50;
    const max = Math.min(Number(params.maxResults ?? 50) || 50, pageSize);
    const token = params.nextPageToken;
    const start = token ? Number(String(token).replace(/^page-/, '')) : 0;
    if (token !== undefined && (!/^page-\d+$/.test(String(token)) || start > issues.length)) {
      return { status: 400, body: { errorMessages: [`Invalid nextPageToken: ${JSON.stringify(token)}`] } };
    }
    if (!params.jql) {
      return { status: 400, body: { errorMessages: ['Unbounded JQL queries are not allowed here.'] } };
    }
    const page = issues.slice(start, start + max).map((i) => pickFields(i, fields));
    const end = start + page.length;
    const isLast = end >= issues.length;
    return { status: 200, body: { issues: page, isLast, ...(isLast ? {} : { nextPageToken: `page-${end}` }) } };
  }

  return function answer(method, pathname, query, body) {
    for (const r of routes) {
      if (r.method && r.method !== method) continue;
      const hit = r.re ? r.re.test(pathname) : r.path !== undefined && pathname.startsWith(r.path);
      if (!hit) continue;
      const res = r.responses[Math.min(r.calls, r.responses.length - 1)];
      r.calls += 1;
      return { matched: true, ...res };
    }
    if (spec.kvs && method === 'POST' && KVS_PATHS.includes(pathname)) {
      return { matched: true, ...answerKvs((spec.kvs.store ??= {}), pathname, body) };
    }
    for (const p of paged) {
      if (p.method !== method) continue;
      if (p.re ? p.re.test(pathname) : p.path === pathname) return { matched: true, ...answerPaged(p, query) };
    }
    if (spec.changelogs && pathname === CHANGELOG_PATH && method === 'POST') {
      const asked = (body && body.issueIdsOrKeys) || [];
      const logs = asked.map((id) => spec.changelogs[id]).filter(Boolean);
      return { matched: true, status: 200, body: { issueChangeLogs: logs } };
    }
    if (search && pathname === SEARCH_PATH && (method === 'GET' || method === 'POST')) {
      return { matched: true, ...answerSearch(method, query, body) };
    }
    return {
      matched: false,
      status: 404,
      body: { errorMessages: [`fake Jira has no answer for ${method} ${pathname}`] },
    };
  };
}

function installRuntime(spec, requests) {
  const answer = makeFakeJira(spec.fake_jira ?? {});
  installForgeRuntime(spec, async (meta, rawPath, init = {}) => {
    const url = new URL(String(rawPath), 'https://fake.atlassian.net');
    const method = (init.method ?? 'GET').toUpperCase();
    const query = decodeQuery(url.search);
    const body = parseBody(init.body);
    const res = answer(method, url.pathname, query, body);
    requests.push({
      type: meta?.type ?? null,
      provider: meta?.provider ?? null,
      remote: meta?.remote ?? null,
      account_id: meta?.accountId ?? null,
      method,
      path: String(rawPath),
      pathname: url.pathname,
      query,
      body,
      status: res.status ?? 200,
      matched: res.matched,
    });
    return jsonResponse(res);
  });
}

runMain(async ([bundleArg]) => {
  if (!bundleArg) throw new Error('usage: run-resolver.mjs BUNDLE < SPEC.json');
  const spec = JSON.parse(fs.readFileSync(0, 'utf8') || '{}');
  const requests = [];
  installRuntime(spec, requests);
  if (spec.now !== undefined && spec.now !== null) {
    const fixed = Date.parse(spec.now);
    if (Number.isNaN(fixed)) throw new Error(`"now" is not a date: ${JSON.stringify(spec.now)}`);
    Date.now = () => fixed;
  }
  const outcome = await invokeHandler(bundleArg, spec);
  const kvs = spec.fake_jira && spec.fake_jira.kvs && outcome.phase !== 'load' ? { kvs: spec.fake_jira.kvs.store } : {};
  return { check: 'behaviour', ...outcome, requests, ...kvs };
});
