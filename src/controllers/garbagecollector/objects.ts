// The collector's reads and writes of arbitrary objects, by graph identity: a live GET (the
// collector must not delete on a stale cache's word), deletes guarded by uid, and merge
// patches that drop ownerReferences or one finalizer, guarded by uid and resourceVersion so
// a concurrent change is never overwritten.

import type { KubeObject, ResourceType } from '../../api/resource.js';
import { isConflict, isNotFound, type Client, type ResourceClient } from '../../client/index.js';
import type { Identity } from './graph.js';
import type { GCResources } from './resources.js';

/** How often a finalizer or ownerReference patch is retried after losing a race. */
const PATCH_RETRIES = 5;

class UnknownKindError extends Error {}

export class ObjectAccess {
  constructor(
    private readonly client: Client,
    private readonly resources: GCResources,
  ) {}

  resourceFor(id: Pick<Identity, 'apiVersion' | 'kind'>): ResourceType {
    const rt = this.resources.forKind(id.apiVersion, id.kind);
    if (!rt) throw new UnknownKindError(`no watched resource for ${id.kind} in ${id.apiVersion}`);
    return rt;
  }

  private api(id: Identity): { rc: ResourceClient; ns: string | undefined } {
    const rt = this.resourceFor(id);
    return { rc: this.client.resource(rt), ns: rt.namespaced ? id.namespace : undefined };
  }

  /** The object as the API has it now, or undefined when it is gone or is another object of that name. */
  async get(id: Identity): Promise<KubeObject | undefined> {
    const { rc, ns } = this.api(id);
    try {
      const obj = await rc.get(ns, id.name);
      return obj.metadata?.uid === id.uid ? obj : undefined;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** Deletes exactly this object (not a namesake created since); gone already is fine. */
  async delete(id: Identity, propagationPolicy: 'Orphan' | 'Background' | 'Foreground'): Promise<void> {
    const { rc, ns } = this.api(id);
    try {
      await rc.delete(ns, id.name, { propagationPolicy, preconditions: { uid: id.uid } });
    } catch (e) {
      // Conflict: the uid precondition failed, so this object is gone already.
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }

  /** Removes the ownerReferences to `ownerUids` from the object; gone already is fine. */
  removeOwnerRefs(id: Identity, ownerUids: Set<string>): Promise<void> {
    return this.patchMeta(id, (obj) => {
      const refs = obj.metadata?.ownerReferences ?? [];
      const kept = refs.filter((r) => !ownerUids.has(r.uid));
      return kept.length === refs.length ? undefined : { ownerReferences: kept.length > 0 ? kept : null };
    });
  }

  /** Removes one finalizer (the deletion completes when it was the last); gone already is fine. */
  removeFinalizer(id: Identity, finalizer: string): Promise<void> {
    return this.patchMeta(id, (obj) => {
      const finalizers = obj.metadata?.finalizers ?? [];
      if (!finalizers.includes(finalizer)) return undefined;
      const kept = finalizers.filter((f) => f !== finalizer);
      return { finalizers: kept.length > 0 ? kept : null };
    });
  }

  /** Reads the object, merges `change(obj)` into its metadata if it returns one, retrying lost races. */
  private async patchMeta(id: Identity, change: (obj: KubeObject) => Record<string, unknown> | undefined): Promise<void> {
    const { rc, ns } = this.api(id);
    for (let attempt = 0; ; attempt++) {
      const obj = await this.get(id);
      if (!obj) return;
      const meta = change(obj);
      if (!meta) return;
      try {
        await rc.patch(ns, id.name, 'merge', { metadata: { ...meta, uid: id.uid, resourceVersion: obj.metadata?.resourceVersion } });
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isConflict(e) || attempt >= PATCH_RETRIES) throw e;
      }
    }
  }
}
