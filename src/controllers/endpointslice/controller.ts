// The EndpointSlice controller (kube-controller-manager's `endpointslice`): for every
// service with a selector, discovery.k8s.io/v1 EndpointSlices listing the selected pods,
// at most 100 a slice, rewritten with as little churn as possible. Services, pods, nodes
// (for zones) and this controller's own slices feed one queue of service keys.

import type { Service } from '../../api/core/services.js';
import type { Node } from '../../api/core/nodes.js';
import type { Pod } from '../../api/core/types.js';
import { isNotFound, NAMESPACE_INDEX, splitKey, WorkQueue, type ResourceClient, type SharedInformer } from '../../client/index.js';
import type { EventRecorder } from '../../client/events.js';
import { selectorFromSet } from '../../machinery/labels.js';
import { logger } from '../../machinery/log.js';
import { WorkerPool } from '../common/worker-pool.js';
import type { Controller, ControllerContext } from '../context.js';
import { addressTypesFor, desiredState } from './desired.js';
import { queueServicesOnChanges } from './pod-changes.js';
import { serviceSelector, TRIGGER_TIME_ANNOTATION } from './pods.js';
import { planSlices, type SlicePlan } from './plan.js';
import { SliceTracker } from './tracker.js';
import { TriggerTimeTracker } from './trigger-time.js';
import { CONTROLLER_NAME, MANAGED_BY_LABEL, MAX_ENDPOINTS_PER_SLICE, SERVICE_NAME_LABEL, type Slice } from './types.js';

const log = logger('endpointslice-controller');

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface EndpointSliceControllerOptions {
  /** --max-endpoints-per-slice. */
  maxEndpointsPerSlice?: number;
}

export function endpointSliceController(opts: EndpointSliceControllerOptions = {}): Controller {
  return new EndpointSliceController(opts.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE);
}

interface Running {
  client: ResourceClient<Slice>;
  recorder: EventRecorder;
  services: SharedInformer<Service>;
  pods: SharedInformer<Pod>;
  nodes: SharedInformer<Node>;
  slices: SharedInformer<Slice>;
}

class EndpointSliceController implements Controller {
  readonly name = 'endpointslice';
  private readonly queue = new WorkQueue<string>();
  private readonly tracker = new SliceTracker();
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly workers = new WorkerPool();
  private running?: Running;

  constructor(private readonly maxPerSlice: number) {}

  start(ctx: ControllerContext): void {
    const { client, informers } = ctx;
    const slicesClient = client.resource<Slice>(client.endpointslices.ref);
    const r = {
      client: slicesClient,
      recorder: ctx.recorder('endpoint-slice-controller'),
      services: informers.informerFor(client.services),
      pods: informers.informerFor(client.pods),
      nodes: informers.informerFor(client.nodes),
      // Slices of other managers (the mirroring controller, users) are none of our business.
      slices: informers.informerFor(slicesClient, { labelSelector: `${MANAGED_BY_LABEL}=${CONTROLLER_NAME}` }),
    };
    const podServices = queueServicesOnChanges(r.services, r.pods, this.queue);
    // A node appearing lets its pods in (they were held back); a node's zone is copied onto its endpoints.
    const nodeServices = (node: Node) => {
      for (const pod of r.pods.indexer.list()) if (pod.spec?.nodeName === node.metadata?.name) for (const k of podServices(pod)) this.queue.add(k);
    };
    r.nodes.addEventHandler({
      onAdd: nodeServices,
      onUpdate: (old, node) => {
        if (old.metadata?.labels?.[ZONE_LABEL] !== node.metadata?.labels?.[ZONE_LABEL]) nodeServices(node);
      },
      onDelete: nodeServices,
    });
    r.slices.addEventHandler({
      onAdd: (s) => this.onSliceChange(s),
      onUpdate: (_, s) => this.onSliceChange(s),
      onDelete: (s) => {
        const key = serviceKeyOf(s);
        if (key && this.tracker.handleDeletion(key, s)) this.queue.add(key);
      },
    });

    this.workers.start(this.queue, [r.services, r.pods, r.nodes, r.slices], ctx.options.workers, (key) => this.sync(key));
    this.running = { ...r };
  }

  async stop(): Promise<void> {
    await this.workers.shutDown();
  }

