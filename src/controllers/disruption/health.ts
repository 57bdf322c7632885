// Which of a budget's pods count as healthy (upstream's countHealthyPods and
// buildDisruptedPodMap). A pod the eviction subresource let go is listed in
// status.disruptedPods until its deletion shows up; for that long it is not counted,
// so two evictions racing the pod's deletion cannot both spend the same disruption.

import type { Pod } from '../../api/core/types.js';
import { parseRFC3339 } from '../../machinery/time.js';

/** How long an evicted pod may take to show its deletion (upstream's DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export interface DisruptedPods {
  /** The entries to keep: pod name → when the eviction was granted. */
  disruptedPods: Record<string, string>;
  /** When the earliest kept entry expires, to look again then. */
  recheckAtMs?: number;
  /** Pods whose eviction was granted over DELETION_TIMEOUT ago and that are still not deleting. */
  notDeleted: Pod[];
}

/** Keeps the entries of pods that still exist, are not yet deleting, and were evicted within the timeout. */
export function prunedDisruptedPods(pods: Pod[], current: Record<string, string> | undefined, nowMs: number): DisruptedPods {
  const result: DisruptedPods = { disruptedPods: {}, notDeleted: [] };
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    const at = current?.[name];
    if (pod.metadata?.deletionTimestamp || at === undefined) continue;
    const expiresMs = (parseRFC3339(at)?.getTime() ?? 0) + DELETION_TIMEOUT_MS;
    if (expiresMs < nowMs) {
      result.notDeleted.push(pod);
      continue;
    }
    result.disruptedPods[name] = at;
    result.recheckAtMs = Math.min(result.recheckAtMs ?? Infinity, expiresMs);
  }
  return result;
}

/** Ready pods that are neither deleting nor recently evicted. */
export function countHealthyPods(pods: Pod[], disruptedPods: Record<string, string>, nowMs: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const at = disruptedPods[pod.metadata?.name ?? ''];
    if (at !== undefined && (parseRFC3339(at)?.getTime() ?? 0) + DELETION_TIMEOUT_MS > nowMs) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}
