// Reading the ConfigMaps, Secrets and Node a pod refers to, straight from the API server as
// the kubelet's "Get" strategy does: a missing object is `undefined` (callers decide whether
// that is allowed), any other failure is thrown.

import type { ConfigMap } from '../../api/core/configmaps.js';
import type { Secret } from '../../api/core/secrets.js';
import type { ResourceList } from '../../api/core/types.js';
import { isNotFound, type Client, type ResourceClient } from '../../client/index.js';
import type { KubeObject } from '../../api/resource.js';

async function getIfExists<T extends KubeObject>(resource: ResourceClient<T>, namespace: string | undefined, name: string): Promise<T | undefined> {
  try {
    return await resource.get(namespace, name);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export function getConfigMap(client: Client, namespace: string, name: string): Promise<ConfigMap | undefined> {
  return getIfExists(client.configmaps, namespace, name);
}

export function getSecret(client: Client, namespace: string, name: string): Promise<Secret | undefined> {
  return getIfExists(client.secrets, namespace, name);
}

/** The node's allocatable resources (empty when the node is not registered yet). */
export async function nodeAllocatable(client: Client, nodeName: string): Promise<ResourceList> {
  return (await getIfExists(client.nodes, undefined, nodeName))?.status?.allocatable ?? {};
}

/** A ConfigMap's entries as bytes: `data` as UTF-8 and `binaryData` decoded. */
export function configMapEntries(cm: ConfigMap): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(cm.data ?? {})) out.set(k, Buffer.from(v ?? '', 'utf8'));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) out.set(k, Buffer.from(v ?? '', 'base64'));
  return out;
}

/** A Secret's entries, decoded from base64. */
export function secretEntries(secret: Secret): Map<string, Buffer> {
  return new Map(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v ?? '', 'base64')]));
}
