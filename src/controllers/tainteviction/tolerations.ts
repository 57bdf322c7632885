// When a pod must leave a node with NoExecute taints (upstream's GetMatchingTolerations and
// getMinTolerationTime, with each taint's clock started at its timeAdded): at once if one
// taint is not tolerated, never if every matching toleration is unbounded, otherwise when
// the shortest tolerationSeconds runs out.

import type { Toleration } from '../../api/core/types.js';
import { parseRFC3339 } from '../../machinery/time.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/** v1.Toleration.ToleratesTaint: an empty effect or (with Exists) an empty key matches any. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.operator || t.operator === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return t.operator === 'Exists';
}

export function noExecuteTaints(taints: Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute');
}

/**
 * The time (ms since the epoch) at which a pod tolerating `tolerations` must be deleted
 * from a node with `taints` (NoExecute ones only), or undefined for never. A taint without
 * timeAdded counts from `sinceMs`, when the controller first saw the pod threatened.
 */
export function evictionTimeMs(taints: Taint[], tolerations: Toleration[], sinceMs: number): number | undefined {
  let at = Infinity;
  for (const taint of taints) {
    // Like upstream, the first toleration matching a taint is the one that counts.
    const t = tolerations.find((tol) => toleratesTaint(tol, taint));
    if (!t) return sinceMs;
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    const start = (taint.timeAdded && parseRFC3339(taint.timeAdded)?.getTime()) || sinceMs;
    at = Math.min(at, start + Math.max(0, t.tolerationSeconds) * 1000);
  }
  return at === Infinity ? undefined : at;
}
