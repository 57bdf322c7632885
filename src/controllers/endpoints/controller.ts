// The endpoints controller (kube-controller-manager's `endpoint`): for every service with a
// selector, a core/v1 Endpoints of the same name listing the selected pods' addresses,
// ready and not ready, on the ports the service targets. Written only when its content
// changes; deleted with the service. Services, pods and Endpoints feed one queue of service keys.

import type { Service } from '../../api/core/services.js';
import type { Pod } from '../../api/core/types.js';
import { isNotFound, keyOf, NAMESPACE_INDEX, splitKey, WorkQueue, type ResourceClient, type SharedInformer } from '../../client/index.js';
import type { EventRecorder } from '../../client/events.js';
import { deepEqual } from '../../machinery/deep.js';
import { selectorFromSet } from '../../machinery/labels.js';
import { logger } from '../../machinery/log.js';
import { WorkerPool } from '../common/worker-pool.js';
import type { Controller, ControllerContext } from '../context.js';
import { queueServicesOnChanges } from '../endpointslice/pod-changes.js';
import { HEADLESS_LABEL, isServiceIPSet, serviceSelector, TRIGGER_TIME_ANNOTATION } from '../endpointslice/pods.js';
import { TriggerTimeTracker } from '../endpointslice/trigger-time.js';
import { OVER_CAPACITY_ANNOTATION, truncateSubsets } from './capacity.js';
import { computeSubsets, type EndpointsObject } from './subsets.js';

const log = logger('endpoint-controller');

export const MANAGED_BY_LABEL = 'endpoints.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpoint-controller';

export function endpointsController(): Controller {
  return new EndpointsController();
}

interface Running {
  client: ResourceClient<EndpointsObject>;
  recorder: EventRecorder;
  services: SharedInformer<Service>;
  pods: SharedInformer<Pod>;
  endpoints: SharedInformer<EndpointsObject>;
}

class EndpointsController implements Controller {
  readonly name = 'endpoint';
  private readonly queue = new WorkQueue<string>();
  private readonly triggerTimes = new TriggerTimeTracker();
  /**
   * Our last write per Endpoints: the resourceVersion it replaced (none for a create) and
   * the one it produced — to know a cache that does not show it yet, and its echo.
   */
  private readonly written = new Map<string, { before?: string; after: string }>();
  private readonly workers = new WorkerPool();
  private running?: Running;

  start(ctx: ControllerContext): void {
    const { client, informers } = ctx;
    const endpointsClient = client.resource<EndpointsObject>(client.endpoints.ref);
    const r = {
      client: endpointsClient,
      recorder: ctx.recorder(CONTROLLER_NAME),
      services: informers.informerFor(client.services),
      pods: informers.informerFor(client.pods),
      endpoints: informers.informerFor(endpointsClient),
    };
    queueServicesOnChanges(r.services, r.pods, this.queue);
    // Ours changed by someone else (or left behind by a service deleted while we were away): repair.
    const onEndpoints = (ep: EndpointsObject) => {
      if (isManaged(ep) && this.written.get(keyOf(ep))?.after !== ep.metadata?.resourceVersion) this.queue.add(keyOf(ep));
    };
    const onEndpointsDelete = (ep: EndpointsObject) => {
      this.written.delete(keyOf(ep));
      this.queue.add(keyOf(ep));
    };
    r.endpoints.addEventHandler({ onAdd: onEndpoints, onUpdate: (_, ep) => onEndpoints(ep), onDelete: onEndpointsDelete });

    this.workers.start(this.queue, [r.services, r.pods, r.endpoints], ctx.options.workers, (key) => this.sync(key));
    this.running = { ...r };
  }

  async stop(): Promise<void> {
    await this.workers.shutDown();
  }

  private async sync(key: string): Promise<void> {
    const r = this.running!;
    const { namespace = '', name } = splitKey(key);
    const current = r.endpoints.indexer.get(key);
    const svc = r.services.indexer.get(key);
    if (!svc) {
      this.triggerTimes.deleteService(key);
      this.written.delete(key);
      if (current && isManaged(current)) await deleteIgnoringNotFound(r.client, namespace, name, current.metadata?.uid);
      return;
    }
    // Selector-less services get their Endpoints from whoever created the service.
    const selector = serviceSelector(svc);
    if (!selector) return;

    // Writing from a cache that misses our last write would only fail (AlreadyExists,
    // Conflict): come back shortly, quietly.
    const last = this.written.get(key);
    if (last && (current ? current.metadata?.resourceVersion === last.before : last.before === undefined)) {
      log.debug('Endpoints cache behind our writes, retrying', { service: key });
      return this.queue.addRateLimited(key);
    }

    const matches = selectorFromSet(selector);
    const pods = r.pods.indexer.byIndex(NAMESPACE_INDEX, namespace).filter((p) => matches.matches(p.metadata?.labels ?? {}));
    // Computed on every sync, even one that writes nothing, so the next write reports only newer changes.
    const triggerTime = this.triggerTimes.compute(key, svc, pods);
    const full = computeSubsets(svc, pods);
    const truncated = truncateSubsets(full);
    const subsets = truncated ?? full;
    const labels = endpointsLabels(svc);
    const annotations = { ...current?.metadata?.annotations };
    if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];

    if (current && deepEqual(current.subsets ?? [], subsets) && deepEqual(current.metadata?.labels ?? {}, labels) && deepEqual(current.metadata?.annotations ?? {}, annotations)) return;

    if (triggerTime) annotations[TRIGGER_TIME_ANNOTATION] = triggerTime;
    else delete annotations[TRIGGER_TIME_ANNOTATION];
    const desired: EndpointsObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { ...current?.metadata, name, namespace, labels, annotations }, subsets };
    try {
      const saved = current ? await r.client.update(namespace, desired) : await r.client.create(namespace, desired);
      this.written.set(key, { before: current?.metadata?.resourceVersion, after: saved.metadata?.resourceVersion ?? '' });
    } catch (e) {
      const [reason, what] = current ? ['FailedToUpdateEndpoint', 'update endpoint'] : ['FailedToCreateEndpoint', 'create endpoint for service'];
      r.recorder.event(desired, 'Warning', reason, `Failed to ${what} ${key}: ${(e as Error).message}`);
      throw e;
    }
  }
}

/** The service's labels, the headless marker, and this controller's mark (upstream since 1.33). */
function endpointsLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...svc.metadata?.labels };
  if (isServiceIPSet(svc)) delete labels[HEADLESS_LABEL];
  else labels[HEADLESS_LABEL] = '';
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  return labels;
}

/** Endpoints we wrote; others (a user's, for a service not yet created or already gone) are left alone. */
function isManaged(ep: EndpointsObject): boolean {
  return ep.metadata?.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME;
}

async function deleteIgnoringNotFound(client: ResourceClient<EndpointsObject>, namespace: string, name: string, uid: string | undefined): Promise<void> {
  try {
    // The uid precondition spares an Endpoints re-created meanwhile for a new service of the same name.
    await client.delete(namespace, name, { preconditions: { uid } });
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}
