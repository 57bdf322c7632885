// The garbage collector against a real API server: Background, Foreground (with
// blockOwnerDeletion) and Orphan deletion of a ReplicaSet owning ConfigMaps, owners that
// never existed, and dependents that keep a live owner. No other controller runs, so the
// ReplicaSet makes no pods: the ConfigMaps are the only dependents.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap } from '../../src/api/core/configmaps.js';
import type { ReplicaSet } from '../../src/api/apps/replicaset.js';
import type { OwnerReference } from '../../src/api/resource.js';
import type { Client } from '../../src/client/index.js';
import { garbageCollector } from '../../src/controllers/garbagecollector/index.js';
import { eventually } from './apiserver-helpers.js';
import { gone, runController, type ControllerHarness } from './controller-harness.js';

const NS = 'default';

const replicaSet = (name: string): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
  },
});

const ownedBy = (owner: { metadata?: { name?: string; uid?: string } }, apiVersion = 'apps/v1', kind = 'ReplicaSet', block = false): OwnerReference => ({
  apiVersion,
  kind,
  name: owner.metadata!.name!,
  uid: owner.metadata!.uid!,
  controller: kind === 'ReplicaSet',
  blockOwnerDeletion: block,
});

const configMap = (name: string, owners: OwnerReference[], finalizers?: string[]): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ownerReferences: owners, finalizers },
  data: { k: 'v' },
});

