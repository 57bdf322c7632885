// Hands out one SharedInformer per resource + namespace + selectors, so the controllers,
// scheduler and kubelet in one process share a single list+watch and cache per resource.

import type { KubeObject } from '../api/resource.js';
import { SharedInformer, type InformerOptions, type InformerSelector } from './informer.js';
import type { ResourceClient } from './resource-client.js';

export type FactoryDefaults = Pick<InformerOptions<KubeObject>, 'resyncPeriodMs' | 'watchTimeoutSeconds' | 'backoff'>;

export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedInformer<KubeObject>>();

  constructor(private readonly defaults: FactoryDefaults = {}) {}

  /** The shared informer for `resource` (e.g. `client.pods`), restricted by `selector`. */
  informerFor<T extends KubeObject>(resource: ResourceClient<T>, selector: InformerSelector = {}): SharedInformer<T> {
    const { group, version, plural } = resource.ref;
    const key = JSON.stringify([group, version, plural, selector.namespace ?? '', selector.labelSelector ?? '', selector.fieldSelector ?? '']);
    let informer = this.informers.get(key) as SharedInformer<T> | undefined;
    if (!informer) {
      informer = new SharedInformer<T>(resource, { ...this.defaults, ...selector });
      this.informers.set(key, informer as unknown as SharedInformer<KubeObject>);
    }
    return informer;
  }

  /** Starts every informer handed out so far (again after handing out more; started ones are untouched). */
  start(): void {
    for (const informer of this.informers.values()) informer.start();
  }

  /** Resolves when every informer handed out has synced: true, or false if one was stopped first. */
  async waitForSync(): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
    return results.every(Boolean);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}
