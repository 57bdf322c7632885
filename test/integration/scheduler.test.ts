// The scheduler and simulated nodes against a real API server: pods are bound and run,
// nodeSelectors are honoured, an unsatisfiable pod is reported (PodScheduled=False and a
// FailedScheduling event) until a node that fits arrives, and a measurement of 1,000 pods
// over 100 nodes (printed, not asserted).

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { CoreEvent } from '../../src/api/core/events.js';
import type { Pod } from '../../src/api/core/types.js';
import { EventRecorder } from '../../src/client/events.js';
import { Client, HttpsTransport, SharedInformerFactory } from '../../src/client/index.js';
import { SimulatedNodes } from '../../src/kubelet/hollow/index.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { eventually, startServer, type TestServer } from './apiserver-helpers.js';

/** eventually(), for a value that is undefined until it is there. */
const until = async <T>(fn: () => Promise<T | undefined>, ms: number, what: string): Promise<T> => (await eventually(fn, ms, what))!;

const NS = 'default';

interface Cluster {
  srv: TestServer;
  client: Client;
  informers: SharedInformerFactory;
  scheduler: Scheduler;
  sims: SimulatedNodes[];
  stop(): Promise<void>;
}

async function startCluster(nodes: number): Promise<Cluster> {
  const srv = await startServer();
  const client = new Client(new HttpsTransport({ server: srv.base, insecureSkipTLSVerify: false }));
  const informers = new SharedInformerFactory();
  const sim = new SimulatedNodes({ client, informers, count: nodes });
  const scheduler = new Scheduler({ client, informers, recorder: new EventRecorder(client, 'default-scheduler') });
  await sim.start();
  await scheduler.start();
  const c: Cluster = {
    srv,
    client,
    informers,
    scheduler,
    sims: [sim],
    async stop() {
      await scheduler.stop();
      for (const s of c.sims) await s.stop();
      await informers.stop();
      client.close();
      await srv.stop();
    },
  };
  return c;
}

let c: Cluster;
before(async () => {
  c = await startCluster(3);
});
after(async () => c?.stop());

const pod = (name: string, spec: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  metadata: { name, namespace: NS },
  spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '100m', memory: '64Mi' } } }], ...spec },
});

const running = (name: string, ms = 5000) =>
  until(async () => {
    const p = await c.client.pods.get(NS, name);
    return p.status?.phase === 'Running' && p.spec?.nodeName ? p : undefined;
  }, ms, `${name} bound and Running`);

const nonEmpty = <T>(list: T[]) => (list.length > 0 ? list : undefined);
const eventsFor = async (name: string, reason: string): Promise<CoreEvent[]> =>
  (await c.client.events.list(NS)).items.filter((e) => e.involvedObject?.name === name && e.reason === reason);

it('binds pending pods to simulated nodes, which run them', async () => {
  for (const n of ['a', 'b', 'c', 'd']) await c.client.pods.create(NS, pod(n));
  for (const n of ['a', 'b', 'c', 'd']) {
    const p = await running(n);
    assert.match(p.spec!.nodeName!, /^sim-node-[0-2]$/);
    const ready = p.status?.conditions?.find((x) => x.type === 'Ready');
    assert.equal(ready?.status, 'True');
    const [cs] = p.status?.containerStatuses ?? [];
    assert.equal(cs.name, 'app');
    assert.equal(cs.ready, true);
    assert.equal(cs.restartCount, 0);
    assert.ok((cs as { imageID?: string }).imageID);
  }
  const [ev] = await until(async () => nonEmpty(await eventsFor('a', 'Scheduled')), 3000, 'Scheduled event');
  assert.equal(ev.type, 'Normal');
  assert.match(ev.message ?? '', /^Successfully assigned default\/a to sim-node-[0-2]$/);
});

it('puts a pod with a nodeSelector on the labelled node', async () => {
  await c.client.nodes.patch(undefined, 'sim-node-2', 'merge', { metadata: { labels: { disktype: 'ssd' } } });
  await c.client.pods.create(NS, pod('ssd', { nodeSelector: { disktype: 'ssd' } }));
  assert.equal((await running('ssd')).spec?.nodeName, 'sim-node-2');
});

