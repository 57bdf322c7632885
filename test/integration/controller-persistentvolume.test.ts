// The PersistentVolume binder against a real API server: smallest-fit binding with both
// sides' fields written, claims waiting for a volume (and binding once one appears),
// pre-binding from either side, mismatches, WaitForFirstConsumer, and release on claim
// deletion by reclaim policy (Retain keeps the volume Released, Delete removes it).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PersistentVolumeClaim } from '../../src/api/core/persistentvolumeclaims.js';
import type { PersistentVolume } from '../../src/api/core/persistentvolumes.js';
import { persistentVolumeController } from '../../src/controllers/persistentvolume/index.js';
import { eventually } from './apiserver-helpers.js';
import { gone, runController, type ControllerHarness } from './controller-harness.js';

describe('persistentvolume binder', () => {
  let h: ControllerHarness;
  before(async () => {
    h = await runController(persistentVolumeController());
  });
  after(() => h?.stop());

  const ns = (n: string) => h.client.namespaces.create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } });
  const createPV = (name: string, storage: string, spec: Partial<NonNullable<PersistentVolume['spec']>> = {}, labels?: Record<string, string>) =>
    h.client.persistentvolumes.create(undefined, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, labels }, spec: { capacity: { storage }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/tmp/${name}` }, ...spec } });
  const createPVC = (namespace: string, name: string, storage: string, spec: Partial<NonNullable<PersistentVolumeClaim['spec']>> = {}) =>
    h.client.persistentvolumeclaims.create(namespace, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...spec } });
  const getPV = (name: string) => h.client.persistentvolumes.get(undefined, name);
  const getPVC = (namespace: string, name: string) => h.client.persistentvolumeclaims.get(namespace, name);
  /** eventually(), typed for functions that answer undefined until ready. */
  const waitFor = async <T>(f: () => Promise<T | undefined>, what: string): Promise<T> => (await eventually(f, 5000, what))!;
  const boundTo = async (namespace: string, name: string) => {
    const pvc = await getPVC(namespace, name);
    return pvc.status?.phase === 'Bound' ? pvc : undefined;
  };
  async function eventFor(namespace: string, name: string, reason: string): Promise<string> {
    await h.flushEvents();
    const ev = await waitFor(async () => (await h.client.events.list(namespace)).items.find((e) => e.involvedObject?.name === name && e.reason === reason), `${reason} event on ${name}`);
    return ev.message ?? '';
  }

  it('binds a claim to the smallest fitting Available volume, writing both sides', async () => {
    await ns('bind');
    await createPV('bind-big', '10Gi');
    await createPV('bind-small', '1Gi', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] });
    await createPV('bind-tiny', '100Mi');
    await eventually(async () => (await getPV('bind-tiny')).status?.phase === 'Available', 5000, 'volumes Available');
    const claim = await createPVC('bind', 'data', '500Mi');
    const pvc = await waitFor(() => boundTo('bind', 'data'), 'claim Bound');
    assert.equal(pvc.spec?.volumeName, 'bind-small');
    assert.deepEqual(pvc.status?.capacity, { storage: '1Gi' });
    assert.deepEqual(pvc.status?.accessModes, ['ReadWriteOnce', 'ReadOnlyMany']);
    assert.equal(pvc.metadata?.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
    assert.equal(pvc.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    const pv = await waitFor(async () => ((await getPV('bind-small')).status?.phase === 'Bound' ? getPV('bind-small') : undefined), 'volume Bound');
    assert.deepEqual({ ...pv.spec?.claimRef, resourceVersion: undefined }, { kind: 'PersistentVolumeClaim', namespace: 'bind', name: 'data', uid: claim.metadata?.uid, apiVersion: 'v1', resourceVersion: undefined });
    assert.equal(pv.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.ok(pv.status?.lastPhaseTransitionTime);
    assert.equal((await getPV('bind-big')).status?.phase, 'Available');
  });

  it('keeps a claim Pending with an event until a volume appears', async () => {
    await ns('wait');
    // Larger than any volume the other tests leave Available.
    await createPVC('wait', 'later', '300Gi');
    assert.equal(await eventFor('wait', 'later', 'FailedBinding'), 'no persistent volumes available for this claim and no storage class is set');
    assert.equal((await getPVC('wait', 'later')).status?.phase, 'Pending');
    await createPV('wait-pv', '300Gi');
    const pvc = await waitFor(() => boundTo('wait', 'later'), 'bound once a volume exists');
    assert.equal(pvc.spec?.volumeName, 'wait-pv');
  });

  it('honours pre-binding from the claim and from the volume, and reports a mismatch', async () => {
    await ns('pre');
    await createPV('pre-named', '50Gi');
    await createPV('pre-small-other', '1Gi');
    await createPVC('pre', 'by-claim', '1Gi', { volumeName: 'pre-named' });
    assert.equal((await waitFor(() => boundTo('pre', 'by-claim'), 'claim-side pre-binding')).spec?.volumeName, 'pre-named');

    await createPV('pre-reserved', '2Gi', { claimRef: { namespace: 'pre', name: 'by-volume' } });
    await eventually(async () => (await getPV('pre-reserved')).status?.phase === 'Available', 5000, 'reserved volume Available');
    await createPV('pre-decoy', '1Gi');
    await createPVC('pre', 'by-volume', '1Gi');
    assert.equal((await waitFor(() => boundTo('pre', 'by-volume'), 'volume-side pre-binding')).spec?.volumeName, 'pre-reserved');
    // The user wrote that claimRef, so it is not marked as the controller's.
    assert.equal((await getPV('pre-reserved')).metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], undefined);

    await createPVC('pre', 'too-big', '5Gi', { volumeName: 'pre-small-other' });
    assert.equal(await eventFor('pre', 'too-big', 'VolumeMismatch'), 'Cannot bind to requested volume "pre-small-other": requested PV is too small');
    assert.equal((await getPVC('pre', 'too-big')).status?.phase, 'Pending');
  });

  it('waits for a consumer under a WaitForFirstConsumer class', async () => {
    await ns('wffc');
    await h.client.storageclasses.create(undefined, { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local-wffc' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' });
    await createPV('wffc-pv', '1Gi', { storageClassName: 'local-wffc' });
    await createPVC('wffc', 'lazy', '1Gi', { storageClassName: 'local-wffc' });
    assert.equal(await eventFor('wffc', 'lazy', 'WaitForFirstConsumer'), 'waiting for first consumer to be created before binding');
    assert.equal((await getPVC('wffc', 'lazy')).spec?.volumeName, undefined);
    // Once the scheduler has picked a node, the claim binds.
    await h.client.persistentvolumeclaims.patch('wffc', 'lazy', 'merge', { metadata: { annotations: { 'volume.kubernetes.io/selected-node': 'node-1' } } });
    assert.equal((await waitFor(() => boundTo('wffc', 'lazy'), 'bound after node selection')).spec?.volumeName, 'wffc-pv');
  });

  it('releases volumes of deleted claims: Retain keeps them Released, Delete removes them', async () => {
    await ns('rel');
    await createPV('rel-retain', '1Gi', { storageClassName: 'keep' });
    await createPV('rel-delete', '1Gi', { storageClassName: 'drop', persistentVolumeReclaimPolicy: 'Delete' });
    await createPVC('rel', 'kept', '1Gi', { storageClassName: 'keep' });
    await createPVC('rel', 'dropped', '1Gi', { storageClassName: 'drop' });
    await waitFor(() => boundTo('rel', 'kept'), 'kept bound');
    await waitFor(() => boundTo('rel', 'dropped'), 'dropped bound');
    await eventually(async () => (await getPV('rel-delete')).status?.phase === 'Bound', 5000, 'rel-delete Bound');

    await h.client.persistentvolumeclaims.delete('rel', 'kept');
    await h.client.persistentvolumeclaims.delete('rel', 'dropped');
    const released = await waitFor(async () => ((await getPV('rel-retain')).status?.phase === 'Released' ? getPV('rel-retain') : undefined), 'Released');
    assert.equal(released.spec?.claimRef?.name, 'kept', 'the claimRef stays until an administrator clears it');
    await eventually(() => gone(() => getPV('rel-delete')), 5000, 'Delete-policy volume removed');

    // A new claim of the same name does not get the Released volume back.
    await createPVC('rel', 'kept', '1Gi', { storageClassName: 'keep' });
    assert.equal(await eventFor('rel', 'kept', 'ProvisioningFailed'), 'storageclass.storage.k8s.io "keep" not found');
    assert.equal((await getPV('rel-retain')).status?.phase, 'Released');
    // Clearing the claimRef makes it Available, and the waiting claim binds.
    await h.client.persistentvolumes.patch(undefined, 'rel-retain', 'json', [{ op: 'remove', path: '/spec/claimRef' }]);
    assert.equal((await waitFor(() => boundTo('rel', 'kept'), 'rebound after the volume was freed')).spec?.volumeName, 'rel-retain');
  });
});
