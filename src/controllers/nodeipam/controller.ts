// The node IPAM controller (kube-controller-manager's `nodeipam` with the RangeAllocator): every
// Node without spec.podCIDR gets the next free subnet of --cluster-cidr, of --node-cidr-mask-size;
// a deleted Node's subnet is released. Nodes that bring a CIDR of their own outside the range
// (simulated nodes, as kwok's) keep it. One worker, so no subnet is ever handed out twice.

import type { Node } from '../../api/core/nodes.js';
import type { EventRecorder } from '../../client/events.js';
import { isNotFound, runWorkers, WorkQueue, type Client, type SharedInformer } from '../../client/index.js';
import { logger } from '../../machinery/log.js';
import type { Controller, ControllerContext } from '../context.js';
import { CidrSet } from './cidr-set.js';

const log = logger('nodeipam');

export function nodeIpamController(): Controller {
  return new NodeIpamController();
}

const podCIDRsOf = (node: Node): string[] => node.spec?.podCIDRs ?? (node.spec?.podCIDR ? [node.spec.podCIDR] : []);

class NodeIpamController implements Controller {
  readonly name = 'nodeipam';
  private readonly queue = new WorkQueue<string>();
  private workers?: Promise<void>;
  private client?: Client;
  private recorder?: EventRecorder;
  private nodes?: SharedInformer<Node>;
  private cidrs!: CidrSet;

  start(ctx: ControllerContext): void {
    // Without --cluster-cidr there is nothing to allocate (upstream's --allocate-node-cidrs=false).
    if (!ctx.options.clusterCIDR) return;
    this.cidrs = new CidrSet(ctx.options.clusterCIDR, ctx.options.nodeCIDRMaskSize);
    this.client = ctx.client;
    this.recorder = ctx.recorder('cidrAllocator');
    this.nodes = ctx.informers.informerFor(ctx.client.nodes);
    const seen = (node: Node) => {
      // What a node holds is taken, whoever gave it; nodes without one wait for the worker.
      const held = podCIDRsOf(node);
      for (const cidr of held) this.cidrs.occupy(cidr);
      if (held.length === 0) this.queue.add(node.metadata?.name ?? '');
    };
    this.nodes.addEventHandler({
      onAdd: seen,
      onUpdate: (_old, node) => seen(node),
      onDelete: (node) => podCIDRsOf(node).forEach((cidr) => this.cidrs.release(cidr)),
    });
    // Every existing node's subnet must be known before the first one is handed out.
    this.workers = this.nodes.waitForSync().then((synced) => (synced ? runWorkers(this.queue, 1, (name) => this.sync(name)) : undefined));
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }

  private async sync(name: string): Promise<void> {
    const cached = this.nodes!.indexer.getByName(undefined, name);
    if (!cached || podCIDRsOf(cached).length > 0) return;
    // The cache may not show our own last patch yet, and a podCIDR, once set, must never change: ask the server.
    let node: Node;
    try {
      node = await this.client!.nodes.get(undefined, name);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (podCIDRsOf(node).length > 0) return;
    const cidr = this.cidrs.allocate();
    if (!cidr) {
      this.recorder!.event(node, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
      throw new Error(`no pod CIDR left for node ${name}`);
    }
    try {
      await this.client!.nodes.patch(undefined, name, 'strategic', { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
      log.info('assigned a pod CIDR', { node: name, podCIDR: cidr });
    } catch (e) {
      this.cidrs.release(cidr);
      if (!isNotFound(e)) throw e;
    }
  }
}