it('reports an unschedulable pod, and schedules it when a node that fits arrives', async () => {
  await c.client.pods.create(NS, pod('picky', { nodeSelector: { zone: 'far' } }));
  const cond = await until(async () => {
    const p = await c.client.pods.get(NS, 'picky');
    return p.status?.conditions?.find((x) => x.type === 'PodScheduled' && x.status === 'False') as { reason?: string; message?: string } | undefined;
  }, 5000, 'PodScheduled=False');
  assert.equal(cond.reason, 'Unschedulable');
  assert.match(cond.message ?? '', /^0\/3 nodes are available: 3 node\(s\) didn't match Pod's node affinity\/selector\./);
  const [ev] = await until(async () => nonEmpty(await eventsFor('picky', 'FailedScheduling')), 3000, 'FailedScheduling event');
  assert.equal(ev.type, 'Warning');
  assert.equal(ev.message, cond.message);

  const far = new SimulatedNodes({ client: c.client, informers: c.informers, count: 1, namePrefix: 'far-node-', firstIndex: 3, labels: { zone: 'far' } });
  c.sims.push(far);
  await far.start();
  assert.equal((await running('picky', 15_000)).spec?.nodeName, 'far-node-3');
});

it('preempts a lower-priority pod to make room for a higher-priority one', async () => {
  const big = { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '30' } } }] };
  const nodes = (await c.client.nodes.list()).items.map((n) => n.metadata!.name!);
  for (const n of nodes) await c.client.pods.create(NS, pod(`low-${n}`, { ...big, nodeName: n, priority: 0 }));
  await c.client.pods.create(NS, pod('high', { ...big, priority: 1000 }));
  const high = await until(async () => {
    const p = await c.client.pods.get(NS, 'high');
    return p.status?.nominatedNodeName ? p : undefined;
  }, 5000, 'high nominated');
  const node = high.status!.nominatedNodeName as string;
  const [ev] = await until(async () => nonEmpty(await eventsFor(`low-${node}`, 'Preempted')), 3000, 'Preempted event');
  assert.match(ev.message ?? '', new RegExp(`^Preempted by pod ${high.metadata?.uid} on node ${node}$`));
  assert.equal((await running('high', 15_000)).spec?.nodeName, node);
});

it('measures 1,000 pods over 100 simulated nodes', async () => {
  const big = await startCluster(100);
  try {
    // Watched through the shared pod informer: polling lists of 1,000 pods would load the server being measured.
    let bound = 0;
    let run = 0;
    const seen = { bound: new Set<string>(), running: new Set<string>() };
    const t0 = performance.now();
    big.informers.informerFor(big.client.pods).addEventHandler({
      onUpdate: (_, p) => {
        const name = p.metadata?.name ?? '';
        if (p.spec?.nodeName && !seen.bound.has(name) && seen.bound.add(name).size === 1000) bound = performance.now() - t0;
        if (p.status?.phase === 'Running' && !seen.running.has(name) && seen.running.add(name).size === 1000) run = performance.now() - t0;
      },
    });
    const names = Array.from({ length: 1000 }, (_, i) => `p-${i}`);
    for (let i = 0; i < names.length; i += 50) await Promise.all(names.slice(i, i + 50).map((n) => big.client.pods.create(NS, pod(n))));
    const created = performance.now() - t0;
    await eventually(() => run > 0, 120_000, 'all Running');
    const perNode = new Map<string, number>();
    for (const p of (await big.client.pods.list(NS)).items) perNode.set(p.spec!.nodeName!, (perNode.get(p.spec!.nodeName!) ?? 0) + 1);
    console.log(
      `1000 pods / 100 simulated nodes: created in ${created.toFixed(0)} ms, all bound by ${bound.toFixed(0)} ms, ` +
        `all Running by ${run.toFixed(0)} ms (${((1000 * 1000) / run).toFixed(0)} pods/s); pods per node ${Math.min(...perNode.values())}–${Math.max(...perNode.values())}`,
    );
  } finally {
    await big.stop();
  }
});
