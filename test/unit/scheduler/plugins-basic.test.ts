import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeAffinity, NodeName, NodePorts, NodeResourcesFit, NodeUnschedulable, Snapshot, TaintToleration, BalancedAllocation, type NodeScore } from '../../../src/scheduler/index.js';
import { node, pod, stateFor } from './fixtures.js';

test('NodeResourcesFit filter: reasons, unresolvable when above allocatable, pod count', () => {
  const fit = new NodeResourcesFit();
  const snap = Snapshot.from([node('n1', { cpu: '2', pods: 2 })], [pod('a', { cpu: '1500m', node: 'n1' })]);
  const ni = snap.get('n1')!;
  const state = stateFor([]);
  const big = pod('p', { cpu: '1', memory: '10Gi' });
  fit.preFilter(state, big);
  const s = fit.filter(state, big, ni)!;
  assert.deepEqual(s.reasons, ['Insufficient cpu', 'Insufficient memory']);
  assert.equal(s.code, 'UnschedulableAndUnresolvable'); // 10Gi > 8Gi allocatable
  const small = pod('q', { cpu: '1' });
  fit.preFilter(state, small);
  assert.equal(fit.filter(state, small, ni)!.code, 'Unschedulable');
  ni.addPod(pod('b', { node: 'n1' }));
  const none = pod('r');
  fit.preFilter(state, none);
  assert.deepEqual(fit.filter(state, none, ni)!.reasons, ['Too many pods']);
});

test('NodeResourcesFit counts init containers as max, sidecars and overhead as sums, extended resources', () => {
  const fit = new NodeResourcesFit();
  const ni = Snapshot.from([node('n1', { cpu: '2', extra: { 'example.com/gpu': '1' } })]).get('n1')!;
  const state = stateFor([]);
  const p = pod('p', { cpu: '500m', spec: { initContainers: [{ name: 'i', resources: { requests: { cpu: '2' } } }] } });
  fit.preFilter(state, p);
  assert.equal(fit.filter(state, p, ni), undefined);
  const withOverhead = pod('p', { cpu: '500m', spec: { overhead: { cpu: '1600m' } } });
  fit.preFilter(state, withOverhead);
  assert.deepEqual(fit.filter(state, withOverhead, ni)!.reasons, ['Insufficient cpu']);
  const sidecar = pod('p', { cpu: '1', spec: { initContainers: [{ name: 's', restartPolicy: 'Always', resources: { requests: { cpu: '1500m' } } }] } });
  fit.preFilter(state, sidecar);
  assert.deepEqual(fit.filter(state, sidecar, ni)!.reasons, ['Insufficient cpu']);
  const gpu = pod('g', { spec: { containers: [{ name: 'c', resources: { requests: { 'example.com/gpu': '2' } } }] } });
  fit.preFilter(state, gpu);
  assert.deepEqual(fit.filter(state, gpu, ni)!.reasons, ['Insufficient example.com/gpu']);
});

test('NodeResourcesFit LeastAllocated score uses 100m/200Mi defaults for request-less pods', () => {
  const fit = new NodeResourcesFit();
  const snap = Snapshot.from([node('n1', { cpu: '1', memory: '1000Mi' })], [pod('a', { node: 'n1' })]);
  const state = stateFor([]);
  const p = pod('p');
  fit.preScore(state, p);
  // cpu: (1000-200)*100/1000 = 80; memory: (1000-400)*100/1000 = 60; average 70.
  assert.equal(fit.score(state, p, snap.get('n1')!), 70);
});

test('BalancedAllocation prefers equal cpu and memory fractions', () => {
  const ba = new BalancedAllocation();
  const snap = Snapshot.from([node('n1', { cpu: '4', memory: '4Gi' })]);
  const state = stateFor([]);
  const balanced = pod('p', { cpu: '1', memory: '1Gi' });
  ba.preScore(state, balanced);
  assert.equal(ba.score(state, balanced, snap.get('n1')!), 100);
  const skewed = pod('p', { cpu: '2', memory: '0' });
  ba.preScore(state, skewed);
  assert.equal(ba.score(state, skewed, snap.get('n1')!), 75);
});

