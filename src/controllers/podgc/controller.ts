// Pod garbage collection (kube-controller-manager's `pod-garbage-collector`), driven by
// informer events instead of upstream's 20 s scan. Work items:
//   `terminated`   — more finished pods than --terminated-pod-gc-threshold: delete the oldest;
//   `node/<name>`  — pods bound to a node that is not there: after a 40 s quarantine and a
//                    live GET proving it gone, fail and delete them; on a NotReady node with
//                    the out-of-service taint, force-delete the pods already terminating;
//   `pod/<ns/name>` — a terminating pod never scheduled: delete it at once (no kubelet will).

import type { Node } from '../../api/core/nodes.js';
import type { Pod } from '../../api/core/types.js';
import { isNotFound, keyOf, runWorkers, splitKey, WorkQueue, type Client, type SharedInformer } from '../../client/index.js';
import type { Controller, ControllerContext } from '../context.js';
import { isTerminated, markFailedAndDelete } from './actions.js';

/** How long a node must stay missing before its pods are collected (upstream's quarantineTime). */
const QUARANTINE_MS = 40_000;
const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';
const TERMINATED = 'terminated';
const BY_NODE = 'podgc/nodeName';

export interface PodGCOptions {
  quarantineMs?: number;
}

export function podGarbageCollector(opts: PodGCOptions = {}): Controller {
  return new PodGC(opts.quarantineMs ?? QUARANTINE_MS);
}

class PodGC implements Controller {
  readonly name = 'pod-garbage-collector';
  private readonly queue = new WorkQueue<string>();
  /** Node name → when it was first found missing while pods are bound to it. */
  private readonly missingSince = new Map<string, number>();
  private workers?: Promise<void>;
  private client?: Client;
  private pods?: SharedInformer<Pod>;
  private nodes?: SharedInformer<Node>;
  private threshold = 0;

  constructor(private readonly quarantineMs: number) {}

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.threshold = ctx.options.terminatedPodGCThreshold;
    this.pods = ctx.informers.informerFor(ctx.client.pods);
    this.nodes = ctx.informers.informerFor(ctx.client.nodes);
    this.pods.addIndexers({ [BY_NODE]: (p) => [p.spec?.nodeName] });
    const onPod = (pod: Pod) => {
      if (isTerminated(pod) && this.threshold > 0) this.queue.add(TERMINATED);
      const node = pod.spec?.nodeName;
      if (node && (pod.metadata?.deletionTimestamp || !this.nodes!.indexer.getByName(undefined, node))) this.queue.add(`node/${node}`);
      if (!node && pod.metadata?.deletionTimestamp) this.queue.add(`pod/${keyOf(pod)}`);
    };
    this.pods.addEventHandler({ onAdd: onPod, onUpdate: (_old, pod) => onPod(pod) });
    const onNode = (node: Node) => this.queue.add(`node/${node.metadata?.name ?? ''}`);
    this.nodes.addEventHandler({ onAdd: onNode, onUpdate: (_old, node) => onNode(node), onDelete: onNode });
    this.workers = runWorkers(this.queue, ctx.options.workers, (key) => this.sync(key));
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }

  private sync(key: string): Promise<void> {
    if (key === TERMINATED) return this.gcTerminated();
    if (key.startsWith('node/')) return this.gcNode(key.slice('node/'.length));
    return this.gcUnscheduled(key.slice('pod/'.length));
  }

  /** Keeps at most `threshold` finished pods, deleting the oldest first. */
  private async gcTerminated(): Promise<void> {
    const terminated = this.pods!.indexer.list().filter(isTerminated);
    const excess = terminated.length - this.threshold;
    if (this.threshold <= 0 || excess <= 0) return;
    terminated.sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? '') || keyOf(a).localeCompare(keyOf(b)));
    await Promise.all(terminated.slice(0, excess).map((p) => markFailedAndDelete(this.client!, p)));
  }

  private async gcNode(name: string): Promise<void> {
    const pods = this.pods!.indexer.byIndex(BY_NODE, name);
    const node = this.nodes!.indexer.getByName(undefined, name);
    if (node) {
      this.missingSince.delete(name);
      if (isOutOfService(node)) {
        const terminating = pods.filter((p) => p.metadata?.deletionTimestamp);
        await Promise.all(terminating.map((p) => markFailedAndDelete(this.client!, p, 'PodGC: node is out of service')));
      }
      return;
    }
    if (pods.length === 0) return void this.missingSince.delete(name);
    const since = this.missingSince.get(name) ?? Date.now();
    this.missingSince.set(name, since);
    const wait = since + this.quarantineMs - Date.now();
    if (wait > 0) return this.queue.addAfter(`node/${name}`, wait);
    // The cache may lag behind a node just registered: only the API can say it is gone.
    if (await this.nodeExists(name)) return void this.missingSince.delete(name);
    this.missingSince.delete(name);
    await Promise.all(pods.map((p) => markFailedAndDelete(this.client!, p, 'PodGC: node no longer exists')));
  }

  private async gcUnscheduled(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.pods!.indexer.getByName(namespace, name);
    if (!pod?.metadata?.deletionTimestamp || pod.spec?.nodeName) return;
    await markFailedAndDelete(this.client!, pod);
  }

  private async nodeExists(name: string): Promise<boolean> {
    try {
      await this.client!.nodes.get(undefined, name);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }
}

/** NotReady and tainted out-of-service with NoExecute: its kubelet will not finish pod deletions. */
function isOutOfService(node: Node): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return false;
  return (node.spec?.taints ?? []).some((t) => t.key === OUT_OF_SERVICE_TAINT && t.effect === 'NoExecute');
}
