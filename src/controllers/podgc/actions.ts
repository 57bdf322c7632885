// How pod GC removes a pod (upstream's markFailedAndDeletePodWithCondition): a pod that has
// not finished is first marked Failed with a DisruptionTarget condition, so whoever owns it
// (a Job) sees why it went; then it is deleted at once — no kubelet will confirm a graceful
// deletion on a node that is gone or out of service.

import type { Pod } from '../../api/core/types.js';
import { nowRFC3339 } from '../../machinery/time.js';
import { isConflict, isNotFound, type Client } from '../../client/index.js';

const TERMINAL = new Set(['Succeeded', 'Failed']);

export function isTerminated(pod: Pod): boolean {
  return TERMINAL.has(pod.status?.phase ?? '');
}

export async function markFailedAndDelete(client: Client, pod: Pod, message?: string): Promise<void> {
  const ns = pod.metadata?.namespace;
  const name = pod.metadata!.name!;
  try {
    if (message && !isTerminated(pod)) {
      const condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message, lastTransitionTime: nowRFC3339() };
      const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), condition];
      await client.pods.patch(ns, name, 'merge', { metadata: { uid: pod.metadata?.uid }, status: { phase: 'Failed', conditions } }, { subresource: 'status' });
    }
    await client.pods.delete(ns, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata?.uid } });
  } catch (e) {
    // Gone already, or replaced by a namesake (the uid precondition): nothing left to collect.
    if (!isNotFound(e) && !isConflict(e)) throw e;
  }
}
