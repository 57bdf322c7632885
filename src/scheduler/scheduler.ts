// The running scheduler (kube-scheduler's Scheduler: eventhandlers.go feeding the queue and
// cache, schedule_one.go's loop). One pod at a time is filtered and scored against a
// snapshot of the cache; the winner is assumed on its node at once and bound in the
// background, so the next pod is scheduled while earlier bindings are still on the wire.

import type { Namespace } from '../api/core/namespaces.js';
import type { Client, ResourceClient, SharedInformer, SharedInformerFactory } from '../client/index.js';
import { EventRecorder } from '../client/events.js';
import { isConflict, isNotFound } from '../client/index.js';
import { deepEqual } from '../machinery/index.js';
import { logger } from '../machinery/log.js';
import { nowRFC3339 } from '../machinery/time.js';
import { SchedulerCache } from './cache.js';
import type { Profile } from './framework.js';
import { defaultProfile, DEFAULT_SCHEDULER_NAME } from './profile.js';
import { SchedulingQueue, type QueuedPodInfo } from './queue.js';
import { schedulePod } from './schedule.js';
import { podKey, type Node, type Pod } from './types.js';

const log = logger('scheduler');

export interface SchedulerOptions {
  client: Client;
  informers: SharedInformerFactory;
  recorder?: EventRecorder;
  schedulerName?: string;
  /** Bindings in flight at once (upstream runs each binding cycle in its own goroutine). */
  bindConcurrency?: number;
}

const DEFAULT_BIND_CONCURRENCY = 32;

const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
/** Bound and still using its node's resources. */
const isAssigned = (p: Pod) => Boolean(p.spec?.nodeName) && !isTerminal(p);
/** Events need the kind, which list items lack. */
const asPod = (p: Pod): Pod => ({ ...p, apiVersion: 'v1', kind: 'Pod' });

export class Scheduler {
  private readonly queue: SchedulingQueue;
  private readonly cache = new SchedulerCache();
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly profile: Profile;
  private readonly bindConcurrency: number;
  private readonly pods: SharedInformer<Pod>;
  private readonly nodes: SharedInformer<Node>;
  private readonly namespaces: SharedInformer<Namespace>;
  /** Bindings and pod writes under way; their number is capped by bindConcurrency. */
  private readonly inFlight = new Set<Promise<void>>();
  private unregister: Array<() => void> = [];
  private nextStartIndex = 0;
  private loop?: Promise<void>;
  private stopped = false;

  constructor(private readonly opts: SchedulerOptions) {
    this.client = opts.client;
    this.profile = defaultProfile(opts.schedulerName ?? DEFAULT_SCHEDULER_NAME);
    this.recorder = opts.recorder ?? new EventRecorder(opts.client, this.profile.schedulerName);
    this.bindConcurrency = Math.max(1, opts.bindConcurrency ?? DEFAULT_BIND_CONCURRENCY);
    this.queue = new SchedulingQueue();
    // The same shared informers as everyone's, seen through the scheduler's narrower types.
    this.pods = opts.informers.informerFor(opts.client.pods as unknown as ResourceClient<Pod>);
    this.nodes = opts.informers.informerFor(opts.client.nodes as unknown as ResourceClient<Node>);
    this.namespaces = opts.informers.informerFor(opts.client.namespaces);
  }

  /** Resolves once the caches have synced and the loop runs (or at once if stopped first). */
  async start(): Promise<void> {
    this.unregister = [
      this.pods.addEventHandler({ onAdd: (p) => this.podAdded(p), onUpdate: (o, n) => this.podUpdated(o, n), onDelete: (p) => this.podDeleted(p) }),
      this.nodes.addEventHandler({ onAdd: (n) => this.nodeAdded(n), onUpdate: (o, n) => this.nodeUpdated(o, n), onDelete: (n) => this.cache.removeNode(n) }),
      this.namespaces.addEventHandler({
        onAdd: (ns) => this.cache.setNamespace(ns.metadata?.name ?? '', ns.metadata?.labels ?? {}),
        onUpdate: (_, ns) => this.cache.setNamespace(ns.metadata?.name ?? '', ns.metadata?.labels ?? {}),
        onDelete: (ns) => this.cache.removeNamespace(ns.metadata?.name ?? ''),
      }),
    ];
    this.opts.informers.start();
    const synced = await Promise.all([this.pods, this.nodes, this.namespaces].map((i) => i.waitForSync()));
    if (this.stopped || !synced.every(Boolean)) return;
    this.queue.run();
    this.loop = this.run();
  }

