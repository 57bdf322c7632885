// One Deployment sync (upstream's syncDeployment): claim its ReplicaSets, then — in
// upstream's order of precedence — only refresh status while it is being deleted, resize
// without rolling out while paused or when spec.replicas changed, or else take the next
// step of its strategy. kubectl's `rollout undo` rewrites the template client-side in
// apps/v1, so a rollback is an ordinary rollout that finds an old ReplicaSet as "new".

import type { Pod } from '../../api/core/types.js';
import { NAMESPACE_INDEX, type Indexer } from '../../client/index.js';
import { deepEqual } from '../../machinery/deep.js';
import { labelSelectorFromMeta } from '../../machinery/labels.js';
import { adoptObject, claimObjects, getControllerOf, newControllerRef, releaseObject } from '../common/controller-ref.js';
import { asDeployment, type DeploymentEnv } from './env.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replicaset.js';
import { planScale } from './plan.js';
import { rolloutRecreate, type PodMap } from './recreate.js';
import { filterActive } from './replicasets.js';
import { rolloutRolling } from './rolling.js';
import { pausedCondition, setCondition } from './status.js';
import { DEPLOYMENT_GVK, DESIRED_REPLICAS_ANNOTATION, intAnnotation, specReplicas, type Deployment, type ReplicaSet } from './types.js';
import { applyScaleSteps, cleanupDeployment, syncDeploymentStatus, updateDeploymentStatus } from './writes.js';

/** Syncs `d`, a copy the caller gives away (it is changed as the sync goes). */
export async function syncDeployment(env: DeploymentEnv, d: Deployment): Promise<void> {
  if (deepEqual(d.spec?.selector, {})) return selectingAll(env, d);
  const rsList = await getReplicaSetsForDeployment(env, d);
  if (d.metadata?.deletionTimestamp) return syncStatusOnly(env, d, rsList);

  await checkPausedConditions(env, d);
  if (d.spec?.paused) return sync(env, d, rsList);
  if (await isScalingEvent(env, d, rsList)) return sync(env, d, rsList);

  switch (d.spec?.strategy?.type) {
    case 'Recreate':
      return rolloutRecreate(env, d, rsList, podMapForDeployment(env.pods, d, rsList));
    case 'RollingUpdate':
      return rolloutRolling(env, d, rsList);
  }
  throw new Error(`unexpected deployment strategy type: ${d.spec?.strategy?.type}`);
}

/** An empty selector would take every pod in the namespace: refuse, but say so and mark the spec observed. */
async function selectingAll(env: DeploymentEnv, d: Deployment): Promise<void> {
  env.recorder.event(asDeployment(d), 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
  const generation = d.metadata?.generation ?? 0;
  if ((d.status?.observedGeneration ?? 0) >= generation) return;
  d.status = { ...d.status, observedGeneration: generation };
  await updateDeploymentStatus(env, d);
}

/** The ReplicaSets `d` controls, after adopting matching orphans and releasing owned ones that stopped matching. */
async function getReplicaSetsForDeployment(env: DeploymentEnv, d: Deployment): Promise<ReplicaSet[]> {
  const ns = d.metadata?.namespace ?? '';
  const rsClient = env.client.replicasets;
  return claimObjects<ReplicaSet>({
    owner: d,
    selector: labelSelectorFromMeta(d.spec?.selector),
    objects: env.replicaSets.byIndex(NAMESPACE_INDEX, ns),
    getOwner: () => env.client.deployments.get(ns, d.metadata?.name ?? ''),
    adopt: (rs) => adoptObject(rsClient, rs, newControllerRef(d, DEPLOYMENT_GVK)),
    release: (rs) => releaseObject(rsClient, rs, d.metadata?.uid ?? ''),
  });
}

/**
 * The pods of each of `rsList`, by ReplicaSet uid — all of them, whatever their phase, as
 * Recreate must see that no old pod still runs.
 */
export function podMapForDeployment(pods: Indexer<Pod>, d: Deployment, rsList: readonly ReplicaSet[]): PodMap {
  const map: PodMap = new Map(rsList.map((rs) => [rs.metadata?.uid ?? '', [] as Pod[]]));
  const selector = labelSelectorFromMeta(d.spec?.selector);
  for (const pod of pods.byIndex(NAMESPACE_INDEX, d.metadata?.namespace ?? '')) {
    if (!selector.matches(pod.metadata?.labels)) continue;
    map.get(getControllerOf(pod)?.uid ?? '')?.push(pod);
  }
  return map;
}

/** Records pausing or resuming on the Progressing condition, so a pause does not count against the deadline. */
async function checkPausedConditions(env: DeploymentEnv, d: Deployment): Promise<void> {
  const cond = pausedCondition(d, env.now());
  if (!cond) return;
  setCondition((d.status ??= {}), cond);
  await updateDeploymentStatus(env, d);
}

/** spec.replicas differs from what some active ReplicaSet was sized for: a resize, not a rollout. */
async function isScalingEvent(env: DeploymentEnv, d: Deployment, rsList: ReplicaSet[]): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  return filterActive([...oldRSs, newRS]).some((rs) => {
    const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
    return desired !== undefined && desired !== specReplicas(d);
  });
}

/** Resizing (proportionally, mid-rollout) without rolling out; a paused Deployment also trims its history. */
async function sync(env: DeploymentEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  await applyScaleSteps(env, d, planScale(d, newRS, oldRSs));
  if (d.spec?.paused) await cleanupDeployment(env, oldRSs, d);
  await syncDeploymentStatus(env, [...oldRSs, newRS], newRS, d);
}

async function syncStatusOnly(env: DeploymentEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  await syncDeploymentStatus(env, [...oldRSs, newRS], newRS, d);
}
