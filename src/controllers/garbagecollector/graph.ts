// The dependency graph (upstream's GraphBuilder and uidToNode): one node per object the
// informers have seen, keyed by uid, linked to the objects its ownerReferences name. An
// owner not seen yet gets a "virtual" node, which the collector checks against the API.
// Informer events update the graph synchronously and queue the work they make necessary:
// dependents of a vanished owner, owners waiting on their dependents, owners to orphan.

import type { KubeObject, OwnerReference } from '../../api/resource.js';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

/** What the graph knows of an object's identity (namespace is absent for cluster-scoped ones). */
export interface Identity {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid: string;
}

export class GraphNode {
  owners: OwnerReference[] = [];
  readonly dependents = new Set<GraphNode>();
  /** False while the node is virtual: named by a dependent, not yet seen by an informer. */
  observed = false;
  beingDeleted = false;
  /** Being deleted in the foreground: held by `foregroundDeletion` until blocking dependents are gone. */
  deletingDependents = false;

  constructor(public identity: Identity) {}

  /** Dependents that hold this node's foreground deletion (blockOwnerDeletion: true). */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((d) => d.owners.some((o) => o.uid === this.identity.uid && o.blockOwnerDeletion));
  }
}

export interface GraphQueues {
  /** Check the node: collect it if its owners are gone, release it if it waits on dependents. */
  attemptToDelete(node: GraphNode): void;
  /** Strip the node's uid from its dependents' ownerReferences, then drop its `orphan` finalizer. */
  attemptToOrphan(node: GraphNode): void;
}

export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return (obj.metadata?.finalizers ?? []).includes(finalizer);
}

export class Graph {
  private readonly nodes = new Map<string, GraphNode>();

  constructor(private readonly queues: GraphQueues) {}

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** An informer saw `obj` (added or updated); `identity` carries its watched apiVersion and kind. */
  observe(obj: KubeObject, identity: Identity): void {
    const meta = obj.metadata ?? {};
    const owners = meta.ownerReferences ?? [];
    let node = this.nodes.get(identity.uid);
    if (!node) {
      node = new GraphNode(identity);
      this.nodes.set(identity.uid, node);
      node.owners = owners;
      this.linkToOwners(node, owners);
    } else {
      // A virtual node turns real; the informer's identity is the true one.
      node.identity = identity;
      const { added, removed, unblocked } = diffOwners(node.owners, owners);
      node.owners = owners;
      this.releaseOwners(unblocked);
      this.linkToOwners(node, added);
      for (const ref of removed) this.nodes.get(ref.uid)?.dependents.delete(node);
    }
    node.observed = true;
    node.beingDeleted = !!meta.deletionTimestamp;
    node.deletingDependents = node.beingDeleted && hasFinalizer(obj, FOREGROUND_FINALIZER);
    // Both are idempotent, so re-queuing on every event (a re-list, a resync) is harmless.
    if (node.beingDeleted && hasFinalizer(obj, ORPHAN_FINALIZER)) this.queues.attemptToOrphan(node);
    if (node.deletingDependents) {
      for (const dep of node.dependents) this.queues.attemptToDelete(dep);
      this.queues.attemptToDelete(node);
    }
  }

  /** An informer saw `uid` deleted, or the collector found it gone from the API. */
  forget(uid: string): void {
    const node = this.nodes.get(uid);
    if (!node) return;
    this.nodes.delete(uid);
    for (const ref of node.owners) {
      const owner = this.nodes.get(ref.uid);
      if (!owner) continue;
      owner.dependents.delete(node);
      // An owner in foreground deletion may have been waiting for just this dependent.
      if (owner.deletingDependents) this.queues.attemptToDelete(owner);
    }
    for (const dep of node.dependents) this.queues.attemptToDelete(dep);
  }

  private linkToOwners(node: GraphNode, refs: OwnerReference[]): void {
    for (const ref of refs) {
      let owner = this.nodes.get(ref.uid);
      if (!owner) {
        // The owner's namespace is the dependent's; a cluster-scoped owner ignores it when looked up.
        owner = new GraphNode({ apiVersion: ref.apiVersion, kind: ref.kind, namespace: node.identity.namespace, name: ref.name, uid: ref.uid });
        this.nodes.set(ref.uid, owner);
        this.queues.attemptToDelete(owner);
      }
      owner.dependents.add(node);
    }
  }

  /** Owners in foreground deletion that a dependent stopped blocking may be able to go now. */
  private releaseOwners(uids: string[]): void {
    for (const uid of uids) {
      const owner = this.nodes.get(uid);
      if (owner?.deletingDependents) this.queues.attemptToDelete(owner);
    }
  }
}

/** How ownerReferences changed: by uid, and which owners lost a blocking reference. */
function diffOwners(before: OwnerReference[], after: OwnerReference[]): { added: OwnerReference[]; removed: OwnerReference[]; unblocked: string[] } {
  const next = new Map(after.map((r) => [r.uid, r]));
  const prev = new Map(before.map((r) => [r.uid, r]));
  const added = after.filter((r) => !prev.has(r.uid));
  const removed = before.filter((r) => !next.has(r.uid));
  const unblocked = before.filter((r) => r.blockOwnerDeletion && !next.get(r.uid)?.blockOwnerDeletion).map((r) => r.uid);
  return { added, removed, unblocked };
}
