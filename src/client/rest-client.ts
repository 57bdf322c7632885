// The typed REST client (client-go's Clientset): sends JSON over a Transport, retries what
// the server asked to be retried (429/5xx with Retry-After), turns error replies into
// ApiErrors, and hands out one ResourceClient per resource, with named accessors for the
// kinds controllers use.

import { allResources } from '../api/all.js';
import type { KubeObject, ResourceType } from '../api/resource.js';
import type { ControllerRevision } from '../api/apps/controllerrevision.js';
import type { DaemonSet } from '../api/apps/daemonset.js';
import type { Deployment } from '../api/apps/deployment.js';
import type { ReplicaSet } from '../api/apps/replicaset.js';
import type { StatefulSet } from '../api/apps/statefulset.js';
import type { HPAv2 } from '../api/autoscaling/types.js';
import type { CronJob } from '../api/batch/cronjob.js';
import type { Job } from '../api/batch/job.js';
import type { Lease } from '../api/coordination/lease.js';
import type { ConfigMap } from '../api/core/configmaps.js';
import type { Endpoints } from '../api/core/endpoints.js';
import type { CoreEvent } from '../api/core/events.js';
import type { Namespace } from '../api/core/namespaces.js';
import type { Node } from '../api/core/nodes.js';
import type { PersistentVolumeClaim } from '../api/core/persistentvolumeclaims.js';
import type { PersistentVolume } from '../api/core/persistentvolumes.js';
import type { ReplicationController } from '../api/core/replicationcontrollers.js';
import type { ResourceQuota } from '../api/core/resourcequotas.js';
import type { Secret } from '../api/core/secrets.js';
import type { ServiceAccount } from '../api/core/serviceaccounts.js';
import type { Service } from '../api/core/services.js';
import type { Pod } from '../api/core/types.js';
import type { EndpointSlice } from '../api/discovery/endpointslice.js';
import type { PodDisruptionBudget } from '../api/policy/poddisruptionbudget.js';
import type { StorageClass } from '../api/storage/storageclass.js';
import { ApiError } from './errors.js';
import { ResourceClient, type Requester, type ResourceRef } from './resource-client.js';
import type { LineStream, Query, Transport, TransportResponse } from './transport.js';

export interface ClientOptions {
  /** How often a 429/5xx carrying Retry-After is retried (client-go: 10). */
  maxRetries?: number;
  /** Upper bound on one Retry-After wait, so a confused server cannot park a controller for hours. */
  maxRetryAfterSeconds?: number;
}

export class Client implements Requester {
  private readonly clients = new Map<string, ResourceClient<KubeObject>>();
  private readonly maxRetries: number;
  private readonly maxRetryAfterMs: number;

  constructor(
    readonly transport: Transport,
    opts: ClientOptions = {},
  ) {
    this.maxRetries = opts.maxRetries ?? 10;
    this.maxRetryAfterMs = (opts.maxRetryAfterSeconds ?? 30) * 1000;
  }

  /** The client for any resource (built-in or not), shared per group/version/plural. */
  resource<T extends KubeObject = KubeObject>(ref: ResourceRef): ResourceClient<T> {
    const key = `${ref.group}/${ref.version}/${ref.plural}`;
    let rc = this.clients.get(key);
    if (!rc) this.clients.set(key, (rc = new ResourceClient<KubeObject>({ group: ref.group, version: ref.version, plural: ref.plural, namespaced: ref.namespaced }, this)));
    return rc as unknown as ResourceClient<T>;
  }

  /** The client for a built-in kind, in `group` (default: the core group), at its preferred version. */
  forKind<T extends KubeObject = KubeObject>(kind: string, group = ''): ResourceClient<T> {
    const rt = builtinKinds().get(`${group}/${kind}`);
    if (!rt) throw new Error(`no built-in resource of kind ${kind} in group "${group}"`);
    return this.resource<T>(rt);
  }

