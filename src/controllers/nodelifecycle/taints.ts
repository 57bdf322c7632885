// The taints the node lifecycle controller owns (upstream's TaintBasedEvictions and
// TaintNodesByCondition): each follows from a node condition or from cordoning, so the
// scheduler stops placing pods on a sick node (NoSchedule) and the taint eviction
// controller moves pods off an unreachable or not-ready one (NoExecute).

import type { Node } from '../../api/core/nodes.js';
import { nowRFC3339 } from '../../machinery/time.js';
import { getCondition } from './conditions.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

/** condition type → condition status → the NoSchedule taint it brings (upstream's nodeConditionToTaintKeyStatusMap). */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: TAINT_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_PID_PRESSURE },
};

/** Every key/effect pair this controller adds and removes; taints others set are never touched. */
const MANAGED = new Set([
  ...[TAINT_NOT_READY, TAINT_UNREACHABLE].map((k) => `${k}:NoExecute`),
  ...[...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)), TAINT_UNSCHEDULABLE].map((k) => `${k}:NoSchedule`),
]);

const id = (t: Taint) => `${t.key}:${t.effect}`;

export function nodeTaints(node: Node): Taint[] {
  return (node.spec?.taints ?? []) as Taint[];
}

/** The controller-owned taints `node` should carry given its conditions and cordon. */
export function desiredTaints(node: Node): Taint[] {
  const taints: Taint[] = [];
  const ready = getCondition(node, 'Ready')?.status;
  if (ready === 'False') taints.push({ key: TAINT_NOT_READY, effect: 'NoExecute' });
  if (ready === 'Unknown') taints.push({ key: TAINT_UNREACHABLE, effect: 'NoExecute' });
  for (const [type, byStatus] of Object.entries(CONDITION_TAINTS)) {
    const key = byStatus[getCondition(node, type)?.status ?? ''];
    if (key) taints.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) taints.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  return taints;
}

/**
 * `current` with the managed taints made exactly `desired`: others' taints and taints that
 * stay keep their place and timeAdded (the taint eviction controller counts from it); new
 * ones are stamped `now`. Undefined when nothing changes.
 */
export function reconcileTaints(current: Taint[], desired: Taint[], now: Date): Taint[] | undefined {
  const want = new Set(desired.map(id));
  const kept = current.filter((t) => !MANAGED.has(id(t)) || want.has(id(t)));
  const have = new Set(kept.map(id));
  const added = desired.filter((t) => !have.has(id(t))).map((t) => ({ ...t, timeAdded: nowRFC3339(now) }));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}
