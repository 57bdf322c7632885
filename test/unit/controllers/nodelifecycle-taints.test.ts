import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from '../../../src/api/core/nodes.js';
import type { Pod } from '../../../src/api/core/types.js';
import { desiredTaints, podMarkedNotReady, reconcileTaints, type Taint } from '../../../src/controllers/nodelifecycle/index.js';

const NOW = new Date('2024-05-01T10:00:00Z');
const node = (conditions: Record<string, string>, unschedulable?: boolean): Node => ({
  metadata: { name: 'n1' },
  spec: { unschedulable },
  status: { conditions: Object.entries(conditions).map(([type, status]) => ({ type, status })) },
});
const ids = (ts: Taint[]) => ts.map((t) => `${t.key}:${t.effect}`).sort();

describe('desiredTaints', () => {
  it('a healthy node needs none', () => {
    assert.deepEqual(desiredTaints(node({ Ready: 'True', MemoryPressure: 'False' })), []);
  });
  it('unreachable and not-ready, each NoExecute and NoSchedule', () => {
    assert.deepEqual(ids(desiredTaints(node({ Ready: 'Unknown' }))), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    assert.deepEqual(ids(desiredTaints(node({ Ready: 'False' }))), ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule']);
  });
  it('pressure conditions and cordon', () => {
    assert.deepEqual(ids(desiredTaints(node({ Ready: 'True', MemoryPressure: 'True', DiskPressure: 'True', PIDPressure: 'True', NetworkUnavailable: 'True' }, true))), [
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/network-unavailable:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
  });
});

describe('reconcileTaints', () => {
  const mine: Taint = { key: 'example.com/dedicated', value: 'gpu', effect: 'NoSchedule' };
  const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2024-05-01T09:00:00Z' };

  it('adds the missing ones stamped now, keeping others and the timeAdded of those that stay', () => {
    const next = reconcileTaints([mine, unreachable], [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }], NOW);
    assert.deepEqual(next, [mine, unreachable, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2024-05-01T10:00:00Z' }]);
  });
  it('removes managed taints no longer called for, never anyone else\'s', () => {
    assert.deepEqual(reconcileTaints([mine, unreachable, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }], [], NOW), [mine]);
    assert.deepEqual(reconcileTaints([{ key: 'node.kubernetes.io/unreachable', effect: 'PreferNoSchedule' }], [], NOW), undefined, 'an effect we do not own');
  });
  it('undefined when already right', () => {
    assert.equal(reconcileTaints([mine, unreachable], [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }], NOW), undefined);
  });
});

describe('podMarkedNotReady', () => {
  const pod = (status: string): Pod => ({ metadata: { name: 'p' }, status: { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status }] } });
  it('sets Ready False with a transition time', () => {
    const marked = podMarkedNotReady(pod('True'), NOW)!;
    assert.deepEqual(marked.status?.conditions, [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False', lastTransitionTime: '2024-05-01T10:00:00Z' }]);
    assert.equal(marked.status?.phase, 'Running');
  });
  it('leaves pods already not Ready, or without the condition', () => {
    assert.equal(podMarkedNotReady(pod('False'), NOW), undefined);
    assert.equal(podMarkedNotReady({ metadata: { name: 'p' } }, NOW), undefined);
  });
});
