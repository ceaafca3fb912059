#!/usr/bin/env node
// Bundle a Forge app with esbuild, the way `forge deploy` would need it to resolve:
//   every UI Kit resource (a file path in manifest `resources`) -> OUT_DIR/ui/<resource key>.js (browser)
//   every function module's handler file (`index.handler` -> src/index.*) -> OUT_DIR/functions/<file>.cjs
//     (node, CommonJS)
// Usage: bundle.mjs APP_DIR OUT_DIR. APP_DIR is only read.
// Output: {ok, errors:[{entry,file,line,column,text}], warnings:[...], ui:[...], functions:[...]}.
import fs from 'node:fs';
import path from 'node:path';
import { require, runMain, requireAppDir, readManifest, resolveHandlerFile, NODE_MODULES } from '../lib/common.mjs';

runMain(async ([arg, outArg]) => {
  const appDir = requireAppDir(arg);
  if (!outArg) throw new Error('usage: bundle.mjs APP_DIR OUT_DIR');
  const outDir = path.resolve(outArg);
  fs.mkdirSync(outDir, { recursive: true });
  const esbuild = require('esbuild');
  const manifest = readManifest(appDir) || {};

  const errors = [];
  const warnings = [];
  const ui = [];
  const functions = [];
  const common = {
    bundle: true,
    absWorkingDir: appDir,
    // Generated apps carry no node_modules of their own.
    nodePaths: [NODE_MODULES],
    logLevel: 'silent',
    write: true,
    loader: { '.js': 'jsx' },
    jsx: 'transform', // classic React.createElement, as the UI Kit bundler compiles it
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  const convert = (entry, list) => (m) =>
    list.push({
      entry,
      file: m.location?.file ?? null,
      line: m.location?.line ?? null,
      column: m.location?.column ?? null,
      text: m.text,
    });
  const build = async (entry, opts) => {
    try {
      const res = await esbuild.build({ ...common, ...opts });
      res.warnings.forEach(convert(entry, warnings));
      return true;
    } catch (err) {
      if (!err.errors) throw err;
      err.errors.forEach(convert(entry, errors));
      err.warnings?.forEach(convert(entry, warnings));
      return false;
    }
  };

  for (const res of manifest.resources ?? []) {
    const src = path.join(appDir, res.path ?? '');
    if (!res.path || !fs.existsSync(src)) {
      errors.push({ entry: res.key, file: res.path ?? null, line: null, column: null, text: 'resource path does not exist' });
      continue;
    }
    if (fs.statSync(src).isDirectory()) {
      ui.push({ key: res.key, source: res.path, skipped: 'Custom UI directory (static files): not bundled' });
      continue;
    }
    const outfile = path.join(outDir, 'ui', `${res.key}.js`);
    const ok = await build(res.key, {
      entryPoints: [src],
      outfile,
      platform: 'browser',
      format: 'esm',
      target: 'es2020',
    });
    ui.push({ key: res.key, source: res.path, ok, bundle: ok ? outfile : null });
  }

  const seen = new Map();
  for (const fn of manifest.modules?.function ?? []) {
    const handler = String(fn.handler ?? '');
    const dot = handler.lastIndexOf('.');
    const modulePath = dot > 0 ? handler.slice(0, dot) : handler;
    const exportName = dot > 0 ? handler.slice(dot + 1) : 'handler';
    const src = resolveHandlerFile(appDir, modulePath);
    if (!src) {
      errors.push({ entry: fn.key, file: `src/${modulePath}`, line: null, column: null, text: `handler file for "${handler}" not found` });
      functions.push({ key: fn.key, handler, ok: false, bundle: null, export: exportName });
      continue;
    }
    let outfile = seen.get(src);
    let ok = true;
    if (!outfile) {
      outfile = path.join(outDir, 'functions', `${modulePath.replace(/[\\/]/g, '__')}.cjs`);
      ok = await build(fn.key, {
        entryPoints: [src],
        outfile,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
      });
      if (ok) seen.set(src, outfile);
    }
    functions.push({ key: fn.key, handler, source: path.relative(appDir, src), export: exportName, ok, bundle: ok ? outfile : null });
  }

  return { check: 'bundle', app: appDir, out_dir: outDir, ok: errors.length === 0, errors, warnings, ui, functions };
});
