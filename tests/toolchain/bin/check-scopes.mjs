#!/usr/bin/env node
// Run @forge/lint's client-side linters offline over APP_DIR (src/ + manifest.yml).
// The permission linter reads the Jira OpenAPI documents from the repo's vendor/jira-openapi/.
// Output: {ok, missing_scopes:[{scope,message,file,line,column}], unchecked_calls:[...], errors:[...], warnings:[...]}.
// The linting itself is in ../lib/scopes.mjs (shared with check-scopes-many.mjs).
import { runMain, requireAppDir } from '../lib/common.mjs';
import { cleanupLinter, lintApp } from '../lib/scopes.mjs';

runMain(async ([arg]) => {  // usage: check-scopes.mjs APP_DIR [--with-full-manifest]
  const appDir = requireAppDir(arg);
  try {
    return await lintApp(appDir, { withFull: process.argv.includes('--with-full-manifest') });
  } finally {
    cleanupLinter();
  }
});
