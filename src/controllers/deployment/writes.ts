// The writes a Deployment sync makes besides creating its new ReplicaSet: resizing
// ReplicaSets (with the ScalingReplicaSet event `kubectl describe` shows), writing the
// Deployment's status only when it changed, and deleting ReplicaSets beyond
// revisionHistoryLimit.

import { isNotFound } from '../../client/index.js';
import { deepCopy } from '../../machinery/deep.js';
import { replicasAnnotationValues, replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './annotations.js';
import { asDeployment, asReplicaSet, type DeploymentEnv } from './env.js';
import { canonicalJson } from './hash.js';
import type { ScaleStep } from './plan.js';
import { byRevision } from './replicasets.js';
import { calculateStatus, rolloutStatus, stuckRequeueAfter } from './status.js';
import { MAX_INT32, specReplicas, type Deployment, type DeploymentStatus, type ReplicaSet } from './types.js';

/**
 * Sets `rs` to `replicas` (and its desired/max-replicas annotations to the Deployment's
 * current values). Without `refreshAnnotations`, an unchanged size is left alone. Returns
 * whether the size changed, and the ReplicaSet as now stored.
 */
export async function scaleReplicaSet(env: DeploymentEnv, rs: ReplicaSet, replicas: number, d: Deployment, refreshAnnotations = false): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  const oldScale = specReplicas(rs);
  const sizeChanges = oldScale !== replicas;
  const { desired, max } = replicasAnnotationValues(d);
  if (!sizeChanges && !(refreshAnnotations && replicasAnnotationsNeedUpdate(rs, desired, max))) return { scaled: false, rs };
  const copy = deepCopy(rs);
  (copy.spec ??= {}).replicas = replicas;
  setReplicasAnnotations(copy, desired, max);
  const updated = await env.client.replicasets.update(copy.metadata?.namespace, asReplicaSet(copy));
  if (sizeChanges) {
    const direction = oldScale < replicas ? 'up' : 'down';
    env.recorder.event(asDeployment(d), 'Normal', 'ScalingReplicaSet', `Scaled ${direction} replica set ${updated.metadata?.name} from ${oldScale} to ${replicas}`);
  }
  return { scaled: sizeChanges, rs: updated };
}

/** Performs `steps` in order (a later step on the same ReplicaSet builds on the earlier write); true if any size changed. */
export async function applyScaleSteps(env: DeploymentEnv, d: Deployment, steps: readonly ScaleStep[]): Promise<boolean> {
  const latest = new Map<string, ReplicaSet>();
  let scaled = false;
  for (const step of steps) {
    const uid = step.rs.metadata?.uid ?? '';
    const result = await scaleReplicaSet(env, latest.get(uid) ?? step.rs, step.replicas, d, step.refreshAnnotations);
    latest.set(uid, result.rs);
    scaled ||= result.scaled;
  }
  return scaled;
}

/** Writes `d` (its status, and any annotations changed locally) through the status subresource; `d` takes the new resourceVersion. */
export async function updateDeploymentStatus(env: DeploymentEnv, d: Deployment): Promise<void> {
  const updated = await env.client.deployments.updateStatus(d.metadata?.namespace, asDeployment(d));
  (d.metadata ??= {}).resourceVersion = updated.metadata?.resourceVersion;
}

function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  return canonicalJson(a ?? {}) === canonicalJson(b);
}

/** Status from the ReplicaSets alone (paused, resizing, or being deleted: no progress judged). */
export async function syncDeploymentStatus(env: DeploymentEnv, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const next = calculateStatus(allRSs, newRS, d, env.now());
  if (sameStatus(d.status, next)) return;
  d.status = next;
  await updateDeploymentStatus(env, d);
}

/** Status after a rollout step, judging progress; an unchanged status of a stalled rollout schedules the deadline check. */
export async function syncRolloutStatus(env: DeploymentEnv, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const now = env.now();
  const next = rolloutStatus(allRSs, newRS, d, now);
  if (sameStatus(d.status, next)) {
    const after = stuckRequeueAfter(d, next, now);
    if (after !== undefined) env.requeue(d, after);
    return;
  }
  d.status = next;
  await updateDeploymentStatus(env, d);
}

/**
 * Deletes the oldest old ReplicaSets beyond revisionHistoryLimit — only those fully scaled
 * down, with no pods left and their latest spec observed, so nothing running is lost.
 */
export async function cleanupDeployment(env: DeploymentEnv, oldRSs: readonly ReplicaSet[], d: Deployment): Promise<void> {
  const limit = d.spec?.revisionHistoryLimit;
  if (limit === undefined || limit === null || limit === MAX_INT32) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  const oldestFirst = [...cleanable].sort(byRevision);
  for (const rs of oldestFirst.slice(0, diff)) {
    const settled = (rs.status?.replicas ?? 0) === 0 && specReplicas(rs) === 0 && (rs.metadata?.generation ?? 0) <= (rs.status?.observedGeneration ?? 0);
    if (!settled) continue;
    try {
      await env.client.replicasets.delete(rs.metadata?.namespace, rs.metadata?.name ?? '');
    } catch (e) {
      // Stop at the first failure rather than pressing on against a struggling API server.
      if (!isNotFound(e)) throw e;
    }
  }
}
