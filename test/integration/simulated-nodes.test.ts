// Simulated nodes against a real API server: they register as a kubelet would (labels,
// capacity, addresses, nodeInfo, conditions, a Lease each), renew their Leases, run the pods
// bound to them with complete statuses, confirm graceful deletions, and go silent on demand.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Lease } from '../../src/api/coordination/lease.js';
import type { Pod } from '../../src/api/core/types.js';
import { Client, HttpsTransport, isNotFound, SharedInformerFactory } from '../../src/client/index.js';
import { SimulatedNodes } from '../../src/kubelet/hollow/index.js';
import { eventually, sleep, startServer, type TestServer } from './apiserver-helpers.js';

/** eventually(), for a value that is undefined until it is there. */
const until = async <T>(fn: () => Promise<T | undefined>, ms: number, what: string): Promise<T> => (await eventually(fn, ms, what))!;

const RENEW_MS = 300;
const NS = 'default';

let srv: TestServer;
let client: Client;
let informers: SharedInformerFactory;
let sim: SimulatedNodes;

before(async () => {
  srv = await startServer();
  client = new Client(new HttpsTransport({ server: srv.base, insecureSkipTLSVerify: false }));
  informers = new SharedInformerFactory();
  sim = new SimulatedNodes({ client, informers, count: 3, labels: { pool: 'test' }, leaseRenewIntervalMs: RENEW_MS });
  await sim.start();
});
after(async () => {
  await sim?.stop();
  await informers?.stop();
  client?.close();
  await srv?.stop();
});

const renewTime = async (name: string) => ((await client.leases.get('kube-node-lease', name)) as Lease).spec?.renewTime ?? '';

async function runningPod(name: string): Promise<Pod> {
  return until(async () => {
    const p = await client.pods.get(NS, name);
    return p.status?.phase === 'Running' ? p : undefined;
  }, 5000, `${name} Running`);
}

it('registers nodes as a kubelet does', async () => {
  assert.deepEqual(sim.nodeNames(), ['sim-node-0', 'sim-node-1', 'sim-node-2']);
  const node = await client.nodes.get(undefined, 'sim-node-1');
  const labels = node.metadata?.labels ?? {};
  assert.equal(labels['kubernetes.io/hostname'], 'sim-node-1');
  assert.equal(labels['kubernetes.io/os'], 'linux');
  assert.equal(labels['kubernetes.io/arch'], 'amd64');
  assert.equal(labels.type, 'simulated');
  assert.equal(labels.pool, 'test');
  const status = node.status as Record<string, any>;
  assert.deepEqual(status.capacity, { cpu: '32', memory: '256Gi', pods: '110', 'ephemeral-storage': '100Gi' });
  assert.deepEqual(status.allocatable, status.capacity);
  assert.deepEqual(status.addresses, [
    { type: 'InternalIP', address: '10.99.0.2' },
    { type: 'Hostname', address: 'sim-node-1' },
  ]);
  assert.equal(status.nodeInfo.kubeletVersion, 'v1.32.0-k8ts-sim');
  assert.equal(status.nodeInfo.containerRuntimeVersion, 'simulated://1.0');
  assert.equal(status.daemonEndpoints.kubeletEndpoint.Port, 10250);
  const conditions = Object.fromEntries((status.conditions as any[]).map((c: any) => [c.type, c]));
  assert.equal(conditions.Ready.status, 'True');
  assert.equal(conditions.Ready.reason, 'KubeletReady');
  assert.equal(conditions.Ready.message, 'kubelet is posting ready status');
  assert.equal(conditions.MemoryPressure.reason, 'KubeletHasSufficientMemory');
  assert.equal(conditions.DiskPressure.reason, 'KubeletHasNoDiskPressure');
  assert.equal(conditions.PIDPressure.reason, 'KubeletHasSufficientPID');
  for (const c of Object.values(conditions) as any[]) assert.ok(c.lastHeartbeatTime && c.lastTransitionTime);
  const lease = (await client.leases.get('kube-node-lease', 'sim-node-1')) as Lease;
  assert.equal(lease.spec?.holderIdentity, 'sim-node-1');
  assert.equal(lease.spec?.leaseDurationSeconds, 40);
  assert.equal(lease.metadata?.ownerReferences?.[0]?.uid, node.metadata?.uid);
});

