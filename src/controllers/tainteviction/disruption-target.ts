// The DisruptionTarget condition the taint eviction controller sets before deleting a pod
// (upstream's addConditionAndDeletePod), so the pod's owner and Job pod-failure policies
// can tell a taint eviction from a crash.

import type { Pod, PodCondition } from '../../api/core/types.js';
import { nowRFC3339 } from '../../machinery/time.js';

type Condition = PodCondition & { message?: string; lastTransitionTime?: string };

const TARGET: Condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };

/** A copy of `pod` carrying the condition, or undefined when it already does. */
export function withDisruptionTarget(pod: Pod, now: Date): Pod | undefined {
  const conditions = (pod.status?.conditions ?? []) as Condition[];
  const existing = conditions.find((c) => c.type === TARGET.type);
  if (existing && existing.status === TARGET.status && existing.reason === TARGET.reason && existing.message === TARGET.message) return undefined;
  const condition = { ...TARGET, lastTransitionTime: existing?.status === TARGET.status ? existing.lastTransitionTime : nowRFC3339(now) };
  const next = existing ? conditions.map((c) => (c === existing ? condition : c)) : [...conditions, condition];
  return { ...pod, status: { ...pod.status, conditions: next } };
}