describe('garbage collector', () => {
  let h: ControllerHarness;
  let c: Client;
  before(async () => {
    h = await runController(garbageCollector());
    c = h.client;
  });
  after(() => h.stop());

  it('Background: the owner goes at once, then its dependents; a dependent with a live owner only loses the reference', async () => {
    const rs = await c.replicasets.create(NS, replicaSet('bg'));
    const keeper = await c.configmaps.create(NS, configMap('bg-keeper', []));
    await c.configmaps.create(NS, configMap('bg-1', [ownedBy(rs)]));
    await c.configmaps.create(NS, configMap('bg-2', [ownedBy(rs)]));
    await c.configmaps.create(NS, configMap('bg-shared', [ownedBy(rs), ownedBy(keeper, 'v1', 'ConfigMap')]));

    await c.replicasets.delete(NS, 'bg');
    assert.ok(await gone(() => c.replicasets.get(NS, 'bg')), 'the owner is deleted at once');
    await eventually(() => gone(() => c.configmaps.get(NS, 'bg-1')), 5000, 'bg-1 to be collected');
    await eventually(() => gone(() => c.configmaps.get(NS, 'bg-2')), 5000, 'bg-2 to be collected');
    const shared = await eventually(async () => {
      const cm = await c.configmaps.get(NS, 'bg-shared');
      return cm.metadata?.ownerReferences?.length === 1 ? cm : undefined;
    }, 5000, 'the dangling reference to be removed');
    assert.ok(shared);
    assert.equal(shared.metadata?.ownerReferences?.[0]?.uid, keeper.metadata?.uid);
    assert.equal(shared.metadata?.deletionTimestamp, undefined);
  });

  it('Foreground: the owner stays, marked, until the dependents that block it are gone; then the collector releases it', async () => {
    const rs = await c.replicasets.create(NS, replicaSet('fg'));
    // A finalizer keeps the blocking dependent around after its deletion: the owner must wait for it.
    await c.configmaps.create(NS, configMap('fg-blocking', [ownedBy(rs, 'apps/v1', 'ReplicaSet', true)], ['example.com/hold']));
    await c.configmaps.create(NS, configMap('fg-free', [ownedBy(rs)]));

    const marked = (await c.replicasets.delete(NS, 'fg', { propagationPolicy: 'Foreground' })) as ReplicaSet;
    assert.ok(marked.metadata?.deletionTimestamp, 'the owner is marked for deletion');
    assert.deepEqual(marked.metadata?.finalizers, ['foregroundDeletion']);

    await eventually(() => gone(() => c.configmaps.get(NS, 'fg-free')), 5000, 'the non-blocking dependent to be collected');
    await eventually(async () => !!(await c.configmaps.get(NS, 'fg-blocking')).metadata?.deletionTimestamp, 5000, 'the blocking dependent to be deleted');
    // Give the collector a moment to (wrongly) release the owner.
    await new Promise((r) => setTimeout(r, 300));
    const held = await c.replicasets.get(NS, 'fg');
    assert.deepEqual(held.metadata?.finalizers, ['foregroundDeletion'], 'still held by the blocking dependent');

    await c.configmaps.patch(NS, 'fg-blocking', 'merge', { metadata: { finalizers: null } });
    await eventually(() => gone(() => c.replicasets.get(NS, 'fg')), 5000, 'the owner to go once nothing blocks it');
  });

  it('Orphan: the dependents lose their ownerReferences and stay; then the owner goes', async () => {
    const rs = await c.replicasets.create(NS, replicaSet('orph'));
    await c.configmaps.create(NS, configMap('orph-1', [ownedBy(rs, 'apps/v1', 'ReplicaSet', true)]));
    await c.configmaps.create(NS, configMap('orph-2', [ownedBy(rs)]));

    const marked = (await c.replicasets.delete(NS, 'orph', { propagationPolicy: 'Orphan' })) as ReplicaSet;
    assert.deepEqual(marked.metadata?.finalizers, ['orphan']);
    await eventually(() => gone(() => c.replicasets.get(NS, 'orph')), 5000, 'the owner to go');
    for (const name of ['orph-1', 'orph-2']) {
      const cm = await c.configmaps.get(NS, name);
      assert.equal(cm.metadata?.ownerReferences, undefined, `${name} is orphaned`);
      assert.equal(cm.metadata?.deletionTimestamp, undefined, `${name} is not deleted`);
    }
  });

  it('a dependent of an owner that never existed is collected; one whose owner exists is left alone', async () => {
    const live = await c.configmaps.create(NS, configMap('owner-live', []));
    await c.configmaps.create(NS, configMap('dep-of-live', [ownedBy(live, 'v1', 'ConfigMap')]));
    const ghost = { metadata: { name: 'ghost', uid: '00000000-0000-4000-8000-000000000001' } };
    await c.configmaps.create(NS, configMap('dep-of-ghost', [ownedBy(ghost)]));
    await eventually(() => gone(() => c.configmaps.get(NS, 'dep-of-ghost')), 5000, 'the ghost\'s dependent to be collected');
    const kept = await c.configmaps.get(NS, 'dep-of-live');
    assert.equal(kept.metadata?.ownerReferences?.length, 1);
  });

  it('an owner replaced by a namesake (new uid) no longer owns: its old dependents are collected', async () => {
    const first = await c.configmaps.create(NS, configMap('reborn', []));
    await c.configmaps.delete(NS, 'reborn', { propagationPolicy: 'Orphan' });
    await eventually(() => gone(() => c.configmaps.get(NS, 'reborn')), 5000, 'the first owner to go');
    await c.configmaps.create(NS, configMap('reborn', []));
    await c.configmaps.create(NS, configMap('dep-of-first', [ownedBy(first, 'v1', 'ConfigMap')]));
    await eventually(() => gone(() => c.configmaps.get(NS, 'dep-of-first')), 5000, 'the old owner\'s dependent to be collected');
  });

  it('DELETE with orphanDependents: true sets the orphan finalizer, as upstream\'s registry does', async () => {
    await c.configmaps.create(NS, configMap('legacy', []));
    const r = await fetch(`${h.srv.base}/api/v1/namespaces/${NS}/configmaps/legacy`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ orphanDependents: true }) });
    const body = (await r.json()) as ConfigMap;
    assert.equal(r.status, 200);
    assert.deepEqual(body.metadata?.finalizers, ['orphan']);
    await eventually(() => gone(() => c.configmaps.get(NS, 'legacy')), 5000, 'the collector to release it');
  });
});
