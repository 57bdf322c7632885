import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CidrSet } from '../../../src/controllers/nodeipam/cidr-set.js';

test('hands out the subnets in turn, and none twice', () => {
  const set = new CidrSet('10.42.0.0/16', 24);
  assert.equal(set.allocate(), '10.42.0.0/24');
  assert.equal(set.allocate(), '10.42.1.0/24');
  assert.ok(set.occupy('10.42.2.0/24'));
  assert.equal(set.allocate(), '10.42.3.0/24');
  // A released subnet comes back only after the others have been handed out.
  set.release('10.42.0.0/24');
  assert.equal(set.allocate(), '10.42.4.0/24');
});

test('runs out, and finds released subnets when it wraps around', () => {
  const set = new CidrSet('10.42.0.0/22', 24);
  const all = [set.allocate(), set.allocate(), set.allocate(), set.allocate()];
  assert.deepEqual(all, ['10.42.0.0/24', '10.42.1.0/24', '10.42.2.0/24', '10.42.3.0/24']);
  assert.equal(set.allocate(), undefined);
  set.release('10.42.2.0/24');
  assert.equal(set.allocate(), '10.42.2.0/24');
});

test('CIDRs from elsewhere, of another size or misaligned, are not its own', () => {
  const set = new CidrSet('10.42.0.0/16', 24);
  assert.equal(set.occupy('10.128.0.0/24'), false);
  assert.equal(set.occupy('10.42.0.0/25'), false);
  assert.equal(set.occupy('10.42.0.128/24'), false);
  assert.equal(set.occupy('10.42.255.0/24'), true);
  assert.throws(() => new CidrSet('10.42.0.0/16', 8), /--node-cidr-mask-size 8/);
});
