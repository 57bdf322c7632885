// The annotations a Deployment keeps on its ReplicaSets and itself: the rollout revision (and,
// when an old ReplicaSet becomes new again on a rollback, the revisions it served before),
// the replica counts it was sized for, and the Deployment's own annotations copied down
// (so `kubernetes.io/change-cause` shows in `kubectl rollout history`). Mutating helpers
// work on copies the caller owns and report whether anything changed.

import {
  DEPRECATED_ROLLBACK_TO_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  LAST_APPLIED_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  specReplicas,
  type Deployment,
  type ReplicaSet,
} from './types.js';
import { maxSurge } from './surge.js';

/** Upstream's limit on the revision-history annotation's length, in characters. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

/** Never copied from a Deployment to its ReplicaSets: each ReplicaSet has its own. */
const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO_ANNOTATION,
]);

function annotationsOf(obj: { metadata?: { annotations?: Record<string, string> } }): Record<string, string> {
  const meta = (obj.metadata ??= {});
  return (meta.annotations ??= {});
}

/** Copies the Deployment's annotations (but the skipped ones) onto `rs`. */
function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  const target = annotationsOf(rs);
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || target[k] === v) continue;
    target[k] = v;
    changed = true;
  }
  return changed;
}

/** Records the size the Deployment wants and its ceiling (replicas + maxSurge), used for proportional scaling later. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = annotationsOf(rs);
  let changed = false;
  if (a[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    a[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (a[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    a[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata?.annotations ?? {};
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/** The desired/max pair for `d` right now. */
export function replicasAnnotationValues(d: Deployment): { desired: number; max: number } {
  return { desired: specReplicas(d), max: specReplicas(d) + maxSurge(d) };
}

/**
 * Brings the new ReplicaSet's annotations in line with the Deployment: copied annotations,
 * revision raised to `newRevision` (never lowered: old ReplicaSets may have been deleted
 * since), the previous revision appended to the history when an existing revision is
 * raised (a rollback), and — for a ReplicaSet about to be created — the replica counts.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean, historyLimitInChars = MAX_REV_HISTORY_LENGTH_IN_CHARS): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const a = annotationsOf(rs);
  const oldRevision = a[REVISION_ANNOTATION];
  let oldRevisionInt = 0;
  if (oldRevision !== undefined && oldRevision !== '') {
    if (!/^[+-]?\d+$/.test(oldRevision)) return false;
    oldRevisionInt = Number(oldRevision);
  }
  if (oldRevisionInt < newRevision) {
    a[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined) appendRevisionHistory(a, oldRevision, historyLimitInChars);
  }
  if (!exists) {
    const { desired, max } = replicasAnnotationValues(d);
    if (setReplicasAnnotations(rs, desired, max)) changed = true;
  }
  return changed;
}

/** Appends `oldRevision` to the comma-separated history, dropping the oldest entries to stay within the limit. */
function appendRevisionHistory(a: Record<string, string>, oldRevision: string, limit: number): void {
  const history = a[REVISION_HISTORY_ANNOTATION] ?? '';
  if (history === '') {
    a[REVISION_HISTORY_ANNOTATION] = oldRevision;
    return;
  }
  const revisions = history.split(',');
  let totalLen = history.length + oldRevision.length + 1;
  let start = 0;
  while (totalLen > limit && start < revisions.length) {
    totalLen -= revisions[start].length + 1;
    start++;
  }
  // Upstream leaves the history alone (and logs) if even dropping everything would not fit.
  if (totalLen <= limit) a[REVISION_HISTORY_ANNOTATION] = [...revisions.slice(start), oldRevision].join(',');
}

/** Mirrors the new ReplicaSet's revision on the Deployment (what `kubectl rollout history` reads). */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const a = annotationsOf(d);
  if (a[REVISION_ANNOTATION] === revision) return false;
  a[REVISION_ANNOTATION] = revision;
  return true;
}
