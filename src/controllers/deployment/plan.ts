// The scaling decisions, as pure functions from a Deployment and its ReplicaSets to an
// ordered list of "set this ReplicaSet to N" steps; the controller then performs them.
// planScale is upstream's DeploymentController.scale (a resize, possibly mid-rollout or
// while paused); planOldScaleDown is reconcileOldReplicaSets for a rolling update.

import { availableReplicaCount, byCreation, bySizeNewer, bySizeOlder, filterActive, findActiveOrLatest, replicaCount } from './replicasets.js';
import { isRollingUpdate, isSaturated, maxSurge, maxUnavailable, replicaSetProportion } from './surge.js';
import { specReplicas, type Deployment, type ReplicaSet } from './types.js';

export interface ScaleStep {
  rs: ReplicaSet;
  replicas: number;
  /** Write even when the size is unchanged, to refresh the desired/max-replicas annotations (proportional scaling does). */
  refreshAnnotations?: boolean;
}

/**
 * Resizing: the only active ReplicaSet (or the newest) takes all replicas; a saturated new
 * ReplicaSet means the old ones go to zero; otherwise, in a rolling update, the replicas
 * to add or remove (against replicas + maxSurge) are shared out in proportion to each
 * active ReplicaSet's size, leftovers going to the largest.
 */
export function planScale(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ScaleStep[] {
  const replicas = specReplicas(d);
  const only = findActiveOrLatest(newRS, oldRSs);
  if (only) return specReplicas(only) === replicas ? [] : [{ rs: only, replicas }];
  if (isSaturated(d, newRS)) return filterActive(oldRSs).map((rs) => ({ rs, replicas: 0 }));
  if (!isRollingUpdate(d)) return [];

  const active = filterActive([...oldRSs, newRS]);
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - replicaCount(active);
  // Equal sizes: grow newer ones first, shrink older ones first.
  if (toAdd > 0) active.sort(bySizeNewer);
  else if (toAdd < 0) active.sort(bySizeOlder);

  const sizes = new Map<ReplicaSet, number>();
  let added = 0;
  for (const rs of active) {
    const proportion = toAdd !== 0 ? replicaSetProportion(rs, d, toAdd, added) : 0;
    sizes.set(rs, specReplicas(rs) + proportion);
    added += proportion;
  }
  if (toAdd !== 0 && active.length > 0) {
    const largest = active[0];
    sizes.set(largest, Math.max(sizes.get(largest)! + toAdd - added, 0));
  }
  return active.map((rs) => ({ rs, replicas: sizes.get(rs)!, refreshAnnotations: true }));
}

/**
 * Scaling old ReplicaSets down during a rolling update, never below replicas −
 * maxUnavailable available pods (counting the new ReplicaSet's unavailable pods against the
 * budget): first drop their unavailable pods (oldest ReplicaSet first), since those would
 * otherwise block the rollout; then available ones, oldest ReplicaSet first.
 */
export function planOldScaleDown(d: Deployment, allRSs: readonly ReplicaSet[], oldActive: readonly ReplicaSet[], newRS: ReplicaSet): ScaleStep[] {
  if (replicaCount(oldActive) === 0) return [];
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const newRSUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return [];

  const steps: ScaleStep[] = [];
  const sizes = new Map<ReplicaSet, number>(oldActive.map((rs) => [rs, specReplicas(rs)]));
  const oldest = [...oldActive].sort(byCreation);

  let cleaned = 0;
  for (const rs of oldest) {
    if (cleaned >= maxScaledDown) break;
    const size = sizes.get(rs)!;
    const unhealthy = size - (rs.status?.availableReplicas ?? 0);
    if (size === 0 || unhealthy <= 0) continue;
    const n = Math.min(maxScaledDown - cleaned, unhealthy);
    sizes.set(rs, size - n);
    steps.push({ rs, replicas: size - n });
    cleaned += n;
  }

  const available = availableReplicaCount([...oldActive, newRS]);
  if (available <= minAvailable) return steps;
  const budget = available - minAvailable;
  let scaledDown = 0;
  for (const rs of oldest) {
    if (scaledDown >= budget) break;
    const size = sizes.get(rs)!;
    if (size === 0) continue;
    const n = Math.min(size, budget - scaledDown);
    steps.push({ rs, replicas: size - n });
    scaledDown += n;
  }
  return steps;
}
