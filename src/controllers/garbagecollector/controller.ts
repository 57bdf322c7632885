// The garbage collector (kube-controller-manager's garbage-collector): one informer per
// kind that can carry ownerReferences feeds the dependency graph; two work queues of uids
// act on it — attemptToDelete (collect dependents of gone owners, release foreground
// deletions) and attemptToOrphan (the `orphan` finalizer). Workers start once every
// informer has synced, so a half-built graph never makes an owner look absent.

import type { KubeObject } from '../../api/resource.js';
import { WorkQueue, runWorkers, type Indexer, type SharedInformer } from '../../client/index.js';
import type { Controller, ControllerContext } from '../context.js';
import { Collector } from './collector.js';
import { Graph, type GraphNode } from './graph.js';
import { ObjectAccess } from './objects.js';
import { apiVersionOf, GCResources } from './resources.js';

/** How soon an owner that exists but that no informer has shown yet is looked at again. */
const VIRTUAL_RECHECK_MS = 1000;

export function garbageCollector(): Controller {
  return new GarbageCollector();
}

class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  private readonly deleteQueue = new WorkQueue<string>();
  private readonly orphanQueue = new WorkQueue<string>();
  private workers?: Promise<unknown>;
  private graph?: Graph;

  start(ctx: ControllerContext): void {
    const resources = new GCResources();
    const graph = new Graph({
      attemptToDelete: (n) => this.deleteQueue.add(n.identity.uid),
      attemptToOrphan: (n) => this.orphanQueue.add(n.identity.uid),
    });
    this.graph = graph;
    const caches = new Map<string, Indexer>();
    const informers: SharedInformer[] = [];
    for (const rt of resources.monitored) {
      const informer = ctx.informers.informerFor(ctx.client.resource(rt));
      informers.push(informer);
      caches.set(rt.storageResource, informer.indexer);
      const identity = (obj: KubeObject) => {
        const m = obj.metadata ?? {};
        return { apiVersion: apiVersionOf(rt), kind: rt.kind, namespace: m.namespace || undefined, name: m.name ?? '', uid: m.uid ?? '' };
      };
      informer.addEventHandler({
        onAdd: (obj) => graph.observe(obj, identity(obj)),
        onUpdate: (_old, obj) => graph.observe(obj, identity(obj)),
        onDelete: (obj) => graph.forget(obj.metadata?.uid ?? ''),
      });
    }
    const collector = new Collector({
      graph,
      objects: new ObjectAccess(ctx.client, resources),
      recorder: ctx.recorder('garbage-collector-controller'),
      cacheFor: (apiVersion, kind) => {
        const rt = resources.forKind(apiVersion, kind);
        return rt && caches.get(rt.storageResource);
      },
      recheck: (n) => this.deleteQueue.addAfter(n.identity.uid, VIRTUAL_RECHECK_MS),
      attemptToDelete: (n) => this.deleteQueue.add(n.identity.uid),
    });
    const n = ctx.options.workers;
    // Not awaited by stop(): the informers may never sync, and are stopped after the controllers.
    void Promise.all(informers.map((i) => i.waitForSync())).then((synced) => {
      if (!synced.every(Boolean) || this.deleteQueue.isShuttingDown()) return;
      this.workers = Promise.all([
        runWorkers(this.deleteQueue, n, (uid) => this.withNode(uid, (node) => collector.attemptToDelete(node))),
        runWorkers(this.orphanQueue, n, (uid) => this.withNode(uid, (node) => collector.attemptToOrphan(node))),
      ]);
    });
  }

  /** A queued uid whose node has left the graph since needs nothing more. */
  private async withNode(uid: string, fn: (n: GraphNode) => Promise<void>): Promise<void> {
    const node = this.graph?.get(uid);
    if (node) await fn(node);
  }

  async stop(): Promise<void> {
    this.deleteQueue.shutDown();
    this.orphanQueue.shutDown();
    await this.workers;
  }
}
