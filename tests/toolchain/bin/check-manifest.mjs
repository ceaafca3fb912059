#!/usr/bin/env node
// Validate APP_DIR/manifest.yml with @forge/manifest's FULL validator (the one `forge lint`/`deploy` use).
// Output: {ok, errors:[{line,column,message,reference}], warnings:[...]}; ok means no error-level entries.
import path from 'node:path';
import { require, runMain, requireAppDir } from '../lib/common.mjs';

const pick = (e) => ({
  line: e.line ?? null,
  column: e.column ?? null,
  message: e.message,
  reference: e.reference ?? null,
});

runMain(async ([arg]) => {
  const appDir = requireAppDir(arg);
  const { ProcessorBuilder, ValidationTypes } = require('@forge/manifest');
  const manifestPath = path.join(appDir, 'manifest.yml');
  // Some validators resolve files relative to the working directory: run from the app dir.
  process.chdir(appDir);
  const processor = ProcessorBuilder.instance()
    .withValidation(ValidationTypes.FULL)
    .withOptions({ deprecatedRuntimes: [] })
    .build();
  const result = await processor.process(manifestPath);
  const all = result.errors ?? [];
  const errors = all.filter((e) => e.level === 'error').map(pick);
  const warnings = all.filter((e) => e.level !== 'error').map(pick);
  return { check: 'manifest', app: appDir, ok: errors.length === 0, errors, warnings };
});
