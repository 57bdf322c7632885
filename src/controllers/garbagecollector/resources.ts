// Which resources the garbage collector watches, and how an ownerReference's apiVersion and
// kind lead back to one of them. Versions sharing storage (events, HPAs) are one resource:
// watching both would show every object twice.

import { allResources } from '../../api/all.js';
import type { ResourceType } from '../../api/resource.js';

export class GCResources {
  /** Every kind that can carry ownerReferences and that the collector can delete: one per storage. */
  readonly monitored: ResourceType[] = [];
  private readonly byGroupKind = new Map<string, ResourceType>();

  constructor(resources: ResourceType[] = allResources()) {
    const storages = new Set<string>();
    for (const rt of resources) {
      if (rt.createOnly || !['list', 'watch', 'delete'].every((v) => rt.verbs.includes(v))) continue;
      if (storages.has(rt.storageResource)) continue;
      storages.add(rt.storageResource);
      this.monitored.push(rt);
    }
    // Any version of a group/kind names the same objects; the watched one answers for all.
    for (const rt of resources) {
      const watched = this.monitored.find((m) => m.storageResource === rt.storageResource);
      if (watched && !this.byGroupKind.has(`${rt.group}/${rt.kind}`)) this.byGroupKind.set(`${rt.group}/${rt.kind}`, watched);
    }
  }

  /** The watched resource for an object's (or an ownerReference's) apiVersion and kind. */
  forKind(apiVersion: string, kind: string): ResourceType | undefined {
    const slash = apiVersion.indexOf('/');
    return this.byGroupKind.get(`${slash < 0 ? '' : apiVersion.slice(0, slash)}/${kind}`);
  }
}

export function apiVersionOf(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}
