// The disruption controller against a real API server: a PodDisruptionBudget's status
// converges on its pods and their ReplicaSet's scale, and the eviction subresource then
// allows or refuses evictions by it.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { PodDisruptionBudget } from '../../src/api/policy/poddisruptionbudget.js';
import { EventRecorder } from '../../src/client/events.js';
import { ApiError, Client, HttpsTransport, SharedInformerFactory } from '../../src/client/index.js';
import { DEFAULT_CONTROLLER_OPTIONS, type Controller } from '../../src/controllers/context.js';
import { disruptionController, type PdbStatus } from '../../src/controllers/disruption/index.js';
import { eventually, startServer, type TestServer } from './apiserver-helpers.js';

/** eventually(), for a value that is undefined until it is there. */
const until = async <T>(fn: () => Promise<T | undefined>, ms: number, what: string): Promise<T> => (await eventually(fn, ms, what))!;

const NS = 'default';

let srv: TestServer;
let client: Client;
let informers: SharedInformerFactory;
let controller: Controller;

before(async () => {
  srv = await startServer();
  client = new Client(new HttpsTransport({ server: srv.base, insecureSkipTLSVerify: false }));
  informers = new SharedInformerFactory();
  controller = disruptionController();
  controller.start({ client, informers, recorder: (c) => new EventRecorder(client, c), options: { ...DEFAULT_CONTROLLER_OPTIONS, workers: 2 } });
  informers.start();
});
after(async () => {
  await controller?.stop();
  await informers?.stop();
  client?.close();
  await srv?.stop();
});

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };

async function status(name: string): Promise<PdbStatus & { generation?: number }> {
  const pdb = await client.poddisruptionbudgets.get(NS, name);
  return { ...(pdb.status as PdbStatus), generation: pdb.metadata?.generation };
}

async function evict(name: string): Promise<number> {
  try {
    await client.pods.subresource(NS, name, 'eviction').create({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: NS } });
    return 201;
  } catch (e) {
    if (e instanceof ApiError) return e.code;
    throw e;
  }
}

it("a budget's status follows its pods and their ReplicaSet's scale, and evictions follow the budget", async () => {
  const rs = await client.replicasets.create(NS, { metadata: { name: 'web' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template } });
  const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata!.uid!, controller: true };
  for (const name of ['web-1', 'web-2', 'web-3']) {
    const pod = await client.pods.create(NS, { metadata: { name, labels: { app: 'web' }, ownerReferences: [owner] }, spec: template.spec });
    await client.pods.updateStatus(NS, { ...pod, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
  }
  await client.poddisruptionbudgets.create(NS, { metadata: { name: 'web' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } } as PodDisruptionBudget);

  const s = await until(async () => {
    const st = await status('web');
    return st.observedGeneration === st.generation && st.currentHealthy === 3 ? st : undefined;
  }, 5000, 'status computed');
  assert.equal(s.expectedPods, 3);
  assert.equal(s.desiredHealthy, 2);
  assert.equal(s.disruptionsAllowed, 1);
  assert.deepEqual(s.conditions?.map((c) => [c.type, c.status, c.reason]), [['DisruptionAllowed', 'True', 'SufficientPods']]);

  assert.equal(await evict('web-1'), 201, 'one disruption allowed');
  await eventually(async () => (await status('web')).currentHealthy === 2, 5000, 'the evicted pod no longer counts');
  const after = await status('web');
  assert.equal(after.disruptionsAllowed, 0);
  assert.equal(after.conditions?.[0]?.reason, 'InsufficientPods');
  assert.equal(await evict('web-2'), 429, 'no more');

  // A new spec is observed (generation), an integer minAvailable counts the pods present.
  await client.poddisruptionbudgets.patch(NS, 'web', 'merge', { spec: { maxUnavailable: null, minAvailable: 1 } });
  const relaxed = await until(async () => {
    const st = await status('web');
    return st.observedGeneration === st.generation && st.disruptionsAllowed === 1 ? st : undefined;
  }, 5000, 'the new spec observed');
  assert.equal(relaxed.expectedPods, 2);
  assert.equal(relaxed.desiredHealthy, 1);
  assert.equal(await evict('web-2'), 201);
});

it('a percentage over a controller that cannot be found allows nothing (SyncFailed)', async () => {
  const pod = await client.pods.create(NS, {
    metadata: { name: 'orphaned', labels: { app: 'db' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'missing', controller: true }] },
    spec: template.spec,
  });
  await client.pods.updateStatus(NS, { ...pod, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
  await client.poddisruptionbudgets.create(NS, { metadata: { name: 'db' }, spec: { minAvailable: '50%', selector: { matchLabels: { app: 'db' } } } } as PodDisruptionBudget);
  const s = await until(async () => {
    const st = await status('db');
    return st.conditions?.[0]?.reason === 'SyncFailed' ? st : undefined;
  }, 5000, 'fail-safe status');
  assert.equal(s.disruptionsAllowed, 0);
  assert.equal(s.conditions?.[0]?.message, 'found no controllers for pod "orphaned"');
  assert.equal(await evict('orphaned'), 429);
});
