// How many pods a PodDisruptionBudget expects and how many must stay healthy (upstream's
// getExpectedPodCount and getExpectedScale): an integer minAvailable needs nothing but the
// pods; a percentage or maxUnavailable is relative to the scale of the pods' controllers.

import type { Pod } from '../../api/core/types.js';
import type { OwnerReference } from '../../api/resource.js';
import type { PodDisruptionBudget } from '../../api/policy/poddisruptionbudget.js';
import { getScaledValueFromIntOrPercent } from '../../machinery/intorstr.js';
import { getControllerOf } from '../common/controller-ref.js';

/** A controller's identity and desired replicas; undefined when `ref` is not one this lookup knows. */
export type ScaleLookup = (ref: OwnerReference, namespace: string) => { uid: string; replicas: number } | undefined;

export interface ExpectedCounts {
  expectedCount: number;
  desiredHealthy: number;
  /** Pods without a controller: nothing says how many of them there should be. */
  unmanagedPods: string[];
}

/** Throws (upstream's errors) when a pod's controller cannot be found or a value is malformed. */
export function expectedCounts(pdb: PodDisruptionBudget, pods: Pod[], lookup: ScaleLookup): ExpectedCounts {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined) {
    const { expectedCount, unmanagedPods } = expectedScale(pods, lookup);
    const unavailable = getScaledValueFromIntOrPercent(maxUnavailable, expectedCount, true);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - unavailable), unmanagedPods };
  }
  if (typeof minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: minAvailable, unmanagedPods: [] };
  if (minAvailable !== undefined) {
    const { expectedCount, unmanagedPods } = expectedScale(pods, lookup);
    return { expectedCount, desiredHealthy: getScaledValueFromIntOrPercent(minAvailable, expectedCount, true), unmanagedPods };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

/** The summed replicas of the pods' distinct controllers. */
export function expectedScale(pods: Pod[], lookup: ScaleLookup): { expectedCount: number; unmanagedPods: string[] } {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = getControllerOf(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata?.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = lookup(ref, pod.metadata?.namespace ?? '');
    if (!found) throw new Error(`found no controllers for pod ${JSON.stringify(pod.metadata?.name ?? '')}`);
    scales.set(found.uid, found.replicas);
  }
  let expectedCount = 0;
  for (const n of scales.values()) expectedCount += n;
  return { expectedCount, unmanagedPods };
}
