// What the collector does for one graph node (upstream's attemptToDeleteItem and
// attemptToOrphanWorker): delete an object all of whose owners are gone, drop references to
// gone owners from one that still has a live owner, release an owner in foreground deletion
// once nothing blocks it, and orphan the dependents of an owner deleted with Orphan.

import type { KubeObject, OwnerReference } from '../../api/resource.js';
import type { EventRecorder } from '../../client/events.js';
import type { Indexer } from '../../client/index.js';
import { FOREGROUND_FINALIZER, hasFinalizer, ORPHAN_FINALIZER, type Graph, type GraphNode, type Identity } from './graph.js';
import type { ObjectAccess } from './objects.js';

/** Owners found gone, so their other dependents need no GET (upstream's absentOwnerCache). */
const ABSENT_CACHE_SIZE = 500;

export interface CollectorDeps {
  graph: Graph;
  objects: ObjectAccess;
  recorder: EventRecorder;
  /** The informer cache holding objects of the owner's kind, if that kind is watched. */
  cacheFor(apiVersion: string, kind: string): Indexer | undefined;
  /** Checks `node` again later (a virtual node that exists but no informer has shown yet). */
  recheck(node: GraphNode): void;
  attemptToDelete(node: GraphNode): void;
}

/** An ownerReference sorted by what its owner is doing. */
interface Classified {
  solid: OwnerReference[];
  dangling: OwnerReference[];
  /** Owners being deleted in the foreground: they wait for this dependent to go. */
  waiting: OwnerReference[];
}

export class Collector {
  private readonly absent = new Set<string>();

  constructor(private readonly d: CollectorDeps) {}

  async attemptToDelete(node: GraphNode): Promise<void> {
    if (node.beingDeleted && !node.deletingDependents) return;
    const latest = await this.d.objects.get(node.identity);
    if (!latest) return this.vanished(node);
    if (!node.observed) {
      // The owner exists; wait for its informer so the graph knows its state.
      this.d.recheck(node);
      return;
    }
    if (node.deletingDependents && hasFinalizer(latest, FOREGROUND_FINALIZER)) return this.releaseIfUnblocked(node);
    const refs = latest.metadata?.ownerReferences ?? [];
    if (refs.length === 0) return;
    const { solid, dangling, waiting } = await this.classify(node.identity, latest, refs);
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return;
      // A live owner keeps it; references to gone owners go, and so do those to owners
      // waiting on it, which would otherwise wait for ever.
      await this.d.objects.removeOwnerRefs(node.identity, new Set([...dangling, ...waiting].map((r) => r.uid)));
      return;
    }
    if (waiting.length > 0 && node.dependents.size > 0) {
      // Its own dependents must go first for the waiting owner's sake: delete it in the foreground too.
      await this.deleteObject(node.identity, latest, 'Foreground');
      return;
    }
    const policy = hasFinalizer(latest, ORPHAN_FINALIZER) ? 'Orphan' : hasFinalizer(latest, FOREGROUND_FINALIZER) ? 'Foreground' : 'Background';
    await this.deleteObject(node.identity, latest, policy);
  }

  /** Strips the owner from every dependent, then lets the owner go. */
  async attemptToOrphan(owner: GraphNode): Promise<void> {
    const uid = new Set([owner.identity.uid]);
    const failures: string[] = [];
    for (const dep of owner.dependents) {
      try {
        await this.d.objects.removeOwnerRefs(dep.identity, uid);
      } catch (e) {
        failures.push(`${dep.identity.kind} ${dep.identity.name}: ${(e as Error).message}`);
      }
    }
    if (failures.length > 0) {
      const msg = `could not remove the owner reference from ${failures.length} dependents: ${failures.join('; ')}`;
      this.event(owner.identity, 'FailedOrphan', msg);
      throw new Error(msg);
    }
    await this.d.objects.removeFinalizer(owner.identity, ORPHAN_FINALIZER);
  }

  /** An owner in foreground deletion loses its finalizer once no dependent blocks it; until then its blockers are pushed along. */
  private async releaseIfUnblocked(node: GraphNode): Promise<void> {
    const blocking = node.blockingDependents();
    if (blocking.length === 0) return this.d.objects.removeFinalizer(node.identity, FOREGROUND_FINALIZER);
    for (const dep of blocking) if (!dep.deletingDependents) this.d.attemptToDelete(dep);
  }

  /** The node's object is gone from the API (or replaced by a namesake): out of the graph, and its dependents checked. */
  private vanished(node: GraphNode): void {
    if (node.dependents.size > 0) this.remember(this.absentKey(node.identity));
    this.d.graph.forget(node.identity.uid);
  }

  private async classify(id: Identity, latest: KubeObject, refs: OwnerReference[]): Promise<Classified> {
    const out: Classified = { solid: [], dangling: [], waiting: [] };
    for (const ref of refs) {
      const owner = await this.findOwner(id, latest, ref);
      if (!owner) out.dangling.push(ref);
      else if (owner.metadata?.deletionTimestamp && hasFinalizer(owner, FOREGROUND_FINALIZER)) out.waiting.push(ref);
      else out.solid.push(ref);
    }
    return out;
  }

  /** The owner a reference names, if it exists: from the cache when that confirms it, else from the API. */
  private async findOwner(id: Identity, dependent: KubeObject, ref: OwnerReference): Promise<KubeObject | undefined> {
    const rt = this.d.objects.resourceFor(ref);
    if (rt.namespaced && !id.namespace) {
      // A cluster-scoped object cannot be owned by a namespaced one: the reference can never resolve.
      this.event(id, 'OwnerRefInvalidNamespace', `ownerRef ${JSON.stringify(ref)} does not exist in namespace ""`, dependent);
      return undefined;
    }
    const ownerId: Identity = { apiVersion: ref.apiVersion, kind: ref.kind, namespace: rt.namespaced ? id.namespace : undefined, name: ref.name, uid: ref.uid };
    const key = this.absentKey(ownerId);
    if (this.absent.has(key)) return undefined;
    const cached = this.d.cacheFor(ref.apiVersion, ref.kind)?.getByName(ownerId.namespace, ref.name);
    if (cached?.metadata?.uid === ref.uid) return cached;
    const live = await this.d.objects.get(ownerId);
    if (!live) this.remember(key);
    return live;
  }

  private async deleteObject(id: Identity, latest: KubeObject, policy: 'Orphan' | 'Background' | 'Foreground'): Promise<void> {
    try {
      await this.d.objects.delete(id, policy);
    } catch (e) {
      this.event(id, 'FailedDelete', `garbage collection of ${id.kind} ${id.name} failed: ${(e as Error).message}`, latest);
      throw e;
    }
  }

  private event(id: Identity, reason: string, message: string, obj?: KubeObject): void {
    const target = obj ?? { apiVersion: id.apiVersion, kind: id.kind, metadata: { namespace: id.namespace, name: id.name, uid: id.uid } };
    this.d.recorder.event(target, 'Warning', reason, message);
  }

  /**
   * Keyed by namespace too: a reference from the wrong namespace finds nothing, which must not
   * condemn the dependents in the owner's own namespace.
   */
  private absentKey(id: Identity): string {
    return `${this.d.objects.resourceFor(id).namespaced ? (id.namespace ?? '') : ''}/${id.uid}`;
  }

  private remember(key: string): void {
    this.absent.add(key);
    // Oldest first: a Set iterates in insertion order.
    if (this.absent.size > ABSENT_CACHE_SIZE) this.absent.delete(this.absent.values().next().value!);
  }
}
