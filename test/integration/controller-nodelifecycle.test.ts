// The node lifecycle and taint eviction controllers against a real API server, with short
// times: a node whose Lease stops being renewed turns Unknown and gets the unreachable
// taints within the grace period; its pods are marked not Ready and deleted when their
// toleration runs out; it recovers; cordoning taints it; untolerated taints evict at once.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Node } from '../../src/api/core/nodes.js';
import type { Toleration } from '../../src/api/core/types.js';
import { EventRecorder } from '../../src/client/events.js';
import { Client, HttpsTransport, isAlreadyExists, isNotFound, SharedInformerFactory } from '../../src/client/index.js';
import { DEFAULT_CONTROLLER_OPTIONS, type Controller } from '../../src/controllers/context.js';
import { nodeLifecycleController } from '../../src/controllers/nodelifecycle/index.js';
import { taintEvictionController } from '../../src/controllers/tainteviction/index.js';
import { microTimeRFC3339, nowRFC3339 } from '../../src/machinery/time.js';
import { eventually, startServer, type TestServer } from './apiserver-helpers.js';

/** eventually(), for a value that is undefined until it is there. */
const until = async <T>(fn: () => Promise<T | undefined>, ms: number, what: string): Promise<T> => (await eventually(fn, ms, what))!;

const GRACE_S = 2;
const NS = 'default';

let srv: TestServer;
let client: Client;
let informers: SharedInformerFactory;
let controllers: Controller[];
const renewers = new Map<string, NodeJS.Timeout>();

before(async () => {
  srv = await startServer();
  client = new Client(new HttpsTransport({ server: srv.base, insecureSkipTLSVerify: false }));
  try {
    await client.namespaces.create(undefined, { metadata: { name: 'kube-node-lease' } });
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
  informers = new SharedInformerFactory();
  controllers = [nodeLifecycleController(), taintEvictionController()];
  const ctx = { client, informers, recorder: (c: string) => new EventRecorder(client, c), options: { ...DEFAULT_CONTROLLER_OPTIONS, nodeMonitorGracePeriodSeconds: GRACE_S, workers: 2 } };
  for (const c of controllers) c.start(ctx);
  informers.start();
});
after(async () => {
  for (const t of renewers.values()) clearInterval(t);
  for (const c of controllers ?? []) await c.stop();
  await informers?.stop();
  client?.close();
  await srv?.stop();
});

const readyCondition = (status = 'True') => ({ type: 'Ready', status, reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: nowRFC3339(), lastTransitionTime: nowRFC3339() });

/** A node that heartbeats through its Lease every 300 ms, as a kubelet would, until stopHeartbeat(). */
async function liveNode(name: string): Promise<void> {
  await client.nodes.create(undefined, { metadata: { name }, status: { conditions: [readyCondition()] } });
  await client.leases.create('kube-node-lease', { metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: microTimeRFC3339() } });
  renewers.set(
    name,
    setInterval(() => {
      void client.leases.patch('kube-node-lease', name, 'merge', { spec: { renewTime: microTimeRFC3339() } }).catch(() => undefined);
    }, 300),
  );
}
const stopHeartbeat = (name: string) => clearInterval(renewers.get(name));