  private onSliceChange(slice: Slice): void {
    const key = serviceKeyOf(slice);
    if (key && this.tracker.shouldSync(key, slice)) this.queue.add(key);
  }

  private async sync(key: string): Promise<void> {
    const r = this.running!;
    const { namespace = '', name } = splitKey(key);
    const existing = r.slices.indexer.byIndex(NAMESPACE_INDEX, namespace).filter((s) => s.metadata?.labels?.[SERVICE_NAME_LABEL] === name);
    const svc = r.services.indexer.get(key);
    if (!svc) {
      // The garbage collector would delete the owned slices too; doing it here keeps a cluster without one tidy.
      await this.write(key, { create: [], update: [], delete: existing }, undefined, false);
      this.triggerTimes.deleteService(key);
      this.tracker.deleteService(key);
      return;
    }
    const selector = serviceSelector(svc);
    if (!selector) return;
    // Planning from a cache that misses our last writes would create duplicate slices: come
    // back shortly, quietly (it is routine, not a failure).
    if (this.tracker.isStale(key, existing)) {
      log.debug('EndpointSlice cache behind our writes, retrying', { service: key });
      return this.queue.addRateLimited(key);
    }

    const matches = selectorFromSet(selector);
    const pods = r.pods.indexer
      .byIndex(NAMESPACE_INDEX, namespace)
      .filter((p) => matches.matches(p.metadata?.labels ?? {}))
      .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    const triggerTime = this.triggerTimes.compute(key, svc, pods);
    const nodeZone = (nodeName: string) => {
      const node = r.nodes.indexer.get(nodeName);
      return node && { zone: node.metadata?.labels?.[ZONE_LABEL] };
    };

    const types = addressTypesFor(svc);
    const plan: SlicePlan = { create: [], update: [], delete: existing.filter((s) => !(types as string[]).includes(s.addressType ?? '')) };
    const missingNodes = new Set<string>();
    for (const type of types) {
      const desired = desiredState(svc, pods, nodeZone, type);
      desired.podsOnMissingNodes.forEach((p) => missingNodes.add(p));
      const p = planSlices(svc, type, desired.groups, existing.filter((s) => s.addressType === type), this.maxPerSlice);
      plan.create.push(...p.create);
      plan.update.push(...p.update);
      plan.delete.push(...p.delete);
    }
    try {
      await this.write(key, plan, triggerTime, !svc.metadata?.deletionTimestamp);
      if (missingNodes.size > 0) throw new Error(`skipping pods ${[...missingNodes].join(', ')}: their nodes are not found`);
    } catch (e) {
      r.recorder.event(svc, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${key}: ${(e as Error).message}`);
      throw e;
    }
  }

  /** Performs the plan; creates are skipped for a service being deleted (the garbage collector would race them). */
  private async write(key: string, plan: SlicePlan, triggerTime: string | undefined, mayCreate: boolean): Promise<void> {
    const { namespace } = splitKey(key);
    const client = this.running!.client;
    if (mayCreate) {
      for (const slice of plan.create) this.tracker.written(key, await client.create(namespace, withTriggerTime(slice, triggerTime)));
    }
    for (const slice of plan.update) {
      this.tracker.written(key, await client.update(namespace, withTriggerTime(slice, triggerTime)), slice.metadata?.resourceVersion);
    }
    for (const slice of plan.delete) {
      try {
        await client.delete(namespace, slice.metadata?.name ?? '');
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      this.tracker.deleted(key, slice);
    }
  }
}

/** The `namespace/service` a slice belongs to, from its service-name label. */
function serviceKeyOf(slice: Slice): string | undefined {
  const name = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
  return name ? `${slice.metadata?.namespace}/${name}` : undefined;
}

/** Sets (or, without a trigger time, clears) the last-change-trigger-time annotation on a copy of the metadata. */
function withTriggerTime(slice: Slice, triggerTime: string | undefined): Slice {
  const annotations = { ...slice.metadata?.annotations };
  if (triggerTime) annotations[TRIGGER_TIME_ANNOTATION] = triggerTime;
  else delete annotations[TRIGGER_TIME_ANNOTATION];
  return { ...slice, metadata: { ...slice.metadata, annotations } };
}
