// The namespace controller (kube-controller-manager's `namespace`): a namespace being
// deleted is emptied of every namespaced object, its conditions say what is left, and once
// nothing is, the `kubernetes` finalizer is taken off spec.finalizers through /finalize so
// the API server deletes it. Content still going (finalizers, graceful pods) is looked at
// again with backoff, as upstream's controller requeues the namespace.

import type { Namespace } from '../../api/core/namespaces.js';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, isConflict, isNotFound, keyOf, MaxOfRateLimiter, runWorkers, WorkQueue, type Client, type SharedInformer } from '../../client/index.js';
import type { Controller, ControllerContext } from '../context.js';
import { deletionConditions, mergeConditions, type NamespaceCondition } from './conditions.js';
import { deleteAllContent, namespacedResources } from './content.js';

/** The token this controller owns in spec.finalizers. */
const KUBERNETES_FINALIZER = 'kubernetes';

export function namespaceController(): Controller {
  return new NamespaceController();
}

class NamespaceController implements Controller {
  readonly name = 'namespace';
  // Upstream's namespace queue: 5 ms doubling to 60 s, so a namespace waiting on a slow finalizer is polled at most each minute.
  private readonly queue = new WorkQueue<string>(new MaxOfRateLimiter<string>(new ItemExponentialFailureRateLimiter<string>(5, 60_000), new BucketRateLimiter<string>(10, 100)));
  private readonly resources = namespacedResources();
  private workers?: Promise<void>;
  private client?: Client;
  private namespaces?: SharedInformer<Namespace>;

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.namespaces = ctx.informers.informerFor(ctx.client.namespaces);
    const enqueue = (ns: Namespace) => {
      if (ns.metadata?.deletionTimestamp) this.queue.add(keyOf(ns));
    };
    this.namespaces.addEventHandler({ onAdd: enqueue, onUpdate: (_old, ns) => enqueue(ns) });
    this.workers = runWorkers(this.queue, ctx.options.workers, (name) => this.sync(name));
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }

  private async sync(name: string): Promise<void> {
    const cached = this.namespaces!.indexer.getByName(undefined, name);
    if (!cached?.metadata?.deletionTimestamp || !(cached.spec?.finalizers ?? []).includes(KUBERNETES_FINALIZER)) return;
    const report = await deleteAllContent(this.client!, name, this.resources);
    const ns = await this.updateConditions(cached, deletionConditions(report));
    if (report.errors.length > 0) throw new Error(`deleting the content of namespace ${name}: ${report.errors.join('; ')}`);
    if (report.remaining.size > 0) throw new Error(`namespace ${name} still has content: ${[...report.remaining.keys()].join(', ')}`);
    await this.finalize(ns);
  }

  /** Writes the conditions if they changed; the namespace as it now stands. */
  private async updateConditions(ns: Namespace, conditions: NamespaceCondition[]): Promise<Namespace> {
    const merged = mergeConditions((ns.status?.conditions ?? []) as NamespaceCondition[], conditions);
    if (!merged) return ns;
    try {
      return await this.client!.namespaces.updateStatus(undefined, { ...ns, status: { ...ns.status, conditions: merged } });
    } catch (e) {
      // A newer namespace in the cache will bring another sync; the content work is done either way.
      if (isConflict(e) || isNotFound(e)) return ns;
      throw e;
    }
  }

  /** Takes our token off spec.finalizers; the API server deletes the namespace when none is left. */
  private async finalize(ns: Namespace): Promise<void> {
    const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== KUBERNETES_FINALIZER);
    try {
      await this.client!.namespaces.subresource(undefined, ns.metadata!.name!, 'finalize').update({ ...ns, spec: { ...ns.spec, finalizers } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
