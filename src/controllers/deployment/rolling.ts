// The RollingUpdate strategy (upstream's rolloutRolling): each sync takes one step — grow
// the new ReplicaSet within maxSurge, or else shrink old ones within maxUnavailable — and
// the ReplicaSet status changes that step causes bring the next sync. Old ReplicaSets
// beyond the history limit are deleted once the rollout is complete.

import type { DeploymentEnv } from './env.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replicaset.js';
import { planOldScaleDown } from './plan.js';
import { filterActive } from './replicasets.js';
import { deploymentComplete } from './status.js';
import { newRSNewReplicas } from './surge.js';
import { specReplicas, type Deployment, type ReplicaSet } from './types.js';
import { applyScaleSteps, cleanupDeployment, scaleReplicaSet, syncRolloutStatus } from './writes.js';

export async function rolloutRolling(env: DeploymentEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, true);
  // create=true: the new ReplicaSet exists from here on.
  const allRSs = [...oldRSs, newRS!];

  if (await reconcileNewReplicaSet(env, allRSs, newRS!, d)) return syncRolloutStatus(env, allRSs, newRS, d);
  if (await applyScaleSteps(env, d, planOldScaleDown(d, allRSs, filterActive(oldRSs), newRS!))) return syncRolloutStatus(env, allRSs, newRS, d);

  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(env, oldRSs, d);
  return syncRolloutStatus(env, allRSs, newRS, d);
}

/** Grows the new ReplicaSet as far as maxSurge allows (or trims it if it is above spec.replicas). */
async function reconcileNewReplicaSet(env: DeploymentEnv, allRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  const replicas = specReplicas(d);
  if (specReplicas(newRS) === replicas) return false;
  const target = specReplicas(newRS) > replicas ? replicas : newRSNewReplicas(d, allRSs, newRS);
  return (await scaleReplicaSet(env, newRS, target, d)).scaled;
}
