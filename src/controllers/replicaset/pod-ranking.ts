// Which pods go first when a replica controller scales down (upstream's ActivePodsWithRanks
// and getPodsToDelete): the ones whose loss hurts least — not yet scheduled, not yet running,
// not ready, cheap to delete, doubled up on a node, newest, crash-looping.

import type { Pod } from '../../api/core/types.js';
import { parseRFC3339 } from '../../machinery/time.js';
import { isPodActive, isPodReady, podReadySinceMs } from './pods.js';

/** Users steer scale-down with this annotation (an int32; lower goes first). */
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

export interface RankedPod {
  pod: Pod;
  /** How many of the owner's (and its siblings') active pods share this pod's node. */
  rank: number;
}

/**
 * The `count` pods of `pods` to delete. `related` are the active pods of the owner and of
 * the other controllers with the same owner (a Deployment's ReplicaSets), so a pod doubled
 * up on a node with its siblings goes before one alone on its node.
 */
export function podsToDelete(pods: Pod[], related: Pod[], count: number, nowMs: number = Date.now()): Pod[] {
  if (count >= pods.length) return pods.slice();
  const onNode = new Map<string, number>();
  for (const p of related) {
    const node = p.spec?.nodeName;
    if (node && isPodActive(p)) onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, nowMs));
  return ranked.slice(0, count).map((r) => r.pod);
}

/** Negative when `a` should be deleted before `b`. */
export function compareForDeletion(a: RankedPod, b: RankedPod, nowMs: number): number {
  return deleteFirst(a, b, nowMs) ? -1 : deleteFirst(b, a, nowMs) ? 1 : 0;
}

function deleteFirst(a: RankedPod, b: RankedPod, nowMs: number): boolean {
  const [pa, pb] = [a.pod, b.pod];
  // 1. Unscheduled before scheduled.
  const [na, nb] = [pa.spec?.nodeName ?? '', pb.spec?.nodeName ?? ''];
  if (na !== nb && (na === '' || nb === '')) return na === '';
  // 2. Pending before Unknown before Running.
  const [oa, ob] = [PHASE_ORDER[pa.status?.phase ?? ''] ?? 0, PHASE_ORDER[pb.status?.phase ?? ''] ?? 0];
  if (oa !== ob) return oa < ob;
  // 3. Not ready before ready.
  if (isPodReady(pa) !== isPodReady(pb)) return !isPodReady(pa);
  // 4. Lower deletion cost first.
  const [ca, cb] = [deletionCost(pa), deletionCost(pb)];
  if (ca !== cb) return ca < cb;
  // 5. Doubled up before alone.
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. Ready for less time first, by powers of two of the age so that ties fall to the uid (random) rather than always the newest.
  if (isPodReady(pa) && isPodReady(pb)) {
    const order = newerFirst(podReadySinceMs(pa), podReadySinceMs(pb), pa, pb, nowMs);
    if (order !== undefined) return order;
  }
  // 7. More container restarts first.
  const [ra, rb] = [maxRestarts(pa), maxRestarts(pb)];
  if (ra !== rb) return ra > rb;
  // 8. Newer before older, likewise bucketed.
  return newerFirst(timeMs(pa.metadata?.creationTimestamp), timeMs(pb.metadata?.creationTimestamp), pa, pb, nowMs) ?? false;
}

/** undefined when the times are equal; a missing time counts as newest (upstream's zero time). */
function newerFirst(ta: number | undefined, tb: number | undefined, pa: Pod, pb: Pod, nowMs: number): boolean | undefined {
  if (ta === tb) return undefined;
  if (ta === undefined || tb === undefined) return ta === undefined;
  const diff = ageBucket(ta, nowMs) - ageBucket(tb, nowMs);
  if (diff === 0) return (pa.metadata?.uid ?? '') < (pb.metadata?.uid ?? '');
  return diff < 0;
}

/** floor(log2(age in nanoseconds)), as upstream's logarithmicRankDiff; -1 for no age. */
function ageBucket(tMs: number, nowMs: number): number {
  const ageMs = nowMs - tMs;
  return ageMs > 0 ? Math.floor(Math.log2(ageMs * 1e6)) : -1;
}

function timeMs(t: string | undefined): number | undefined {
  return t ? parseRFC3339(t)?.getTime() : undefined;
}

function deletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.[POD_DELETION_COST];
  if (v === undefined || !/^[+-]?\d+$/.test(v.trim())) return 0;
  const n = Number(v.trim());
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}
