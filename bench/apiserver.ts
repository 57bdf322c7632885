// `npm run bench -- apiserver`: the real `k8ts up` (its own process, HTTPS, client
// certificates) measured from a client process:
// - small creates per second with 32 concurrent clients;
// - GET latency at a fixed 1,000 requests/s (open loop: requests are sent on schedule, not when the previous returns);
// - LIST of 10,000 pods, as JSON in full and as kubectl's first Table page;
// - watch fan-out: delay from a write being sent to each of 100 watchers seeing it.

import { loadKubeconfig, resolveContext } from '../src/client/kubeconfig.js';
import { startCluster, type Cluster } from '../test/e2e/harness.js';
import { rawClient, type RawClient } from '../test/e2e/raw-client.js';
import { LeanConnection } from './lean-client.js';
import { progress, summarize } from './stats.js';
import { agentFor, watch } from './watch.js';

const CONCURRENCY = 32;
const CREATES = 20_000;
const GET_RATE = 1000;
const GET_SECONDS = 5;
const PODS = 10_000;
const WATCHERS = 100;
const WATCH_EVENTS = 100;
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

export async function run(): Promise<Record<string, unknown>> {
  const cluster = await startCluster();
  const client = await rawClient(cluster.kubeconfig, { maxSockets: CONCURRENCY });
  const pool = await connectPool(cluster, CONCURRENCY);
  try {
    await mustCreate(client, '/api/v1/namespaces', { metadata: { name: 'bench' } });
    const creates = await benchCreates(pool);
    const get = await benchGet(pool);
    const list = await benchList(client);
    const watch = await benchWatch(cluster, client);
    return {
      results: { creates, get, list, watch },
      targets: { createsPerSecond: '>= 5000', getP99Ms: '< 5 at 1000 req/s', list10kPodsMs: '< 500', watchFanoutP99Ms: '< 50 (100 watchers)' },
    };
  } finally {
    for (const c of pool) c.close();
    client.close();
    await cluster.stop();
    cluster.cleanup();
  }
}

async function mustCreate(client: RawClient, path: string, obj: unknown): Promise<void> {
  const r = await client.request('POST', path, { body: JSON.stringify(obj) });
  if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${r.body}`);
}

/** Runs `total` operations over `concurrency` loops; returns the elapsed milliseconds. */
async function closedLoop(total: number, concurrency: number, op: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) await op(i);
    }),
  );
  return performance.now() - start;
}

async function connectPool(cluster: Cluster, n: number): Promise<LeanConnection[]> {
  const ctx = resolveContext(await loadKubeconfig(cluster.kubeconfig));
  return Promise.all(Array.from({ length: n }, () => LeanConnection.connect(new URL(ctx.server), ctx)));
}

async function benchCreates(pool: LeanConnection[]): Promise<Record<string, unknown>> {
  progress(`creating ${CREATES} configmaps with ${pool.length} clients`);
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    pool.map(async (conn) => {
      for (let i = next++; i < CREATES; i = next++) {
        const t = performance.now();
        const r = await conn.request('POST', '/api/v1/namespaces/bench/configmaps', JSON.stringify({ metadata: { name: `cm-${i}` }, data: { k: 'v' } }));
        if (r.status !== 201) throw new Error(`create: ${r.status} ${r.body}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const ms = performance.now() - start;
  return { count: CREATES, concurrency: pool.length, perSecond: Math.round((CREATES / ms) * 1000), latencyMs: summarize(latencies) };
}

