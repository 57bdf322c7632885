// Fails when an import points up the layer table of ARCHITECTURE.md: each top-level folder
// of src/ may import only the folders listed for it (and itself).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ALLOWED = {
  machinery: [],
  api: ['machinery'],
  storage: ['api', 'machinery'],
  apiserver: ['storage', 'api', 'machinery'],
  client: ['api', 'machinery'],
  controllers: ['client', 'api', 'machinery'],
  scheduler: ['client', 'api', 'machinery'],
  kubelet: ['client', 'api', 'machinery'],
  proxy: ['client', 'api', 'machinery'],
  dns: ['client', 'api', 'machinery'],
  cmd: null, // may import everything
};

const src = path.resolve('src');
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts')) files.push(p);
  }
})(src);

const importRe = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems = [];
for (const file of files) {
  const layer = path.relative(src, file).split(path.sep)[0];
  if (!(layer in ALLOWED)) {
    problems.push(`${path.relative('.', file)}: folder src/${layer} is not in the layer table`);
    continue;
  }
  const allowed = ALLOWED[layer];
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith('.')) continue;
    const target = path.relative(src, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
    if (target === layer || allowed === null || allowed.includes(target)) continue;
    problems.push(`${path.relative('.', file)}: src/${layer} may not import src/${target} (${spec})`);
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`layering check: ${problems.length} upward or sideways import(s)`);
  process.exit(1);
}
console.log(`layering check: ${files.length} files, all imports point down`);
