// The replica controller (upstream's pkg/controller/replicaset): keeps `spec.replicas`
// active pods running for every ReplicaSet — or, over the other adapter, every
// ReplicationController. Informers on the owners and on pods feed a work queue of owner
// keys; sync(key) reads only the caches, claims the owner's pods, creates or deletes the
// difference, and writes status. Expectations keep a lagging pod cache from causing a
// second round of creates or deletes before the first is seen.

import type { Pod, PodTemplateSpec } from '../../api/core/types.js';
import type { KubeObject, OwnerReference } from '../../api/resource.js';
import type { EventRecorder } from '../../client/events.js';
import { isNamespaceTerminating, isNotFound, keyOf, NAMESPACE_INDEX, WorkQueue, type Client, type ResourceClient, type SharedInformer } from '../../client/index.js';
import { deepEqual } from '../../machinery/deep.js';
import { logger } from '../../machinery/log.js';
import { WorkerPool } from '../common/worker-pool.js';
import type { Controller, ControllerContext } from '../context.js';
import { adoptObject, claimObjects, controllerUIDIndex, getControllerOf, newControllerRef, ownedOrOrphaned, releaseObject } from '../common/controller-ref.js';
import { UIDTrackingExpectations } from '../common/expectations.js';
import type { ReplicaKind } from './kinds.js';
import { podFromTemplate } from './pod-template.js';
import { podsToDelete } from './pod-ranking.js';
import { isPodActive, isPodReady } from './pods.js';
import { SLOW_START_INITIAL_BATCH, slowStartBatch } from './slow-start.js';
import { calculateStatus, statusUpToDate, type ReplicaStatus } from './status.js';

const log = logger('replica-controller');

/** At most this many creates or deletes per sync (upstream's BurstReplicas), so one huge scale-up cannot starve other owners. */
export const BURST_REPLICAS = 500;

/** What the controller reads of an owner beyond its spec (ReplicaSet and ReplicationController both fit). */
export type ReplicaOwner = KubeObject & { status?: ReplicaStatus };

interface Running<T extends ReplicaOwner> {
  client: Client;
  owners: ResourceClient<T>;
  ownerInformer: SharedInformer<T>;
  podInformer: SharedInformer<Pod>;
  recorder: EventRecorder;
  queue: WorkQueue<string>;
  unregister: (() => void)[];
  // Syncing from a half-filled cache would create pods that already exist: the pool waits for the informers.
  workers: WorkerPool;
}

export class ReplicaController<T extends ReplicaOwner = ReplicaOwner> implements Controller {
  readonly name: string;
  /** Pods by controller uid; named per controller, as ReplicaSets and ReplicationControllers share the pod informer. */
  private readonly podsByController: string;
  private readonly expectations: UIDTrackingExpectations;
  private r?: Running<T>;

  constructor(
    private readonly kind: ReplicaKind<T>,
    private readonly now: () => number = Date.now,
  ) {
    this.name = kind.controllerName;
    this.podsByController = `${kind.controllerName}/controllerUID`;
    this.expectations = new UIDTrackingExpectations(now);
  }

  start(ctx: ControllerContext): void {
    const owners = this.kind.resource(ctx.client);
    const ownerInformer = ctx.informers.informerFor(owners);
    const podInformer = ctx.informers.informerFor(ctx.client.pods);
    podInformer.addIndexers({ [this.podsByController]: controllerUIDIndex });
    const queue = new WorkQueue<string>();
    const r: Running<T> = {
      client: ctx.client,
      owners,
      ownerInformer,
      podInformer,
      recorder: ctx.recorder(this.kind.component),
      queue,
      unregister: [],
      workers: new WorkerPool(),
    };
    this.r = r;
    r.workers.start(queue, [ownerInformer, podInformer], ctx.options.workers, (key) => this.sync(key));
    r.unregister.push(
      ownerInformer.addEventHandler({
        onAdd: (o) => queue.add(keyOf(o)),
        onUpdate: (old, cur) => this.updateOwner(old, cur),
        onDelete: (o) => this.deleteOwner(o),
      }),
      podInformer.addEventHandler({
        onAdd: (p) => this.addPod(p),
        onUpdate: (old, cur) => this.updatePod(old, cur),
        onDelete: (p) => this.deletePod(p),
      }),
    );
  }

  async stop(): Promise<void> {
    const r = this.r;
    if (!r) return;
    this.r = undefined;
    for (const unregister of r.unregister) unregister();
    await r.workers.shutDown();
  }

  // ---- informer handlers: map every change to the owner keys it concerns --------------

  private updateOwner(old: T, cur: T): void {
    // Deleted and re-created under the same name between two events: the old one's expectations must go.
    if (old.metadata?.uid !== cur.metadata?.uid) this.deleteOwner(old);
    this.r?.queue.add(keyOf(cur));
  }