it('runs bound pods at once, with complete statuses and unique IPs', async () => {
  await client.pods.create(NS, {
    metadata: { name: 'web' },
    spec: { nodeName: 'sim-node-0', initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'app', image: 'nginx:1.25' }, { name: 'side', image: 'registry.k8s.io/pause:3.9' }] },
  });
  await client.pods.create(NS, { metadata: { name: 'web2' }, spec: { nodeName: 'sim-node-0', containers: [{ name: 'app', image: 'nginx' }] } });
  const pod = await runningPod('web');
  const other = await runningPod('web2');
  const st = pod.status as Record<string, any>;
  assert.equal(st.hostIP, '10.99.0.1');
  assert.match(st.podIP, /^10\.128\.0\.\d+$/);
  assert.notEqual(st.podIP, other.status?.podIP);
  assert.deepEqual(st.podIPs, [{ ip: st.podIP }]);
  assert.ok(st.startTime);
  const conds = Object.fromEntries((st.conditions as any[]).map((c) => [c.type, c.status]));
  for (const t of ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodScheduled']) assert.equal(conds[t], 'True', t);
  const [app, side] = st.containerStatuses as any[];
  assert.equal(app.name, 'app');
  assert.equal(app.image, 'nginx:1.25');
  assert.match(app.imageID, /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  assert.match(app.containerID, /^simulated:\/\/[0-9a-f]+$/);
  assert.deepEqual([app.ready, app.started, app.restartCount], [true, true, 0]);
  assert.equal(app.state.running.startedAt, st.startTime);
  assert.match(side.imageID, /^registry\.k8s\.io\/pause@sha256:/);
  const [init] = st.initContainerStatuses as any[];
  assert.equal(init.state.terminated.reason, 'Completed');
  assert.equal(init.state.terminated.exitCode, 0);
});

it('completes graceful deletion of its pods', async () => {
  await runningPod('web2');
  await client.pods.delete(NS, 'web2');
  await eventually(async () => {
    try {
      await client.pods.get(NS, 'web2');
      return false;
    } catch (e) {
      return isNotFound(e);
    }
  }, 5000, 'web2 deleted');
});

it('stops renewing the Lease and updating pods while its heartbeat is stopped', async () => {
  sim.stopHeartbeat('sim-node-1');
  await sleep(RENEW_MS * 2); // a renewal already in flight may still land
  const frozen = await renewTime('sim-node-1');
  const alive = await renewTime('sim-node-2');
  await client.pods.create(NS, { metadata: { name: 'waiting' }, spec: { nodeName: 'sim-node-1', containers: [{ name: 'c', image: 'busybox' }] } });
  await sleep(RENEW_MS * 4);
  assert.equal(await renewTime('sim-node-1'), frozen);
  assert.notEqual(await renewTime('sim-node-2'), alive);
  assert.notEqual((await client.pods.get(NS, 'waiting')).status?.phase, 'Running');

  sim.resumeHeartbeat('sim-node-1');
  await runningPod('waiting');
  await eventually(async () => (await renewTime('sim-node-1')) !== frozen, 3000, 'lease renewed again');
});

it('reports Ready again at once when someone else marked it Unknown', async () => {
  const unknown = { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' };
  await client.nodes.patch(undefined, 'sim-node-2', 'strategic', { status: { conditions: [unknown] } }, { subresource: 'status' });
  await eventually(async () => {
    const node = await client.nodes.get(undefined, 'sim-node-2');
    return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  }, 3000, 'Ready=True again');
});

it('picks up its nodes and pods again after a restart', async () => {
  const before = (await client.pods.get(NS, 'web')).status?.podIP;
  await sim.stop();
  sim = new SimulatedNodes({ client, informers, count: 3, labels: { pool: 'test', restarted: 'yes' }, leaseRenewIntervalMs: RENEW_MS });
  await sim.start();
  assert.equal((await client.nodes.get(undefined, 'sim-node-0')).metadata?.labels?.restarted, 'yes');
  await client.pods.create(NS, { metadata: { name: 'after' }, spec: { nodeName: 'sim-node-0', containers: [{ name: 'c', image: 'busybox' }] } });
  const pod = await runningPod('after');
  assert.notEqual(pod.status?.podIP, before);
  assert.equal((await client.pods.get(NS, 'web')).status?.podIP, before);
});
