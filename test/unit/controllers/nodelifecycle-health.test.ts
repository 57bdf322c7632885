import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Lease } from '../../../src/api/coordination/lease.js';
import type { Node } from '../../../src/api/core/nodes.js';
import { conditionsMarkedUnknown, gracePeriodMs, NodeHealthTracker, type NodeCondition } from '../../../src/controllers/nodelifecycle/index.js';

const NOW = new Date('2024-05-01T10:00:00Z');

function node(conditions?: NodeCondition[]): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', creationTimestamp: '2024-05-01T09:00:00Z' }, status: conditions && { conditions } };
}
const lease = (renewTime: string): Lease => ({ metadata: { name: 'n1', namespace: 'kube-node-lease' }, spec: { renewTime } });
const ready = (status: string, hb = '2024-05-01T09:59:00Z'): NodeCondition => ({ type: 'Ready', status, reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: hb, lastTransitionTime: '2024-05-01T09:00:00Z' });

describe('conditionsMarkedUnknown', () => {
  it('turns the kubelet conditions Unknown, keeping the heartbeat, and adds missing ones as never posted', () => {
    const conds = conditionsMarkedUnknown(node([ready('True'), { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: 'hb' }, { type: 'NetworkUnavailable', status: 'False' }]), NOW)!;
    const byType = Object.fromEntries(conds.map((c) => [c.type, c]));
    assert.deepEqual(byType.Ready, { ...ready('True'), status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: '2024-05-01T10:00:00Z' });
    assert.equal(byType.MemoryPressure!.status, 'Unknown');
    assert.equal(byType.MemoryPressure!.lastHeartbeatTime, 'hb');
    assert.deepEqual(byType.NetworkUnavailable, { type: 'NetworkUnavailable', status: 'False' }, 'not a condition the controller overrides');
    for (const type of ['DiskPressure', 'PIDPressure']) {
      assert.deepEqual(byType[type], { type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: '2024-05-01T09:00:00Z', lastTransitionTime: '2024-05-01T10:00:00Z' });
    }
  });

  it('changes nothing when they already are Unknown', () => {
    const once = conditionsMarkedUnknown(node([ready('True')]), NOW)!;
    assert.equal(conditionsMarkedUnknown(node(once), NOW), undefined);
  });
});

describe('NodeHealthTracker', () => {
  it('counts a node as heard from when first seen, and again only when its heartbeat or Lease moves', () => {
    const t = new NodeHealthTracker();
    assert.equal(t.observe(node([ready('True')]), lease('a'), 1000), 1000);
    assert.equal(t.observe(node([ready('True')]), lease('a'), 5000), 1000, 'nothing moved');
    assert.equal(t.observe(node([ready('True')]), lease('b'), 6000), 6000, 'the Lease was renewed');
    assert.equal(t.observe(node([ready('True', 'later')]), lease('b'), 7000), 7000, 'the kubelet posted status');
    assert.equal(t.observe(node([{ ...ready('Unknown', 'later'), reason: 'NodeStatusUnknown' }]), lease('b'), 9000), 7000, 'our own Unknown write is no sign of life');
    t.forget('n1');
    assert.equal(t.observe(node([ready('True')]), lease('b'), 10_000), 10_000);
  });

  it('dates a node that never posted Ready from its creation, with the startup grace period', () => {
    const t = new NodeHealthTracker();
    assert.equal(t.observe(node(), undefined, NOW.getTime()), Date.parse('2024-05-01T09:00:00Z'));
    assert.equal(gracePeriodMs(node(), 40, 60), 60_000);
    assert.equal(gracePeriodMs(node([ready('True')]), 40, 60), 40_000);
  });
});
