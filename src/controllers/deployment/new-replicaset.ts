// Finding or creating the Deployment's new ReplicaSet (upstream's getNewReplicaSet). An
// existing one (including an old ReplicaSet whose template a rollback brought back) gets
// revision max(old)+1 and the Deployment's annotations; a missing one is created as
// `<deployment>-<pod-template-hash>`, and a name taken by a different template is a hash
// collision, resolved by bumping status.collisionCount and trying again on the next sync.

import { isAlreadyExists, isNamespaceTerminating } from '../../client/index.js';
import { deepCopy } from '../../machinery/deep.js';
import { newControllerRef, getControllerOf } from '../common/controller-ref.js';
import { setDeploymentRevision, setNewReplicaSetAnnotations } from './annotations.js';
import { asDeployment, asReplicaSet, type DeploymentEnv } from './env.js';
import { computeHash } from './hash.js';
import { equalIgnoreHash, findNewReplicaSet, findOldReplicaSets, maxRevision } from './replicasets.js';
import { PROGRESSING, Reasons, getCondition, hasProgressDeadline, newCondition, setCondition } from './status.js';
import { newRSNewReplicas } from './surge.js';
import { DEPLOYMENT_GVK, POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION, type Deployment, type ReplicaSet } from './types.js';
import { updateDeploymentStatus } from './writes.js';

export interface ReplicaSetsOf {
  newRS?: ReplicaSet;
  oldRSs: ReplicaSet[];
}

/**
 * The Deployment's new ReplicaSet (created when `create` and missing) and its old ones,
 * with the new one's revision and annotations brought up to date and its revision
 * mirrored on the Deployment. A ReplicaSet updated here replaces its cached copy in
 * `rsList`, so later steps of the same sync do not write from a stale version.
 */
export async function getAllReplicaSetsAndSyncRevision(env: DeploymentEnv, d: Deployment, rsList: ReplicaSet[], create: boolean): Promise<ReplicaSetsOf> {
  const oldRSs = findOldReplicaSets(d, rsList);
  const newRS = await getNewReplicaSet(env, d, rsList, oldRSs, create);
  return { newRS, oldRSs };
}

async function getNewReplicaSet(env: DeploymentEnv, d: Deployment, rsList: ReplicaSet[], oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) {
    const synced = await syncExisting(env, d, existing, newRevision);
    rsList[rsList.indexOf(existing)] = synced;
    return synced;
  }
  if (!create) return undefined;
  return createNew(env, d, oldRSs, newRevision);
}

async function syncExisting(env: DeploymentEnv, d: Deployment, existing: ReplicaSet, newRevision: number): Promise<ReplicaSet> {
  const rs = deepCopy(existing);
  const annotationsChanged = setNewReplicaSetAnnotations(d, rs, newRevision, true);
  const minReadySeconds = d.spec?.minReadySeconds ?? 0;
  if (annotationsChanged || (rs.spec?.minReadySeconds ?? 0) !== minReadySeconds) {
    (rs.spec ??= {}).minReadySeconds = minReadySeconds;
    // The Deployment's revision follows on the sync this update triggers.
    return env.client.replicasets.update(rs.metadata?.namespace, asReplicaSet(rs));
  }
  let needsUpdate = setDeploymentRevision(d, rs.metadata?.annotations?.[REVISION_ANNOTATION] ?? '');
  // A Deployment that never had a Progressing condition starts the deadline clock now.
  if (hasProgressDeadline(d) && !getCondition(d.status, PROGRESSING)) {
    setCondition((d.status ??= {}), newCondition(PROGRESSING, 'True', Reasons.foundNewRS, `Found new replica set ${JSON.stringify(rs.metadata?.name)}`, env.now()));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(env, d);
  return rs;
}

async function createNew(env: DeploymentEnv, d: Deployment, oldRSs: ReplicaSet[], newRevision: number): Promise<ReplicaSet> {
  const desired = buildNewReplicaSet(d, oldRSs, newRevision);
  const name = desired.metadata!.name!;
  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = await env.client.replicasets.create(d.metadata?.namespace, desired);
  } catch (e) {
    if (!isAlreadyExists(e)) return reportCreateFailure(env, d, name, e);
    // A slow cache or a fast resync: ours if we control it and it runs our template.
    alreadyExists = true;
    const found = env.replicaSets.getByName(d.metadata?.namespace, name);
    if (!found) throw e;
    if (getControllerOf(found)?.uid !== d.metadata?.uid || !equalIgnoreHash(d.spec?.template, found.spec?.template)) {
      // A hash collision: a different template under our name. Bump the count and retry with a new hash.
      (d.status ??= {}).collisionCount = (d.status.collisionCount ?? 0) + 1;
      await updateDeploymentStatus(env, d);
      throw e;
    }
    created = found;
  }
  const replicas = desired.spec?.replicas ?? 0;
  if (!alreadyExists && replicas > 0) {
    env.recorder.event(asDeployment(d), 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`);
  }
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    setCondition((d.status ??= {}), newCondition(PROGRESSING, 'True', Reasons.newReplicaSet, `Created new replica set ${JSON.stringify(name)}`, env.now()));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(env, d);
  return created;
}

/** The ReplicaSet to create: template and selector with the hash label, owned by `d`, sized as far as maxSurge allows. */
export function buildNewReplicaSet(d: Deployment, oldRSs: readonly ReplicaSet[], newRevision: number): ReplicaSet {
  const template = deepCopy(d.spec?.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash } };
  const selector = deepCopy(d.spec?.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      // Deterministic, so a retried create cannot make a second one.
      name: `${d.metadata?.name}-${hash}`,
      namespace: d.metadata?.namespace,
      ownerReferences: [newControllerRef(d, DEPLOYMENT_GVK)],
      labels: { ...template.metadata.labels },
    },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
  };
  rs.spec!.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  return rs;
}

/** A create that failed for another reason: Progressing=False with the error, and a warning event. */
async function reportCreateFailure(env: DeploymentEnv, d: Deployment, name: string, err: unknown): Promise<never> {
  const msg = `Failed to create new replica set ${JSON.stringify(name)}: ${(err as Error)?.message ?? String(err)}`;
  if (!isNamespaceTerminating(err)) {
    if (hasProgressDeadline(d)) {
      setCondition((d.status ??= {}), newCondition(PROGRESSING, 'False', Reasons.failedRSCreate, msg, env.now()));
      // The create error is what matters; a failed status write would only hide it.
      await updateDeploymentStatus(env, d).catch(() => undefined);
    }
    env.recorder.event(asDeployment(d), 'Warning', Reasons.failedRSCreate, msg);
  }
  throw err;
}

