// The node lifecycle controller (kube-controller-manager's `node-lifecycle`): watches each
// node's heartbeats (its Lease in kube-node-lease and its Ready condition); a node silent
// for longer than --node-monitor-grace-period has its conditions set Unknown and its pods
// marked not Ready; the node carries the taints its conditions and cordon call for, which
// the scheduler and the taint eviction controller act on. One queue of node names.

import type { Lease } from '../../api/coordination/lease.js';
import type { Node } from '../../api/core/nodes.js';
import type { Pod } from '../../api/core/types.js';
import { isNotFound, keyOf, WorkQueue, type Client, type SharedInformer } from '../../client/index.js';
import type { EventRecorder } from '../../client/events.js';
import { WorkerPool } from '../common/worker-pool.js';
import type { Controller, ControllerContext } from '../context.js';
import { conditionsMarkedUnknown, getCondition } from './conditions.js';
import { gracePeriodMs, NodeHealthTracker } from './health.js';
import { isPodReady, podMarkedNotReady } from './pods.js';
import { desiredTaints, nodeTaints, reconcileTaints } from './taints.js';

export const CONTROLLER_NAME = 'node-controller';
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const PODS_BY_NODE = 'nodelifecycle/spec.nodeName';

export interface NodeLifecycleOptions {
  /** --node-monitor-period: how often every node is checked even without news (default 5 s). */
  monitorPeriodMs?: number;
  /** --node-startup-grace-period: how long a new node may take to post Ready (default 60 s). */
  startupGracePeriodSeconds?: number;
}

export function nodeLifecycleController(opts: NodeLifecycleOptions = {}): Controller {
  return new NodeLifecycleController(opts.monitorPeriodMs ?? 5000, opts.startupGracePeriodSeconds ?? 60);
}

interface Running {
  client: Client;
  recorder: EventRecorder;
  graceSeconds: number;
  nodes: SharedInformer<Node>;
  leases: SharedInformer<Lease>;
  pods: SharedInformer<Pod>;
  monitor: NodeJS.Timeout;
}

class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle';
  private readonly queue = new WorkQueue<string>();
  private readonly health = new NodeHealthTracker();
  private readonly workers = new WorkerPool();
  private running?: Running;

  constructor(
    private readonly monitorPeriodMs: number,
    private readonly startupGraceSeconds: number,
  ) {}

  start(ctx: ControllerContext): void {
    const { client, informers } = ctx;
    const nodes = informers.informerFor(client.nodes);
    const leases = informers.informerFor(client.leases, { namespace: NODE_LEASE_NAMESPACE });
    const pods = informers.informerFor(client.pods);
    pods.addIndexers({ [PODS_BY_NODE]: (p) => [p.spec?.nodeName] });

    const enqueue = (obj: Node | Lease) => this.queue.add(obj.metadata?.name ?? '');
    nodes.addEventHandler({ onAdd: enqueue, onUpdate: (_, n) => enqueue(n), onDelete: enqueue });
    leases.addEventHandler({ onAdd: enqueue, onUpdate: (_, l) => enqueue(l) });
    // A Ready pod turning up on a node that is not Ready gets marked (upstream's processPod).
    const onPod = (pod: Pod) => {
      const node = nodes.indexer.get(pod.spec?.nodeName ?? '');
      const ready = node && getCondition(node, 'Ready');
      if (node && ready && ready.status !== 'True' && isPodReady(pod)) this.queue.add(keyOf(node));
    };
    pods.addEventHandler({ onAdd: onPod, onUpdate: (_, p) => onPod(p) });
    // Silence produces no events: the periodic pass (upstream's monitorNodeHealth) is what
    // notices it, besides the wake-up each sync schedules for the node's deadline.
    const monitor = setInterval(() => nodes.indexer.keys().forEach((k) => this.queue.add(k)), this.monitorPeriodMs);

    this.workers.start(this.queue, [nodes, leases, pods], ctx.options.workers, (name) => this.sync(name));
    this.running = { client, recorder: ctx.recorder(CONTROLLER_NAME), graceSeconds: ctx.options.nodeMonitorGracePeriodSeconds, nodes, leases, pods, monitor };
  }

  async stop(): Promise<void> {
    clearInterval(this.running?.monitor);
    await this.workers.shutDown();
  }

  private async sync(name: string): Promise<void> {
    const r = this.running!;
    let node = r.nodes.indexer.get(name);
    if (!node) return this.health.forget(name);
    const nowMs = Date.now();
    const heardMs = this.health.observe(node, r.leases.indexer.getByName(NODE_LEASE_NAMESPACE, name), nowMs);
    const deadline = heardMs + gracePeriodMs(node, r.graceSeconds, this.startupGraceSeconds);
    if (nowMs >= deadline) node = await this.markUnknown(node, new Date(nowMs));
    else this.queue.addAfter(name, deadline - nowMs);
    node = await this.syncTaints(node, new Date(nowMs));
    await this.markPodsNotReady(node, new Date(nowMs));
  }

  /** Writes the Unknown conditions (status subresource); returns the node as written. */
  private async markUnknown(node: Node, now: Date): Promise<Node> {
    const r = this.running!;
    const conditions = conditionsMarkedUnknown(node, now);
    if (!conditions) return node;
    const wasReady = getCondition(node, 'Ready')?.status === 'True';
    const written = await r.client.nodes.updateStatus(undefined, { ...node, status: { ...node.status, conditions } });
    if (wasReady) r.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${node.metadata?.name} status is now: NodeNotReady`);
    return written;
  }

  private async syncTaints(node: Node, now: Date): Promise<Node> {
    const taints = reconcileTaints(nodeTaints(node), desiredTaints(node), now);
    if (!taints) return node;
    return this.running!.client.nodes.update(undefined, { ...node, spec: { ...node.spec, taints } });
  }

  private async markPodsNotReady(node: Node, now: Date): Promise<void> {
    const r = this.running!;
    const ready = getCondition(node, 'Ready');
    if (!ready || ready.status === 'True') return;
    for (const pod of r.pods.indexer.byIndex(PODS_BY_NODE, node.metadata?.name ?? '')) {
      const marked = podMarkedNotReady(pod, now);
      if (!marked) continue;
      try {
        await r.client.pods.updateStatus(undefined, marked);
      } catch (e) {
        if (isNotFound(e)) continue;
        throw e;
      }
      r.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
  }
}
