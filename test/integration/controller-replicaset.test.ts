// The replica controllers against a real API server over HTTP: pods created with owner
// references and events, scale up and down (the right pods deleted), replacement of deleted
// pods, adoption of orphans, release of relabelled pods, status convergence — for
// ReplicaSets and ReplicationControllers. No scheduler or kubelet runs here: pods stay
// Pending unless the test binds them or writes their status.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReplicaSet } from '../../src/api/apps/replicaset.js';
import type { ReplicationController } from '../../src/api/core/replicationcontrollers.js';
import type { Pod } from '../../src/api/core/types.js';
import type { Client } from '../../src/client/index.js';
import { replicaSetController, replicationControllerController } from '../../src/controllers/replicaset/index.js';
import { nowRFC3339 } from '../../src/machinery/time.js';
import { eventually } from './apiserver-helpers.js';
import { runController, type ControllerHarness } from './controller-harness.js';

const NS = 'replicas';
const TIMEOUT = 10_000;

const template = (app: string) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });

function replicaSet(name: string, replicas: number, minReadySeconds?: number): ReplicaSet {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name }, spec: { replicas, minReadySeconds, selector: { matchLabels: { app: name } }, template: template(name) } };
}

function replicationController(name: string, replicas: number): ReplicationController {
  return { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name }, spec: { replicas, selector: { app: name }, template: { ...template(name), spec: { ...template(name).spec, restartPolicy: 'Always' } } } };
}

/** Polls `fn` until it returns something truthy, and returns that. */
async function waitFor<T>(fn: () => Promise<T | undefined | false>, what: string): Promise<T> {
  return (await eventually(fn, TIMEOUT, what)) as T;
}

