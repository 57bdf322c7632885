import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../src/api/core/types.js';
import { Indexer } from '../../../src/client/index.js';
import { keysForDeletedPod, keysForReplicaSet, keysForReplicaSetUpdate, type Caches } from '../../../src/controllers/deployment/handlers.js';
import type { Deployment, ReplicaSet } from '../../../src/controllers/deployment/types.js';
import { deployment, rs } from './deployment-fixtures.js';

function caches(ds: Deployment[], rss: ReplicaSet[] = []): Caches {
  const c: Caches = { deployments: new Indexer<Deployment>(), replicaSets: new Indexer<ReplicaSet>(), pods: new Indexer<Pod>() };
  ds.forEach((d) => c.deployments.set(d));
  rss.forEach((r) => c.replicaSets.set(r));
  return c;
}

function orphan(name: string, labels: Record<string, string>): ReplicaSet {
  const r = rs(name);
  r.metadata!.ownerReferences = undefined;
  r.metadata!.labels = labels;
  return r;
}

describe('which Deployments an event concerns', () => {
  const web = deployment();
  const other: Deployment = { ...deployment(), metadata: { name: 'other', namespace: 'default', uid: 'o-uid' }, spec: { ...deployment().spec, selector: { matchLabels: { app: 'other' } } } };

  it('an owned ReplicaSet: its controller, if it is still the same object', () => {
    assert.deepEqual(keysForReplicaSet(caches([web, other]), rs('a')), ['default/web']);
    const replaced = { ...web, metadata: { ...web.metadata, uid: 'new-uid' } };
    assert.deepEqual(keysForReplicaSet(caches([replaced]), rs('a')), []);
  });

  it('an orphan: every Deployment whose selector matches it', () => {
    assert.deepEqual(keysForReplicaSet(caches([web, other]), orphan('x', { app: 'other' })), ['default/other']);
    assert.deepEqual(keysForReplicaSet(caches([web, other]), orphan('x', { app: 'none' })), []);
  });

  it('an update: nothing on a resync, both controllers when the reference moves, candidates when an orphan’s labels change', () => {
    const c = caches([web, other]);
    const a = rs('a');
    assert.deepEqual(keysForReplicaSetUpdate(c, a, a), []);
    const moved = { ...a, metadata: { ...a.metadata, resourceVersion: '2', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'other', uid: 'o-uid', controller: true }] } };
    assert.deepEqual(keysForReplicaSetUpdate(c, a, moved).sort(), ['default/other', 'default/web']);
    const o1 = { ...orphan('x', { app: 'none' }), metadata: { ...orphan('x', { app: 'none' }).metadata, resourceVersion: '1' } };
    const o2 = { ...o1, metadata: { ...o1.metadata, resourceVersion: '2', labels: { app: 'web' } } };
    assert.deepEqual(keysForReplicaSetUpdate(c, o1, o2), ['default/web']);
  });

  it('a deleted pod: its Recreate Deployment, once no pods are left', () => {
    const recreate = deployment({ strategy: 'Recreate' });
    const pod: Pod = { metadata: { name: 'p', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: 'uid-a', controller: true }] } };
    assert.deepEqual(keysForDeletedPod(caches([recreate], [rs('a')]), pod, () => 0), ['default/web']);
    assert.deepEqual(keysForDeletedPod(caches([recreate], [rs('a')]), pod, () => 1), []);
    assert.deepEqual(keysForDeletedPod(caches([web], [rs('a')]), pod, () => 0), [], 'rolling updates do not wait for pods');
  });
});
