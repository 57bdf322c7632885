// The status a replica controller reports (upstream's calculateStatus and
// updateReplicaSetStatus): counts of the owner's active pods, and a ReplicaFailure
// condition while creating or deleting pods fails.

import type { Pod } from '../../api/core/types.js';
import { deepEqual } from '../../machinery/deep.js';
import { selectorFromSet } from '../../machinery/labels.js';
import { nowRFC3339 } from '../../machinery/time.js';
import type { ReplicaSpec } from './kinds.js';
import { isPodAvailable, isPodReady } from './pods.js';

export const REPLICA_FAILURE = 'ReplicaFailure';

export interface ReplicaCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** ReplicaSetStatus and ReplicationControllerStatus have the same fields. */
export interface ReplicaStatus {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaCondition[];
}

/** The status for `pods` (the owner's active, claimed pods); `manageError` is this sync's create/delete failure. */
export function calculateStatus(prev: ReplicaStatus | undefined, spec: ReplicaSpec, pods: Pod[], manageError: unknown, nowMs: number): ReplicaStatus {
  // Pods carrying every template label; fewer than `replicas` means some were relabelled by hand.
  const templateLabels = selectorFromSet(spec.template?.metadata?.labels);
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (templateLabels.matches(pod.metadata?.labels)) fullyLabeled++;
    if (!isPodReady(pod)) continue;
    ready++;
    if (isPodAvailable(pod, spec.minReadySeconds, nowMs)) available++;
  }
  const conditions = (prev?.conditions ?? []).filter((c) => c.type !== REPLICA_FAILURE);
  const failure = prev?.conditions?.find((c) => c.type === REPLICA_FAILURE);
  if (manageError !== undefined) {
    // An existing failure condition is kept as it was (its transition time is when failing began).
    const diff = pods.length - spec.replicas;
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const message = manageError instanceof Error ? manageError.message : String(manageError);
    conditions.push(failure ?? { type: REPLICA_FAILURE, status: 'True', lastTransitionTime: nowRFC3339(new Date(nowMs)), reason, message });
  }
  // Zero counts are left out, as Go's omitempty leaves them out on the wire (replicas excepted).
  return {
    replicas: pods.length,
    ...(fullyLabeled ? { fullyLabeledReplicas: fullyLabeled } : {}),
    ...(ready ? { readyReplicas: ready } : {}),
    ...(available ? { availableReplicas: available } : {}),
    ...(prev?.observedGeneration ? { observedGeneration: prev.observedGeneration } : {}),
    ...(conditions.length ? { conditions } : {}),
  };
}

/** True when writing `next` (observing `generation`) would change nothing. */
export function statusUpToDate(prev: ReplicaStatus | undefined, next: ReplicaStatus, generation: number | undefined): boolean {
  const n = (v: number | undefined) => v ?? 0;
  return (
    n(prev?.replicas) === n(next.replicas) &&
    n(prev?.fullyLabeledReplicas) === n(next.fullyLabeledReplicas) &&
    n(prev?.readyReplicas) === n(next.readyReplicas) &&
    n(prev?.availableReplicas) === n(next.availableReplicas) &&
    n(prev?.observedGeneration) === n(generation) &&
    deepEqual(prev?.conditions ?? [], next.conditions ?? [])
  );
}