  get pods() { return this.forKind<Pod>('Pod'); }
  get nodes() { return this.forKind<Node>('Node'); }
  get namespaces() { return this.forKind<Namespace>('Namespace'); }
  get services() { return this.forKind<Service>('Service'); }
  get endpoints() { return this.forKind<Endpoints>('Endpoints'); }
  get configmaps() { return this.forKind<ConfigMap>('ConfigMap'); }
  get secrets() { return this.forKind<Secret>('Secret'); }
  get events() { return this.forKind<CoreEvent>('Event'); }
  get serviceaccounts() { return this.forKind<ServiceAccount>('ServiceAccount'); }
  get persistentvolumes() { return this.forKind<PersistentVolume>('PersistentVolume'); }
  get persistentvolumeclaims() { return this.forKind<PersistentVolumeClaim>('PersistentVolumeClaim'); }
  get replicationcontrollers() { return this.forKind<ReplicationController>('ReplicationController'); }
  get resourcequotas() { return this.forKind<ResourceQuota>('ResourceQuota'); }
  get deployments() { return this.forKind<Deployment>('Deployment', 'apps'); }
  get replicasets() { return this.forKind<ReplicaSet>('ReplicaSet', 'apps'); }
  get statefulsets() { return this.forKind<StatefulSet>('StatefulSet', 'apps'); }
  get daemonsets() { return this.forKind<DaemonSet>('DaemonSet', 'apps'); }
  get controllerrevisions() { return this.forKind<ControllerRevision>('ControllerRevision', 'apps'); }
  get jobs() { return this.forKind<Job>('Job', 'batch'); }
  get cronjobs() { return this.forKind<CronJob>('CronJob', 'batch'); }
  get horizontalpodautoscalers() { return this.forKind<HPAv2>('HorizontalPodAutoscaler', 'autoscaling'); }
  get leases() { return this.forKind<Lease>('Lease', 'coordination.k8s.io'); }
  get endpointslices() { return this.forKind<EndpointSlice>('EndpointSlice', 'discovery.k8s.io'); }
  get poddisruptionbudgets() { return this.forKind<PodDisruptionBudget>('PodDisruptionBudget', 'policy'); }
  get storageclasses() { return this.forKind<StorageClass>('StorageClass', 'storage.k8s.io'); }

  /** One JSON round trip: the decoded reply (undefined when empty), or an ApiError. */
  async json<R>(method: string, path: string, opts: { query?: Query; body?: unknown; contentType?: string } = {}): Promise<R> {
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const res = await this.send(() => this.transport.request({ method, path, query: opts.query, body, contentType: opts.contentType }));
    return (res.body.length === 0 ? undefined : JSON.parse(res.body.toString('utf8'))) as R;
  }

  stream(path: string, query: Query): Promise<LineStream> {
    return this.transport.stream({ path, query });
  }

  close(): void {
    this.transport.close();
  }

  private async send(attempt: () => Promise<TransportResponse>): Promise<TransportResponse> {
    for (let retries = 0; ; retries++) {
      const res = await attempt();
      if (res.status >= 200 && res.status < 300) return res;
      const waitMs = retryAfterMs(res);
      if (waitMs === undefined || retries >= this.maxRetries) throw ApiError.fromResponse(res.status, res.headers, res.body);
      await new Promise((r) => setTimeout(r, Math.min(waitMs, this.maxRetryAfterMs)));
    }
  }
}

/** The server's "come back in N seconds", which client-go honours only on 429 and 5xx. */
function retryAfterMs(res: TransportResponse): number | undefined {
  if (res.status !== 429 && res.status < 500) return undefined;
  const header = res.headers['retry-after'];
  const seconds = typeof header === 'string' && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
  return seconds === undefined ? undefined : seconds * 1000;
}

let kinds: Map<string, ResourceType> | undefined;

/** `<group>/<Kind>` → the group's preferred version of it (allResources lists that first). */
function builtinKinds(): Map<string, ResourceType> {
  if (!kinds) {
    kinds = new Map();
    for (const rt of allResources()) if (!kinds.has(`${rt.group}/${rt.kind}`)) kinds.set(`${rt.group}/${rt.kind}`, rt);
  }
  return kinds;
}
