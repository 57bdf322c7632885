// Simulated nodes, as kwok: N Nodes that register, keep their Leases fresh, post status
// heartbeats and "run" the pods bound to them, without any containers. They talk to the API
// server like real kubelets (one Node, one Lease each), but share one pod informer and one
// timer, so thousands of them cost little more than a few watches.

import type { Node } from '../../api/core/nodes.js';
import type { Pod } from '../../api/core/types.js';
import { isAlreadyExists, isNotFound, type Client, type SharedInformer, type SharedInformerFactory } from '../../client/index.js';
import { logger } from '../../machinery/log.js';
import { microTimeRFC3339 } from '../../machinery/time.js';
import { nodeIP, PodIPPool } from './addresses.js';
import { conditionsDiffer, leaseObject, nodeConditions, NODE_LEASE_NAMESPACE, type NodeCondition } from '../node-shape.js';
import { nodeObject, type NodeSpec } from './node-object.js';
import { PodSimulator, type HostedNode } from './pods.js';
import { TimingWheel } from './wheel.js';

const log = logger('sim-nodes');

export const DEFAULT_CAPACITY: Readonly<Record<string, string>> = { cpu: '32', memory: '256Gi', pods: '110', 'ephemeral-storage': '100Gi' };

export interface SimulatedNodesOptions {
  client: Client;
  informers: SharedInformerFactory;
  count: number;
  namePrefix?: string;
  /** The first node's number: names, node IPs and pod IP blocks follow it, so several sets can run side by side. */
  firstIndex?: number;
  capacity?: Record<string, string>;
  /** Added to the kubelet's own labels (and `type: simulated`). */
  labels?: Record<string, string>;
  /** Called after each node is registered. */
  onProgress?: (registered: number, total: number) => void;
  /** The kubelet's lease renew interval (a quarter of the 40 s lease duration). */
  leaseRenewIntervalMs?: number;
  /** The kubelet's nodeStatusReportFrequency: status heartbeats when nothing changed. */
  statusReportIntervalMs?: number;
  /** Registrations and pod status updates in flight at once. */
  concurrency?: number;
}

interface SimNode extends HostedNode {
  readonly spec: NodeSpec;
  uid?: string;
  lastStatusAt: number;
  /** A renewal is in flight: a slow server must not pile them up. */
  busy: boolean;
}

const REGISTER_BACKOFF_MAX_MS = 7000;

export class SimulatedNodes {
  private readonly client: Client;
  private readonly nodes = new Map<string, SimNode>();
  private readonly nodeInformer: SharedInformer<Node>;
  private readonly pods: PodSimulator;
  private readonly wheel: TimingWheel;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly statusIntervalMs: number;
  private readonly concurrency: number;
  private stopping = false;

  constructor(private readonly opts: SimulatedNodesOptions) {
    this.client = opts.client;
    this.concurrency = opts.concurrency ?? 32;
    this.statusIntervalMs = opts.statusReportIntervalMs ?? 5 * 60_000;
    const capacity = { ...DEFAULT_CAPACITY, ...opts.capacity };
    const maxPods = Number(capacity.pods) || 110;
    for (let i = opts.firstIndex ?? 0; i < (opts.firstIndex ?? 0) + opts.count; i++) {
      const name = `${opts.namePrefix ?? 'sim-node-'}${i}`;
      const ip = nodeIP(i);
      const pool = new PodIPPool(i, maxPods);
      const spec: NodeSpec = { name, internalIP: ip, podCIDR: pool.cidr(), capacity, labels: opts.labels ?? {} };
      this.nodes.set(name, { name, ip, spec, pool, stopped: false, busy: false, lastStatusAt: 0 });
    }
    this.nodeInformer = opts.informers.informerFor(opts.client.nodes);
    const podInformer: SharedInformer<Pod> = opts.informers.informerFor(opts.client.pods);
    this.pods = new PodSimulator(opts.client, podInformer, this.nodes, this.concurrency);
    this.wheel = new TimingWheel(opts.leaseRenewIntervalMs ?? 10_000, (names) => this.heartbeat(names));
  }

