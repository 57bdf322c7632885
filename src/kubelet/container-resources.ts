// The cgroup settings of a container from its requests and limits, as the kubelet computes
// them (kuberuntime_container_linux.go, cm.MilliCPUToShares / MilliCPUToQuota): CPU shares
// from the request (the limit when only that is set), CFS quota from the limit over a
// 100 ms period, and the memory limit in bytes.

import type { Container } from '../api/core/types.js';
import { parseQuantity } from '../machinery/quantity.js';
import type { ContainerResources } from './runtime/types.js';

export const CPU_PERIOD_US = 100_000;
const MIN_SHARES = 2;
const MAX_SHARES = 262_144;
const SHARES_PER_CPU = 1024;
const MIN_QUOTA_US = 1000;

function milli(v: string | number | undefined): number {
  return v === undefined ? 0 : parseQuantity(String(v)).milliValue();
}

function bytes(v: string | number | undefined): number {
  return v === undefined ? 0 : parseQuantity(String(v)).value();
}

export function milliCPUToShares(milliCPU: number): number {
  if (milliCPU === 0) return MIN_SHARES;
  const shares = Math.floor((milliCPU * SHARES_PER_CPU) / 1000);
  return Math.min(Math.max(shares, MIN_SHARES), MAX_SHARES);
}

export function milliCPUToQuota(milliCPU: number, periodUs: number): number {
  if (milliCPU === 0) return 0;
  return Math.max(Math.floor((milliCPU * periodUs) / 1000), MIN_QUOTA_US);
}

export function containerResources(c: Container): ContainerResources {
  const requestCPU = milli(c.resources?.requests?.cpu);
  const limitCPU = milli(c.resources?.limits?.cpu);
  return {
    cpuShares: milliCPUToShares(requestCPU === 0 && limitCPU !== 0 ? limitCPU : requestCPU),
    cpuQuota: milliCPUToQuota(limitCPU, CPU_PERIOD_US),
    cpuPeriod: CPU_PERIOD_US,
    memoryLimitBytes: bytes(c.resources?.limits?.memory),
  };
}
