// The measuring half of `npm run bench -- podstartup` (run inside the cluster's network
// namespace): creates N pods, one every INTERVAL ms (0: all at once), and reports, from a
// watch, creation → Running. Usage: podstartup-measure.ts KUBECONFIG N IMAGE INTERVAL NS;
// prints JSON on stdout.

import { loadKubeconfig, resolveContext } from '../src/client/kubeconfig.js';
import { rawClient } from '../test/e2e/raw-client.js';
import { summarize } from './stats.js';
import { agentFor, watch } from './watch.js';

const [kubeconfig, count, image, interval, namespace] = process.argv.slice(2);
const pods = Number(count);
const intervalMs = Number(interval);
const ctx = resolveContext(await loadKubeconfig(kubeconfig));
const client = await rawClient(kubeconfig);
const agent = agentFor(ctx, 4);

const r = await client.request('POST', '/api/v1/namespaces', { body: JSON.stringify({ metadata: { name: namespace } }) });
if (r.status !== 201) throw new Error(`namespace: ${r.status} ${r.body}`);
const createdAt = new Map<string, number>();
const runningAt = new Map<string, number>();
let done: () => void;
const allRunning = new Promise<void>((resolve) => (done = resolve));
const stop = await watch(ctx, agent, `/api/v1/namespaces/${namespace}/pods?watch=true`, (ev) => {
  const name = ev.object?.metadata?.name;
  const now = performance.now();
  if (!createdAt.has(name)) createdAt.set(name, now);
  if (ev.object?.status?.phase === 'Running' && !runningAt.has(name)) {
    runningAt.set(name, now);
    if (runningAt.size === pods) done();
  }
});
const t0 = performance.now();
await Promise.all(
  Array.from({ length: pods }, async (_, i) => {
    await new Promise((resolve) => setTimeout(resolve, i * intervalMs));
    const body = {
      metadata: { name: `pod-${i}` },
      spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent', command: ['/bin/busybox', 'sleep', '3600'] }] },
    };
    const res = await client.request('POST', `/api/v1/namespaces/${namespace}/pods`, { body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`pod ${i}: ${res.status} ${res.body}`);
  }),
);
await allRunning;
const wallS = (performance.now() - t0) / 1000;
// Leave the node empty for the next run (a node holds 110 pods).
const deleted = new Set<string>();
let gone: () => void;
const allGone = new Promise<void>((resolve) => (gone = resolve));
const stopDeletes = await watch(ctx, agent, `/api/v1/namespaces/${namespace}/pods?watch=true`, (ev) => {
  if (ev.type === 'DELETED') deleted.add(ev.object?.metadata?.name);
  if (deleted.size === pods) gone();
});
const del = await client.request('DELETE', `/api/v1/namespaces/${namespace}/pods`);
if (del.status !== 200) throw new Error(`deleting the pods: ${del.status} ${del.body}`);
await allGone;
stopDeletes();
stop();
agent.destroy();
client.close();
const latencies = [...runningAt].map(([name, t]) => t - createdAt.get(name)!);
process.stdout.write(JSON.stringify({ pods, allRunningS: Math.round(wallS * 10) / 10, createdToRunningMs: summarize(latencies) }));
process.exit(0);
