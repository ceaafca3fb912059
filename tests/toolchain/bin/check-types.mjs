#!/usr/bin/env node
// Type-check APP_DIR/src with TypeScript (allowJs + checkJs, JSX as React.createElement) against the
// real @forge packages installed in tests/toolchain/node_modules. Nothing is written into APP_DIR:
// src/ is copied into a temporary folder whose node_modules is a symlink to the toolchain's, so
// imports resolve exactly as in an installed app (package.json "exports" included; a `paths`
// mapping would break deep imports such as @atlaskit/spinner/spinner inside the type packages).
// Reported file names are relative to APP_DIR.
// Output: {ok, diagnostics:[{file,line,column,code,category,message}], files_checked:[...]}.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { require, runMain, requireAppDir, listSources, NODE_MODULES } from '../lib/common.mjs';

//
// With --tree DIR, every source file under DIR is checked instead (copied as src/), e.g. forgewright's runtime
// and static frontends (DIR = targets/forge_uikit); the script then also prints the errors on stderr and exits 1
// when there are any, so `make` fails.
let failed = false;
await runMain(async (args) => {
  const tree = args[0] === '--tree';
  const dir = tree ? path.resolve(args[1] ?? '') : requireAppDir(args[0]);
  const ts = require('typescript');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-types-'));
  try {
    const report = checkCopy(ts, tree ? dir : path.join(dir, 'src'), work, dir);
    if (tree && !report.ok) {
      for (const d of report.diagnostics.filter((x) => x.category === 'error')) {
        process.stderr.write(`${d.file}:${d.line}:${d.column}: TS${d.code} ${d.message}\n`);
      }
      failed = true;
    }
    return report;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
if (failed) process.exitCode = 1;

function checkCopy(ts, srcDir, work, appDir) {
  const copyDir = path.join(work, 'app');
  fs.mkdirSync(copyDir);
  fs.symlinkSync(NODE_MODULES, path.join(work, 'node_modules'), 'dir');
  if (fs.existsSync(srcDir)) {
    fs.cpSync(srcDir, path.join(copyDir, 'src'), { recursive: true });
  }
  const files = listSources(path.join(copyDir, 'src'));
  const options = {
    allowJs: true,
    checkJs: true,
    noEmit: true,
    jsx: ts.JsxEmit.React,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    skipLibCheck: true,
    esModuleInterop: true,
    allowSyntheticDefaultImports: true,
    resolveJsonModule: true,
    types: ['node', 'react'],
    typeRoots: [path.join(work, 'node_modules', '@types')],
  };
  const program = ts.createProgram({ rootNames: files, options });
  const diags = ts.getPreEmitDiagnostics(program);
  const diagnostics = diags.map((d) => {
    const out = {
      file: null,
      line: null,
      column: null,
      code: d.code,
      category: ts.DiagnosticCategory[d.category].toLowerCase(),
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    };
    if (d.file && d.start !== undefined) {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      const rel = path.relative(copyDir, d.file.fileName);
      // Files outside the copy (library types) are reported by their real path.
      out.file = rel.startsWith('..') ? fs.realpathSync(d.file.fileName) : rel;
      out.line = line + 1;
      out.column = character + 1;
    }
    return out;
  });
  const errors = diagnostics.filter((d) => d.category === 'error');
  return {
    check: 'types',
    app: appDir,
    ok: errors.length === 0,
    typescript: ts.version,
    files_checked: files.map((f) => path.relative(copyDir, f)),
    diagnostics,
  };
}
