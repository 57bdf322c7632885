// The Recreate strategy (upstream's rolloutRecreate): scale every old ReplicaSet to zero,
// wait until none of their pods is left running, and only then create (or scale up) the new
// ReplicaSet — so old and new pods never run side by side.

import type { Pod } from '../../api/core/types.js';
import type { DeploymentEnv } from './env.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replicaset.js';
import { actualReplicaCount, filterActive } from './replicasets.js';
import { deploymentComplete } from './status.js';
import { specReplicas, type Deployment, type ReplicaSet } from './types.js';
import { applyScaleSteps, cleanupDeployment, scaleReplicaSet, syncRolloutStatus } from './writes.js';

/** Pods of the Deployment's ReplicaSets, by ReplicaSet uid. */
export type PodMap = Map<string, Pod[]>;

export async function rolloutRecreate(env: DeploymentEnv, d: Deployment, rsList: ReplicaSet[], podMap: PodMap): Promise<void> {
  // Not created yet: scaling up must wait for the old pods to go.
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  let allRSs: (ReplicaSet | undefined)[] = [...oldRSs, newRS];

  const scaledDown = await applyScaleSteps(env, d, filterActive(oldRSs).map((rs) => ({ rs, replicas: 0 })));
  if (scaledDown || oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(env, allRSs, newRS, d);

  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  await scaleReplicaSet(env, newRS!, specReplicas(d), d);

  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(env, oldRSs, d);
  return syncRolloutStatus(env, allRSs, newRS, d);
}

/**
 * Whether anything of the old ReplicaSets may still run: a ReplicaSet reporting pods, or a
 * pod of theirs not yet Succeeded or Failed (an Unknown phase counts as running: we cannot
 * tell that it stopped).
 */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], podMap: PodMap): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata?.uid === uid) continue;
    if (pods.some((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')) return true;
  }
  return false;
}