async function benchGet(pool: LeanConnection[]): Promise<Record<string, unknown>> {
  progress(`GET at ${GET_RATE}/s for ${GET_SECONDS}s`);
  const total = GET_RATE * GET_SECONDS;
  const latencies: number[] = [];
  const free = [...pool];
  const queue: (() => void)[] = [];
  const get = async (i: number, due: number) => {
    // Timed from when it was due, or from when it was sent if the timer fired early: a stalled sender counts against us.
    const from = Math.min(due, performance.now());
    const conn = free.pop() ?? (await new Promise<LeanConnection>((r) => queue.push(() => r(free.pop()!))));
    const r = await conn.request('GET', `/api/v1/namespaces/bench/configmaps/cm-${i % CREATES}`);
    free.push(conn);
    queue.shift()?.();
    if (r.status !== 200) throw new Error(`GET: ${r.status}`);
    latencies.push(performance.now() - from);
  };
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / GET_RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(get(i, due));
  }
  await Promise.all(pending);
  const elapsed = performance.now() - start;
  return { rate: GET_RATE, achievedPerSecond: Math.round((total / elapsed) * 1000), latencyMs: summarize(latencies) };
}

async function benchList(client: RawClient): Promise<Record<string, unknown>> {
  progress(`creating ${PODS} pods`);
  await closedLoop(PODS, CONCURRENCY, (i) =>
    mustCreate(client, '/api/v1/namespaces/bench/pods', {
      metadata: { name: `pod-${i}`, labels: { app: 'bench' } },
      spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
    }),
  );
  progress('listing them');
  const full: number[] = [];
  const table: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    const r = await client.request('GET', '/api/v1/namespaces/bench/pods');
    full.push(performance.now() - t);
    if (r.json?.items?.length !== PODS) throw new Error(`list returned ${r.json?.items?.length} pods`);
    bytes = r.body.length;
    t = performance.now();
    const page = await client.request('GET', '/api/v1/namespaces/bench/pods?limit=500', { accept: TABLE_ACCEPT });
    table.push(performance.now() - t);
    if (page.json?.rows?.length !== 500) throw new Error('table page is not 500 rows');
  }
  return { pods: PODS, fullListMs: summarize(full), responseBytes: bytes, kubectlFirstTablePageMs: summarize(table) };
}

async function benchWatch(cluster: Cluster, client: RawClient): Promise<Record<string, unknown>> {
  progress(`${WATCHERS} watchers, ${WATCH_EVENTS} updates`);
  await mustCreate(client, '/api/v1/namespaces/bench/configmaps', { metadata: { name: 'watched' }, data: { seq: '-1' } });
  const sentAt = new Map<string, number>();
  const delays: number[] = [];
  const ctx = resolveContext(await loadKubeconfig(cluster.kubeconfig));
  const agent = agentFor(ctx, WATCHERS + 1);
  let seen = 0;
  let subscribed = 0;
  const ready: Promise<() => void>[] = [];
  for (let w = 0; w < WATCHERS; w++) {
    ready.push(
      watch(ctx, agent, '/api/v1/namespaces/bench/configmaps?watch=true&fieldSelector=metadata.name%3Dwatched', (ev) => {
        const seq = ev.object?.data?.seq;
        if (ev.type === 'ADDED') subscribed++;
        if (ev.type === 'MODIFIED' && sentAt.has(seq)) {
          delays.push(performance.now() - sentAt.get(seq)!);
          seen++;
        }
      }),
    );
  }
  const stops = await Promise.all(ready);
  // Each watcher's initial ADDED proves it is subscribed before the first update is sent.
  while (subscribed < WATCHERS) await new Promise((r) => setTimeout(r, 10));
  for (let i = 0; i < WATCH_EVENTS; i++) {
    const seq = String(i);
    sentAt.set(seq, performance.now());
    const r = await client.request('PATCH', '/api/v1/namespaces/bench/configmaps/watched', {
      body: JSON.stringify({ data: { seq } }),
      contentType: 'application/merge-patch+json',
    });
    if (r.status !== 200) throw new Error(`PATCH: ${r.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const deadline = Date.now() + 10_000;
  while (seen < WATCHERS * WATCH_EVENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const stop of stops) stop();
  agent.destroy();
  return { watchers: WATCHERS, events: WATCH_EVENTS, delivered: seen, expected: WATCHERS * WATCH_EVENTS, delayMs: summarize(delays) };
}
