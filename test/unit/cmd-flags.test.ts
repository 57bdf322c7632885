import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duration } from '../../src/cmd/flags.js';

test('durations are read as Go writes them', () => {
  assert.equal(duration('40s'), 40);
  assert.equal(duration('1m30s'), 90);
  assert.equal(duration('500ms'), 0.5);
  assert.equal(duration('2h'), 7200);
  assert.equal(duration('15'), 15);
  assert.throws(() => duration('forty'));
  assert.throws(() => duration('10x'));
  assert.throws(() => duration('10s garbage'));
});
