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
