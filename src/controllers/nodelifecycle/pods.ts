// Pods on a node that is not Ready stop counting as Ready (upstream's MarkPodsNotReady):
// their kubelet cannot vouch for them, so Services and PodDisruptionBudgets must not either.

import type { Pod, PodCondition } from '../../api/core/types.js';
import { nowRFC3339 } from '../../machinery/time.js';

type Condition = PodCondition & { lastTransitionTime?: string; lastProbeTime?: string | null; message?: string };

/** A copy of `pod` whose Ready condition is False, or undefined when it has none or it already is. */
export function podMarkedNotReady(pod: Pod, now: Date): Pod | undefined {
  const conditions = (pod.status?.conditions ?? []) as Condition[];
  const i = conditions.findIndex((c) => c.type === 'Ready');
  if (i < 0 || conditions[i]!.status === 'False') return undefined;
  const next = conditions.slice();
  next[i] = { ...conditions[i]!, status: 'False', lastTransitionTime: nowRFC3339(now) };
  return { ...pod, status: { ...pod.status, conditions: next } };
}

export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}
