// A node's service proxy (upstream's kube-proxy): watches Services and EndpointSlices and hands
// the whole picture to its backend whenever either changes. One work-queue key stands for
// "the rules": changes arriving while a sync runs are folded into the next one, so a burst of
// endpoint updates costs one or two syncs, not one each; a failed sync is retried with backoff.

import { runWorkers, WorkQueue, type Client, type SharedInformer, type SharedInformerFactory } from '../client/index.js';
import type { Service } from '../api/core/services.js';
import type { EndpointSlice } from '../api/discovery/endpointslice.js';
import { buildServiceMap } from './service-map.js';
import type { ProxyBackend } from './types.js';

export interface ServiceProxyOptions {
  client: Client;
  informers: SharedInformerFactory;
  nodeName: string;
  backend: ProxyBackend;
}

const RULES = 'rules';

export class ServiceProxy {
  private readonly services: SharedInformer<Service>;
  private readonly slices: SharedInformer<EndpointSlice>;
  private readonly queue = new WorkQueue<string>();
  private readonly unregister: (() => void)[] = [];
  private workers?: Promise<void>;
  private firstSync?: () => void;

  constructor(private readonly o: ServiceProxyOptions) {
    this.services = o.informers.informerFor(o.client.services);
    this.slices = o.informers.informerFor(o.client.endpointslices);
  }

  /** Tries the first full picture before returning, so Services work once `k8ts up` says ready. */
  async start(): Promise<void> {
    const changed = { onAdd: () => this.queue.add(RULES), onUpdate: () => this.queue.add(RULES), onDelete: () => this.queue.add(RULES) };
    this.unregister.push(this.services.addEventHandler(changed), this.slices.addEventHandler(changed));
    this.o.informers.start();
    await this.o.informers.waitForSync();
    const programmed = new Promise<void>((resolve) => (this.firstSync = resolve));
    this.workers = runWorkers(this.queue, 1, () => this.sync());
    this.queue.add(RULES);
    await programmed;
  }

  async stop(): Promise<void> {
    for (const u of this.unregister) u();
    this.queue.shutDown();
    await this.workers;
    await this.o.backend.stop();
  }

  private async sync(): Promise<void> {
    try {
      await this.o.backend.sync(buildServiceMap(this.services.indexer.list(), this.slices.indexer.list(), this.o.nodeName));
    } finally {
      // A first sync that failed is retried in the background; start() does not wait for it.
      this.firstSync?.();
    }
  }
}
