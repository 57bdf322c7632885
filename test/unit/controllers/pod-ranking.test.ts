// The scale-down order of the replica controllers (upstream's ActivePodsWithRanks): each
// criterion on its own, their precedence, and the node-sharing rank from related pods.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../src/api/core/types.js';
import { compareForDeletion, podsToDelete, POD_DELETION_COST } from '../../../src/controllers/replicaset/pod-ranking.js';

const NOW = Date.parse('2024-06-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface PodOpts {
  node?: string;
  phase?: string;
  readySecondsAgo?: number;
  createdSecondsAgo?: number;
  restarts?: number;
  cost?: string;
  uid?: string;
}

function pod(name: string, o: PodOpts = {}): Pod {
  const conditions = o.readySecondsAgo === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: ago(o.readySecondsAgo) }];
  return {
    metadata: {
      name,
      uid: o.uid ?? name,
      creationTimestamp: ago(o.createdSecondsAgo ?? 3600),
      ...(o.cost !== undefined ? { annotations: { [POD_DELETION_COST]: o.cost } } : {}),
    },
    spec: { nodeName: o.node, containers: [] },
    status: { phase: o.phase ?? 'Running', conditions, containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0 }] },
  };
}

/** True when `a` is deleted before `b` (and the order is antisymmetric). */
function first(a: Pod, b: Pod, rankA = 0, rankB = 0): boolean {
  const ab = compareForDeletion({ pod: a, rank: rankA }, { pod: b, rank: rankB }, NOW);
  const ba = compareForDeletion({ pod: b, rank: rankB }, { pod: a, rank: rankA }, NOW);
  assert.equal(Math.sign(ab), -Math.sign(ba));
  return ab < 0;
}

describe('pod deletion ranking', () => {
  const ready = { node: 'n1', readySecondsAgo: 600 };

  it('deletes unscheduled before scheduled', () => {
    assert.ok(first(pod('a', { phase: 'Pending' }), pod('b', { node: 'n1', phase: 'Pending' })));
  });

  it('deletes Pending before Unknown before Running', () => {
    assert.ok(first(pod('a', { node: 'n1', phase: 'Pending' }), pod('b', { node: 'n1', phase: 'Unknown' })));
    assert.ok(first(pod('a', { node: 'n1', phase: 'Unknown' }), pod('b', { node: 'n1', phase: 'Running' })));
  });

  it('deletes not-ready before ready', () => {
    assert.ok(first(pod('a', { node: 'n1' }), pod('b', ready)));
  });

  it('deletes the lower pod-deletion-cost first, ignoring costs that are not int32', () => {
    assert.ok(first(pod('a', { ...ready, cost: '-5' }), pod('b', { ...ready, cost: '10' })));
    assert.ok(first(pod('a', { ...ready, cost: 'junk' }), pod('b', { ...ready, cost: '1' })));
    assert.ok(first(pod('a', { ...ready, cost: '99999999999' }), pod('b', { ...ready, cost: '1' })));
  });

  it('deletes pods doubled up on a node first', () => {
    assert.ok(first(pod('a', ready), pod('b', ready), 3, 1));
  });

  it('deletes the more recently ready first, comparing ages by powers of two', () => {
    assert.ok(first(pod('a', { node: 'n1', readySecondsAgo: 10 }), pod('b', { node: 'n1', readySecondsAgo: 1000 })));
    // 600 s and 601 s fall in the same power-of-two bucket: the uid decides.
    assert.ok(first(pod('b', { node: 'n1', readySecondsAgo: 601, uid: 'a' }), pod('a', { node: 'n1', readySecondsAgo: 600, uid: 'z' })));
  });

  it('deletes the pod with more container restarts first', () => {
    assert.ok(first(pod('a', { ...ready, restarts: 5 }), pod('b', { ...ready, restarts: 1 })));
  });

  it('deletes newer before older pods', () => {
    assert.ok(first(pod('a', { ...ready, createdSecondsAgo: 60 }), pod('b', { ...ready, createdSecondsAgo: 86400 })));
    const noTime = pod('a', ready);
    delete noTime.metadata!.creationTimestamp;
    assert.ok(first(noTime, pod('b', ready)));
  });

  it('applies the criteria in upstream order', () => {
    // Unscheduled beats everything, even a huge deletion cost.
    assert.ok(first(pod('a', { phase: 'Pending', cost: '1000' }), pod('b', { node: 'n1', phase: 'Pending', cost: '-1000' })));
    // Readiness beats restarts.
    assert.ok(first(pod('a', { node: 'n1' }), pod('b', { ...ready, restarts: 50 })));
    // Cost beats node sharing.
    assert.ok(first(pod('a', { ...ready, cost: '-1' }), pod('b', ready), 0, 5));
  });

  it('is a tie for identical pods', () => {
    assert.equal(compareForDeletion({ pod: pod('a', ready), rank: 0 }, { pod: pod('a', ready), rank: 0 }, NOW), 0);
  });
});

describe('podsToDelete', () => {
  it('picks the lowest-ranked pods, counting related pods on the same node', () => {
    const crowded = pod('crowded', { node: 'n1', readySecondsAgo: 600 });
    const alone = pod('alone', { node: 'n2', readySecondsAgo: 600 });
    const pending = pod('pending', { phase: 'Pending' });
    // A sibling ReplicaSet's pod shares n1.
    const sibling = pod('sibling', { node: 'n1', readySecondsAgo: 600 });
    const related = [crowded, alone, pending, sibling];
    assert.deepEqual(podsToDelete([alone, crowded, pending], related, 2, NOW).map((p) => p.metadata!.name), ['pending', 'crowded']);
  });

  it('ignores inactive related pods when ranking', () => {
    const a = pod('a', { node: 'n1', readySecondsAgo: 600 });
    const b = pod('b', { node: 'n2', readySecondsAgo: 600, createdSecondsAgo: 7200 });
    const finished = pod('done', { node: 'n2', phase: 'Succeeded' });
    // Without `finished`, a (newer) goes first.
    assert.deepEqual(podsToDelete([a, b], [a, b, finished], 1, NOW).map((p) => p.metadata!.name), ['a']);
  });

  it('returns every pod when asked for at least as many', () => {
    const pods = [pod('a'), pod('b')];
    assert.equal(podsToDelete(pods, [], 5, NOW).length, 2);
  });
});