  private deleteOwner(owner: T): void {
    const key = keyOf(owner);
    this.expectations.deleteExpectations(key);
    this.r?.queue.add(key);
  }

  private addPod(pod: Pod): void {
    // Seen for the first time already on its way out (e.g. after a restart): not a creation we wait for.
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod);
    const ref = getControllerOf(pod);
    if (ref) {
      const owner = this.resolveControllerRef(pod.metadata?.namespace, ref);
      if (!owner) return;
      const key = keyOf(owner);
      this.expectations.creationObserved(key);
      this.r?.queue.add(key);
      return;
    }
    // An orphan: every owner that could adopt it gets a look.
    for (const owner of this.ownersSelecting(pod)) this.r?.queue.add(keyOf(owner));
  }

  private updatePod(old: Pod, cur: Pod): void {
    // A resync of an unchanged pod tells nothing new.
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const labelsChanged = !deepEqual(old.metadata?.labels ?? {}, cur.metadata?.labels ?? {});
    if (cur.metadata?.deletionTimestamp) {
      // A graceful delete starts here, not when the kubelet finally removes the pod: replace it now.
      this.deletePod(cur);
      if (labelsChanged) this.deletePod(old);
      return;
    }
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const previous = this.resolveControllerRef(old.metadata?.namespace, oldRef);
      if (previous) this.r?.queue.add(keyOf(previous));
    }
    if (curRef) {
      const owner = this.resolveControllerRef(cur.metadata?.namespace, curRef);
      if (!owner) return;
      const key = keyOf(owner);
      this.r?.queue.add(key);
      // Just became ready: look again once it has been ready for minReadySeconds, to count it available.
      const minReady = this.kind.spec(owner).minReadySeconds;
      if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) this.r?.queue.addAfter(key, (minReady + 1) * 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const owner of this.ownersSelecting(cur)) this.r?.queue.add(keyOf(owner));
  }

  private deletePod(pod: Pod): void {
    // An orphan's deletion changes nothing for any owner.
    const ref = getControllerOf(pod);
    if (!ref) return;
    const owner = this.resolveControllerRef(pod.metadata?.namespace, ref);
    if (!owner) return;
    const key = keyOf(owner);
    this.expectations.deletionObservedOf(key, keyOf(pod));
    this.r?.queue.add(key);
  }

  /** The cached owner a controller reference points at, if it is of our kind and still the same object. */
  private resolveControllerRef(namespace: string | undefined, ref: OwnerReference): T | undefined {
    if (ref.kind !== this.kind.gvk.kind) return undefined;
    const owner = this.r?.ownerInformer.indexer.getByName(namespace, ref.name);
    return owner?.metadata?.uid === ref.uid ? owner : undefined;
  }

  /** Owners in the pod's namespace whose (valid, non-empty) selector matches it. */
  private ownersSelecting(pod: Pod): T[] {
    const ns = pod.metadata?.namespace;
    if (!this.r || !ns) return [];
    return this.r.ownerInformer.indexer.byIndex(NAMESPACE_INDEX, ns).filter((owner) => {
      try {
        const selector = this.kind.selector(owner);
        return !selector.empty && selector.matches(pod.metadata?.labels);
      } catch {
        return false;
      }
    });
  }

  // ---- sync ---------------------------------------------------------------------------

  private async sync(key: string): Promise<void> {
    const r = this.r;
    if (!r) return;
    const cached = r.ownerInformer.indexer.get(key);
    if (!cached) {
      this.expectations.deleteExpectations(key);
      return;
    }
    // Cached objects may lack their type; events name it.
    const owner: T = { ...cached, apiVersion: apiVersionOf(this.kind.gvk), kind: this.kind.gvk.kind };
    const needsSync = this.expectations.satisfiedExpectations(key);
    let selector;
    try {
      selector = this.kind.selector(owner);
    } catch (e) {
      // Retrying cannot fix a bad selector; the next edit of the owner will bring it back.
      log.warn('invalid selector', { key, error: (e as Error).message });
      return;
    }
    const meta = owner.metadata ?? {};
    const controllerRef = newControllerRef(owner, this.kind.gvk);
    const active = ownedOrOrphaned(r.podInformer.indexer, this.podsByController, owner).filter(isPodActive);
    const pods = await claimObjects({
      owner,
      selector,
      objects: active,
      getOwner: () => r.owners.get(meta.namespace, meta.name ?? ''),
      adopt: (pod) => adoptObject(r.client.pods, pod, controllerRef),
      release: (pod) => releaseObject(r.client.pods, pod, meta.uid ?? ''),
    });

    let manageError: unknown;
    if (needsSync && !meta.deletionTimestamp) {
      try {
        await this.manageReplicas(r, key, owner, pods, controllerRef);
      } catch (e) {
        manageError = e;
      }
    }
    const updated = await this.updateStatus(r, owner, pods, manageError);
    const spec = this.kind.spec(updated);
    const ready = updated.status?.readyReplicas ?? 0;
    const available = updated.status?.availableReplicas ?? 0;
    // All ready but some not yet for minReadySeconds: look again when they will be available.
    if (manageError === undefined && spec.minReadySeconds > 0 && ready === spec.replicas && available !== spec.replicas) {
      r.queue.addAfter(key, spec.minReadySeconds * 1000);
    }
    if (manageError !== undefined) throw manageError;
  }

  private async manageReplicas(r: Running<T>, key: string, owner: T, pods: Pod[], controllerRef: OwnerReference): Promise<void> {
    const spec = this.kind.spec(owner);
    const diff = pods.length - spec.replicas;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      // Expect them all before the first create: its pod can show up in the cache before the call returns.
      this.expectations.expectCreations(key, n);
      const { successes, error } = await slowStartBatch(n, SLOW_START_INITIAL_BATCH, () => this.createPod(r, owner, spec.template, controllerRef));
      // Creates that failed or were skipped will never be observed.
      for (let i = successes; i < n; i++) this.expectations.creationObserved(key);
      if (error !== undefined) throw error;
    } else if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const victims = podsToDelete(pods, this.relatedPods(r, owner), n, this.now());
      this.expectations.expectDeletionsOf(key, victims.map((p) => keyOf(p)));
      const results = await Promise.allSettled(victims.map((pod) => this.deletePodOf(r, key, owner, pod)));
      const failed = results.find((res): res is PromiseRejectedResult => res.status === 'rejected');
      if (failed) throw failed.reason;
    }
  }

  private async createPod(r: Running<T>, owner: T, template: PodTemplateSpec | undefined, controllerRef: OwnerReference): Promise<void> {
    const pod = podFromTemplate(owner, template, controllerRef);
    if (Object.keys(pod.metadata?.labels ?? {}).length === 0) throw new Error('unable to create pods, no labels');
    let created: Pod;
    try {
      created = await r.client.pods.create(pod.metadata?.namespace, pod);
    } catch (e) {
      // Every create in a terminating namespace fails; upstream neither reports nor retries them (the expectation then times out).
      if (isNamespaceTerminating(e)) return;
      r.recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(e)}`);
      throw e;
    }
    r.recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name ?? ''}`);
  }

  private async deletePodOf(r: Running<T>, key: string, owner: T, pod: Pod): Promise<void> {
    const name = pod.metadata?.name ?? '';
    try {
      await r.client.pods.delete(pod.metadata?.namespace, name);
    } catch (e) {
      // This deletion will never be observed; and a pod already gone is what we wanted.
      this.expectations.deletionObservedOf(key, keyOf(pod));
      if (isNotFound(e)) return;
      r.recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(e)}`);
      throw new Error(`unable to delete pods: ${errorMessage(e)}`);
    }
    r.recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
  }

  /**
   * The pods of every owner controlled by the same controller as `owner` (a Deployment's
   * ReplicaSets), so scale-down can prefer pods doubled up on a node with their siblings.
   */
  private relatedPods(r: Running<T>, owner: T): Pod[] {
    const controller = getControllerOf(owner);
    if (!controller) return [];
    const ns = owner.metadata?.namespace ?? '';
    const siblings = r.ownerInformer.indexer.byIndex(NAMESPACE_INDEX, ns).filter((o) => getControllerOf(o)?.uid === controller.uid);
    const nsPods = r.podInformer.indexer.byIndex(NAMESPACE_INDEX, ns);
    const seen = new Set<string>();
    const related: Pod[] = [];
    for (const sibling of siblings) {
      let selector;
      try {
        selector = this.kind.selector(sibling);
      } catch {
        continue;
      }
      for (const pod of nsPods) {
        const uid = pod.metadata?.uid ?? '';
        if (seen.has(uid) || !selector.matches(pod.metadata?.labels)) continue;
        seen.add(uid);
        related.push(pod);
      }
    }
    return related;
  }

  /** Writes the status through /status when it changed, retrying once on a fresh copy (as upstream); returns the owner as written. */
  private async updateStatus(r: Running<T>, owner: T, pods: Pod[], manageError: unknown): Promise<T> {
    const next = calculateStatus(owner.status, this.kind.spec(owner), pods, manageError, this.now());
    const generation = owner.metadata?.generation;
    if (statusUpToDate(owner.status, next, generation)) return owner;
    if (generation) next.observedGeneration = generation;
    else delete next.observedGeneration;
    const meta = owner.metadata ?? {};
    let target = owner;
    for (let attempt = 0; ; attempt++) {
      try {
        return await r.owners.updateStatus(meta.namespace, { ...target, status: next });
      } catch (e) {
        if (attempt >= 1) throw e;
        target = await r.owners.get(meta.namespace, meta.name ?? '');
      }
    }
  }
}

function apiVersionOf(gvk: { group: string; version: string }): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}


function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
