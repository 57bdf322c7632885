// Routes to the pods of other nodes, as flannel's host-gw backend makes them: for every other
// Node whose pod CIDR lies in the cluster CIDR, `<podCIDR> via <its InternalIP>`. That needs
// the nodes on one layer-2 network (their addresses are next hops). The routes carry a
// protocol number of their own, so a restarted agent finds and reconciles exactly its routes,
// and stop() removes them. Nodes with CIDRs outside the cluster's (simulated ones) are skipped.

import type { Node } from '../../api/core/nodes.js';
import { runWorkers, WorkQueue, type Client, type SharedInformer, type SharedInformerFactory } from '../../client/index.js';
import { logger } from '../../machinery/log.js';
import { mustRun, runTool } from './exec-file.js';

const log = logger('host-gw');

/** `proto` of our routes in the main table (any number unused by the system; 107 is "k"). */
const ROUTE_PROTO = '107';
const ROUTES = 'routes';

export interface HostGatewayOptions {
  client: Client;
  informers: SharedInformerFactory;
  nodeName: string;
  clusterCIDR: string;
}

/** Whether `cidr` lies inside `outer` (both a.b.c.d/n). */
export function cidrWithin(cidr: string, outer: string): boolean {
  const [ip, bits] = cidr.split('/');
  const [outerIP, outerBits] = outer.split('/');
  if (Number(bits) < Number(outerBits)) return false;
  const mask = Number(outerBits) === 0 ? 0 : (~0 << (32 - Number(outerBits))) >>> 0;
  return ((ipToInt(ip!) & mask) >>> 0) === ((ipToInt(outerIP!) & mask) >>> 0);
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** podCIDR → next hop, for every other node that has both. */
export function desiredRoutes(nodes: Node[], self: string, clusterCIDR: string): Map<string, string> {
  const routes = new Map<string, string>();
  for (const node of nodes) {
    if (node.metadata?.name === self) continue;
    const cidr = node.spec?.podCIDR;
    const via = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    if (cidr && via && cidrWithin(cidr, clusterCIDR)) routes.set(cidr, via);
  }
  return routes;
}

export class HostGatewayRoutes {
  private readonly nodes: SharedInformer<Node>;
  private readonly queue = new WorkQueue<string>();
  private unregister?: () => void;
  private workers?: Promise<void>;

  constructor(private readonly o: HostGatewayOptions) {
    this.nodes = o.informers.informerFor(o.client.nodes);
  }

  start(): void {
    const changed = () => this.queue.add(ROUTES);
    this.unregister = this.nodes.addEventHandler({ onAdd: changed, onUpdate: changed, onDelete: changed });
    this.o.informers.start();
    this.workers = this.nodes.waitForSync().then(() => runWorkers(this.queue, 1, () => this.sync()));
    this.queue.add(ROUTES);
  }

  async stop(): Promise<void> {
    this.unregister?.();
    this.queue.shutDown();
    await this.workers;
    await this.apply(new Map());
  }

  private sync(): Promise<void> {
    return this.apply(desiredRoutes(this.nodes.indexer.list(), this.o.nodeName, this.o.clusterCIDR));
  }

  /** Makes our routes exactly `desired`, in one `ip -batch`. */
  private async apply(desired: Map<string, string>): Promise<void> {
    const current = await this.current();
    const lines: string[] = [];
    for (const [cidr, via] of desired) if (current.get(cidr) !== via) lines.push(`route replace ${cidr} via ${via} proto ${ROUTE_PROTO}`);
    for (const cidr of current.keys()) if (!desired.has(cidr)) lines.push(`route del ${cidr} proto ${ROUTE_PROTO}`);
    if (lines.length === 0) return;
    // -force: one bad next hop (a node not on our network) must not keep the others' routes out.
    await mustRun('ip', ['-force', '-batch', '-'], { input: `${lines.join('\n')}\n` });
    log.info('routes to other nodes updated', { routes: Object.fromEntries(desired) });
  }

  private async current(): Promise<Map<string, string>> {
    const r = await runTool('ip', ['-j', 'route', 'show', 'proto', ROUTE_PROTO]);
    if (r.code !== 0) throw new Error(`ip route show: ${r.stderr.trim()}`);
    const routes = JSON.parse(r.stdout || '[]') as { dst: string; gateway?: string }[];
    return new Map(routes.map((route) => [route.dst, route.gateway ?? '']));
  }
}