async function readyPod(name: string, nodeName: string, tolerations: Toleration[]): Promise<void> {
  const pod = await client.pods.create(NS, { metadata: { name }, spec: { nodeName, tolerations, terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'busybox' }] } });
  await client.pods.updateStatus(NS, { ...pod, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
}

const taintIds = (n: Node) => ((n.spec?.taints ?? []) as { key: string; effect: string }[]).map((t) => `${t.key}:${t.effect}`).sort();
const ready = (n: Node) => (n.status?.conditions ?? []).find((c) => c.type === 'Ready') as { status: string; reason?: string; message?: string } | undefined;

/** Gone, or deleting (bound pods wait for a kubelet that is not there). */
async function goneOrDeleting(name: string): Promise<boolean> {
  try {
    return Boolean((await client.pods.get(NS, name)).metadata?.deletionTimestamp);
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}

const unreachable = (seconds?: number): Toleration => ({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
// Bounded on purpose: the API server's pod update validation currently refuses status
// writes to pods with a toleration lacking tolerationSeconds (src/api/core/pod-update.ts).
const notReady: Toleration = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 3600 };

it('a node that stops heartbeating turns Unknown, is tainted, and its pods go when their toleration runs out', async () => {
  await liveNode('n1');
  await readyPod('short', 'n1', [unreachable(2), notReady]);
  await readyPod('forever', 'n1', [unreachable(3600), notReady]);

  // Heartbeating, it stays Ready for well over the grace period.
  await new Promise((r) => setTimeout(r, (GRACE_S + 1) * 1000));
  assert.equal(ready(await client.nodes.get(undefined, 'n1'))?.status, 'True');
  assert.deepEqual(taintIds(await client.nodes.get(undefined, 'n1')), []);

  stopHeartbeat('n1');
  const stoppedAt = Date.now();
  const node = await until(async () => {
    const n = await client.nodes.get(undefined, 'n1');
    return ready(n)?.status === 'Unknown' && taintIds(n).length === 2 ? n : undefined;
  }, 10_000, 'n1 Unknown and tainted');
  const after = (Date.now() - stoppedAt) / 1000;
  assert.ok(after < GRACE_S + 1.5, `Unknown ${after}s after the last heartbeat`);
  assert.deepEqual(ready(node), { ...ready(node), reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
  assert.deepEqual(taintIds(node), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);

  await eventually(async () => (await client.pods.get(NS, 'forever')).status?.conditions?.find((c) => c.type === 'Ready')?.status === 'False', 5000, 'pods marked not Ready');
  const taintedAt = Date.now();
  await eventually(() => goneOrDeleting('short'), 6000, 'the 2 s pod evicted');
  const evictedAfter = (Date.now() - taintedAt) / 1000;
  assert.ok(evictedAfter > 0.5 && evictedAfter < 3.5, `evicted ${evictedAfter}s after the taint`);
  assert.equal(await goneOrDeleting('forever'), false, 'a long toleration keeps its pod');

  const events = (await client.events.list(undefined)).items;
  assert.ok(events.some((e) => e.reason === 'NodeNotReady' && e.message === 'Node n1 status is now: NodeNotReady'), 'node event');
  assert.ok(events.some((e) => e.reason === 'TaintManagerEviction' && e.message === 'Marking for deletion Pod default/short'), 'eviction event');
});

it('a node that heartbeats again loses its taints', async () => {
  const n = await client.nodes.get(undefined, 'n1');
  await client.nodes.updateStatus(undefined, { ...n, status: { ...n.status, conditions: [readyCondition()] } });
  await eventually(async () => taintIds(await client.nodes.get(undefined, 'n1')).length === 0, 5000, 'taints removed');
});

it('cordoning adds the unschedulable taint, uncordoning removes it', async () => {
  await liveNode('n2');
  await client.nodes.patch(undefined, 'n2', 'merge', { spec: { unschedulable: true } });
  await eventually(async () => taintIds(await client.nodes.get(undefined, 'n2')).join() === 'node.kubernetes.io/unschedulable:NoSchedule', 5000, 'cordon taint');
  await client.nodes.patch(undefined, 'n2', 'merge', { spec: { unschedulable: false } });
  await eventually(async () => taintIds(await client.nodes.get(undefined, 'n2')).length === 0, 5000, 'uncordon');
});

it('an untolerated NoExecute taint evicts at once; a tolerated one removed in time evicts nothing', async () => {
  await readyPod('plain', 'n2', []);
  await readyPod('patient', 'n2', [{ key: 'example.com/maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 }]);
  await client.nodes.patch(undefined, 'n2', 'merge', { spec: { taints: [{ key: 'example.com/maintenance', effect: 'NoExecute', timeAdded: nowRFC3339() }] } });
  await eventually(() => goneOrDeleting('plain'), 3000, 'the untolerating pod evicted');
  assert.equal(await goneOrDeleting('patient'), false);
  await client.nodes.patch(undefined, 'n2', 'merge', { spec: { taints: null } });
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(await goneOrDeleting('patient'), false, 'the taint went before the toleration ran out');
});
