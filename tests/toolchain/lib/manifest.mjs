// @forge/manifest's FULL validation (the one `forge lint`/`deploy` use), for one app or many in one
// process: loading the package costs most of a run, each further manifest a few milliseconds.
import path from 'node:path';
import { require } from './common.mjs';

const pick = (e) => ({
  line: e.line ?? null,
  column: e.column ?? null,
  message: e.message,
  reference: e.reference ?? null,
});

/** {check, app, ok, errors, warnings} for APP_DIR/manifest.yml; ok means no error-level entries. */
export async function validateManifest(appDir) {
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
}
