// The taint eviction controller (kube-controller-manager's `taint-eviction-controller`):
// pods on a node with NoExecute taints they do not tolerate are deleted at once; pods that
// tolerate them for a while are deleted when that while runs out, unless the taint goes
// first. One queue of pod keys; a pod's sync either deletes it or schedules its next look
// for its deadline, so a pending eviction is just a delayed key, cancelled by re-checking.

import type { Node } from '../../api/core/nodes.js';
import type { Pod } from '../../api/core/types.js';
import { isNotFound, keyOf, splitKey, WorkQueue, type Client, type SharedInformer } from '../../client/index.js';
import type { EventRecorder } from '../../client/events.js';
import { deepEqual } from '../../machinery/deep.js';
import { WorkerPool } from '../common/worker-pool.js';
import type { Controller, ControllerContext } from '../context.js';
import { withDisruptionTarget } from './disruption-target.js';
import { evictionTimeMs, noExecuteTaints, type Taint } from './tolerations.js';

export const CONTROLLER_NAME = 'taint-eviction-controller';
const PODS_BY_NODE = 'tainteviction/spec.nodeName';

export function taintEvictionController(): Controller {
  return new TaintEvictionController();
}

interface Running {
  client: Client;
  recorder: EventRecorder;
  nodes: SharedInformer<Node>;
  pods: SharedInformer<Pod>;
}

const taintsOf = (node: Node | undefined) => noExecuteTaints(node?.spec?.taints as Taint[] | undefined);

class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  private readonly queue = new WorkQueue<string>();
  /** Pods with a pending eviction: since when they are threatened, and their deadline. */
  private readonly scheduled = new Map<string, { sinceMs: number; atMs: number }>();
  private readonly workers = new WorkerPool();
  private running?: Running;

  start(ctx: ControllerContext): void {
    const { client, informers } = ctx;
    const nodes = informers.informerFor(client.nodes);
    const pods = informers.informerFor(client.pods);
    pods.addIndexers({ [PODS_BY_NODE]: (p) => [p.spec?.nodeName] });

    const onPod = (pod: Pod) => {
      if (pod.spec?.nodeName || this.scheduled.has(keyOf(pod))) this.queue.add(keyOf(pod));
    };
    pods.addEventHandler({ onAdd: onPod, onUpdate: (_, p) => onPod(p), onDelete: (p) => this.queue.add(keyOf(p)) });
    const podsOn = (node: Node) => pods.indexer.indexKeys(PODS_BY_NODE, node.metadata?.name ?? '').forEach((k) => this.queue.add(k));
    nodes.addEventHandler({
      onAdd: podsOn,
      onUpdate: (old, node) => {
        if (!deepEqual(taintsOf(old), taintsOf(node))) podsOn(node);
      },
      onDelete: podsOn,
    });

    this.workers.start(this.queue, [nodes, pods], ctx.options.workers, (key) => this.sync(key));
    this.running = { client, recorder: ctx.recorder(CONTROLLER_NAME), nodes, pods };
  }

  async stop(): Promise<void> {
    await this.workers.shutDown();
  }

  private async sync(key: string): Promise<void> {
    const r = this.running!;
    const pod = r.pods.indexer.get(key);
    // Gone or already on its way out: nothing left to evict.
    if (!pod || pod.metadata?.deletionTimestamp) return void this.scheduled.delete(key);
    const nowMs = Date.now();
    const taints = taintsOf(r.nodes.indexer.get(pod.spec?.nodeName ?? ''));
    const sinceMs = this.scheduled.get(key)?.sinceMs ?? nowMs;
    const atMs = taints.length === 0 ? undefined : evictionTimeMs(taints, pod.spec?.tolerations ?? [], sinceMs);
    if (atMs === undefined) return this.cancel(pod);
    if (atMs > nowMs) {
      this.scheduled.set(key, { sinceMs, atMs });
      return this.queue.addAfter(key, atMs - nowMs);
    }
    await this.evict(pod);
    this.scheduled.delete(key);
  }

  private cancel(pod: Pod): void {
    if (!this.scheduled.delete(keyOf(pod))) return;
    this.running!.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${keyOf(pod)}`);
  }

  /** Marks the pod as disrupted by us (so its owner can tell why it went), then deletes it with its own grace period. */
  private async evict(pod: Pod): Promise<void> {
    const r = this.running!;
    const { namespace, name } = splitKey(keyOf(pod));
    r.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${keyOf(pod)}`);
    try {
      const fresh = await r.client.pods.get(namespace, name);
      const marked = withDisruptionTarget(fresh, new Date());
      if (marked) await r.client.pods.updateStatus(namespace, marked);
      await r.client.pods.delete(namespace, name);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
