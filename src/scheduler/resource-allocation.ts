// What the resource scorers (NodeResourcesFit's strategy, BalancedAllocation) compare:
// per resource, the node's allocatable and what it would have requested with this pod.

import type { NodeInfo } from './node-info.js';
import type { Resource } from './resources.js';

export interface ResourceSpec {
  name: string;
  weight: number;
}

export const DEFAULT_SCORING_RESOURCES: readonly ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

function amount(r: Resource, name: string): number {
  switch (name) {
    case 'cpu':
      return r.milliCPU;
    case 'memory':
      return r.memory;
    case 'ephemeral-storage':
      return r.ephemeralStorage;
    default:
      return r.scalar[name] ?? 0;
  }
}

/**
 * [requested-with-pod, allocatable] per resource. `useRequested` picks real requests
 * (BalancedAllocation) over the non-zero defaults (LeastAllocated). A scalar resource the
 * pod does not ask for yields [0, 0] so that it is left out of the score.
 */
export function requestedAndAllocatable(node: NodeInfo, podRequest: Resource, resources: readonly ResourceSpec[], useRequested: boolean): Array<[number, number]> {
  const nodeRequested = useRequested ? node.requested : node.nonZeroRequested;
  return resources.map(({ name }) => {
    const want = amount(podRequest, name);
    const scalar = name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage';
    if (scalar && want === 0) return [0, 0];
    if (scalar && !(name in node.allocatable.scalar)) return [0, 0];
    // Ephemeral storage has no non-zero default, so it always counts real requests.
    const base = name === 'ephemeral-storage' ? node.requested : nodeRequested;
    return [amount(base, name) + want, amount(node.allocatable, name)];
  });
}
