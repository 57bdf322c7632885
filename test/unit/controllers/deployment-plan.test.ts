import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planOldScaleDown, planScale } from '../../../src/controllers/deployment/plan.js';
import { filterActive } from '../../../src/controllers/deployment/replicasets.js';
import { oldPodsRunning } from '../../../src/controllers/deployment/recreate.js';
import type { ReplicaSet } from '../../../src/controllers/deployment/types.js';
import { deployment, rs, sizes, type DeploymentOpts } from './deployment-fixtures.js';

describe('planScale (resizing, proportionally mid-rollout)', () => {
  const cases: { name: string; d: DeploymentOpts; newRS?: ReplicaSet; old: ReplicaSet[]; want: string[] }[] = [
    { name: 'the only active ReplicaSet takes all: 10 → 12', d: { replicas: 12 }, newRS: rs('new', { replicas: 10 }), old: [rs('old')], want: ['new=12'] },
    { name: 'the only active ReplicaSet takes all: 10 → 5', d: { replicas: 5 }, newRS: rs('new', { replicas: 10 }), old: [], want: ['new=5'] },
    { name: 'an active old ReplicaSet alone is resized', d: { replicas: 5 }, old: [rs('old', { replicas: 3 })], want: ['old=5'] },
    { name: 'with nothing active, the new one is brought up', d: { replicas: 2 }, newRS: rs('new'), old: [rs('old')], want: ['new=2'] },
    { name: 'already the right size: nothing', d: { replicas: 3 }, newRS: rs('new', { replicas: 3 }), old: [], want: [] },
    {
      name: 'a saturated new ReplicaSet: old ones to zero',
      d: { replicas: 3 },
      newRS: rs('new', { replicas: 3, desired: 3, available: 3 }),
      old: [rs('old', { replicas: 1, created: -1 })],
      want: ['old=0'],
    },
    {
      name: 'proportional up mid-rollout: 10 → 20 (max 13 → 23)',
      d: { replicas: 20, maxSurge: 3, maxUnavailable: 2 },
      newRS: rs('new', { replicas: 6, max: 13, created: 1 }),
      old: [rs('old', { replicas: 7, max: 13 })],
      want: ['old=12', 'new=11'],
    },
    {
      name: 'proportional down mid-rollout: 20 → 10 (max 23 → 13)',
      d: { replicas: 10, maxSurge: 3, maxUnavailable: 2 },
      newRS: rs('new', { replicas: 11, max: 23, created: 1 }),
      old: [rs('old', { replicas: 12, max: 23 })],
      want: ['old=7', 'new=6'],
    },
    {
      name: 'equal sizes grow newest first',
      d: { replicas: 7, maxSurge: 1, maxUnavailable: 1 },
      newRS: rs('new', { replicas: 3, max: 6, created: 2 }),
      old: [rs('old', { replicas: 3, max: 6, created: 1 })],
      want: ['new=4', 'old=4'],
    },
    {
      name: 'rounding leftovers go to the first in line (largest, then newest)',
      d: { replicas: 9, maxSurge: 1, maxUnavailable: 0 },
      newRS: rs('new', { replicas: 3, max: 9, created: 3 }),
      old: [rs('o1', { replicas: 3, max: 9, created: 1 }), rs('o2', { replicas: 3, max: 9, created: 2 })],
      want: ['new=4', 'o2=3', 'o1=3'],
    },
    {
      name: 'to zero: everything goes',
      d: { replicas: 0 },
      newRS: rs('new', { replicas: 2, max: 5, created: 1 }),
      old: [rs('old', { replicas: 3, max: 5 })],
      want: ['old=0', 'new=0'],
    },
    { name: 'Recreate is never proportional', d: { strategy: 'Recreate', replicas: 5 }, newRS: rs('new', { replicas: 1 }), old: [rs('old', { replicas: 1 })], want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(sizes(planScale(deployment(c.d), c.newRS, c.old)), c.want));
  }
});

describe('planOldScaleDown (rolling update)', () => {
  const cases: { name: string; d: DeploymentOpts; newRS: ReplicaSet; old: ReplicaSet[]; want: string[] }[] = [
    {
      name: 'new pods not yet available: nothing may go',
      d: { replicas: 10, maxSurge: 3, maxUnavailable: 0 },
      newRS: rs('new', { replicas: 3, available: 0, created: 1 }),
      old: [rs('old', { replicas: 10 })],
      want: [],
    },
    {
      name: 'new pods available: as many old ones go',
      d: { replicas: 10, maxSurge: 3, maxUnavailable: 0 },
      newRS: rs('new', { replicas: 3, available: 3, created: 1 }),
      old: [rs('old', { replicas: 10 })],
      want: ['old=7'],
    },
    {
      name: 'unavailable old pods go first, and count against the budget',
      d: { replicas: 10, maxSurge: 0, maxUnavailable: 2 },
      newRS: rs('new', { created: 1 }),
      old: [rs('old', { replicas: 10, available: 8 })],
      want: ['old=8'],
    },
    {
      name: 'maxUnavailable lets available old pods go without new ones',
      d: { replicas: 10, maxSurge: 0, maxUnavailable: 2 },
      newRS: rs('new', { created: 1 }),
      old: [rs('old', { replicas: 10 })],
      want: ['old=8'],
    },
    {
      name: 'oldest ReplicaSet first',
      d: { replicas: 4, maxSurge: 1, maxUnavailable: 1 },
      newRS: rs('new', { replicas: 2, created: 3 }),
      old: [rs('old2', { replicas: 2, created: 2 }), rs('old1', { replicas: 1, created: 1 })],
      want: ['old1=0', 'old2=1'],
    },
    {
      name: 'cleanup then scale-down of the same ReplicaSet are two steps',
      d: { replicas: 4, maxSurge: 2, maxUnavailable: 0 },
      newRS: rs('new', { replicas: 2, created: 1 }),
      old: [rs('old', { replicas: 4, available: 3 })],
      want: ['old=3', 'old=2'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const all = [...c.old, c.newRS];
      assert.deepEqual(sizes(planOldScaleDown(deployment(c.d), all, filterActive(c.old), c.newRS)), c.want);
    });
  }
});

describe('oldPodsRunning (Recreate)', () => {
  const pod = (phase: string) => ({ metadata: { name: 'p' }, status: { phase } });
  it('waits while an old ReplicaSet reports pods, or an old pod has not finished', () => {
    assert.equal(oldPodsRunning(undefined, [rs('old', { actual: 1 })], new Map()), true);
    assert.equal(oldPodsRunning(undefined, [rs('old')], new Map([['uid-old', [pod('Running')]]])), true);
    assert.equal(oldPodsRunning(undefined, [rs('old')], new Map([['uid-old', [pod('Unknown')]]])), true);
    assert.equal(oldPodsRunning(undefined, [rs('old')], new Map([['uid-old', [pod('Succeeded'), pod('Failed')]]])), false);
    assert.equal(oldPodsRunning(rs('new'), [rs('old')], new Map([['uid-new', [pod('Running')]]])), false, 'the new ReplicaSet’s pods do not count');
  });
});
