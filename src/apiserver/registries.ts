// Every served resource's registry, sharing one watch cache per storage resource (so that
// autoscaling/v1 and v2 HPAs, or both Event APIs, see the same objects).

import type { KubeObject, ResourceType } from '../api/resource.js';
import { notFound, StatusError } from '../machinery/status.js';
import type { Store } from '../storage/index.js';
import { Registry, type Admission, type FinishAllocation } from './registry/registry.js';
import { ServiceAllocator } from './allocation/service-allocator.js';
import type { Service } from '../api/core/services.js';
import { addDefaultTolerations, DEFAULT_TOLERATIONS, type TolerationDefaults } from './admission/default-tolerations.js';
import type { ServiceAccountTokens } from './serviceaccount/tokens.js';
import { CacheHub, type WatchCache } from './watch-cache.js';

const isService = (rt: ResourceType) => rt.kind === 'Service' && !rt.group;

export class Registries implements Admission {
  private readonly byPath = new Map<string, Registry>();
  private readonly caches = new Map<string, WatchCache>();
  private readonly hub: CacheHub;
  readonly all: Registry[] = [];
  readonly namespaces: Registry;
  /** Mints and checks service-account tokens, when the server has a signing key. */
  serviceAccountTokens?: ServiceAccountTokens;

  /** Cluster IPs and node ports of Services. */
  readonly services: ServiceAllocator;

  constructor(
    readonly store: Store,
    resources: ResourceType[],
    private readonly tolerations: TolerationDefaults = DEFAULT_TOLERATIONS,
    serviceCIDR?: string,
  ) {
    this.services = new ServiceAllocator(store, serviceCIDR);
    this.hub = new CacheHub(store);
    for (const rt of resources) {
      let cache = this.caches.get(rt.storageResource);
      if (!cache) this.caches.set(rt.storageResource, (cache = this.hub.cache(`/registry/${rt.storageResource}/`)));
      const reg = new Registry(rt, store, cache, this);
      this.byPath.set(`${rt.group}/${rt.version}/${rt.plural}`, reg);
      this.all.push(reg);
    }
    const ns = this.lookup('', 'v1', 'namespaces');
    if (!ns) throw new Error('the namespaces resource is required');
    this.namespaces = ns;
  }

  lookup(group: string, version: string, plural: string): Registry | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  /** Loads every cache, starts following storage, and brings the Services' allocations in line. */
  async start(): Promise<void> {
    await this.hub.start();
    const { items } = await this.store.list(this.lookup('', 'v1', 'services')!.prefix());
    await this.services.repair(items.map((kv) => JSON.parse(kv.value) as Service));
  }

  async admitCreate(rt: ResourceType, obj: KubeObject): Promise<void> {
    if (rt.namespaced) await this.checkNamespace(rt, obj);
    if (rt.kind === 'Pod' && !rt.group) addDefaultTolerations(obj, this.tolerations);
  }

  async beginCreate(rt: ResourceType, obj: KubeObject, dryRun: boolean): Promise<FinishAllocation | undefined> {
    return isService(rt) ? this.services.beginCreate(obj as Service, dryRun) : undefined;
  }

  async beginUpdate(rt: ResourceType, obj: KubeObject, old: KubeObject, dryRun: boolean): Promise<FinishAllocation | undefined> {
    return isService(rt) ? this.services.beginUpdate(obj as Service, old as Service, dryRun) : undefined;
  }

  async removed(rt: ResourceType, obj: KubeObject): Promise<void> {
    if (isService(rt)) await this.services.released(obj as Service);
  }

  /** Upstream's NamespaceLifecycle admission: no new objects in missing or terminating namespaces. */
  private async checkNamespace(rt: ResourceType, obj: KubeObject): Promise<void> {
    const namespace = obj.metadata!.namespace!;
    const key = this.namespaces.key(undefined, namespace);
    let ns = this.namespaces.cache.objects.get(key);
    // The cache may trail a namespace created a moment ago: ask storage before refusing.
    if (!ns) {
      const kv = await this.store.get(key);
      if (kv) ns = JSON.parse(kv.value);
    }
    if (!ns) throw notFound('namespaces', namespace, '', 'namespaces');
    if (ns.metadata?.deletionTimestamp) {
      const message = `unable to create new content in namespace ${namespace} because it is being terminated`;
      const resource = rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
      throw new StatusError(403, 'Forbidden', `${resource} "${obj.metadata?.name ?? ''}" is forbidden: ${message}`, {
        name: obj.metadata?.name,
        group: rt.group,
        kind: rt.plural,
        causes: [{ reason: 'NamespaceTerminating', message, field: 'metadata.namespace' }],
      });
    }
  }

  close(): void {
    this.hub.close();
  }
}
