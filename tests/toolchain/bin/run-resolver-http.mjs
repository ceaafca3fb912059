#!/usr/bin/env node
// Call one resolver function of a bundled Forge app with its Jira requests sent over HTTP to a fake Jira
// server (benchmarks/fakejira), so requests the app makes in parallel really run in parallel.
// Usage: run-resolver-http.mjs BUNDLE < SPEC.json
// SPEC: {
//   "function_key": "load", "payload": {...}, "context": {...}, "account_id": "...", "export": "handler",
//   "base_url": "http://127.0.0.1:PORT",     // the fake Jira; every product request goes there
//   "now": "2026-11-18T12:00:00Z",            // optional: the app's clock is at this moment when the handler is
//                                              // called, and keeps running
//   "kvs": {"key": value, ...}                // optional: a stateful @forge/kvs store (answered here, not sent)
// }
// Each request carries X-Fake-Jira-Provider (user for asUser, app for asApp) and, for a user,
// X-Fake-Jira-Account: the server answers as that person would see Jira.
// Output: {ok, result | error, phase?, seconds (the handler call alone), requests:[{method, path, status,
//          started, finished}] (milliseconds since the harness started), kvs?}.
import fs from 'node:fs';
import { runMain } from '../lib/common.mjs';
import { KVS_PATHS, answerKvs, installForgeRuntime, invokeHandler, jsonResponse, parseBody } from '../lib/forge-runtime.mjs';

// A clock that starts at `start` and runs at real speed: Date.now() and new Date() both follow it.
function startClockAt(start) {
  const RealDate = Date;
  const offset = RealDate.parse(start) - RealDate.now();
  if (Number.isNaN(offset)) throw new Error(`"now" is not a date: ${JSON.stringify(start)}`);
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }

    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}

function httpFetch(spec, requests, began) {
  const base = spec.base_url;
  if (!base) throw new Error('"base_url" (the fake Jira) is required');
  return async (meta, rawPath, init = {}) => {
    const target = new URL(String(rawPath), base);
    const method = (init.method ?? 'GET').toUpperCase();
    if (spec.kvs && method === 'POST' && KVS_PATHS.includes(target.pathname)) {
      return jsonResponse(answerKvs(spec.kvs, target.pathname, parseBody(init.body)));
    }
    const headers = new Headers(init.headers ?? {});
    headers.set('X-Fake-Jira-Provider', meta?.provider ?? 'none');
    if (meta?.provider === 'user') headers.set('X-Fake-Jira-Account', meta?.accountId ?? spec.account_id ?? '');
    const entry = { method, path: String(rawPath), status: null, started: performance.now() - began, finished: null };
    requests.push(entry);
    const response = await fetch(target, { method, headers, body: init.body });
    const text = await response.text();
    entry.status = response.status;
    entry.finished = performance.now() - began;
    return new Response(response.status === 204 ? null : text, { status: response.status, headers: response.headers });
  };
}

runMain(async ([bundleArg]) => {
  if (!bundleArg) throw new Error('usage: run-resolver-http.mjs BUNDLE < SPEC.json');
  const spec = JSON.parse(fs.readFileSync(0, 'utf8') || '{}');
  const requests = [];
  const began = performance.now();
  installForgeRuntime(spec, httpFetch(spec, requests, began));
  const clock = () => {
    if (spec.now !== undefined && spec.now !== null) startClockAt(spec.now);
  };
  const outcome = await invokeHandler(bundleArg, spec, clock);
  return { check: 'behaviour-http', seconds: 0, ...outcome, requests, ...(spec.kvs ? { kvs: spec.kvs } : {}) };
});
