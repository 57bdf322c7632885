// Pod GC against a real API server: the terminated-pod threshold (oldest first), pods of
// nodes that are gone (after the quarantine), terminating pods on out-of-service nodes, and
// terminating pods that were never scheduled.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Node } from '../../src/api/core/nodes.js';
import type { Pod } from '../../src/api/core/types.js';
import type { Client } from '../../src/client/index.js';
import { podGarbageCollector } from '../../src/controllers/podgc/index.js';
import { eventually, sleep } from './apiserver-helpers.js';
import { gone, runController, type ControllerHarness } from './controller-harness.js';

const NS = 'default';

const pod = (name: string, nodeName?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { nodeName, containers: [{ name: 'c', image: 'busybox' }] },
});

async function createNode(c: Client, name: string, ready: boolean, taints: { key: string; effect: string }[] = []): Promise<void> {
  const node = await c.nodes.create(undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: { taints } } as Node);
  await c.nodes.updateStatus(undefined, { ...node, status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });
}

describe('pod GC: terminated pods over the threshold', () => {
  let h: ControllerHarness;
  let c: Client;
  before(async () => {
    h = await runController(podGarbageCollector(), { terminatedPodGCThreshold: 2 });
    c = h.client;
  });
  after(() => h.stop());

  it('deletes the oldest finished pods beyond the threshold, and never running ones', async () => {
    for (const name of ['t1', 't2', 't3', 't4']) {
      const p = await c.pods.create(NS, pod(name));
      await c.pods.updateStatus(NS, { ...p, status: { ...p.status, phase: name === 't2' ? 'Failed' : 'Succeeded' } });
    }
    await c.pods.create(NS, pod('running'));
    await eventually(async () => (await gone(() => c.pods.get(NS, 't1'))) && gone(() => c.pods.get(NS, 't2')), 5000, 'the two oldest to go');
    await sleep(200);
    for (const name of ['t3', 't4', 'running']) await c.pods.get(NS, name);
  });
});

describe('pod GC: nodes', () => {
  let h: ControllerHarness;
  let c: Client;
  before(async () => {
    h = await runController(podGarbageCollector({ quarantineMs: 800 }));
    c = h.client;
  });
  after(() => h.stop());

  it('deletes the pods of a node that does not exist, only after the quarantine', async () => {
    await createNode(c, 'here', true);
    await c.pods.create(NS, pod('on-ghost', 'ghost'));
    await c.pods.create(NS, pod('on-here', 'here'));
    await sleep(300);
    await c.pods.get(NS, 'on-ghost');
    await eventually(() => gone(() => c.pods.get(NS, 'on-ghost')), 5000, 'the pod of the missing node to go');
    await c.pods.get(NS, 'on-here');

    // The node goes: its pods follow after the quarantine.
    await c.nodes.delete(undefined, 'here');
    await eventually(() => gone(() => c.pods.get(NS, 'on-here')), 5000, 'the pod of the deleted node to go');
  });

  it('marks a pod Failed with DisruptionTarget before deleting it', async () => {
    const watch = await c.pods.watch(NS, { fieldSelector: 'metadata.name=doomed-pod' });
    await c.pods.create(NS, pod('doomed-pod', 'nowhere'));
    let failed: Pod | undefined;
    for await (const ev of watch) {
      if (ev.type === 'ERROR') break;
      if (ev.type === 'MODIFIED' && ev.object.status?.phase === 'Failed') failed = ev.object;
      if (ev.type === 'DELETED') break;
    }
    watch.stop();
    assert.ok(failed, 'the pod was marked Failed first');
    const cond = failed.status?.conditions?.find((x) => x.type === 'DisruptionTarget') as { status: string; reason?: string; message?: string } | undefined;
    assert.deepEqual({ status: cond?.status, reason: cond?.reason, message: cond?.message }, { status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' });
  });

  it('force-deletes terminating pods on a NotReady node with the out-of-service taint', async () => {
    await createNode(c, 'broken', false, [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }]);
    await createNode(c, 'slow', false);
    await c.pods.create(NS, pod('stuck', 'broken'));
    await c.pods.create(NS, pod('waiting', 'slow'));
    // Bound pods get a grace period: without a kubelet they would stay Terminating.
    await c.pods.delete(NS, 'stuck');
    await c.pods.delete(NS, 'waiting');
    await eventually(() => gone(() => c.pods.get(NS, 'stuck')), 5000, 'the pod on the out-of-service node to go');
    await sleep(200);
    assert.ok((await c.pods.get(NS, 'waiting')).metadata?.deletionTimestamp, 'a NotReady node alone is not enough');
  });

  it('deletes a terminating pod that was never scheduled', async () => {
    await c.pods.create(NS, pod('unscheduled'));
    await c.pods.delete(NS, 'unscheduled', { gracePeriodSeconds: 60 });
    await eventually(() => gone(() => c.pods.get(NS, 'unscheduled')), 5000, 'the unscheduled pod to go');
  });
});
