import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cidr, duration, runtimeName } from '../../src/cmd/flags.js';

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

test('pod CIDRs are IPv4 networks from /8 to /24, normalised', () => {
  assert.equal(cidr('10.42.0.0/16'), '10.42.0.0/16');
  assert.equal(cidr('10.42.7.9/16'), '10.42.0.0/16');
  assert.equal(cidr('192.168.5.0/24'), '192.168.5.0/24');
  assert.throws(() => cidr('10.42.0.0'));
  assert.throws(() => cidr('10.300.0.0/16'));
  assert.throws(() => cidr('10.42.0.0/28'));
});

test('the runtime is containerd or process', () => {
  assert.equal(runtimeName('process'), 'process');
  assert.equal(runtimeName('containerd'), 'containerd');
  assert.throws(() => runtimeName('docker'));
});
