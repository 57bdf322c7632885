// The scheduling queue (upstream internal/queue/scheduling_queue.go): activeQ holds pods
// ready to try, ordered by priority then age; backoffQ holds pods waiting out their
// backoff (1 s doubling to 10 s per attempt); the unschedulable map holds pods that failed
// until a cluster event might help them, or 5 minutes pass.

import { deepEqual } from '../machinery/index.js';
import { KeyedHeap } from './heap.js';
import { podKey, podPriority, type Pod } from './types.js';

export interface QueuedPodInfo {
  pod: Pod;
  key: string;
  /** Scheduling attempts so far (set by pop). */
  attempts: number;
  /** When the pod last entered a queue (ms); backoff counts from here. */
  timestamp: number;
  initialAttemptTimestamp?: number;
  /** Plugins that rejected it last time; empty after an error, which always backs off. */
  unschedulablePlugins: Set<string>;
}

/** Cluster changes that may make unschedulable pods fit (upstream's ClusterEvent labels). */
export type ClusterEvent =
  | 'NodeAdd'
  | 'NodeUpdate'
  | 'AssignedPodDelete'
  | 'AssignedPodAdd'
  | 'AssignedPodUpdate'
  | 'NamespaceUpdate'
  | 'ForceActivate'
  | 'UnschedulableTimeout';

export interface QueueOptions {
  now?: () => number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** podMaxInUnschedulablePodsDuration. */
  maxInUnschedulableMs?: number;
}

