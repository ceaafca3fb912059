#!/usr/bin/env node
// check-scopes for many apps in one Node process: the linter loads its Jira OpenAPI data once
// (about 8 s) and each further app then takes a fraction of a second.
// Usage: check-scopes-many.mjs [--with-full-manifest] APP_DIR...
// Output: {check: 'scopes-many', apps: [<the check-scopes object of each APP_DIR, in order>]}.
import { runMain, requireAppDir } from '../lib/common.mjs';
import { cleanupLinter, lintApp } from '../lib/scopes.mjs';

runMain(async (args) => {
  const withFull = args.includes('--with-full-manifest');
  const dirs = args.filter((a) => a !== '--with-full-manifest').map(requireAppDir);
  if (dirs.length === 0) throw new Error('usage: check-scopes-many.mjs [--with-full-manifest] APP_DIR...');
  const apps = [];
  try {
    for (const dir of dirs) apps.push(await lintApp(dir, { withFull }));
  } finally {
    cleanupLinter();
  }
  return { check: 'scopes-many', apps };
});