  /** Registers every node (resolving when all are), then keeps them alive until stop(). */
  async start(): Promise<void> {
    this.pods.start();
    this.opts.informers.start();
    this.wheel.start();
    let registered = 0;
    const pending = [...this.nodes.values()];
    const worker = async () => {
      for (let node = pending.shift(); node && !this.stopping; node = pending.shift()) {
        await this.register(node);
        if (this.stopping) return;
        this.wheel.add(node.name);
        this.opts.onProgress?.(++registered, this.nodes.size);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, pending.length) }, worker));
  }

  /** Stops heartbeats and pod updates; the Nodes stay, and turn NotReady as a dead kubelet's would. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wheel.stop();
    await this.pods.stop();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  nodeNames(): string[] {
    return [...this.nodes.keys()];
  }

  /** Simulates a kubelet that went silent: no Lease renewals, no status, no pod updates. */
  stopHeartbeat(name: string): void {
    this.get(name).stopped = true;
  }

  resumeHeartbeat(name: string): void {
    const node = this.get(name);
    if (!node.stopped) return;
    node.stopped = false;
    this.track(this.renew(node));
    this.pods.resync(name);
  }

  private get(name: string): SimNode {
    const node = this.nodes.get(name);
    if (!node) throw new Error(`${name} is not a simulated node`);
    return node;
  }

  /** Creates the Node and its Lease, retrying with the kubelet's backoff until it works. */
  private async register(node: SimNode): Promise<void> {
    for (let delay = 100; !this.stopping; delay = Math.min(delay * 2, REGISTER_BACKOFF_MAX_MS)) {
      try {
        node.uid = (await this.createOrReconcile(node)).metadata?.uid;
        node.lastStatusAt = Date.now();
        await this.ensureLease(node);
        return;
      } catch (e) {
        log.warn('could not register simulated node, retrying', { node: node.name, error: (e as Error).message, retryInMs: delay });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** A Node left from an earlier run is brought up to date instead (the kubelet's reconcile). */
  private async createOrReconcile(node: SimNode): Promise<Node> {
    const desired = nodeObject(node.spec);
    try {
      return await this.client.nodes.create(undefined, desired);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
    await this.client.nodes.patch(undefined, node.name, 'merge', { metadata: { labels: desired.metadata?.labels } });
    return this.client.nodes.patch(undefined, node.name, 'strategic', { status: desired.status }, { subresource: 'status' });
  }

  private async ensureLease(node: SimNode): Promise<void> {
    try {
      await this.client.leases.create(NODE_LEASE_NAMESPACE, leaseObject(node.name, node.uid));
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      await this.renewLease(node);
    }
  }

  private heartbeat(names: readonly string[]): void {
    for (const name of names) {
      const node = this.nodes.get(name)!;
      if (node.stopped || node.busy) continue;
      this.track(this.renew(node));
    }
  }

  /** Renews the Lease; posts the status every report interval, or at once if it shows the node unhealthy. */
  private async renew(node: SimNode): Promise<void> {
    node.busy = true;
    try {
      await this.renewLease(node);
      const conditions = (this.nodeInformer.indexer.get(node.name)?.status?.conditions ?? []) as Partial<NodeCondition>[];
      if (Date.now() - node.lastStatusAt >= this.statusIntervalMs || conditionsDiffer(conditions)) await this.postStatus(node, conditions);
    } catch (e) {
      if (!this.stopping) log.warn('simulated node heartbeat failed', { node: node.name, error: (e as Error).message });
    } finally {
      node.busy = false;
    }
  }

  private async renewLease(node: SimNode): Promise<void> {
    try {
      await this.client.leases.patch(NODE_LEASE_NAMESPACE, node.name, 'merge', { spec: { holderIdentity: node.name, renewTime: microTimeRFC3339() } });
    } catch (e) {
      // Deleted by someone (or never made): the kubelet's lease controller creates it again.
      if (!isNotFound(e)) throw e;
      await this.client.leases.create(NODE_LEASE_NAMESPACE, leaseObject(node.name, node.uid));
    }
  }

  private async postStatus(node: SimNode, current: Partial<NodeCondition>[]): Promise<void> {
    await this.client.nodes.patch(undefined, node.name, 'strategic', { status: { conditions: nodeConditions(current) } }, { subresource: 'status' });
    node.lastStatusAt = Date.now();
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }
}
