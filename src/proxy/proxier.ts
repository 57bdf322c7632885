// A node's service proxy (upstream's kube-proxy): watches Services and EndpointSlices and hands
// the whole picture to its backend whenever either changes. Changes arriving while a sync runs
// are folded into the next one, so a burst of endpoint updates costs one or two syncs, not one each.

import type { Client, SharedInformerFactory } from '../client/index.js';
import { Backoff } from '../client/backoff.js';
import { logger } from '../machinery/log.js';
import { buildServiceMap } from './service-map.js';
import type { ProxyBackend } from './types.js';

const log = logger('proxy');

export interface ServiceProxyOptions {
  client: Client;
  informers: SharedInformerFactory;
  nodeName: string;
  backend: ProxyBackend;
}

export class ServiceProxy {
  private readonly services;
  private readonly slices;
  private readonly unregister: (() => void)[] = [];
  private readonly backoff = new Backoff(1000, 30_000);
  private running?: Promise<void>;
  private again = false;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  /** How many syncs have completed; tests and the bench wait on it. */
  syncs = 0;

  constructor(private readonly o: ServiceProxyOptions) {
    this.services = o.informers.informerFor(o.client.services);
    this.slices = o.informers.informerFor(o.client.endpointslices);
  }

  /** Programs the first full picture before returning, so Services work once `k8ts up` says ready. */
  async start(): Promise<void> {
    const changed = { onAdd: () => this.requestSync(), onUpdate: () => this.requestSync(), onDelete: () => this.requestSync() };
    this.unregister.push(this.services.addEventHandler(changed), this.slices.addEventHandler(changed));
    this.o.informers.start();
    await this.o.informers.waitForSync();
    this.requestSync();
    await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    for (const u of this.unregister) u();
    await this.running;
    await this.o.backend.stop();
  }

  private requestSync(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.syncLoop().finally(() => (this.running = undefined));
  }

  private async syncLoop(): Promise<void> {
    do {
      this.again = false;
      const ports = buildServiceMap(this.services.indexer.list(), this.slices.indexer.list(), this.o.nodeName);
      try {
        await this.o.backend.sync(ports);
        this.syncs++;
        this.backoff.reset();
      } catch (e) {
        const delay = this.backoff.next();
        log.error('programming services failed; retrying', { mode: this.o.backend.mode, error: (e as Error).message, retryInMs: delay });
        this.retryTimer = setTimeout(() => this.requestSync(), delay);
        return;
      }
    } while (this.again && !this.stopped);
  }
}