  /** Stops scheduling and waits for the bindings in flight; the informers belong to the caller. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.close();
    for (const u of this.unregister) u();
    await this.loop;
    await Promise.all([...this.inFlight]);
    await this.recorder.flush();
  }

  private async run(): Promise<void> {
    for (;;) {
      while (this.inFlight.size >= this.bindConcurrency) await Promise.race(this.inFlight);
      const info = await this.queue.pop();
      if (!info) return;
      this.scheduleOne(info);
      // pop() resolves at once while pods are queued: give I/O (watch events, binding
      // replies) its turn between cycles, or a burst of pods would starve it.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private scheduleOne(info: QueuedPodInfo): void {
    const pod = info.pod;
    // Its binding is still in flight (an update re-queued it meanwhile).
    if (this.cache.isAssumed(pod)) return;
    const cycle = this.queue.schedulingCycle;
    let result;
    try {
      result = schedulePod(pod, this.cache.snapshot(), this.profile, { startIndex: this.nextStartIndex });
    } catch (e) {
      // A plugin failed, or there are no nodes: back off and retry (upstream's SchedulerError).
      info.unschedulablePlugins = new Set();
      this.failed(info, cycle, 'SchedulerError', (e as Error).message);
      return;
    }
    this.nextStartIndex = result.nextStartIndex;
    if ('node' in result) {
      const assumed = this.cache.assume(pod, result.node);
      this.track(this.bind(info, assumed, result.node));
      return;
    }
    info.unschedulablePlugins = result.failure.diagnosis.unschedulablePlugins;
    const nominated = result.postFilter?.nominatedNodeName;
    if (nominated) for (const victim of result.postFilter?.victims ?? []) this.track(this.preempt(victim, pod, nominated));
    this.failed(info, cycle, 'Unschedulable', result.failure.message(), nominated);
  }

  private async bind(info: QueuedPodInfo, assumed: Pod, node: string): Promise<void> {
    const { name = '', namespace = '', uid } = assumed.metadata ?? {};
    try {
      await this.client.pods.subresource(namespace, name, 'binding').create({
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name, namespace, uid },
        target: { apiVersion: 'v1', kind: 'Node', name: node },
      });
    } catch (e) {
      this.cache.forget(assumed);
      info.unschedulablePlugins = new Set();
      this.failed(info, this.queue.schedulingCycle, 'SchedulerError', `Binding rejected: ${(e as Error).message}`);
      return;
    }
    this.queue.done(assumed);
    this.recorder.event(asPod(assumed), 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${node}`);
  }

  /**
   * Upstream's handleSchedulingFailure: requeue the pod unless it is gone or was bound
   * meanwhile, report FailedScheduling, and record why on its PodScheduled condition.
   */
  private failed(info: QueuedPodInfo, cycle: number, reason: 'Unschedulable' | 'SchedulerError', message: string, nominatedNodeName?: string): void {
    const current = this.pods.indexer.get(info.key);
    if (!current || current.spec?.nodeName) {
      this.queue.done(info.pod);
    } else {
      info.pod = current;
      this.queue.addUnschedulable(info, cycle);
    }
    this.recorder.event(asPod(info.pod), 'Warning', 'FailedScheduling', message);
    if (current && !current.spec?.nodeName) this.track(this.setUnscheduled(current, reason, message, nominatedNodeName));
  }

  /** PodScheduled=False with the reason, only when that changes something (as upstream's updatePod). */
  private async setUnscheduled(pod: Pod, reason: string, message: string, nominatedNodeName?: string): Promise<void> {
    const conditions = (pod.status?.conditions ?? []) as Array<{ type?: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string }>;
    const old = conditions.find((c) => c.type === 'PodScheduled');
    const same = old?.status === 'False' && old.reason === reason && old.message === message;
    const nominate = nominatedNodeName !== undefined && pod.status?.nominatedNodeName !== nominatedNodeName;
    if (same && !nominate) return;
    const lastTransitionTime = old?.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : nowRFC3339();
    const condition = { type: 'PodScheduled', status: 'False', reason, message, lastProbeTime: null, lastTransitionTime };
    const status = nominate ? { conditions: [condition], nominatedNodeName } : { conditions: [condition] };
    await this.writePod(pod, () => this.client.pods.patch(pod.metadata?.namespace, pod.metadata?.name ?? '', 'strategic', { metadata: { uid: pod.metadata?.uid }, status }, { subresource: 'status' }));
  }

