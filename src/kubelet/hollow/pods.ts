// What the simulated kubelets do with their pods, for all simulated nodes from one shared
// pod informer: a pod bound to one of them "starts" at once (Running and Ready, with a pod
// IP from its node's pool), and a pod being deleted is confirmed at once (grace period 0),
// as the kubelet does once its containers have stopped.

import type { Pod } from '../../api/core/types.js';
import { isConflict, isNotFound, keyOf, runWorkers, WorkQueue, type Client, type SharedInformer } from '../../client/index.js';
import type { PodIPPool } from './addresses.js';
import { isRunningAndReady, runningStatus } from './pod-status.js';

export interface HostedNode {
  readonly name: string;
  readonly ip: string;
  readonly pool: PodIPPool;
  /** Heartbeat stopped: the node's kubelet is "down" and leaves its pods alone. */
  stopped: boolean;
}

interface Placement {
  node: string;
  uid: string;
  ip: string;
  /** Running was reported for this uid: until the informer shows it, do not report again. */
  reported: boolean;
}

const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

export class PodSimulator {
  private readonly queue = new WorkQueue<string>();
  /** Pod key → where it runs and its IP, for the pods on simulated nodes. */
  private readonly placements = new Map<string, Placement>();
  private unregister?: () => void;
  private workers?: Promise<void>;

  constructor(
    private readonly client: Client,
    private readonly informer: SharedInformer<Pod>,
    private readonly nodes: ReadonlyMap<string, HostedNode>,
    private readonly concurrency: number,
  ) {}

  start(): void {
    this.unregister = this.informer.addEventHandler({ onAdd: (p) => this.observe(p), onUpdate: (_, p) => this.observe(p), onDelete: (p) => this.forget(p) });
    this.workers = runWorkers(this.queue, this.concurrency, (key) => this.sync(key));
  }

  async stop(): Promise<void> {
    this.unregister?.();
    this.queue.shutDown();
    await this.workers;
  }

  /** Looks again at every pod of `node` (its heartbeat resumed). */
  resync(node: string): void {
    for (const pod of this.informer.indexer.list()) if (pod.spec?.nodeName === node) this.queue.add(keyOf(pod));
  }

  private observe(pod: Pod): void {
    const node = this.nodes.get(pod.spec?.nodeName ?? '');
    if (!node) return;
    const key = keyOf(pod);
    const uid = pod.metadata?.uid ?? '';
    const known = this.placements.get(key);
    if (known && known.uid !== uid) this.forget(pod);
    if (!this.placements.has(key) && pod.status?.podIP) {
      // Running from before a restart: keep its address.
      node.pool.claim(pod.status.podIP);
      this.placements.set(key, { node: node.name, uid, ip: pod.status.podIP, reported: true });
    }
    this.queue.add(key);
  }

  private forget(pod: Pod): void {
    const key = keyOf(pod);
    const p = this.placements.get(key);
    if (!p) return;
    this.nodes.get(p.node)?.pool.release(p.ip);
    this.placements.delete(key);
  }

  private async sync(key: string): Promise<void> {
    if (this.queue.isShuttingDown()) return;
    const pod = this.informer.indexer.get(key);
    const node = this.nodes.get(pod?.spec?.nodeName ?? '');
    if (!pod || !node || node.stopped) return;
    const ns = pod.metadata?.namespace;
    const name = pod.metadata?.name ?? '';
    const uid = pod.metadata?.uid;
    try {
      if (pod.metadata?.deletionTimestamp) {
        await this.client.pods.delete(ns, name, { gracePeriodSeconds: 0, preconditions: { uid } });
        return;
      }
      if (isTerminal(pod) || isRunningAndReady(pod)) return;
      const placement = this.place(key, pod, node);
      // Our report is on its way; a later event (NotReady set by someone else) reports again.
      if (placement.reported && pod.status?.phase !== 'Running') return;
      const status = runningStatus(pod, node.ip, placement.ip);
      await this.client.pods.patch(ns, name, 'strategic', { metadata: { uid }, status }, { subresource: 'status' });
      placement.reported = true;
    } catch (e) {
      // Deleted or replaced meanwhile: the informer will tell what is there now.
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }

  private place(key: string, pod: Pod, node: HostedNode): Placement {
    let p = this.placements.get(key);
    if (!p) {
      // Host-network pods share their node's address.
      const ip = pod.spec?.hostNetwork ? node.ip : node.pool.allocate();
      p = { node: node.name, uid: pod.metadata?.uid ?? '', ip, reported: false };
      this.placements.set(key, p);
    }
    return p;
  }
}
