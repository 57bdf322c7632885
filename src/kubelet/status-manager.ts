// Writes pod statuses to the API (pkg/kubelet/status): only when they differ from what the API
// holds, through pods/status with the resourceVersion read, re-reading and merging again on a
// conflict (which is also how a cache that has not seen our last write yet is caught up); and
// the final delete of a pod whose containers are gone.

import type { Pod } from '../api/core/types.js';
import { isConflict, isNotFound, type Client } from '../client/index.js';
import { jsonEqual } from '../machinery/deep.js';
import { mergePodStatus, type KubeletPodStatus } from './pod-status.js';

const MAX_CONFLICT_RETRIES = 5;

/** JSON as the API server stores it: nulls and undefined members dropped, so equal statuses compare equal. */
function normalize(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x) => (x === null ? undefined : x)));
}

export class StatusManager {
  constructor(private readonly client: Client) {}

  /** Writes `ours` into `apiPod`'s status unless nothing would change. */
  async update(apiPod: Pod, ours: KubeletPodStatus): Promise<void> {
    let pod = apiPod;
    for (let attempt = 0; ; attempt++) {
      const merged = mergePodStatus(pod.status, ours);
      if (jsonEqual(normalize(merged), normalize(pod.status ?? {}))) return;
      try {
        await this.client.pods.updateStatus(pod.metadata?.namespace, { ...pod, status: merged });
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isConflict(e) || attempt >= MAX_CONFLICT_RETRIES) throw e;
      }
      pod = await this.client.pods.get(apiPod.metadata?.namespace, apiPod.metadata?.name ?? '');
      // Replaced by a new pod of the same name: not ours to write.
      if (pod.metadata?.uid !== apiPod.metadata?.uid) return;
    }
  }

  /** Deletes the pod for good once the kubelet is done with it (grace 0, only this very pod). */
  async deletePod(apiPod: Pod): Promise<void> {
    const m = apiPod.metadata ?? {};
    try {
      await this.client.pods.delete(m.namespace, m.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: m.uid } });
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }
}
