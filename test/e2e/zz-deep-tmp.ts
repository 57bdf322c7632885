// temporary probe (to be deleted)
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rawClient } from './raw-client.js';
const dir = mkdtempSync(path.join(os.tmpdir(), 'k8ts-probe-'));
const p = spawn('node', ['dist/src/cmd/main.js', 'up', '--data-dir', dir, '--https-listen-port', '0', '--write-kubeconfig', dir + '/kubeconfig'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: dir } });
let out = '', err = '';
p.stdout.on('data', (d) => (out += d)); p.stderr.on('data', (d) => (err += d));
await new Promise<void>((r) => { const t = setInterval(() => { if (/API server ready/.test(out)) { clearInterval(t); r(); } }, 50); });
const api = await rawClient(dir + '/kubeconfig');
const paths = process.argv.slice(3);
for (const depth of [400, 499, 501, 1000, 3000, 6000, 10000, 15000, 20000]) {
  for (const [open, close] of [['[', ']'], ['{"a":', '}'], ['block', '']]) {
    const core = open === 'block' ? Array.from({ length: depth }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + '\n' + ' '.repeat(depth) + 'b: 1\n' : open.repeat(depth) + '1' + close.repeat(depth);
    for (const wrap of [core, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep${depth}","labels":${core}}}`, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep${depth}"},"data":${core}}`, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep${depth}"},"foo":${core}}`]) {
      for (const [m, u, ct] of [['POST', '/api/v1/namespaces/default/configmaps', 'application/json'], ['PATCH', '/api/v1/namespaces/default/configmaps/x', 'application/merge-patch+json'], ['PATCH', '/api/v1/namespaces/kube-system', 'application/strategic-merge-patch+json'], ['PATCH', '/api/v1/namespaces/default/configmaps/y', 'application/apply-patch+yaml'], ['POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', 'application/json'], ['POST', '/api/v1/namespaces/default/configmaps', 'application/yaml']]) {
        const r = await api.request(m, u + (u.includes('?') ? '&' : '?') + 'fieldManager=x', { body: wrap, contentType: ct }).catch((e) => ({ status: -1, body: String(e) }));
        if (r.status >= 500 || r.status < 0) console.log(depth, open, wrap.slice(0, 60), m, u, ct, r.status, r.body.slice(0, 150));
        if (p.exitCode !== null || r.status < 0) { console.log('DIED', err.slice(-600)); process.exit(1); }
      }
    }
  }
}
console.log('survived'); api.close(); p.kill('SIGTERM');
