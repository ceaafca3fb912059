// @forge/lint's client-side linters, offline, for one app or many in one process.
// Loading the linter's Jira OpenAPI data takes most of a run (about 8 s); later apps in the same
// process take a fraction of a second each, so check-scopes-many.mjs lints a whole batch at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { require, listSources, readManifest, jiraSwaggerPaths } from './common.mjs';

let prepared = null;

/** Point the linter at the vendored Jira OpenAPI documents and a private config folder (once per process). */
export function prepareLinter() {
  if (prepared) return prepared;
  const sw = jiraSwaggerPaths();
  Object.assign(process.env, {
    USE_LOCAL_SWAGGER: '1',
    LOCAL_JIRA_SWAGGER: sw.jira,
    LOCAL_JSW_SWAGGER: sw.jsw,
    LOCAL_JSM_SWAGGER: sw.empty,
    LOCAL_CONF_SWAGGER: sw.empty,
    LOCAL_CONF_V2_SWAGGER: sw.empty,
    LOCAL_BB_SWAGGER: sw.empty,
  });
  // The linter keeps a small cache via `conf`; keep it out of the user's home.
  const cfgHome = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-lint-conf-'));
  process.env.XDG_CONFIG_HOME = cfgHome;
  prepared = { sw, cfgHome };
  return prepared;
}

export function cleanupLinter() {
  if (prepared) fs.rmSync(prepared.cfgHome, { recursive: true, force: true });
  prepared = null;
}

/** Lint one app directory; returns the check-scopes report object. */
export async function lintApp(appDir, { withFull = false } = {}) {
  const { sw } = prepareLinter();
  const { lint, getClientSideLintersOnly } = require('@forge/lint');
  const manifest = readManifest(appDir);
  // The linters read manifest.yml and tsconfig from the working directory.
  const cwd = process.cwd();
  process.chdir(appDir);
  try {
    const files = listSources(path.join(appDir, 'src')).map((f) => path.relative(appDir, f));
    const logged = [];
    const logger = { info: (msg) => logged.push(String(msg)) };
    // The client-side linters only ask the feature-flag service for deprecated runtimes.
    const statsig = { getDeprecatedRuntimes: async () => [] };
    // The same client-side linters `forge lint` runs, minus FullManifestLinter unless asked for:
    // check-manifest already runs that validation, and each manifest processor costs seconds.
    const linters = (await getClientSideLintersOnly(manifest, 'development', logger, statsig)).filter(
      (l) => withFull || l.constructor.name !== 'FullManifestLinter',
    );
    const results = await lint(files, manifest, 'development', logger, statsig, {
      linter: { mode: 'client-side' },
      linters,
    });

    const missing_scopes = [];
    const errors = [];
    const warnings = [];
    for (const r of results) {
      const file = r.file ? path.relative(appDir, path.resolve(appDir, r.file)) : null;
      const conv = (x) => ({
        file,
        line: x.line ?? null,
        column: x.column ?? null,
        message: x.message,
        reference: x.reference ?? null,
        ...(x.metadata?.missingPermission ? { scope: x.metadata.missingPermission } : {}),
      });
      for (const e of r.errors) {
        const c = conv(e);
        if (c.reference === 'permission-scope-required') missing_scopes.push(c);
        errors.push(c);
      }
      for (const w of r.warnings) warnings.push(conv(w));
      for (const a of r.approvals) warnings.push({ ...conv(a), approval: true });
    }
    const unchecked_calls = await findUncheckedProductCalls(appDir, files);
    return {
      check: 'scopes',
      app: appDir,
      // A call the linter cannot read counts against the app: its scopes went unchecked.
      ok: errors.length === 0 && unchecked_calls.length === 0,
      files_linted: files,
      linters: linters.map((l) => l.constructor.name),
      missing_scopes,
      unchecked_calls,
      errors,
      warnings,
      swagger: { jira: sw.jira, jsw: sw.jsw },
    };
  } finally {
    process.chdir(cwd);
  }
}

// The permission linter only understands request{Jira,Confluence,Bitbucket}(ROUTE, OPTIONS) when
// ROUTE is a string/template literal (tagged or not) and OPTIONS is absent or an object literal.
// Any other call is silently skipped, so a missing scope would go unnoticed: list those calls.
export async function findUncheckedProductCalls(appDir, files) {
  const { tsParser } = require('@forge/lint');
  const { AST_NODE_TYPES: T } = require('@typescript-eslint/typescript-estree');
  const found = [];
  const REQUEST = /^request(Jira|Confluence|Bitbucket)$/;
  for (const rel of files) {
    const code = fs.readFileSync(path.join(appDir, rel), 'utf8');
    const parsed = await tsParser(code, path.join(appDir, rel));
    parsed.traverse({
      enter(node) {
        if (node.type !== T.CallExpression) return;
        const callee = node.callee;
        const name =
          callee.type === T.Identifier ? callee.name
          : callee.type === T.MemberExpression && callee.property.type === T.Identifier ? callee.property.name
          : null;
        if (!name || !REQUEST.test(name)) return;
        const [endpoint, options] = node.arguments;
        const literalEndpoint =
          endpoint && [T.Literal, T.TemplateLiteral, T.TaggedTemplateExpression].includes(endpoint.type);
        const literalOptions = !options || options.type === T.ObjectExpression;
        if (literalEndpoint && literalOptions) return;
        found.push({
          file: rel,
          line: node.loc.start.line,
          column: node.loc.start.column,
          call: name,
          reason: !literalEndpoint
            ? 'route is not an inline literal: the scope linter cannot check this call'
            : 'options are not an inline object literal: the scope linter skips this call',
        });
      },
    });
  }
  return found;
}
