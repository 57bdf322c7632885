import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calculateStatus, getCondition, pausedCondition, rolloutStatus, setCondition, stuckRequeueAfter } from '../../../src/controllers/deployment/status.js';
import type { DeploymentStatus } from '../../../src/controllers/deployment/types.js';
import { deployment, rs } from './deployment-fixtures.js';

const NOW = new Date('2024-06-01T12:00:00Z');
const T = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const progressing = (reason: string, minutesAgo: number, status: 'True' | 'False' | 'Unknown' = 'True') => ({
  type: 'Progressing',
  status,
  reason,
  message: 'm',
  lastUpdateTime: T(minutesAgo),
  lastTransitionTime: T(minutesAgo + 1),
});

describe('calculateStatus', () => {
  it('sums the ReplicaSets, omits zero counts, and reports minimum availability', () => {
    const d = deployment({ replicas: 3, generation: 4 });
    const s = calculateStatus([rs('old'), rs('new', { replicas: 3 })], rs('new', { replicas: 3 }), d, NOW);
    assert.deepEqual(s, {
      observedGeneration: 4,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: T(0), lastTransitionTime: T(0) }],
    });
  });

  it('is unavailable below replicas − maxUnavailable, and counts unavailable against spec sizes', () => {
    const d = deployment({ replicas: 4 }); // maxUnavailable 1
    const newRS = rs('new', { replicas: 4, available: 2, ready: 2 });
    const s = calculateStatus([newRS], newRS, d, NOW);
    assert.equal(s.unavailableReplicas, 2);
    assert.equal(getCondition(s, 'Available')?.reason, 'MinimumReplicasUnavailable');
    assert.equal(getCondition(s, 'Available')?.message, 'Deployment does not have minimum availability.');
  });

  it('keeps collisionCount and the other conditions', () => {
    const d = deployment({ status: { collisionCount: 2, conditions: [progressing('NewReplicaSetCreated', 1)] } });
    const s = calculateStatus([], undefined, d, NOW);
    assert.equal(s.collisionCount, 2);
    assert.deepEqual(s.conditions?.map((c) => c.type), ['Progressing', 'Available']);
  });
});

describe('setCondition', () => {
  it('leaves an unchanged condition alone, and keeps lastTransitionTime while the status holds', () => {
    const s: DeploymentStatus = { conditions: [progressing('ReplicaSetUpdated', 5)] };
    setCondition(s, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'other', lastUpdateTime: T(0), lastTransitionTime: T(0) });
    assert.equal(s.conditions?.[0].message, 'm');
    setCondition(s, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'done', lastUpdateTime: T(0), lastTransitionTime: T(0) });
    assert.equal(s.conditions?.[0].reason, 'NewReplicaSetAvailable');
    assert.equal(s.conditions?.[0].lastTransitionTime, T(6));
    assert.equal(s.conditions?.[0].lastUpdateTime, T(0));
  });
});

describe('rolloutStatus (Progressing)', () => {
  it('a complete rollout: NewReplicaSetAvailable, naming the ReplicaSet', () => {
    const d = deployment({ replicas: 3, status: { conditions: [progressing('ReplicaSetUpdated', 1)] } });
    const newRS = rs('web-5d4f7c7d9', { replicas: 3 });
    const c = getCondition(rolloutStatus([newRS], newRS, d, NOW), 'Progressing');
    assert.equal(c?.reason, 'NewReplicaSetAvailable');
    assert.equal(c?.status, 'True');
    assert.equal(c?.message, 'ReplicaSet "web-5d4f7c7d9" has successfully progressed.');
  });

  it('progress refreshes lastUpdateTime under ReplicaSetUpdated', () => {
    const d = deployment({ replicas: 3, status: { replicas: 3, updatedReplicas: 1, conditions: [progressing('ReplicaSetUpdated', 3)] } });
    const newRS = rs('n', { replicas: 2, available: 1 });
    const c = getCondition(rolloutStatus([rs('o', { replicas: 2 }), newRS], newRS, d, NOW), 'Progressing');
    assert.equal(c?.reason, 'ReplicaSetUpdated');
    assert.equal(c?.message, 'ReplicaSet "n" is progressing.');
    assert.equal(c?.lastUpdateTime, T(0));
    assert.equal(c?.lastTransitionTime, T(4));
  });

  it('no progress past progressDeadlineSeconds: ProgressDeadlineExceeded', () => {
    const status = { replicas: 3, updatedReplicas: 1, availableReplicas: 2, readyReplicas: 2, conditions: [progressing('ReplicaSetUpdated', 11)] };
    const d = deployment({ replicas: 3, progressDeadlineSeconds: 600, status });
    const newRS = rs('n', { replicas: 1, available: 0, ready: 0 });
    const all = [rs('o', { replicas: 2 }), newRS];
    const c = getCondition(rolloutStatus(all, newRS, d, NOW), 'Progressing');
    assert.equal(c?.status, 'False');
    assert.equal(c?.reason, 'ProgressDeadlineExceeded');
    assert.equal(c?.message, 'ReplicaSet "n" has timed out progressing.');
    // Within the deadline it is left alone, and the sync is scheduled for when it runs out.
    const early = deployment({ replicas: 3, status: { ...status, conditions: [progressing('ReplicaSetUpdated', 4)] } });
    const next = rolloutStatus(all, newRS, early, NOW);
    assert.equal(getCondition(next, 'Progressing')?.reason, 'ReplicaSetUpdated');
    assert.equal(stuckRequeueAfter(early, next, NOW), 6 * 60_000 + 1000);
  });

  it('a finished rollout is not re-judged; without a deadline there is no Progressing condition', () => {
    const d = deployment({ replicas: 3, status: { replicas: 3, updatedReplicas: 3, conditions: [progressing('NewReplicaSetAvailable', 60)] } });
    const newRS = rs('n', { replicas: 3 });
    assert.equal(getCondition(rolloutStatus([newRS], newRS, d, NOW), 'Progressing')?.lastUpdateTime, T(60));
    const noDeadline = deployment({ progressDeadlineSeconds: 2 ** 31 - 1, status: { conditions: [progressing('ReplicaSetUpdated', 1)] } });
    assert.equal(getCondition(rolloutStatus([newRS], newRS, noDeadline, NOW), 'Progressing'), undefined);
  });

  it('surfaces a ReplicaSet’s ReplicaFailure', () => {
    const newRS = rs('n', { replicas: 3, available: 0, actual: 0 });
    newRS.status!.conditions = [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota', lastTransitionTime: T(1) }];
    const c = getCondition(rolloutStatus([newRS], newRS, deployment(), NOW), 'ReplicaFailure');
    assert.equal(c?.reason, 'FailedCreate');
    assert.equal(c?.message, 'quota');
  });
});

describe('pausedCondition', () => {
  it('notes pausing and resuming with Unknown, but never over a timeout', () => {
    assert.deepEqual(pausedCondition(deployment({ paused: true }), NOW), {
      type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused', lastUpdateTime: T(0), lastTransitionTime: T(0),
    });
    const paused = { conditions: [progressing('DeploymentPaused', 1, 'Unknown')] };
    assert.equal(pausedCondition(deployment({ paused: true, status: paused }), NOW), undefined);
    assert.equal(pausedCondition(deployment({ status: paused }), NOW)?.reason, 'DeploymentResumed');
    assert.equal(pausedCondition(deployment({ paused: true, status: { conditions: [progressing('ProgressDeadlineExceeded', 1, 'False')] } }), NOW), undefined);
  });
});