export class SchedulingQueue {
  private readonly now: () => number;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxInUnschedulable: number;
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** Popped and not yet returned through addUnschedulable or done. */
  private readonly inFlight = new Map<string, QueuedPodInfo>();
  private cycle = 0;
  /** The cycle of the last move request: pods failing in an earlier-started cycle retry. */
  private moveRequestCycle = -1;
  private waiters: Array<(info: QueuedPodInfo | undefined) => void> = [];
  private closed = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(opts: QueueOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.initialBackoff = opts.initialBackoffMs ?? 1000;
    this.maxBackoff = opts.maxBackoffMs ?? 10_000;
    this.maxInUnschedulable = opts.maxInUnschedulableMs ?? 5 * 60_000;
    this.activeQ = new KeyedHeap((i) => i.key, activeLess);
    this.backoffQ = new KeyedHeap((i) => i.key, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  /** Starts the periodic flushes (backoff every second, unschedulable leftovers every 30 s). */
  run(): void {
    this.timers.push(setInterval(() => this.flushBackoffCompleted(), 1000).unref());
    this.timers.push(setInterval(() => this.flushUnschedulableLeftover(), 30_000).unref());
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  get schedulingCycle(): number {
    return this.cycle;
  }

  /** A new pending pod. */
  add(pod: Pod): void {
    const key = podKey(pod);
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
    const existing = this.activeQ.get(key);
    this.pushActive(existing ? { ...existing, pod } : this.newInfo(pod));
  }

  update(oldPod: Pod, newPod: Pod): void {
    const key = podKey(newPod);
    for (const q of [this.activeQ, this.backoffQ]) {
      const info = q.get(key);
      if (info) return q.addOrUpdate({ ...info, pod: newPod });
    }
    const info = this.unschedulable.get(key);
    if (info) {
      const updated = { ...info, pod: newPod };
      // A changed spec or labels may make it fit; a status-only change cannot.
      if (!specChanged(oldPod, newPod)) return void this.unschedulable.set(key, updated);
      this.unschedulable.delete(key);
      return this.requeue(updated);
    }
    const flying = this.inFlight.get(key);
    if (flying) {
      flying.pod = newPod;
      // The attempt in progress saw the old pod; make a failure retry rather than park.
      this.moveRequestCycle = this.cycle;
      return;
    }
    this.add(newPod);
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
  }

  /** The next pod to schedule; waits while activeQ is empty; undefined once closed. */
  pop(): Promise<QueuedPodInfo | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const info = this.activeQ.pop();
    if (info) return Promise.resolve(this.start(info));
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The pod was bound (or given up on): forget it was in flight. */
  done(pod: Pod): void {
    this.inFlight.delete(podKey(pod));
  }

  /**
   * A popped pod failed in the cycle `podCycle`. It parks in the unschedulable map unless a
   * move request came while it was being tried, or it failed with an error: then it backs off.
   */
  addUnschedulable(info: QueuedPodInfo, podCycle: number): void {
    const key = info.key;
    this.inFlight.delete(key);
    if (this.activeQ.has(key) || this.backoffQ.has(key) || this.closed) return;
    const requeued = { ...info, timestamp: this.now() };
    if (this.moveRequestCycle >= podCycle || info.unschedulablePlugins.size === 0) this.backoffQ.addOrUpdate(requeued);
    else this.unschedulable.set(key, requeued);
  }

  /** Something changed in the cluster that may make parked pods fit: retry them all. */
  moveAllToActiveOrBackoff(_event: ClusterEvent): void {
    for (const info of [...this.unschedulable.values()]) {
      this.unschedulable.delete(info.key);
      this.requeue(info);
    }
    this.moveRequestCycle = this.cycle;
  }

  /** Moves pods whose backoff has expired to activeQ. */
  flushBackoffCompleted(): void {
    const now = this.now();
    for (let head = this.backoffQ.peek(); head && this.backoffExpiry(head) <= now; head = this.backoffQ.peek()) {
      this.backoffQ.pop();
      this.pushActive(head);
    }
  }

  /** Pods parked longer than maxInUnschedulable get another try even without an event. */
  flushUnschedulableLeftover(): void {
    const now = this.now();
    for (const info of [...this.unschedulable.values()]) {
      if (now - info.timestamp < this.maxInUnschedulable) continue;
      this.unschedulable.delete(info.key);
      this.requeue(info);
    }
  }

  /** Keys per sub-queue, activeQ in pop order (for tests and debugging). */
  pending(): { active: string[]; backoff: string[]; unschedulable: string[] } {
    return {
      active: this.activeQ.list().sort((a, b) => (activeLess(a, b) ? -1 : 1)).map((i) => i.key),
      backoff: this.backoffQ.list().map((i) => i.key),
      unschedulable: [...this.unschedulable.keys()],
    };
  }

  /** Upstream's calculateBackoffDuration: initial × 2^(attempts−1), capped. */
  backoffDuration(attempts: number): number {
    let d = this.initialBackoff;
    for (let i = 1; i < attempts; i++) {
      if (d > this.maxBackoff - d) return this.maxBackoff;
      d += d;
    }
    return Math.min(d, this.maxBackoff);
  }

  private backoffExpiry(info: QueuedPodInfo): number {
    return info.timestamp + this.backoffDuration(info.attempts);
  }

  private requeue(info: QueuedPodInfo): void {
    if (this.backoffExpiry(info) > this.now()) this.backoffQ.addOrUpdate(info);
    else this.pushActive(info);
  }

  private newInfo(pod: Pod): QueuedPodInfo {
    return { pod, key: podKey(pod), attempts: 0, timestamp: this.now(), unschedulablePlugins: new Set() };
  }

  private pushActive(info: QueuedPodInfo): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(this.start(info));
    else this.activeQ.addOrUpdate(info);
  }

  private start(info: QueuedPodInfo): QueuedPodInfo {
    this.cycle++;
    info.attempts++;
    info.initialAttemptTimestamp ??= this.now();
    this.inFlight.set(info.key, info);
    return info;
  }
}

/** Higher priority first, then older pods (creation time, else time queued). */
function activeLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const pa = podPriority(a.pod);
  const pb = podPriority(b.pod);
  if (pa !== pb) return pa > pb;
  return age(a) < age(b);
}

function age(info: QueuedPodInfo): number {
  const created = Date.parse(info.pod.metadata?.creationTimestamp ?? '');
  return Number.isNaN(created) ? info.timestamp : created;
}

/** Whether anything but status and bookkeeping metadata changed. */
function specChanged(a: Pod, b: Pod): boolean {
  const strip = (p: Pod) => ({ ...p, status: undefined, metadata: { ...p.metadata, resourceVersion: undefined, generation: undefined, managedFields: undefined } });
  return !deepEqual(strip(a), strip(b));
}
