// What the Forge runtime gives a bundled resolver, offline: `__forge_runtime__` (app context, metrics, tracing),
// a `__forge_fetch__` chosen by the caller, a stateful @forge/kvs store, and one invocation of the handler.
// Shared by run-resolver.mjs (scripted fake Jira in-process) and run-resolver-http.mjs (fake Jira over HTTP).
import path from 'node:path';
import { createRequire } from 'node:module';

export const KVS_PATHS = ['/api/v1/get', '/api/v1/set', '/api/v1/delete'];

export function decodeQuery(search) {
  const out = {};
  for (const [k, v] of new URLSearchParams(search)) {
    if (k in out) out[k] = [].concat(out[k], v);
    else out[k] = v;
  }
  return out;
}

export function parseBody(body) {
  if (body === undefined || body === null) return null;
  if (typeof body !== 'string') return String(body);
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

// @forge/kvs over `store` (a plain object, changed in place): POST /api/v1/get ({key} -> {key, value} or 404
// KEY_NOT_FOUND), /api/v1/set ({key, value} -> 204), /api/v1/delete ({key} -> 204 or 404).
export function answerKvs(store, pathname, body) {
  const key = body && typeof body === 'object' ? body.key : undefined;
  if (typeof key !== 'string') {
    return { status: 400, body: { code: 'BAD_REQUEST', message: 'key must be a string' } };
  }
  const has = Object.prototype.hasOwnProperty.call(store, key);
  if (pathname === '/api/v1/set') {
    store[key] = body.value;
    return { status: 204 };
  }
  if (!has) {
    return { status: 404, body: { code: 'KEY_NOT_FOUND', message: `No value stored for ${key}` } };
  }
  if (pathname === '/api/v1/delete') {
    delete store[key];
    return { status: 204 };
  }
  return { status: 200, body: { key, value: store[key] } };
}

// A fetch Response for a fake answer ({status, body, headers}); 204 carries no body.
export function jsonResponse(res) {
  const status = res.status ?? 200;
  const payload = status === 204 ? null : JSON.stringify(res.body ?? {});
  return new Response(payload, { status, headers: { 'content-type': 'application/json', ...(res.headers ?? {}) } });
}

export function installForgeRuntime(spec, forgeFetch) {
  globalThis.__forge_fetch__ = forgeFetch;
  const noop = () => {};
  const metric = { incr: noop, decr: noop, measure: () => ({ stop: noop }), set: noop };
  globalThis.__forge_runtime__ = {
    appContext: {
      appId: 'ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000',
      appVersion: '1.0.0',
      environmentId: 'fake-environment',
      environmentType: 'DEVELOPMENT',
      invocationId: 'fake-invocation',
      installationId: 'fake-installation',
      moduleKey: spec.module_key ?? 'fake-module',
      permissions: { scopes: spec.scopes ?? [], external: {} },
      ...(spec.app_context ?? {}),
    },
    lambdaContext: { getRemainingTimeInMillis: () => 25000 },
    metrics: { counter: () => metric, timing: () => metric, gauge: () => metric },
    proxy: { token: 'fake-token', url: 'https://fake.invalid' },
    tracing: { traceId: 'fake-trace', spanId: 'fake-span' },
    contextAri: 'ari:cloud:jira::site/fake-site',
  };
}

export function errorInfo(err) {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: typeof err, message: String(err), stack: null };
}

// Loads the bundle and calls the handler as the Forge runtime would: (invocation event, backend runtime payload).
// Returns {ok, phase?, result | error, seconds}: seconds is the handler call alone (not loading the bundle).
export async function invokeHandler(bundleArg, spec, beforeCall = () => {}) {
  const bundle = path.resolve(bundleArg);
  let mod;
  try {
    mod = createRequire(bundle)(bundle);
  } catch (err) {
    return { ok: false, phase: 'load', error: errorInfo(err) };
  }
  const exportName = spec.export ?? 'handler';
  const handler = mod[exportName];
  if (typeof handler !== 'function') {
    const message = `bundle has no function export "${exportName}"`;
    return { ok: false, phase: 'load', error: { name: 'MissingExport', message, stack: null } };
  }
  const event = { call: { functionKey: spec.function_key, payload: spec.payload ?? {} }, context: spec.context ?? {} };
  const runtimePayload = { principal: { accountId: spec.account_id ?? 'fake-account-id' } };
  beforeCall();
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const result = await handler(event, runtimePayload);
    return { ok: true, result: result === undefined ? null : result, seconds: seconds() };
  } catch (err) {
    return { ok: false, phase: 'call', error: errorInfo(err), seconds: seconds() };
  }
}
