// Emptying a namespace (upstream's NamespacedResourcesDeleter.deleteAllContent): every
// namespaced kind is deleted — by collection where the API offers it, else one by one — in
// Background, so the garbage collector takes care of dependents; then what is left is
// counted, by kind and by finalizer, for the namespace's conditions.

import { allResources } from '../../api/all.js';
import type { KubeObject, ResourceType } from '../../api/resource.js';
import { isNotFound, type Client } from '../../client/index.js';

export interface ContentReport {
  /** `<plural>.<group>` → objects still there (upstream's wording, so core kinds read `pods.`). */
  remaining: Map<string, number>;
  /** Finalizer → objects still carrying it. */
  finalizers: Map<string, number>;
  /** Kinds whose deletion or listing failed, with why. */
  errors: string[];
}

/** The namespaced kinds that can be listed and deleted: one per storage, so shared kinds are not counted twice. */
export function namespacedResources(resources: ResourceType[] = allResources()): ResourceType[] {
  const seen = new Set<string>();
  return resources.filter((rt) => {
    if (!rt.namespaced || rt.createOnly || !rt.verbs.includes('delete') || !rt.verbs.includes('list') || seen.has(rt.storageResource)) return false;
    seen.add(rt.storageResource);
    return true;
  });
}

export async function deleteAllContent(client: Client, namespace: string, resources: ResourceType[]): Promise<ContentReport> {
  const report: ContentReport = { remaining: new Map(), finalizers: new Map(), errors: [] };
  await Promise.all(resources.map((rt) => deleteKind(client, namespace, rt, report)));
  return report;
}

async function deleteKind(client: Client, namespace: string, rt: ResourceType, report: ContentReport): Promise<void> {
  const rc = client.resource(rt);
  try {
    if (rt.verbs.includes('deletecollection')) {
      await rc.deleteCollection(namespace, { propagationPolicy: 'Background' });
    } else {
      for (const obj of (await rc.list(namespace)).items) {
        if (obj.metadata?.deletionTimestamp) continue;
        await rc.delete(namespace, obj.metadata!.name!, { propagationPolicy: 'Background' }).catch(ignoreNotFound);
      }
    }
    const left = (await rc.list(namespace)).items;
    if (left.length > 0) report.remaining.set(`${rt.plural}.${rt.group}`, left.length);
    for (const obj of left) countFinalizers(obj, report.finalizers);
  } catch (e) {
    report.errors.push(`${rt.plural}.${rt.group}: ${(e as Error).message}`);
  }
}

function countFinalizers(obj: KubeObject, into: Map<string, number>): void {
  for (const f of obj.metadata?.finalizers ?? []) into.set(f, (into.get(f) ?? 0) + 1);
}

function ignoreNotFound(e: unknown): void {
  if (!isNotFound(e)) throw e;
}