test('NodeName and NodeUnschedulable', () => {
  const snap = Snapshot.from([node('n1', { unschedulable: true }), node('n2')]);
  const nn = new NodeName();
  const p = pod('p', { spec: { nodeName: 'n2' } });
  assert.equal(nn.filter(undefined, p, snap.get('n1')!)!.reasons[0], "node(s) didn't match the requested node name");
  assert.equal(nn.filter(undefined, p, snap.get('n2')!), undefined);
  const nu = new NodeUnschedulable();
  assert.deepEqual(nu.filter(undefined, pod('q'), snap.get('n1')!)!.reasons, ['node(s) were unschedulable']);
  const tolerant = pod('q', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } });
  assert.equal(nu.filter(undefined, tolerant, snap.get('n1')!), undefined);
});

test('TaintToleration filter message and PreferNoSchedule scoring', () => {
  const tt = new TaintToleration();
  const snap = Snapshot.from([
    node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    node('soft', { taints: [{ key: 'a', value: 'b', effect: 'PreferNoSchedule' }] }),
    node('clean'),
  ]);
  const state = stateFor([]);
  const p = pod('p');
  const s = tt.filter(state, p, snap.get('cp')!)!;
  assert.equal(s.code, 'UnschedulableAndUnresolvable');
  assert.deepEqual(s.reasons, ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
  assert.equal(tt.filter(state, pod('t', { spec: { tolerations: [{ operator: 'Exists' }] } }), snap.get('cp')!), undefined);
  tt.preScore(state, p);
  const scores: NodeScore[] = ['soft', 'clean'].map((n) => ({ name: n, score: tt.score(state, p, snap.get(n)!) }));
  tt.normalizeScore(state, p, scores);
  assert.deepEqual(scores, [{ name: 'soft', score: 0 }, { name: 'clean', score: 100 }]);
});

test('NodeAffinity: nodeSelector, required terms, preferred scoring, metadata.name narrowing', () => {
  const na = new NodeAffinity();
  const snap = Snapshot.from([node('a', { labels: { zone: 'z1', gen: '3' } }), node('b', { labels: { zone: 'z2', gen: '5' } })]);
  const state = stateFor([]);
  const sel = pod('p', { spec: { nodeSelector: { zone: 'z1' } } });
  assert.equal(na.filter(state, sel, snap.get('a')!), undefined);
  assert.deepEqual(na.filter(state, sel, snap.get('b')!)!.reasons, ["node(s) didn't match Pod's node affinity/selector"]);
  const gt = pod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }] } } } } });
  assert.ok(na.filter(state, gt, snap.get('a')!));
  assert.equal(na.filter(state, gt, snap.get('b')!), undefined);
  assert.equal(na.preFilter(state, pod('x'))?.status?.code, 'Skip');
  const pinned = pod('d', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } } } });
  assert.deepEqual([...na.preFilter(state, pinned)!.nodeNames!], ['b']);
  const pref = pod('p', { spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] } }] } } } });
  na.preScore(state, pref);
  const scores = ['a', 'b'].map((n) => ({ name: n, score: na.score(state, pref, snap.get(n)!) }));
  assert.deepEqual(scores.map((s) => s.score), [0, 5]);
  na.normalizeScore(state, pref, scores);
  assert.deepEqual(scores.map((s) => s.score), [0, 100]);
});

test('NodePorts: host port conflicts, 0.0.0.0 against specific addresses', () => {
  const np = new NodePorts();
  const withPort = (name: string, hostPort: number, hostIP?: string, nodeName?: string) =>
    pod(name, { node: nodeName, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort, hostIP }] }] } });
  const snap = Snapshot.from([node('n1')], [withPort('a', 8080, '10.0.0.1', 'n1')]);
  const state = stateFor([]);
  for (const [p, fits] of [[withPort('p', 8080), false], [withPort('p', 8080, '10.0.0.2'), true], [withPort('p', 8081), true]] as const) {
    np.preFilter(state, p);
    const s = np.filter(state, p, snap.get('n1')!);
    assert.equal(s === undefined, fits);
    if (s) assert.deepEqual(s.reasons, ["node(s) didn't have free ports for the requested pod ports"]);
  }
  assert.equal(np.preFilter(state, pod('none'))?.status?.code, 'Skip');
});
