// The Deployment's status as upstream computes it: replica counts summed over its
// ReplicaSets, the Available condition, and the Progressing condition that `kubectl rollout
// status` and `helm --wait` watch (created/found/updated/available, paused/resumed, or
// timed out after progressDeadlineSeconds). Pure functions; `now` is passed in.

import { nowRFC3339, parseRFC3339 } from '../../machinery/time.js';
import { actualReplicaCount, availableReplicaCount, readyReplicaCount, replicaCount } from './replicasets.js';
import { maxUnavailable } from './surge.js';
import { MAX_INT32, specReplicas, type ConditionStatus, type Deployment, type DeploymentCondition, type DeploymentStatus, type ReplicaSet } from './types.js';

export const AVAILABLE = 'Available';
export const PROGRESSING = 'Progressing';
export const REPLICA_FAILURE = 'ReplicaFailure';

/** Condition reasons, as upstream names them. */
export const Reasons = {
  replicaSetUpdated: 'ReplicaSetUpdated',
  failedRSCreate: 'ReplicaSetCreateError',
  newReplicaSet: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  newRSAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

export function newCondition(type: string, status: ConditionStatus, reason: string, message: string, now: Date): DeploymentCondition {
  const t = nowRFC3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * Sets `cond`, unless one of its type already has the same status and reason (so timestamps
 * do not churn); a condition whose status is unchanged keeps its lastTransitionTime. The set
 * condition moves to the end of the list, as upstream's does.
 */
export function setCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const current = getCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  const next = current && current.status === cond.status ? { ...cond, lastTransitionTime: current.lastTransitionTime } : cond;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length > 0) status.conditions = rest;
  else delete status.conditions;
}

/** Whether the Progressing condition is maintained at all (progressDeadlineSeconds unset or MaxInt32 means no). */
export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== MAX_INT32;
}

/** Counts and the Available condition from the ReplicaSets; other conditions carried over. Zero counts are omitted (omitempty). */
export function calculateStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: Date): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  // More available than wanted (while scaling down) is not negative unavailability.
  const unavailable = Math.max(replicaCount(allRSs) - available, 0);
  const status: DeploymentStatus = omitZeros({
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
  });
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition(AVAILABLE, 'True', Reasons.minimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition(AVAILABLE, 'False', Reasons.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

function omitZeros(counts: Record<string, number>): DeploymentStatus {
  return Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== 0)) as DeploymentStatus;
}

/** All replicas updated, existing and available, and the latest spec observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const replicas = specReplicas(d);
  return (s.updatedReplicas ?? 0) === replicas && (s.replicas ?? 0) === replicas && (s.availableReplicas ?? 0) === replicas && (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
}

/** Progress since the last status: more updated, fewer old, more ready or more available pods. */
export function deploymentProgressing(d: Deployment, next: DeploymentStatus): boolean {
  const prev = d.status ?? {};
  const oldBefore = (prev.replicas ?? 0) - (prev.updatedReplicas ?? 0);
  const oldNow = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (prev.updatedReplicas ?? 0) ||
    oldNow < oldBefore ||
    (next.readyReplicas ?? 0) > (prev.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (prev.availableReplicas ?? 0)
  );
}

/** No progress reported within progressDeadlineSeconds of the Progressing condition's last update. */
export function deploymentTimedOut(d: Deployment, next: DeploymentStatus, now: Date): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getCondition(next, PROGRESSING);
  if (!cond) return false;
  // A finished rollout is not re-judged (the cache may lag behind a just-created ReplicaSet).
  if (cond.reason === Reasons.newRSAvailable) return false;
  if (cond.reason === Reasons.timedOut) return true;
  const from = parseRFC3339(cond.lastUpdateTime ?? '')?.getTime();
  if (from === undefined) return false;
  return from + d.spec!.progressDeadlineSeconds! * 1000 < now.getTime();
}

/**
 * The status a rollout step leaves: calculateStatus plus the Progressing condition
 * (complete, progressing or timed out) and any ReplicaSet's ReplicaFailure condition.
 */
export function rolloutStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: Date): DeploymentStatus {
  const next = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(next, PROGRESSING);
  const current = getCondition(d.status, PROGRESSING);
  const alreadyComplete = (next.replicas ?? 0) === (next.updatedReplicas ?? 0) && current?.reason === Reasons.newRSAvailable;
  if (hasProgressDeadline(d) && !alreadyComplete) {
    const rsName = newRS?.metadata?.name;
    const subject = rsName ? `ReplicaSet ${JSON.stringify(rsName)}` : `Deployment ${JSON.stringify(d.metadata?.name ?? '')}`;
    if (deploymentComplete(d, next)) {
      setCondition(next, newCondition(PROGRESSING, 'True', Reasons.newRSAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, next)) {
      // Progress refreshes lastUpdateTime even with an unchanged reason (that is what the deadline counts from).
      const cond = newCondition(PROGRESSING, 'True', Reasons.replicaSetUpdated, `${subject} is progressing.`, now);
      if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
      removeCondition(next, PROGRESSING);
      setCondition(next, cond);
    } else if (deploymentTimedOut(d, next, now)) {
      setCondition(next, newCondition(PROGRESSING, 'False', Reasons.timedOut, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(next, failure);
  else removeCondition(next, REPLICA_FAILURE);
  return next;
}

/** The first ReplicaFailure condition among the ReplicaSets (the new one first), as a Deployment condition. */
function replicaFailure(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined {
  const ordered = newRS ? [newRS, ...allRSs.filter((rs) => rs !== newRS)] : allRSs;
  for (const rs of ordered) {
    const c = rs?.status?.conditions?.find((x) => x.type === REPLICA_FAILURE);
    if (c) return { type: REPLICA_FAILURE, status: c.status, lastTransitionTime: c.lastTransitionTime, lastUpdateTime: c.lastTransitionTime, reason: c.reason, message: c.message };
  }
  return undefined;
}

/**
 * When to look at a stalled rollout again so the deadline is noticed without any event:
 * milliseconds until the Progressing condition's deadline (plus a second), 0 for "now,
 * rate-limited", undefined when there is nothing to watch for.
 */
export function stuckRequeueAfter(d: Deployment, next: DeploymentStatus, now: Date): number | undefined {
  const cond = getCondition(d.status, PROGRESSING);
  if (!hasProgressDeadline(d) || !cond) return undefined;
  if (deploymentComplete(d, next) || cond.reason === Reasons.timedOut) return undefined;
  const from = parseRFC3339(cond.lastUpdateTime ?? '')?.getTime();
  if (from === undefined) return undefined;
  const after = from + d.spec!.progressDeadlineSeconds! * 1000 - now.getTime();
  return after < 1000 ? 0 : after + 1000;
}

/**
 * The Progressing condition for pausing (Unknown/DeploymentPaused) or resuming
 * (Unknown/DeploymentResumed), or undefined when nothing changes. A timed-out condition is
 * left alone; resuming resets the clock so a long pause does not count against the deadline.
 */
export function pausedCondition(d: Deployment, now: Date): DeploymentCondition | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const cond = getCondition(d.status, PROGRESSING);
  if (cond?.reason === Reasons.timedOut) return undefined;
  const pausedNoted = cond?.reason === Reasons.paused;
  if (d.spec?.paused && !pausedNoted) return newCondition(PROGRESSING, 'Unknown', Reasons.paused, 'Deployment is paused', now);
  if (!d.spec?.paused && pausedNoted) return newCondition(PROGRESSING, 'Unknown', Reasons.resumed, 'Deployment is resumed', now);
  return undefined;
}
