// Build minified bundles and pack dist/ + media/ into a .vsix, offline, with @vscode/vsce.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const out = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--production'], { stdio: 'inherit', cwd: ROOT });
// Everything is bundled by esbuild, so no node_modules go into the package.
execFileSync(
  process.execPath,
  [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out],
  { stdio: 'inherit', cwd: ROOT },
);
console.log(`[package] ${path.relative(ROOT, out)} ${(fs.statSync(out).size / 1024).toFixed(0)} KiB`);
