import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchedulerCache } from '../../../src/scheduler/index.js';
import { node, pod } from './fixtures.js';

test('assume counts a pod immediately; forget undoes it; the informer add confirms it', () => {
  const cache = new SchedulerCache();
  cache.addNode(node('n1', { cpu: '2' }));
  const p = pod('p', { cpu: '1' });
  const assumed = cache.assume(p, 'n1');
  assert.equal(assumed.spec?.nodeName, 'n1');
  assert.ok(cache.isAssumed(p));
  assert.equal(cache.snapshot().get('n1')!.requested.milliCPU, 1000);
  cache.forget(assumed);
  assert.equal(cache.snapshot().get('n1')!.requested.milliCPU, 0);
  cache.assume(p, 'n1');
  cache.addPod(pod('p', { cpu: '1', node: 'n1' }));
  assert.ok(!cache.isAssumed(p));
  cache.forget(p); // confirmed pods are not forgotten
  assert.equal(cache.snapshot().get('n1')!.pods.length, 1);
  // An unbound update of an assumed pod (binding not yet visible) keeps it counted.
  const q = pod('q', { cpu: '500m' });
  cache.assume(q, 'n1');
  cache.updatePod(q, q);
  assert.equal(cache.snapshot().get('n1')!.requested.milliCPU, 1500);
});

test('pods move, finish, and outlive their node; snapshots copy only changed nodes', () => {
  const cache = new SchedulerCache();
  cache.addNode(node('a'));
  cache.addNode(node('b'));
  cache.addPod(pod('p', { cpu: '1', node: 'a' }));
  const s1 = cache.snapshot();
  cache.updatePod(pod('p'), pod('p', { cpu: '1', node: 'b' }));
  const s2 = cache.snapshot();
  assert.equal(s2.get('a')!.pods.length, 0);
  assert.equal(s2.get('b')!.requested.milliCPU, 1000);
  assert.equal(s1.get('a')!.pods.length, 1, 'older snapshots are not mutated');
  const s3 = cache.snapshot();
  assert.equal(s3.get('a'), s2.get('a'), 'unchanged nodes are reused');
  cache.removeNode(node('b'));
  assert.equal(cache.snapshot().get('b'), undefined);
  cache.addNode(node('b'));
  assert.equal(cache.snapshot().get('b')!.pods.length, 1, 'pods of a deleted node are still accounted');
  const done = pod('p', { cpu: '1', node: 'b' });
  cache.updatePod(done, { ...done, status: { phase: 'Succeeded' } });
  assert.equal(cache.snapshot().get('b')!.pods.length, 0);
});

test('snapshot interleaves zones', () => {
  const cache = new SchedulerCache();
  for (const [n, z] of [['a1', 'a'], ['a2', 'a'], ['b1', 'b'], ['b2', 'b']]) cache.addNode(node(n, { labels: { 'topology.kubernetes.io/zone': z } }));
  assert.deepEqual(cache.snapshot().nodes.map((n) => n.name), ['a1', 'b1', 'a2', 'b2']);
});

test('snapshots swap in changed nodes, and re-order only when nodes come, go or change zone', () => {
  const cache = new SchedulerCache();
  const zoned = (n: string, z: string) => node(n, { labels: { 'topology.kubernetes.io/zone': z } });
  for (const [n, z] of [['a1', 'a'], ['a2', 'a'], ['b1', 'b']]) cache.addNode(zoned(n, z));
  const s1 = cache.snapshot();
  assert.equal(cache.snapshot(), s1, 'nothing changed: the same snapshot');
  cache.addPod(pod('p', { cpu: '1', node: 'a2' }));
  const s2 = cache.snapshot();
  assert.deepEqual(s2.nodes.map((n) => n.name), ['a1', 'b1', 'a2']);
  assert.equal(s2.get('a2')!.pods.length, 1);
  assert.equal(s1.get('a2')!.pods.length, 0, 'older snapshots are not mutated');
  assert.equal(s2.get('a1'), s1.get('a1'));
  cache.updateNode(zoned('a2', 'b'));
  assert.deepEqual(cache.snapshot().nodes.map((n) => n.name), ['a1', 'a2', 'b1']);
  cache.removeNode(zoned('b1', 'b'));
  assert.deepEqual(cache.snapshot().nodes.map((n) => n.name), ['a1', 'a2']);
});

test('snapshots list the nodes hosting pods with pod affinity', () => {
  const cache = new SchedulerCache();
  for (const n of ['n1', 'n2', 'n3']) cache.addNode(node(n));
  const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'x' } } }] } };
  const preferred = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] } };
  cache.addPod(pod('a', { node: 'n2', spec: { affinity: anti } }));
  cache.addPod(pod('b', { node: 'n3', spec: { affinity: preferred } }));
  cache.addPod(pod('c', { node: 'n1' }));
  const names = (ns: readonly { name: string }[]) => ns.map((n) => n.name);
  const s1 = cache.snapshot();
  assert.deepEqual(names(s1.havePodsWithAffinity()), ['n2', 'n3']);
  assert.deepEqual(names(s1.havePodsWithRequiredAntiAffinity()), ['n2']);
  cache.addPod(pod('d', { node: 'n2' }));
  const s2 = cache.snapshot();
  assert.equal(s2.havePodsWithAffinity()[0], s2.get('n2'), 'lists hold the current copies');
  cache.removePod(pod('a'));
  const s3 = cache.snapshot();
  assert.deepEqual(names(s3.havePodsWithAffinity()), ['n3']);
  assert.deepEqual(names(s3.havePodsWithRequiredAntiAffinity()), []);
  assert.deepEqual(names(s1.havePodsWithRequiredAntiAffinity()), ['n2']);
});
