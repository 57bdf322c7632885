// What the replica controller asks of a pod (upstream's podutil and controller_utils.go):
// does it still count, is it ready, has it been ready long enough to be available.

import type { Pod } from '../../api/core/types.js';
import { parseRFC3339 } from '../../machinery/time.js';

/** A pod counts towards replicas until it has finished or is on its way out. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** When the Ready condition last changed (undefined when the pod is not ready or the time is unknown). */
export function podReadySinceMs(pod: Pod): number | undefined {
  if (!isPodReady(pod)) return undefined;
  const at = readyCondition(pod)?.lastTransitionTime;
  return at ? parseRFC3339(at)?.getTime() : undefined;
}

/** Ready for at least minReadySeconds (upstream's IsPodAvailable); a pod ready at an unknown time is available only without minReadySeconds. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = podReadySinceMs(pod);
  return since !== undefined && since + minReadySeconds * 1000 < nowMs;
}

function readyCondition(pod: Pod): { status: string; lastTransitionTime?: string } | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready') as { status: string; lastTransitionTime?: string } | undefined;
}
