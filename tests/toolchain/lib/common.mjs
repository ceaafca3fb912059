// Shared helpers for the forgewright offline Forge checks.
// Every check prints exactly one JSON object on stdout. Exit code 0 means the
// check ran (whatever it found); a non-zero exit means the tool itself broke.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const TOOLCHAIN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NODE_MODULES = path.join(TOOLCHAIN_DIR, 'node_modules');
export const REPO_ROOT = path.resolve(TOOLCHAIN_DIR, '..', '..');
export const require = createRequire(path.join(TOOLCHAIN_DIR, 'package.json'));

export const SOURCE_EXTENSIONS = ['.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs'];

export function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

/** Run `main` and turn an unexpected exception into a non-zero exit with a JSON note. */
export async function runMain(main) {
  try {
    const out = await main(process.argv.slice(2));
    emit(out);
    process.exitCode = 0;
  } catch (err) {
    emit({ tool_error: String(err && err.stack ? err.stack : err) });
    process.exitCode = 2;
  }
}

export function requireAppDir(arg) {
  if (!arg) throw new Error('usage: <script> APP_DIR ...');
  const appDir = path.resolve(arg);
  if (!fs.existsSync(path.join(appDir, 'manifest.yml'))) {
    throw new Error(`no manifest.yml in ${appDir}`);
  }
  return appDir;
}

/** All source files under dir, sorted, as absolute paths (node_modules skipped). */
export function listSources(dir) {
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const ent of fs.readdirSync(d, { withFileTypes: true })) {
      if (ent.name === 'node_modules' || ent.name.startsWith('.')) continue;
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (SOURCE_EXTENSIONS.includes(path.extname(ent.name)) && !ent.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export function readManifest(appDir) {
  const YAML = require('yaml');
  return YAML.parse(fs.readFileSync(path.join(appDir, 'manifest.yml'), 'utf8'));
}

/** Resolve a module path like "index" or "resolvers/main" to a source file under src/. */
export function resolveHandlerFile(appDir, modulePath) {
  const base = path.join(appDir, 'src', modulePath);
  for (const ext of SOURCE_EXTENSIONS) {
    if (fs.existsSync(base + ext)) return base + ext;
  }
  return null;
}

/** The Jira swagger files the linter needs (vendored copies in the repo). */
export function jiraSwaggerPaths() {
  const pick = (name) => {
    const file = path.join(REPO_ROOT, 'vendor', 'jira-openapi', name);
    if (!fs.existsSync(file)) throw new Error(`Jira OpenAPI document ${file} is missing`);
    return file;
  };
  return {
    jira: pick('jira-platform-swagger-v3.v3.json'),
    jsw: pick('jira-software-swagger.v3.json'),
    empty: path.join(TOOLCHAIN_DIR, 'swagger', 'empty.json'),
  };
}
