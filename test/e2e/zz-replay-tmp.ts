import { readFileSync } from 'node:fs';
import { startCluster } from './harness.js';
import { rawClient } from './raw-client.js';
const lines = readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const from = Number(process.argv[3] ?? 0), to = Number(process.argv[4] ?? lines.length);
const c = await startCluster();
let err = ''; c.proc.stderr!.on('data', (d) => (err += d));
const api = await rawClient(c.kubeconfig);
for (let i = from; i < to; i++) {
  const l = lines[i];
  const r = await api.request(l.method, l.path, { body: l.body === undefined ? undefined : Buffer.from(l.body, 'base64'), contentType: l.contentType, accept: l.accept, streamCapMs: 1500, timeoutMs: 10000 }).catch((e) => ({ status: -1, body: String(e) }));
  await new Promise((r) => setTimeout(r, 2));
  if (c.proc.exitCode !== null || r.status === -1 || (r.status >= 500 && r.status !== 501)) { console.log('AT', i, l.method, l.path, l.contentType, r.status, r.body.slice(0, 300)); if (c.proc.exitCode !== null || r.status === -1) { console.log(err.slice(-1500)); break; } }
}
api.close(); await c.stop(); c.cleanup();
