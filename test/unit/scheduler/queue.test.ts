import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchedulingQueue } from '../../../src/scheduler/index.js';
import { pod } from './fixtures.js';

function clockedQueue() {
  let now = 1_000_000;
  const q = new SchedulingQueue({ now: () => now });
  return { q, advance: (ms: number) => (now += ms) };
}

test('activeQ pops by priority, then creation time', async () => {
  const { q } = clockedQueue();
  q.add(pod('young', { created: '2024-01-02T00:00:00Z' }));
  q.add(pod('old', { created: '2024-01-01T00:00:00Z' }));
  q.add(pod('vip', { priority: 100, created: '2024-01-03T00:00:00Z' }));
  assert.deepEqual(q.pending().active, ['default/vip', 'default/old', 'default/young']);
  const order = [];
  for (let i = 0; i < 3; i++) order.push((await q.pop())!.key);
  assert.deepEqual(order, ['default/vip', 'default/old', 'default/young']);
  assert.equal(q.schedulingCycle, 3);
});

test('pop waits for a pod and ends on close', async () => {
  const { q } = clockedQueue();
  const waiting = q.pop();
  q.add(pod('p'));
  assert.equal((await waiting)?.key, 'default/p');
  const ended = q.pop();
  q.close();
  assert.equal(await ended, undefined);
});

test('backoff doubles from 1 s to a 10 s cap', () => {
  const { q } = clockedQueue();
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((a) => q.backoffDuration(a)), [1000, 2000, 4000, 8000, 10000, 10000]);
});

test('unschedulable pods wait for an event, then back off before returning to activeQ', async () => {
  const { q, advance } = clockedQueue();
  q.add(pod('p'));
  const info = (await q.pop())!;
  info.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulable(info, q.schedulingCycle);
  assert.deepEqual(q.pending().unschedulable, ['default/p']);
  q.moveAllToActiveOrBackoff('NodeAdd');
  assert.deepEqual(q.pending().backoff, ['default/p']);
  advance(500);
  q.flushBackoffCompleted();
  assert.deepEqual(q.pending().backoff, ['default/p']);
  advance(600);
  q.flushBackoffCompleted();
  assert.deepEqual(q.pending().active, ['default/p']);
});

test('a move request during the attempt, or an error, sends the pod to backoff, not the parking lot', async () => {
  const { q } = clockedQueue();
  q.add(pod('a'));
  q.add(pod('b'));
  const a = (await q.pop())!;
  const cycleA = q.schedulingCycle;
  q.moveAllToActiveOrBackoff('AssignedPodDelete');
  a.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulable(a, cycleA);
  const b = (await q.pop())!;
  q.addUnschedulable(b, q.schedulingCycle); // no plugins: an error
  assert.deepEqual(q.pending(), { active: [], backoff: ['default/a', 'default/b'], unschedulable: [] });
});

test('pods parked for 5 minutes are retried without an event; spec updates retry at once', async () => {
  const { q, advance } = clockedQueue();
  q.add(pod('p'));
  q.add(pod('u'));
  for (let i = 0; i < 2; i++) {
    const info = (await q.pop())!;
    info.unschedulablePlugins = new Set(['TaintToleration']);
    q.addUnschedulable(info, q.schedulingCycle);
  }
  const old = pod('u');
  q.update(old, { ...old, status: { phase: 'Pending' } });
  assert.equal(q.pending().unschedulable.length, 2);
  advance(2000);
  q.update(old, { ...old, spec: { ...old.spec, tolerations: [{ operator: 'Exists' }] } });
  assert.deepEqual(q.pending().active, ['default/u']);
  advance(5 * 60_000);
  q.flushUnschedulableLeftover();
  assert.deepEqual(q.pending().unschedulable, []);
  assert.deepEqual(q.pending().active.sort(), ['default/p', 'default/u']);
  q.delete(pod('p'));
  assert.deepEqual(q.pending().active, ['default/u']);
});
