// The kubelet's Node: registration (kubelet_node_status.go's registerWithAPIServer), status
// updates every nodeStatusUpdateFrequency that are only written when something changed or the
// report frequency passed, the node Lease renewed every 10 s (nodelease controller), and
// registering again when someone deleted the Node.

import type { Node } from '../api/core/nodes.js';
import { isAlreadyExists, isNotFound, type Client } from '../client/index.js';
import { logger } from '../machinery/log.js';
import { microTimeRFC3339 } from '../machinery/time.js';
import { goArch, machineCapacity, nodeSystemInfo } from './node-info.js';
import { conditionsDiffer, leaseObject, nodeConditions, NODE_LEASE_NAMESPACE, wellKnownNodeLabels, type NodeCondition } from './node-shape.js';
import type { Runtime } from './runtime/types.js';

const log = logger('kubelet-node');
const WAITING_FOR_CIDR_MS = 1000;

export interface NodeStatusOptions {
  client: Client;
  runtime: Runtime;
  nodeName: string;
  nodeIP: string;
  podCIDR?: string;
  kubeletPort: number;
  rootDir: string;
  labels?: Record<string, string>;
  /** How often the Lease is renewed and the status looked at (upstream: 10 s each). */
  heartbeatMs?: number;
  /** A status that did not change is still written this often (nodeStatusReportFrequency, 5 min). */
  reportMs?: number;
}

export class NodeStatusManager {
  private timer?: NodeJS.Timeout;
  private tick?: Promise<void>;
  private nodeUid?: string;
  private lastReportAt = 0;
  private appliedPodCIDR?: string;
  private stopped = false;
  private readonly heartbeatMs: number;
  private readonly reportMs: number;

  constructor(private readonly o: NodeStatusOptions) {
    this.heartbeatMs = o.heartbeatMs ?? 10_000;
    this.reportMs = o.reportMs ?? 5 * 60_000;
  }

  /** Starts the heartbeat; the first one registers the Node (retried every heartbeat until it works). */
  start(): void {
    const beat = () => {
      this.tick = this.heartbeat().finally(() => {
        // Until node IPAM has given the node its pod CIDR, pods cannot start: look again soon.
        if (!this.stopped) this.timer = setTimeout(beat, this.appliedPodCIDR ? this.heartbeatMs : Math.min(WAITING_FOR_CIDR_MS, this.heartbeatMs));
      });
    };
    beat();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.tick;
  }

  /** The Node's uid once registered (the owner of static pods' mirror pods). */
  uid(): string | undefined {
    return this.nodeUid;
  }

  private async heartbeat(): Promise<void> {
    try {
      await this.syncNode();
      await this.renewLease();
    } catch (e) {
      if (!this.stopped) log.warn('node heartbeat failed', { node: this.o.nodeName, error: (e as Error).message });
    }
  }

  /** Ready=False with the runtime's message while it is not ready (setters.go's ReadyCondition). */
  private async notReadyMessage(): Promise<string | undefined> {
    try {
      const st = await this.o.runtime.status();
      if (st.runtimeReady && st.networkReady) return undefined;
      if (!st.runtimeReady) return `container runtime is down${st.message ? `: ${st.message}` : ''}`;
      return `container runtime network not ready: NetworkReady=false${st.message ? ` message:${st.message}` : ''}`;
    } catch (e) {
      return `container runtime status check may not have completed yet: ${(e as Error).message}`;
    }
  }

  private async desiredStatus(current: readonly Partial<NodeCondition>[], notReady: string | undefined): Promise<NonNullable<Node['status']>> {
    const [capacity, nodeInfo] = await Promise.all([machineCapacity(this.o.rootDir), nodeSystemInfo(this.o.runtime)]);
    return {
      capacity,
      allocatable: { ...capacity },
      conditions: nodeConditions(current, undefined, notReady),
      addresses: [
        { type: 'InternalIP', address: this.o.nodeIP },
        { type: 'Hostname', address: this.o.nodeName },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: this.o.kubeletPort } },
      nodeInfo,
    };
  }

  private labels(): Record<string, string> {
    return { ...wellKnownNodeLabels(this.o.nodeName, goArch()), ...this.o.labels };
  }

  private spec(): Node['spec'] {
    return this.o.podCIDR ? { podCIDR: this.o.podCIDR, podCIDRs: [this.o.podCIDR] } : {};
  }

  /** Registers the Node when it is not there; otherwise posts its status if it changed or is due. */
  private async syncNode(): Promise<void> {
    let node: Node;
    try {
      node = await this.o.client.nodes.get(undefined, this.o.nodeName);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      node = await this.register();
    }
    this.nodeUid = node.metadata?.uid;
    await this.applyPodCIDR(node);
    const current = (node.status?.conditions ?? []) as Partial<NodeCondition>[];
    const notReady = await this.notReadyMessage();
    if (Date.now() - this.lastReportAt < this.reportMs && !conditionsDiffer(current, notReady)) return;
    await this.o.client.nodes.patch(undefined, this.o.nodeName, 'strategic', { status: await this.desiredStatus(current, notReady) }, { subresource: 'status' });
    this.lastReportAt = Date.now();
  }

  /** Hands the runtime the pod CIDR node IPAM assigned (kubelet's updatePodCIDR), once, before the status says whether the network is ready. */
  private async applyPodCIDR(node: Node): Promise<void> {
    const cidr = node.spec?.podCIDR;
    if (!cidr || cidr === this.appliedPodCIDR) return;
    await this.o.runtime.updateRuntimeConfig(cidr);
    this.appliedPodCIDR = cidr;
    log.info('pod CIDR set', { node: this.o.nodeName, podCIDR: cidr });
  }

  /** Creates the Node; one left by an earlier run (AlreadyExists) is reconciled instead, as the kubelet does. */
  private async register(): Promise<Node> {
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: this.o.nodeName, labels: this.labels(), annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
      spec: this.spec(),
      status: await this.desiredStatus([], await this.notReadyMessage()),
    };
    try {
      const created = await this.o.client.nodes.create(undefined, node);
      log.info('registered node', { node: this.o.nodeName });
      this.lastReportAt = Date.now();
      return created;
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
    await this.o.client.nodes.patch(undefined, this.o.nodeName, 'merge', { metadata: { labels: node.metadata?.labels } });
    return this.o.client.nodes.get(undefined, this.o.nodeName);
  }

  private async renewLease(): Promise<void> {
    const { client, nodeName } = this.o;
    try {
      await client.leases.patch(NODE_LEASE_NAMESPACE, nodeName, 'merge', { spec: { holderIdentity: nodeName, renewTime: microTimeRFC3339() } });
    } catch (e) {
      // Not made yet, or collected with a deleted Node: the lease controller creates it (again).
      if (!isNotFound(e)) throw e;
      try {
        await client.leases.create(NODE_LEASE_NAMESPACE, leaseObject(nodeName, this.nodeUid));
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    }
  }
}