describe('replica controllers on a real API server', () => {
  let h: ControllerHarness;
  let client: Client;

  before(async () => {
    h = await runController([replicaSetController(), replicationControllerController()]);
    client = h.client;
    await client.namespaces.create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  });

  after(() => h.stop());

  /** The live (not terminating) pods labelled app=`app`. */
  async function livePods(app: string): Promise<Pod[]> {
    const list = await client.pods.list(NS, { labelSelector: `app=${app}` });
    return list.items.filter((p) => !p.metadata?.deletionTimestamp);
  }

  async function waitForPods(app: string, n: number): Promise<Pod[]> {
    return waitFor(async () => {
      const pods = await livePods(app);
      return pods.length === n ? pods : undefined;
    }, `${n} pods of ${app}`);
  }

  async function eventsFor(kind: string, name: string): Promise<{ reason?: string; message?: string; type?: string; count?: number; source?: { component?: string } }[]> {
    const list = await client.events.list(NS, { fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}` });
    return list.items;
  }

  async function markReady(pod: Pod, ready = true): Promise<void> {
    await client.pods.patch(NS, pod.metadata!.name!, 'merge', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: nowRFC3339() }] } }, { subresource: 'status' });
  }

  async function bind(pod: Pod, node: string): Promise<void> {
    await client.pods.subresource(NS, pod.metadata!.name!, 'binding').create({ apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.metadata!.name }, target: { kind: 'Node', name: node } });
  }

  it('creates the pods of a ReplicaSet with controller references and SuccessfulCreate events', async () => {
    const rs = await client.replicasets.create(NS, replicaSet('web', 3));
    const pods = await waitForPods('web', 3);
    for (const pod of pods) {
      assert.match(pod.metadata!.name!, /^web-[a-z0-9]{5}$/);
      assert.deepEqual(pod.metadata!.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
      assert.deepEqual(pod.metadata!.labels, { app: 'web' });
    }
    const events = await waitFor(async () => {
      const evs = (await eventsFor('ReplicaSet', 'web')).filter((e) => e.reason === 'SuccessfulCreate');
      return evs.length === 3 ? evs : undefined;
    }, 'three SuccessfulCreate events');
    assert.deepEqual(events.map((e) => e.message).sort(), pods.map((p) => `Created pod: ${p.metadata!.name}`).sort());
    for (const e of events) {
      assert.equal(e.type, 'Normal');
      assert.equal(e.source?.component, 'replicaset-controller');
      assert.equal(e.count, 1);
    }
    await waitFor(async () => (await client.replicasets.get(NS, 'web')).status?.replicas === 3, 'status.replicas 3');
  });

  it('scales up, then down deleting unscheduled and not-ready pods before ready ones', async () => {
    await client.replicasets.patch(NS, 'web', 'merge', { spec: { replicas: 5 } });
    const pods = await waitForPods('web', 5);
    // Two pods scheduled and ready, one scheduled but not ready, two left unscheduled.
    const [a, b, c] = pods;
    for (const p of [a!, b!, c!]) await bind(p, 'node-1');
    await markReady(a!);
    await markReady(b!);
    await client.replicasets.patch(NS, 'web', 'merge', { spec: { replicas: 2 } });
    const left = await waitForPods('web', 2);
    assert.deepEqual(left.map((p) => p.metadata!.name).sort(), [a!, b!].map((p) => p.metadata!.name).sort());
    const deletes = await waitFor(async () => {
      const evs = (await eventsFor('ReplicaSet', 'web')).filter((e) => e.reason === 'SuccessfulDelete');
      return evs.length === 3 ? evs : undefined;
    }, 'three SuccessfulDelete events');
    assert.deepEqual(deletes.map((e) => e.message).sort(), [c!, pods[3]!, pods[4]!].map((p) => `Deleted pod: ${p.metadata!.name}`).sort());
  });

  it('converges status: ready and available replicas, fully labelled, observed generation', async () => {
    const rs = await waitFor(async () => {
      const cur = await client.replicasets.get(NS, 'web');
      const s = cur.status as Record<string, number> | undefined;
      return s?.replicas === 2 && s.readyReplicas === 2 && s.availableReplicas === 2 && s.fullyLabeledReplicas === 2 && s.observedGeneration === cur.metadata!.generation ? cur : undefined;
    }, 'status to converge');
    assert.equal(rs.metadata!.generation, 3);
  });

  it('replaces a deleted pod', async () => {
    const [victim] = await livePods('web');
    // Bound pods wait for a kubelet to go; delete at once instead.
    await client.pods.delete(NS, victim!.metadata!.name!, { gracePeriodSeconds: 0 });
    const pods = await waitFor(async () => {
      const cur = await livePods('web');
      return cur.length === 2 && !cur.some((p) => p.metadata!.uid === victim!.metadata!.uid) ? cur : undefined;
    }, 'a replacement pod');
    assert.equal(pods.length, 2);
  });

  it('releases a relabelled pod and creates a replacement', async () => {
    const [pod] = await livePods('web');
    await client.pods.patch(NS, pod!.metadata!.name!, 'merge', { metadata: { labels: { app: 'debug' } } });
    await waitFor(async () => !(await client.pods.get(NS, pod!.metadata!.name!)).metadata?.ownerReferences?.length, 'the ownerReference to be removed');
    await waitForPods('web', 2);
    // Still there, now an orphan.
    assert.equal((await livePods('debug')).length, 1);
  });

  it('adopts a matching orphan instead of creating a pod for it', async () => {
    await client.pods.create(NS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orphan', labels: { app: 'adopt' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    const rs = await client.replicasets.create(NS, replicaSet('adopt', 2));
    const pods = await waitForPods('adopt', 2);
    assert.ok(pods.some((p) => p.metadata!.name === 'orphan'));
    const orphan = await waitFor(async () => {
      const p = await client.pods.get(NS, 'orphan');
      return p.metadata?.ownerReferences?.length ? p : undefined;
    }, 'the orphan to be adopted');
    assert.equal(orphan.metadata!.ownerReferences![0]!.uid, rs.metadata!.uid);
    assert.equal(orphan.metadata!.ownerReferences![0]!.controller, true);
    // Events are written in the background: wait for the one create's, then check there is no other.
    await waitFor(async () => (await eventsFor('ReplicaSet', 'adopt')).some((e) => e.reason === 'SuccessfulCreate'), 'the SuccessfulCreate event');
    await h.flushEvents();
    assert.equal((await eventsFor('ReplicaSet', 'adopt')).filter((e) => e.reason === 'SuccessfulCreate').length, 1);
  });

  it('counts pods available only after minReadySeconds', async () => {
    // 2 s, not 1: Ready's lastTransitionTime has whole seconds, so up to 1 s of the wait may
    // already be over when the condition is written.
    await client.replicasets.create(NS, replicaSet('slow', 1, 2));
    const [pod] = await waitForPods('slow', 1);
    await markReady(pod!);
    await waitFor(async () => (await client.replicasets.get(NS, 'slow')).status?.readyReplicas === 1, 'ready');
    assert.equal(((await client.replicasets.get(NS, 'slow')).status as { availableReplicas?: number }).availableReplicas, undefined);
    await waitFor(async () => ((await client.replicasets.get(NS, 'slow')).status as { availableReplicas?: number }).availableReplicas === 1, 'available after 2 s');
  });

  it('reports failed creates with FailedCreate events and a ReplicaFailure condition until the template is fixed', async () => {
    // Templates may carry an image with trailing blanks; pods may not, so every create fails.
    const broken = replicaSet('broken', 3);
    broken.spec!.template!.spec!.containers![0]!.image = 'busybox ';
    await client.replicasets.create(NS, broken);
    const cond = await waitFor(async () => {
      const s = (await client.replicasets.get(NS, 'broken')).status as { conditions?: { type: string; status: string; reason?: string; message?: string }[] } | undefined;
      return s?.conditions?.find((c) => c.type === 'ReplicaFailure');
    }, 'the ReplicaFailure condition');
    assert.equal(cond.status, 'True');
    assert.equal(cond.reason, 'FailedCreate');
    assert.match(cond.message ?? '', /is invalid/);
    const failed = await waitFor(async () => (await eventsFor('ReplicaSet', 'broken')).find((e) => e.reason === 'FailedCreate'), 'a FailedCreate event');
    assert.equal(failed.type, 'Warning');
    assert.match(failed.message ?? '', /^Error creating: /);
    assert.equal((await livePods('broken')).length, 0);

    await client.replicasets.patch(NS, 'broken', 'json', [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'busybox' }]);
    await waitForPods('broken', 3);
    await waitFor(async () => {
      const s = (await client.replicasets.get(NS, 'broken')).status as { conditions?: unknown[]; replicas?: number } | undefined;
      return s?.replicas === 3 && !s.conditions;
    }, 'the condition to clear');
  });

  it('runs ReplicationControllers the same way', async () => {
    const rc = await client.replicationcontrollers.create(NS, replicationController('legacy', 2));
    const pods = await waitForPods('legacy', 2);
    for (const pod of pods) {
      assert.deepEqual(pod.metadata!.ownerReferences, [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'legacy', uid: rc.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    }
    await client.replicationcontrollers.patch(NS, 'legacy', 'merge', { spec: { replicas: 3 } });
    const three = await waitForPods('legacy', 3);
    for (const p of three) await markReady(p);
    await waitFor(async () => {
      const s = (await client.replicationcontrollers.get(NS, 'legacy')).status;
      return s?.replicas === 3 && s.readyReplicas === 3 && s.availableReplicas === 3 && s.observedGeneration === 2;
    }, 'RC status to converge');
    await client.replicationcontrollers.patch(NS, 'legacy', 'merge', { spec: { replicas: 1 } });
    await waitForPods('legacy', 1);
    const evs = await waitFor(async () => {
      const all = await eventsFor('ReplicationController', 'legacy');
      return all.filter((e) => e.reason === 'SuccessfulDelete').length === 2 ? all : undefined;
    }, 'two SuccessfulDelete events');
    assert.ok(evs.every((e) => e.source?.component === 'replication-controller'));
    assert.equal(evs.filter((e) => e.reason === 'SuccessfulCreate').length, 3);
  });
});