  /** Upstream's preemption: mark the victim as disrupted, delete it, and say why. */
  private async preempt(victim: Pod, preemptor: Pod, node: string): Promise<void> {
    const { namespace, name = '', uid } = victim.metadata ?? {};
    const condition = { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: `${this.profile.schedulerName}: preempting to accommodate a higher priority pod`, lastTransitionTime: nowRFC3339() };
    await this.writePod(victim, async () => {
      await this.client.pods.patch(namespace, name, 'strategic', { metadata: { uid }, status: { conditions: [condition] } }, { subresource: 'status' });
      await this.client.pods.delete(namespace, name, { preconditions: { uid } });
    });
    this.recorder.event(asPod(victim), 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata?.uid} on node ${node}`);
  }

  /** A write about a pod that may have been deleted or replaced meanwhile: those are no error. */
  private async writePod(pod: Pod, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) log.warn('could not update pod', { pod: podKey(pod), error: (e as Error).message });
    }
  }

  private track(work: Promise<void>): void {
    const p = work.catch((e: unknown) => log.error('scheduler write failed', { error: String((e as Error)?.stack ?? e) }));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Not yet bound, not finished, not going away, not gated, and ours to schedule. */
  private isPending(p: Pod): boolean {
    return (
      !p.spec?.nodeName &&
      !isTerminal(p) &&
      !p.metadata?.deletionTimestamp &&
      !p.spec?.schedulingGates?.length &&
      (p.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME) === this.profile.schedulerName
    );
  }

  private podAdded(p: Pod): void {
    if (isAssigned(p)) this.cache.addPod(p);
    else if (this.isPending(p)) this.queue.add(p);
  }

  private podUpdated(oldPod: Pod, newPod: Pod): void {
    if (isAssigned(newPod)) {
      // The binding became visible: the pod leaves the queue and confirms its assumed place.
      if (!oldPod.spec?.nodeName) this.queue.delete(newPod);
      this.cache.updatePod(oldPod, newPod);
    } else if (newPod.spec?.nodeName) {
      // Finished: its resources are free, as if it had been deleted.
      this.cache.removePod(newPod);
      if (isAssigned(oldPod)) this.queue.moveAllToActiveOrBackoff('AssignedPodDelete');
    } else if (this.isPending(newPod)) {
      if (this.cache.isAssumed(newPod)) return;
      if (this.isPending(oldPod)) this.queue.update(oldPod, newPod);
      else this.queue.add(newPod);
    } else if (this.isPending(oldPod)) {
      this.queue.delete(newPod);
    }
  }

  private podDeleted(p: Pod): void {
    this.queue.delete(p);
    // Also drops a pod assumed while its binding is still in flight.
    this.cache.removePod(p);
    if (isAssigned(p)) this.queue.moveAllToActiveOrBackoff('AssignedPodDelete');
  }

  private nodeAdded(n: Node): void {
    this.cache.addNode(n);
    this.queue.moveAllToActiveOrBackoff('NodeAdd');
  }

  private nodeUpdated(oldNode: Node, newNode: Node): void {
    this.cache.updateNode(newNode);
    // Heartbeats change only timestamps: retrying every parked pod for them would be waste.
    if (!deepEqual(schedulingProperties(oldNode), schedulingProperties(newNode))) this.queue.moveAllToActiveOrBackoff('NodeUpdate');
  }
}

/** What of a node can make a pod fit (upstream's nodeSchedulingPropertiesChange). */
function schedulingProperties(n: Node): unknown {
  const conditions = ((n.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined)?.conditions ?? []).map((c) => [c.type, c.status]);
  return [n.metadata?.labels ?? {}, n.spec?.unschedulable ?? false, n.spec?.taints ?? [], n.status?.allocatable ?? {}, conditions];
}
