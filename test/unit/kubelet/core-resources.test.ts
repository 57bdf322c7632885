// Container cgroup settings from requests and limits, as the kubelet computes them.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { containerResources, milliCPUToQuota, milliCPUToShares } from '../../../src/kubelet/container-resources.js';

it('computes shares from the cpu request, quota from the cpu limit, bytes from the memory limit', () => {
  assert.deepEqual(containerResources({ name: 'c', resources: { requests: { cpu: '250m' }, limits: { cpu: '1500m', memory: '128Mi' } } }), {
    cpuShares: 256,
    cpuQuota: 150_000,
    cpuPeriod: 100_000,
    memoryLimitBytes: 128 * 1024 * 1024,
  });
});

it('gives best-effort containers the minimum shares and no limits', () => {
  assert.deepEqual(containerResources({ name: 'c' }), { cpuShares: 2, cpuQuota: 0, cpuPeriod: 100_000, memoryLimitBytes: 0 });
});

it('takes shares from the limit when only a limit is set', () => {
  assert.equal(containerResources({ name: 'c', resources: { limits: { cpu: '2' } } }).cpuShares, 2048);
});

it('clamps shares and quota as upstream', () => {
  assert.equal(milliCPUToShares(1), 2);
  assert.equal(milliCPUToShares(1_000_000), 262_144);
  assert.equal(milliCPUToQuota(1, 100_000), 1000);
  assert.equal(milliCPUToQuota(0, 100_000), 0);
  assert.equal(containerResources({ name: 'c', resources: { limits: { memory: '1G' } } }).memoryLimitBytes, 1e9);
});
