// Resource arithmetic in the units upstream's scheduler uses: milli-CPU, bytes, and
// whole units for everything else ("scalar" resources: extended, hugepages, …).

import { parseQuantity } from '../machinery/index.js';
import type { Container, Pod, ResourceList } from './types.js';

export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Only meaningful for allocatable: the node's `pods` capacity. */
  allowedPodNumber: number;
  scalar: Record<string, number>;
}

/** Upstream's non-zero defaults, used for scoring only so that request-less pods still spread. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: {} };
}

export function cloneResource(r: Resource): Resource {
  return { ...r, scalar: { ...r.scalar } };
}

function quantity(v: string | number): ReturnType<typeof parseQuantity> {
  return parseQuantity(String(v));
}

/** Converts a ResourceList to scheduler units. */
export function resourceFromList(list: ResourceList | null | undefined): Resource {
  const r = emptyResource();
  for (const [name, v] of Object.entries(list ?? {})) {
    const q = quantity(v);
    switch (name) {
      case 'cpu':
        r.milliCPU = q.milliValue();
        break;
      case 'memory':
        r.memory = q.value();
        break;
      case 'ephemeral-storage':
        r.ephemeralStorage = q.value();
        break;
      case 'pods':
        r.allowedPodNumber = q.value();
        break;
      default:
        r.scalar[name] = q.value();
    }
  }
  return r;
}

export function addResource(into: Resource, r: Resource, sign = 1): void {
  into.milliCPU += sign * r.milliCPU;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
  for (const [k, v] of Object.entries(r.scalar)) into.scalar[k] = (into.scalar[k] ?? 0) + sign * v;
}

function maxResource(into: Resource, r: Resource): void {
  into.milliCPU = Math.max(into.milliCPU, r.milliCPU);
  into.memory = Math.max(into.memory, r.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, r.ephemeralStorage);
  for (const [k, v] of Object.entries(r.scalar)) into.scalar[k] = Math.max(into.scalar[k] ?? 0, v);
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const requests = c.resources?.requests ?? {};
  const r = resourceFromList(requests);
  // Only an absent request is defaulted; an explicit zero stays zero (as upstream).
  if (nonZero && !('cpu' in requests)) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
  if (nonZero && !('memory' in requests)) r.memory = DEFAULT_MEMORY_REQUEST;
  return r;
}

/**
 * The pod's effective request (upstream's resource.PodRequests): the sum of containers and
 * sidecars, or the largest init-container step if that is bigger, plus pod overhead.
 * With `nonZero`, missing cpu/memory requests count as 100m / 200Mi (scoring only).
 */
export function podRequests(pod: Pod, nonZero = false): Resource {
  const reqs = emptyResource();
  for (const c of pod.spec?.containers ?? []) addResource(reqs, containerRequests(c, nonZero));
  // Sidecars run alongside every later init container and the app containers, so they
  // add to both; a plain init container runs alone next to the sidecars started before it.
  const sidecars = emptyResource();
  const initMax = emptyResource();
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      addResource(reqs, r);
      addResource(sidecars, r);
      maxResource(initMax, sidecars);
    } else {
      const step = cloneResource(r);
      addResource(step, sidecars);
      maxResource(initMax, step);
    }
  }
  maxResource(reqs, initMax);
  if (pod.spec?.overhead) addResource(reqs, resourceFromList(pod.spec.overhead));
  return reqs;
}
