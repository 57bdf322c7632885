import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../src/api/core/types.js';
import type { KubeObject, OwnerReference } from '../../../src/api/resource.js';
import type { PodDisruptionBudget } from '../../../src/api/policy/poddisruptionbudget.js';
import { Indexer } from '../../../src/client/index.js';
import {
  countHealthyPods,
  expectedCounts,
  failSafeStatus,
  nextPdbStatus,
  prunedDisruptedPods,
  scaleLookup,
  type OwnerCaches,
  type PdbStatus,
} from '../../../src/controllers/disruption/index.js';

const NOW = new Date('2024-05-01T10:00:00Z');
const ref = (kind: string, name: string, apiVersion = 'apps/v1'): OwnerReference => ({ apiVersion, kind, name, uid: `uid-${name}`, controller: true });
const pod = (name: string, opts: { ready?: boolean; owner?: OwnerReference; deleting?: boolean } = {}): Pod => ({
  metadata: { name, namespace: 'ns', ownerReferences: opts.owner && [opts.owner], deletionTimestamp: opts.deleting ? '2024-05-01T09:59:00Z' : undefined },
  status: { conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
});
const pdb = (spec: PodDisruptionBudget['spec'], status?: PdbStatus): PodDisruptionBudget => ({ metadata: { name: 'b', namespace: 'ns', generation: 2 }, spec, status: status as PodDisruptionBudget['status'] });

function caches(objs: { kind: keyof OwnerCaches; obj: KubeObject }[]): OwnerCaches {
  const c: OwnerCaches = { replicationControllers: new Indexer(), replicaSets: new Indexer(), deployments: new Indexer(), statefulSets: new Indexer() };
  for (const { kind, obj } of objs) (c[kind] as Indexer<KubeObject>).set(obj);
  return c;
}
const scaled = (name: string, replicas: number, owner?: OwnerReference) => ({ metadata: { name, namespace: 'ns', uid: `uid-${name}`, ownerReferences: owner && [owner] }, spec: { replicas } });

describe('scaleLookup', () => {
  const lookup = scaleLookup(
    caches([
      { kind: 'deployments', obj: scaled('web', 5) },
      { kind: 'replicaSets', obj: scaled('web-1', 3, ref('Deployment', 'web')) },
      { kind: 'replicaSets', obj: scaled('solo', 2) },
      { kind: 'statefulSets', obj: scaled('db', 3) },
      { kind: 'replicationControllers', obj: scaled('old', 4) },
    ]),
  );
  it('reads the scale of the right controller', () => {
    assert.deepEqual(lookup(ref('ReplicaSet', 'web-1'), 'ns'), { uid: 'uid-web', replicas: 5 }, "a Deployment's ReplicaSet counts as the Deployment");
    assert.deepEqual(lookup(ref('ReplicaSet', 'solo'), 'ns'), { uid: 'uid-solo', replicas: 2 });
    assert.deepEqual(lookup(ref('StatefulSet', 'db'), 'ns'), { uid: 'uid-db', replicas: 3 });
    assert.deepEqual(lookup(ref('ReplicationController', 'old', 'v1'), 'ns'), { uid: 'uid-old', replicas: 4 });
  });
  it('finds nothing for unknown kinds, other uids or wrong groups', () => {
    assert.equal(lookup(ref('Job', 'x', 'batch/v1'), 'ns'), undefined);
    assert.equal(lookup({ ...ref('StatefulSet', 'db'), uid: 'other' }, 'ns'), undefined);
    assert.equal(lookup(ref('StatefulSet', 'db', 'example.com/v1'), 'ns'), undefined);
  });
});

describe('expectedCounts', () => {
  const lookup = scaleLookup(caches([{ kind: 'replicaSets', obj: scaled('rs', 4) }]));
  const owned = [pod('a', { owner: ref('ReplicaSet', 'rs') }), pod('b', { owner: ref('ReplicaSet', 'rs') })];

  it('integer minAvailable: the pods present', () => {
    assert.deepEqual(expectedCounts(pdb({ minAvailable: 1 }), owned, lookup), { expectedCount: 2, desiredHealthy: 1, unmanagedPods: [] });
  });
  it('percentages and maxUnavailable: the controllers\' scale, rounded up', () => {
    assert.deepEqual(expectedCounts(pdb({ minAvailable: '30%' }), owned, lookup), { expectedCount: 4, desiredHealthy: 2, unmanagedPods: [] });
    assert.deepEqual(expectedCounts(pdb({ maxUnavailable: '30%' }), owned, lookup), { expectedCount: 4, desiredHealthy: 2, unmanagedPods: [] });
    assert.deepEqual(expectedCounts(pdb({ maxUnavailable: 9 }), owned, lookup), { expectedCount: 4, desiredHealthy: 0, unmanagedPods: [] });
  });
  it('reports unmanaged pods, and fails for a controller it cannot find', () => {
    assert.deepEqual(expectedCounts(pdb({ maxUnavailable: 1 }), [...owned, pod('loose')], lookup).unmanagedPods, ['loose']);
    assert.throws(() => expectedCounts(pdb({ maxUnavailable: 1 }), [pod('x', { owner: ref('ReplicaSet', 'gone') })], lookup), /found no controllers for pod "x"/);
  });
});

describe('disrupted pods and health', () => {
  const now = NOW.getTime();
  const pods = [pod('a'), pod('b'), pod('c', { ready: false }), pod('d', { deleting: true }), pod('old')];
  const recorded = { a: '2024-05-01T09:59:30Z', d: '2024-05-01T09:59:30Z', old: '2024-05-01T09:50:00Z', gone: '2024-05-01T09:59:59Z' };

  it('keeps only recent entries of live pods, and names the overdue ones', () => {
    const r = prunedDisruptedPods(pods, recorded, now);
    assert.deepEqual(r.disruptedPods, { a: '2024-05-01T09:59:30Z' });
    assert.equal(r.recheckAtMs, Date.parse('2024-05-01T10:01:30Z'));
    assert.deepEqual(r.notDeleted.map((p) => p.metadata?.name), ['old']);
  });
  it('counts Ready pods that are neither deleting nor recently evicted', () => {
    assert.equal(countHealthyPods(pods, { a: '2024-05-01T09:59:30Z' }, now), 2, 'b and old');
  });
});

describe('nextPdbStatus', () => {
  const counts = { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptedPods: {} };
  it('writes the numbers, the generation and the condition; nothing the second time', () => {
    const status = nextPdbStatus(pdb({ minAvailable: 2 }, { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }), counts, NOW)!;
    assert.deepEqual(status, {
      observedGeneration: 2,
      disruptionsAllowed: 1,
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      disruptedPods: undefined,
      conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 2, lastTransitionTime: '2024-05-01T10:00:00Z' }],
    });
    assert.equal(nextPdbStatus(pdb({ minAvailable: 2 }, JSON.parse(JSON.stringify(status))), counts, new Date('2024-05-01T11:00:00Z')), undefined);
  });
  it('allows nothing without expected pods or enough healthy ones', () => {
    assert.equal(nextPdbStatus(pdb({}), { ...counts, expectedPods: 0 }, NOW)!.disruptionsAllowed, 0);
    const short = nextPdbStatus(pdb({}), { ...counts, desiredHealthy: 5 }, NOW)!;
    assert.equal(short.disruptionsAllowed, 0);
    assert.equal(short.conditions![0]!.reason, 'InsufficientPods');
  });
  it('fail-safe: no disruptions, SyncFailed, generation untouched', () => {
    const s = failSafeStatus(pdb({}, { observedGeneration: 1, disruptionsAllowed: 2 }), 'boom', NOW)!;
    assert.equal(s.disruptionsAllowed, 0);
    assert.equal(s.observedGeneration, 1);
    assert.deepEqual(s.conditions, [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'boom', observedGeneration: 1, lastTransitionTime: '2024-05-01T10:00:00Z' }]);
  });
});
