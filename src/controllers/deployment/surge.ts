// The rolling-update arithmetic: maxSurge/maxUnavailable resolved against spec.replicas, how
// far the new ReplicaSet may grow, and each ReplicaSet's share when a Deployment is resized
// mid-rollout (upstream's ResolveFenceposts, NewRSNewReplicas, GetReplicaSetProportion).

import { getScaledValueFromIntOrPercent, type IntOrString } from '../../machinery/intorstr.js';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, intAnnotation, specReplicas, type Deployment, type ReplicaSet } from './types.js';
import { replicaCount } from './replicasets.js';

export function isRollingUpdate(d: Deployment): boolean {
  return d.spec?.strategy?.type === 'RollingUpdate';
}

/**
 * maxSurge rounds up and maxUnavailable rounds down; if both come to zero (say 1% of 2
 * replicas), one pod may be unavailable, or the rollout could never move.
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  const unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
}

function fenceposts(d: Deployment): { surge: number; unavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, specReplicas(d));
}

/** Pods that may be missing during a rolling update (0 for Recreate or an empty Deployment), never more than spec.replicas. */
export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || specReplicas(d) === 0) return 0;
  return Math.min(fenceposts(d).unavailable, specReplicas(d));
}

/** Pods beyond spec.replicas a rolling update may run (0 for Recreate). */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

/** The size the new ReplicaSet may have now: up to spec.replicas, keeping all pods within replicas + maxSurge. */
export function newRSNewReplicas(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  const type = d.spec?.strategy?.type;
  if (type === 'Recreate') return specReplicas(d);
  if (type !== 'RollingUpdate') throw new Error(`deployment type ${type} isn't supported`);
  const maxTotal = specReplicas(d) + maxSurge(d);
  const current = replicaCount(allRSs);
  if (current >= maxTotal) return specReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, specReplicas(d) - specReplicas(newRS));
  return specReplicas(newRS) + scaleUp;
}

/**
 * The new ReplicaSet owns the whole Deployment: sized to spec.replicas, annotated with that
 * size (so it was not sized for a different spec), and all of its pods available.
 */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const replicas = specReplicas(d);
  const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
  return specReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/**
 * How many replicas `rs` gains (or loses, when negative) out of `toAdd` for the whole
 * Deployment, `added` having gone to the ReplicaSets before it: its share in proportion to
 * the Deployment size it was last sized for (its max-replicas annotation), never beyond
 * what is left to hand out.
 */
export function replicaSetProportion(rs: ReplicaSet | undefined, d: Deployment, toAdd: number, added: number): number {
  if (!rs || specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  // Growing: never past what is left; shrinking: never below it.
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  // Scaling to zero takes everything.
  if (specReplicas(d) === 0) return -specReplicas(rs);
  const maxReplicas = specReplicas(d) + maxSurge(d);
  let before = intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
  if (!before) {
    // Annotation tampered with: fall back to the Deployment's current size, or do nothing.
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  const size = (specReplicas(rs) * maxReplicas) / before;
  return roundHalfAwayFromZero(size) - specReplicas(rs);
}

/** Go's integer.RoundToInt32. */
function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? Math.trunc(x - 0.5) : Math.trunc(x + 0.5);
}
