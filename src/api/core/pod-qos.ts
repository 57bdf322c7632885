// A pod's QoS class (qos.ComputePodQOS): BestEffort without any cpu/memory requests or
// limits, Guaranteed when every container limits both and requests equal limits, else Burstable.

import type { Quantity } from '../../machinery/quantity.js';
import { quantityOf } from './resource-names.js';
import type { PodSpec, ResourceList } from './types.js';

const QOS_RESOURCES = ['cpu', 'memory'];

export function computeQOSClass(spec: PodSpec | undefined): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    sumInto(requests, c.resources?.requests);
    const limited = sumInto(limits, c.resources?.limits);
    if (!QOS_RESOURCES.every((r) => limited.has(r))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed && requests.size === limits.size && [...requests].every(([r, q]) => limits.get(r)?.cmp(q) === 0)) return 'Guaranteed';
  return 'Burstable';
}

/** Adds the non-zero cpu and memory amounts of one list into `into`; returns which were present. */
function sumInto(into: Map<string, Quantity>, list: ResourceList | undefined): Set<string> {
  const present = new Set<string>();
  for (const r of QOS_RESOURCES) {
    const q = quantityOf(list?.[r]);
    if (!q || q.isZero()) continue;
    present.add(r);
    const prev = into.get(r);
    into.set(r, prev ? prev.add(q) : q);
  }
  return present;
}
