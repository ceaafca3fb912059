#!/usr/bin/env node
// Validate APP_DIR/manifest.yml with @forge/manifest's FULL validator (the one `forge lint`/`deploy` use).
// Output: {ok, errors:[{line,column,message,reference}], warnings:[...]}; ok means no error-level entries.
import { runMain, requireAppDir } from '../lib/common.mjs';
import { validateManifest } from '../lib/manifest.mjs';

runMain(async ([arg]) => validateManifest(requireAppDir(arg)));
