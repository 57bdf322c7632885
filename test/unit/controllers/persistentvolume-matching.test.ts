// Which volume a claim gets: pre-binding, class, mode, access modes, size, selector, phase,
// smallest fit; and the mismatch reasons for a claim that names its volume.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PersistentVolumeClaim } from '../../../src/api/core/persistentvolumeclaims.js';
import type { PersistentVolume } from '../../../src/api/core/persistentvolumes.js';
import { findBestMatch, isBoundToClaim, volumeMismatch } from '../../../src/controllers/persistentvolume/index.js';

function pv(name: string, storage: string, extra: Partial<NonNullable<PersistentVolume['spec']>> = {}, labels: Record<string, string> = {}, phase = 'Available'): PersistentVolume {
  return { metadata: { name, labels }, spec: { capacity: { storage }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/data/${name}` }, ...extra }, status: { phase } };
}
function pvc(storage: string, extra: Partial<NonNullable<PersistentVolumeClaim['spec']>> = {}): PersistentVolumeClaim {
  return { metadata: { name: 'claim', namespace: 'ns', uid: 'claim-uid' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...extra } };
}
const names = (v: PersistentVolume | undefined) => v?.metadata?.name;

describe('persistent volume matching', () => {
  it('picks the smallest volume that fits', () => {
    const volumes = [pv('big', '10Gi'), pv('small', '500Mi'), pv('fits', '2Gi'), pv('exact', '1Gi')];
    assert.equal(names(findBestMatch(pvc('1Gi'), volumes)), 'exact');
    assert.equal(names(findBestMatch(pvc('1.5Gi'), volumes)), 'fits');
    assert.equal(findBestMatch(pvc('20Gi'), volumes), undefined);
  });

  it('matches class, volume mode, access modes and selector; only Available unclaimed volumes', () => {
    assert.equal(findBestMatch(pvc('1Gi', { storageClassName: 'fast' }), [pv('plain', '1Gi')]), undefined);
    assert.equal(names(findBestMatch(pvc('1Gi', { storageClassName: 'fast' }), [pv('plain', '1Gi'), pv('fast', '5Gi', { storageClassName: 'fast' })])), 'fast');
    assert.equal(findBestMatch(pvc('1Gi'), [pv('block', '1Gi', { volumeMode: 'Block' })]), undefined);
    assert.equal(findBestMatch(pvc('1Gi', { accessModes: ['ReadWriteMany'] }), [pv('rwo', '1Gi')]), undefined);
    assert.equal(names(findBestMatch(pvc('1Gi', { accessModes: ['ReadOnlyMany'] }), [pv('rox', '1Gi', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] })])), 'rox');
    const selector = { matchLabels: { tier: 'gold' } };
    assert.equal(names(findBestMatch(pvc('1Gi', { selector }), [pv('bronze', '1Gi', {}, { tier: 'bronze' }), pv('gold', '8Gi', {}, { tier: 'gold' })])), 'gold');
    assert.equal(findBestMatch(pvc('1Gi'), [pv('released', '1Gi', {}, {}, 'Released'), pv('taken', '1Gi', { claimRef: { namespace: 'ns', name: 'other' } })]), undefined);
  });

  it('prefers a volume pre-bound to the claim, even under delayed binding', () => {
    const prebound = pv('mine', '100Gi', { claimRef: { namespace: 'ns', name: 'claim' } }, {}, 'Pending');
    assert.equal(names(findBestMatch(pvc('1Gi'), [pv('fits', '1Gi'), prebound])), 'mine');
    assert.equal(names(findBestMatch(pvc('1Gi'), [pv('fits', '1Gi'), prebound], true)), 'mine');
    assert.equal(findBestMatch(pvc('1Gi'), [pv('fits', '1Gi')], true), undefined);
    const otherUid = pv('stale', '1Gi', { claimRef: { namespace: 'ns', name: 'claim', uid: 'old-uid' } as never });
    assert.equal(isBoundToClaim(otherUid, pvc('1Gi')), false);
  });

  it('explains why a named volume cannot serve the claim', () => {
    assert.equal(volumeMismatch(pv('small', '1Gi'), pvc('2Gi')), 'requested PV is too small');
    assert.equal(volumeMismatch(pv('v', '1Gi', { storageClassName: 'x' }), pvc('1Gi')), 'storageClassName does not match');
    assert.equal(volumeMismatch(pv('v', '1Gi', { volumeMode: 'Block' }), pvc('1Gi')), 'incompatible volumeMode');
    assert.equal(volumeMismatch(pv('v', '1Gi'), pvc('1Gi', { accessModes: ['ReadWriteMany'] })), 'incompatible accessMode');
    assert.equal(volumeMismatch(pv('v', '1Gi'), pvc('1Gi')), undefined);
  });
});
