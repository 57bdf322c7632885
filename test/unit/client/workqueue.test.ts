import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter, defaultControllerRateLimiter } from '../../../src/client/rate-limiter.js';
import { runWorkers, WorkQueue } from '../../../src/client/workqueue.js';

const tick = () => new Promise((r) => setImmediate(r));
/** A limiter that never waits, so tests need no sleeps. */
const noWait = () => new MaxOfRateLimiter<string>(new ItemExponentialFailureRateLimiter<string>(0, 0));

describe('WorkQueue', () => {
  it('dedups keys that are queued', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    q.add('b');
    q.add('a');
    assert.equal(q.len(), 2);
    assert.equal(await q.get(), 'a');
    assert.equal(await q.get(), 'b');
    assert.equal(q.len(), 0);
  });

  it('never hands a key being processed to a second worker; re-adds it after done()', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    const key = await q.get();
    q.add('a');
    assert.equal(q.len(), 0, 'not queued while processing');
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await tick();
    assert.equal(second, undefined);
    q.done(key!);
    await tick();
    assert.equal(second, 'a');
  });

  it('a waiting get() receives the next add', async () => {
    const q = new WorkQueue<string>();
    const got = q.get();
    q.add('x');
    assert.equal(await got, 'x');
  });

  it('shutDown wakes waiting getters with undefined, drains what is queued, and ignores new adds', async () => {
    const q = new WorkQueue<string>();
    const waiting = q.get();
    q.shutDown();
    assert.equal(await waiting, undefined);

    const q2 = new WorkQueue<string>();
    q2.add('left');
    q2.shutDown();
    q2.add('ignored');
    assert.equal(await q2.get(), 'left');
    assert.equal(await q2.get(), undefined);
    assert.ok(q2.isShuttingDown());
  });

  it('addAfter delivers later, keeping the earliest time for a key added twice', async () => {
    const q = new WorkQueue<string>();
    q.addAfter('k', 60_000);
    q.addAfter('k', 5);
    assert.equal(q.len(), 0);
    const t0 = Date.now();
    assert.equal(await q.get(), 'k');
    assert.ok(Date.now() - t0 < 1000);
    q.done('k');
    q.shutDown(); // clears the 60 s timer, so the test process can exit
  });

  it('addRateLimited counts requeues until forget()', async () => {
    const q = new WorkQueue<string>(noWait());
    q.addRateLimited('k');
    q.addRateLimited('k');
    assert.equal(q.numRequeues('k'), 2);
    q.forget('k');
    assert.equal(q.numRequeues('k'), 0);
    q.shutDown();
  });
});

describe('rate limiters', () => {
  it('per-item backoff: 5 ms doubling, capped at 1000 s, per key', () => {
    const l = new ItemExponentialFailureRateLimiter<string>();
    assert.deepEqual([l.when('a'), l.when('a'), l.when('a'), l.when('b')], [5, 10, 20, 5]);
    for (let i = 0; i < 40; i++) l.when('a');
    assert.equal(l.when('a'), 1000_000);
    l.forget('a');
    assert.equal(l.when('a'), 5);
  });

  it('token bucket: a burst of 100 free, then 10 per second', () => {
    let now = 0;
    const l = new BucketRateLimiter<string>(10, 100, () => now);
    for (let i = 0; i < 100; i++) assert.equal(l.when('x'), 0);
    assert.equal(l.when('x'), 100);
    assert.equal(l.when('x'), 200);
    now = 1000; // 10 tokens back pay off the debt of 2 and leave 8
    for (let i = 0; i < 8; i++) assert.equal(l.when('x'), 0);
    assert.equal(l.when('x'), 100);
  });

  it('the default controller limiter takes the larger wait', () => {
    const l = defaultControllerRateLimiter<string>();
    assert.equal(l.when('a'), 5);
    assert.equal(l.when('a'), 10);
    assert.equal(l.numRequeues('a'), 2);
  });
});

describe('runWorkers', () => {
  it('syncs every key, retries failures with backoff, forgets on success, and exits on shutdown', async () => {
    const q = new WorkQueue<string>(noWait());
    const attempts = new Map<string, number>();
    const concurrent = new Set<string>();
    let overlap = false;
    const done = runWorkers(q, 3, async (key) => {
      if (concurrent.has(key)) overlap = true;
      concurrent.add(key);
      await tick();
      concurrent.delete(key);
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (key === 'flaky' && n < 3) throw new Error('not yet');
      if (n === 1) q.add(key); // re-added while processing: comes back once, after done()
    });
    for (const k of ['a', 'b', 'flaky']) q.add(k);
    while (attempts.get('flaky') !== 3 || attempts.get('a') !== 2 || attempts.get('b') !== 2) await tick();
    assert.equal(q.numRequeues('flaky'), 0, 'forgotten after success');
    assert.equal(overlap, false);
    q.shutDown();
    await done;
  });
});
