// claimObjects (upstream's ControllerRefManager): adopt matching orphans after rechecking
// the owner, release owned objects that stopped matching, leave others' objects alone.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../src/api/resource.js';
import { ApiError } from '../../../src/client/index.js';
import { claimObjects, getControllerOf, newControllerRef } from '../../../src/controllers/common/controller-ref.js';
import { selectorFromSet } from '../../../src/machinery/labels.js';

const owner: KubeObject = { metadata: { name: 'web', namespace: 'ns', uid: 'rs-1' } };
const gvk = { group: 'apps', version: 'v1', kind: 'ReplicaSet' };

function pod(name: string, labels: Record<string, string>, controllerUid?: string, extra: Partial<NonNullable<KubeObject['metadata']>> = {}): KubeObject {
  const ownerReferences = controllerUid ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid: controllerUid, controller: true }] : undefined;
  return { metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels, ownerReferences, ...extra } };
}

function claim(objects: KubeObject[], o: { owner?: KubeObject; fresh?: KubeObject; adoptError?: unknown } = {}) {
  const log: string[] = [];
  let gets = 0;
  const run = claimObjects({
    owner: o.owner ?? owner,
    selector: selectorFromSet({ app: 'web' }),
    objects,
    getOwner: async () => {
      gets++;
      return o.fresh ?? owner;
    },
    adopt: async (obj) => {
      if (o.adoptError) throw o.adoptError;
      log.push(`adopt ${obj.metadata!.name}`);
    },
    release: async (obj) => void log.push(`release ${obj.metadata!.name}`),
  });
  return { run, log, gets: () => gets };
}

const names = (objs: KubeObject[]) => objs.map((o) => o.metadata!.name);

describe('controller references', () => {
  it('builds a controller reference and finds it again', () => {
    const ref = newControllerRef(owner, gvk);
    assert.deepEqual(ref, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-1', controller: true, blockOwnerDeletion: true });
    assert.deepEqual(getControllerOf({ metadata: { ownerReferences: [{ ...ref, controller: false }, ref] } }), ref);
    assert.equal(newControllerRef(owner, { group: '', version: 'v1', kind: 'ReplicationController' }).apiVersion, 'v1');
  });
});

describe('claimObjects', () => {
  it('keeps matching owned objects, adopts matching orphans, releases owned objects that stopped matching, ignores the rest', async () => {
    const c = claim([
      pod('mine', { app: 'web' }, 'rs-1'),
      pod('orphan', { app: 'web' }),
      pod('relabelled', { app: 'debug' }, 'rs-1'),
      pod('theirs', { app: 'web' }, 'rs-2'),
      pod('unrelated', { app: 'db' }),
      pod('leaving', { app: 'web' }, undefined, { deletionTimestamp: '2024-01-01T00:00:00Z' }),
      pod('elsewhere', { app: 'web' }, undefined, { namespace: 'other' }),
    ]);
    assert.deepEqual(names(await c.run), ['mine', 'orphan']);
    assert.deepEqual(c.log, ['adopt orphan', 'release relabelled']);
    assert.equal(c.gets(), 1);
  });

  it('rechecks the owner once, and adopts nothing for an owner that is going away', async () => {
    const c = claim([pod('a', { app: 'web' }), pod('b', { app: 'web' })], { fresh: { metadata: { ...owner.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } } });
    await assert.rejects(c.run, /has just been deleted/);
    assert.deepEqual(c.log, []);
    assert.equal(c.gets(), 1);
    const replaced = claim([pod('a', { app: 'web' })], { fresh: { metadata: { ...owner.metadata, uid: 'rs-new' } } });
    await assert.rejects(replaced.run, /is gone: got uid rs-new, wanted rs-1/);
  });

  it('neither adopts nor releases while the cached owner is being deleted', async () => {
    const deleting = { metadata: { ...owner.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
    const c = claim([pod('mine', { app: 'web' }, 'rs-1'), pod('orphan', { app: 'web' }), pod('relabelled', { app: 'x' }, 'rs-1')], { owner: deleting });
    assert.deepEqual(names(await c.run), ['mine']);
    assert.deepEqual(c.log, []);
    assert.equal(c.gets(), 0);
  });

  it('skips objects that vanished during adoption, and fails on other errors', async () => {
    const notFound = new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 404, reason: 'NotFound', message: 'gone' });
    assert.deepEqual(names(await claim([pod('a', { app: 'web' })], { adoptError: notFound }).run), []);
    await assert.rejects(claim([pod('a', { app: 'web' })], { adoptError: new Error('boom') }).run, /boom/);
  });
});
