import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxSurge, maxUnavailable, newRSNewReplicas, replicaSetProportion, resolveFenceposts } from '../../../src/controllers/deployment/surge.js';
import { deployment, rs } from './deployment-fixtures.js';

describe('maxSurge / maxUnavailable', () => {
  it('resolves fenceposts: surge rounds up, unavailable down, never both zero', () => {
    const cases: [number | string, number | string, number, number, number][] = [
      // maxSurge, maxUnavailable, desired → surge, unavailable
      ['25%', '25%', 10, 3, 2],
      ['25%', '25%', 4, 1, 1],
      ['0%', '1%', 2, 0, 1],
      ['1%', '25%', 1, 1, 0],
      ['1%', '0%', 2, 1, 0],
      [0, 1, 5, 0, 1],
      [2, 0, 5, 2, 0],
      ['100%', '100%', 3, 3, 3],
    ];
    for (const [s, u, desired, surge, unavailable] of cases) {
      assert.deepEqual(resolveFenceposts(s, u, desired), { surge, unavailable }, `${s}/${u} of ${desired}`);
    }
  });

  it('caps maxUnavailable at spec.replicas and gives 0 for empty or Recreate deployments', () => {
    assert.equal(maxUnavailable(deployment({ replicas: 3, maxUnavailable: 5, maxSurge: 0 })), 3);
    assert.equal(maxUnavailable(deployment({ replicas: 0 })), 0);
    assert.equal(maxUnavailable(deployment({ strategy: 'Recreate' })), 0);
    assert.equal(maxSurge(deployment({ strategy: 'Recreate' })), 0);
    assert.equal(maxSurge(deployment({ replicas: 10 })), 3);
  });

  it('rejects a maxSurge string that is not a percentage', () => {
    assert.throws(() => maxSurge(deployment({ maxSurge: 'three' })), /not a percentage/);
  });
});

describe('newRSNewReplicas', () => {
  const d = deployment({ replicas: 10 }); // surge 3
  it('grows the new ReplicaSet by what maxSurge leaves', () => {
    assert.equal(newRSNewReplicas(d, [rs('old', { replicas: 10 }), rs('new')], rs('new')), 3);
  });
  it('never past spec.replicas', () => {
    const n = rs('new', { replicas: 8 });
    assert.equal(newRSNewReplicas(d, [rs('old', { replicas: 2 }), n], n), 10);
  });
  it('not at all when the surge is used up', () => {
    const n = rs('new', { replicas: 3 });
    assert.equal(newRSNewReplicas(d, [rs('old', { replicas: 10 }), n], n), 3);
  });
  it('to spec.replicas at once for Recreate', () => {
    assert.equal(newRSNewReplicas(deployment({ strategy: 'Recreate', replicas: 4 }), [rs('new')], rs('new')), 4);
  });
});

describe('replicaSetProportion', () => {
  it('shares a resize by the size each ReplicaSet was last sized for', () => {
    const d = deployment({ replicas: 20, maxSurge: 3, maxUnavailable: 2 }); // max 23
    assert.equal(replicaSetProportion(rs('a', { replicas: 7, max: 13 }), d, 10, 0), 5);
    assert.equal(replicaSetProportion(rs('a', { replicas: 7, max: 13 }), d, 10, 8), 2, 'never beyond what is left');
    assert.equal(replicaSetProportion(rs('a', { replicas: 0, max: 13 }), d, 10, 0), 0, 'never from zero');
  });
  it('scaling to zero takes a ReplicaSet whole', () => {
    assert.equal(replicaSetProportion(rs('a', { replicas: 4, max: 6 }), deployment({ replicas: 0 }), -7, 0), -4);
  });
  it('falls back to status.replicas without the annotation, or does nothing', () => {
    const d = deployment({ replicas: 20, maxSurge: 3, maxUnavailable: 2, status: { replicas: 13 } });
    assert.equal(replicaSetProportion(rs('a', { replicas: 7 }), d, 10, 0), 5);
    assert.equal(replicaSetProportion(rs('a', { replicas: 7 }), deployment({ replicas: 20 }), 10, 0), 0);
  });
});
