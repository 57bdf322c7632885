// Project lint rules that the type checker does not cover.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const MAX_LINES = 600;
const rules = [
  { test: (f) => f.startsWith('src/'), re: /\bconsole\.(log|debug|info)\(/, msg: 'use the structured logger (src/machinery/log.ts), not console' },
  { test: (f) => f.startsWith('test/'), re: /\b(test|it|describe)\.only\(/, msg: '.only() would skip the rest of the suite' },
  { test: () => true, re: /\bdebugger\b/, msg: 'leftover debugger statement' },
  { test: () => true, re: /from\s+['"]\.{1,2}\/[^'"]*(?<!\.js|\.json)['"]/, msg: 'relative imports must name the .js file (ESM)' },
];

const files = [];
for (const top of ['src', 'test', 'bench']) {
  (function walk(dir) {
    let names;
    try { names = readdirSync(dir); } catch { return; }
    for (const name of names) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  })(top);
}
const problems = [];
for (const f of files) {
  const lines = readFileSync(f, 'utf8').split('\n');
  if (f.startsWith('src/') && !f.includes('/facts/') && lines.length > MAX_LINES) problems.push(`${f}: ${lines.length} lines (over ${MAX_LINES}: split it)`);
  lines.forEach((line, i) => {
    for (const r of rules) if (r.test(f) && r.re.test(line)) problems.push(`${f}:${i + 1}: ${r.msg}`);
  });
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`lint: ${files.length} files clean`);
