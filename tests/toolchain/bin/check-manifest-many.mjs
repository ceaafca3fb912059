#!/usr/bin/env node
// check-manifest for many apps in one Node process (the validator loads once).
// Usage: check-manifest-many.mjs APP_DIR...
// Output: {check: 'manifest-many', apps: [<the check-manifest object of each APP_DIR, in order>]}.
import { runMain, requireAppDir } from '../lib/common.mjs';
import { validateManifest } from '../lib/manifest.mjs';

runMain(async (args) => {
  const dirs = args.map(requireAppDir);
  if (dirs.length === 0) throw new Error('usage: check-manifest-many.mjs APP_DIR...');
  const apps = [];
  for (const dir of dirs) apps.push(await validateManifest(dir));
  return { check: 'manifest-many', apps };
});
