// Endpoints objects are capped at 1000 addresses (upstream's maxCapacity): beyond that the
// controller keeps a proportional share of each subset — ready addresses first — and says
// so in the `endpoints.kubernetes.io/over-capacity: truncated` annotation. Consumers that
// need them all read EndpointSlices.

import type { EndpointSubset } from './subsets.js';

export const MAX_CAPACITY = 1000;
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

export function addressCount(subsets: EndpointSubset[]): number {
  return subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
}

/** The subsets cut down to `max` addresses, or undefined when they fit. */
export function truncateSubsets(subsets: EndpointSubset[], max = MAX_CAPACITY): EndpointSubset[] | undefined {
  if (addressCount(subsets) <= max) return undefined;
  const totalReady = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
  const totalNotReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
  // Too many ready addresses: share `max` among them and drop every not-ready one.
  // Otherwise keep every ready address and share what is left among the not-ready ones.
  const cutReady = totalReady > max;
  const budget = cutReady ? max : max - totalReady;
  const total = cutReady ? totalReady : totalNotReady;
  let left = budget;
  const out: EndpointSubset[] = [];
  for (const s of subsets) {
    const list = (cutReady ? s.addresses : s.notReadyAddresses) ?? [];
    const kept = list.slice(0, Math.min(Math.ceil((list.length / total) * budget), left));
    left -= kept.length;
    const ready = cutReady ? kept : (s.addresses ?? []);
    const notReady = cutReady ? [] : kept;
    // A subset left without addresses would be invalid; it goes.
    if (ready.length === 0 && notReady.length === 0) continue;
    const t: EndpointSubset = {};
    if (ready.length > 0) t.addresses = ready;
    if (notReady.length > 0) t.notReadyAddresses = notReady;
    if (s.ports) t.ports = s.ports;
    out.push(t);
  }
  return out;
}
