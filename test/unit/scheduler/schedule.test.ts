import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultProfile, numFeasibleNodesToFind, schedulePod, selectHost, Snapshot, type Profile } from '../../../src/scheduler/index.js';
import { node, pod } from './fixtures.js';

const cpTaint = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }];

function failureMessage(r: ReturnType<typeof schedulePod>): string {
  assert.ok('failure' in r, 'expected a failure');
  return r.failure.message();
}

test('FitError message: sorted reason histogram plus the preemption verdict', () => {
  const snap = Snapshot.from([node('cp1', { taints: cpTaint }), node('cp2', { taints: cpTaint }), node('w', { cpu: '2' })]);
  assert.equal(
    failureMessage(schedulePod(pod('p', { cpu: '3' }), snap, defaultProfile())),
    '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
  );
  const workers = Snapshot.from([node('a', { cpu: '1' }), node('b', { cpu: '1' }), node('c', { cpu: '1' })]);
  assert.equal(
    failureMessage(schedulePod(pod('p', { cpu: '2' }), workers, defaultProfile())),
    '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
  );
});

test('preemption: victims of lower priority are found; none gives the upstream text', () => {
  const snap = Snapshot.from([node('a', { cpu: '2' })], [pod('low', { cpu: '1500m', node: 'a', priority: 1 }), pod('tiny', { cpu: '100m', node: 'a', priority: 0 })]);
  const r = schedulePod(pod('p', { cpu: '1', priority: 10 }), snap, defaultProfile());
  assert.ok('failure' in r);
  assert.equal(r.failure.message(), '0/1 nodes are available: 1 Insufficient cpu.');
  assert.equal(r.postFilter?.nominatedNodeName, 'a');
  assert.deepEqual(r.postFilter?.victims?.map((v) => v.metadata?.name), ['low']);
  const equal = schedulePod(pod('p', { cpu: '1', priority: 0 }), snap, defaultProfile());
  assert.equal(failureMessage(equal), '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  const never = schedulePod(pod('p', { cpu: '1', priority: 10, spec: { preemptionPolicy: 'Never' } }), snap, defaultProfile());
  assert.equal(failureMessage(never), '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
});

test('PreFilter narrowing by metadata.name reports the other nodes as not satisfying NodeAffinity', () => {
  const snap = Snapshot.from([node('a', { cpu: '1' }), node('b'), node('c')]);
  const daemon = pod('ds', { cpu: '2', spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }] } } } } });
  assert.equal(
    failureMessage(schedulePod(daemon, snap, defaultProfile())),
    "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
  );
  const r = schedulePod({ ...daemon, spec: { ...daemon.spec, containers: [{ name: 'c' }] } }, snap, defaultProfile());
  assert.ok('node' in r && r.node === 'a');
});

test('selection: weighted scores pick the best node; ties are broken at random', () => {
  const snap = Snapshot.from([node('busy', { cpu: '4' }), node('idle', { cpu: '4' })], [pod('x', { cpu: '3', memory: '6Gi', node: 'busy' })]);
  const r = schedulePod(pod('p', { cpu: '100m' }), snap, defaultProfile());
  assert.ok('node' in r);
  assert.equal(r.node, 'idle');
  assert.equal(r.feasibleNodes, 2);
  // A PreferNoSchedule taint (weight 3) outweighs the resource preference.
  const tainted = Snapshot.from([node('idle', { cpu: '4', taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }), node('busy', { cpu: '4' })], [pod('x', { cpu: '2', node: 'busy' })]);
  const t = schedulePod(pod('p', { cpu: '100m' }), tainted, defaultProfile());
  assert.ok('node' in t && t.node === 'busy');
  const scores = [{ name: 'a', score: 5 }, { name: 'b', score: 5 }, { name: 'c', score: 1 }];
  assert.equal(selectHost(scores, () => 0.99), 'a');
  assert.equal(selectHost(scores, () => 0), 'b');
});

test('sampling: adaptive percentage of nodes to score and a rotating start index', () => {
  assert.equal(numFeasibleNodesToFind(50), 50);
  assert.equal(numFeasibleNodesToFind(100), 100);
  assert.equal(numFeasibleNodesToFind(1000), 420); // 50 - 1000/125 = 42%
  assert.equal(numFeasibleNodesToFind(5000), 500); // 50 - 40 = 10%
  assert.equal(numFeasibleNodesToFind(6000), 300); // 50 - 48 = 2% → 5%
  assert.equal(numFeasibleNodesToFind(300, 10), 100);
  const nodes = Array.from({ length: 1000 }, (_, i) => node(`n${i}`));
  const snap = Snapshot.from(nodes);
  const r = schedulePod(pod('p'), snap, defaultProfile(), { startIndex: 990 });
  assert.ok('node' in r);
  assert.equal(r.feasibleNodes, 420);
  assert.equal(r.nextStartIndex, (990 + 420) % 1000);
  const noScore: Profile = { ...defaultProfile(), plugins: defaultProfile().plugins.filter((p) => !('score' in p)) };
  const first = schedulePod(pod('p'), snap, noScore, { startIndex: 7 });
  assert.ok('node' in first && first.node === 'n7' && first.evaluatedNodes === 1);
});
