// Mirror pods (pkg/kubelet/pod/mirror_client.go): the API's copy of each static pod, so users
// and controllers see it. It carries the config.mirror annotation (the static pod's hash) and
// is owned by the Node; one that no longer matches its static pod is deleted and made again.

import type { Pod } from '../api/core/types.js';
import { isAlreadyExists, isConflict, isNotFound, type Client } from '../client/index.js';
import { CONFIG_HASH_ANNOTATION, CONFIG_MIRROR_ANNOTATION } from './static-pods.js';

export const fullName = (pod: Pod): string => `${pod.metadata?.namespace}/${pod.metadata?.name}`;

export function mirrorPod(staticPod: Pod, nodeName: string, nodeUid: string): Pod {
  const meta = staticPod.metadata ?? {};
  const hash = meta.annotations?.[CONFIG_HASH_ANNOTATION] ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      labels: meta.labels,
      annotations: { ...meta.annotations, [CONFIG_MIRROR_ANNOTATION]: hash },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid, controller: true }],
    },
    spec: staticPod.spec,
  };
}

/** Whether `mirror` is the up-to-date mirror of `staticPod`. */
export function mirrorMatches(mirror: Pod, staticPod: Pod): boolean {
  return !mirror.metadata?.deletionTimestamp && mirror.metadata?.annotations?.[CONFIG_MIRROR_ANNOTATION] === staticPod.metadata?.annotations?.[CONFIG_HASH_ANNOTATION];
}

export class MirrorClient {
  constructor(private readonly client: Client) {}

  async create(staticPod: Pod, nodeName: string, nodeUid: string): Promise<void> {
    try {
      await this.client.pods.create(staticPod.metadata?.namespace, mirrorPod(staticPod, nodeName, nodeUid));
    } catch (e) {
      // The stale one is still being deleted: the next sync tries again.
      if (!isAlreadyExists(e)) throw e;
    }
  }

  async delete(mirror: Pod): Promise<void> {
    const m = mirror.metadata ?? {};
    try {
      await this.client.pods.delete(m.namespace, m.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: m.uid } });
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }
}
