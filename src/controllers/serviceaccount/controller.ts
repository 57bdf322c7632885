// The service account controller (kube-controller-manager's `serviceaccount`): every active
// namespace has a `default` ServiceAccount, created with the namespace and again whenever
// it is deleted. Keys are namespace names; the caches say what exists.

import type { Namespace } from '../../api/core/namespaces.js';
import type { ServiceAccount } from '../../api/core/serviceaccounts.js';
import { isAlreadyExists, isForbidden, isNotFound, runWorkers, WorkQueue, type Client, type SharedInformer } from '../../client/index.js';
import type { Controller, ControllerContext } from '../context.js';

/** The accounts every namespace gets (upstream's --service-account-names default). */
const MANAGED_ACCOUNTS = ['default'];

export function serviceAccountController(): Controller {
  return new ServiceAccountController();
}

class ServiceAccountController implements Controller {
  readonly name = 'serviceaccount';
  private readonly queue = new WorkQueue<string>();
  private workers?: Promise<void>;
  private client?: Client;
  private namespaces?: SharedInformer<Namespace>;
  private accounts?: SharedInformer<ServiceAccount>;

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.namespaces = ctx.informers.informerFor(ctx.client.namespaces);
    this.accounts = ctx.informers.informerFor(ctx.client.serviceaccounts);
    const byName = (ns: Namespace) => this.queue.add(ns.metadata?.name ?? '');
    this.namespaces.addEventHandler({ onAdd: byName, onUpdate: (_old, ns) => byName(ns) });
    this.accounts.addEventHandler({
      onDelete: (sa) => {
        if (MANAGED_ACCOUNTS.includes(sa.metadata?.name ?? '')) this.queue.add(sa.metadata?.namespace ?? '');
      },
    });
    this.workers = runWorkers(this.queue, ctx.options.workers, (ns) => this.sync(ns));
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }

  private async sync(namespace: string): Promise<void> {
    const ns = this.namespaces!.indexer.getByName(undefined, namespace);
    // A terminating namespace takes no new content (and would refuse it).
    if (!ns || ns.metadata?.deletionTimestamp || (ns.status?.phase ?? 'Active') !== 'Active') return;
    for (const name of MANAGED_ACCOUNTS) {
      if (this.accounts!.indexer.getByName(namespace, name)) continue;
      try {
        await this.client!.serviceaccounts.create(namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });
      } catch (e) {
        // Already there (the cache lags), or the namespace went or started terminating meanwhile.
        if (!isAlreadyExists(e) && !isNotFound(e) && !isForbidden(e)) throw e;
      }
    }
  }
}
