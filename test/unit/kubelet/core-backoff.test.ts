// The kubelet's per-container back-off (first retry at once, then base, doubling to the
// maximum, reset after a long quiet time) and Go's duration format in its messages.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Backoff, goDuration } from '../../../src/kubelet/backoff.js';

it('waits base, then twice as long each time, up to the maximum', () => {
  let now = 0;
  const b = new Backoff({ baseMs: 10_000, maxMs: 300_000, now: () => now });
  const delays: number[] = [];
  // Each crash: at once when not in back-off, else wait until the delay since the exit has passed.
  for (let i = 0; i < 8; i++) {
    const exitedAt = now;
    assert.equal(b.isInBackOffSince('c', exitedAt), i > 0);
    now = i === 0 ? now : b.readyAt('c', exitedAt);
    assert.equal(b.isInBackOffSince('c', exitedAt), false);
    b.next('c');
    delays.push(b.delay('c'));
  }
  assert.deepEqual(delays, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
});

it('starts over after ten minutes without a retry, and keeps keys apart', () => {
  let now = 0;
  const b = new Backoff({ baseMs: 10_000, maxMs: 300_000, now: () => now });
  b.next('a');
  b.next('a');
  b.next('b');
  assert.equal(b.delay('a'), 20_000);
  assert.equal(b.delay('b'), 10_000);
  now = 600_001;
  assert.equal(b.delay('a'), 0);
  assert.equal(b.isInBackOffSince('a', now), false);
  b.next('a');
  assert.equal(b.delay('a'), 10_000);
  b.forgetPrefix('a');
  assert.equal(b.delay('a'), 0);
});

it('knows whether a pull is still backing off since the last attempt', () => {
  let now = 1000;
  const b = new Backoff({ baseMs: 100, now: () => now });
  assert.equal(b.isInBackOffSinceUpdate('img'), false);
  b.next('img');
  assert.equal(b.isInBackOffSinceUpdate('img'), true);
  assert.equal(b.readyAtSinceUpdate('img'), 1100);
  now = 1100;
  assert.equal(b.isInBackOffSinceUpdate('img'), false);
});

it('prints durations as Go does', () => {
  assert.equal(goDuration(10_000), '10s');
  assert.equal(goDuration(80_000), '1m20s');
  assert.equal(goDuration(300_000), '5m0s');
  assert.equal(goDuration(1600), '1.6s');
  assert.equal(goDuration(250), '250ms');
  assert.equal(goDuration(3_600_000), '1h0m0s');
});
