// NodeInfo (a node plus what the scheduler has placed on it) and the Snapshot of them
// that one scheduling cycle works on, as upstream's framework/types.go.

import type { Labels } from '../machinery/index.js';
import { addResource, cloneResource, emptyResource, podRequests, resourceFromList, type Resource } from './resources.js';
import { nodeName, podKey, type Node, type Pod } from './types.js';

const ALL_IPS = '0.0.0.0';

/** Host ports in use: ip → `protocol/port` → how many pods use it. */
export class HostPorts {
  private readonly byIP = new Map<string, Map<string, number>>();

  add(ip: string | undefined, protocol: string | undefined, port: number, delta = 1): void {
    if (port <= 0) return;
    const addr = ip || ALL_IPS;
    const pp = `${protocol || 'TCP'}/${port}`;
    const m = this.byIP.get(addr) ?? new Map<string, number>();
    const n = (m.get(pp) ?? 0) + delta;
    if (n > 0) m.set(pp, n);
    else m.delete(pp);
    if (m.size) this.byIP.set(addr, m);
    else this.byIP.delete(addr);
  }

  /** 0.0.0.0 conflicts with the same protocol/port on any address, and vice versa. */
  conflicts(ip: string | undefined, protocol: string | undefined, port: number): boolean {
    if (port <= 0) return false;
    const addr = ip || ALL_IPS;
    const pp = `${protocol || 'TCP'}/${port}`;
    if (addr === ALL_IPS) return [...this.byIP.values()].some((m) => m.has(pp));
    return [ALL_IPS, addr].some((a) => this.byIP.get(a)?.has(pp) ?? false);
  }

  clone(): HostPorts {
    const c = new HostPorts();
    for (const [ip, m] of this.byIP) c.byIP.set(ip, new Map(m));
    return c;
  }
}

let generationCounter = 0;
const nextGeneration = () => ++generationCounter;

export class NodeInfo {
  readonly pods: Pod[] = [];
  requested: Resource = emptyResource();
  /** Like requested, but with the 100m/200Mi defaults for pods that request nothing. */
  nonZeroRequested: Resource = emptyResource();
  allocatable: Resource = emptyResource();
  usedPorts = new HostPorts();
  /** Bumped on every change so that snapshots copy only what changed. */
  generation = nextGeneration();

  constructor(public node?: Node) {
    if (node) this.setNode(node);
  }

  get name(): string {
    return this.node ? nodeName(this.node) : '';
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = resourceFromList(node.status?.allocatable ?? node.status?.capacity);
    this.generation = nextGeneration();
  }

  addPod(pod: Pod): void {
    this.pods.push(pod);
    this.account(pod, 1);
  }

  /** Removes the pod with the same namespace/name; returns false when it is not here. */
  removePod(pod: Pod): boolean {
    const key = podKey(pod);
    const i = this.pods.findIndex((p) => podKey(p) === key);
    if (i < 0) return false;
    const [old] = this.pods.splice(i, 1);
    this.account(old, -1);
    return true;
  }

  private account(pod: Pod, sign: 1 | -1): void {
    addResource(this.requested, podRequests(pod), sign);
    addResource(this.nonZeroRequested, podRequests(pod, true), sign);
    for (const c of pod.spec?.containers ?? []) {
      for (const p of c.ports ?? []) if (p.hostPort) this.usedPorts.add(p.hostIP, p.protocol, p.hostPort, sign);
    }
    this.generation = nextGeneration();
  }

  clone(): NodeInfo {
    const c = new NodeInfo();
    c.node = this.node;
    c.pods.push(...this.pods);
    c.requested = cloneResource(this.requested);
    c.nonZeroRequested = cloneResource(this.nonZeroRequested);
    c.allocatable = cloneResource(this.allocatable);
    c.usedPorts = this.usedPorts.clone();
    c.generation = this.generation;
    return c;
  }
}

/** The nodes one cycle sees, in the order filtering walks them, plus namespace labels. */
export class Snapshot {
  private readonly byName = new Map<string, NodeInfo>();

  constructor(
    readonly nodes: readonly NodeInfo[],
    /** Namespace name → labels, for affinity terms with a namespaceSelector. */
    readonly namespaceLabels: ReadonlyMap<string, Labels> = new Map(),
  ) {
    for (const n of nodes) this.byName.set(n.name, n);
  }

  /** A snapshot straight from objects (tests, simulations): pods are placed by spec.nodeName. */
  static from(nodes: Node[], pods: Pod[] = [], namespaceLabels?: ReadonlyMap<string, Labels>): Snapshot {
    const infos = nodes.map((n) => new NodeInfo(n));
    const byName = new Map(infos.map((i) => [i.name, i]));
    for (const p of pods) {
      const ni = p.spec?.nodeName ? byName.get(p.spec.nodeName) : undefined;
      ni?.addPod(p);
    }
    return new Snapshot(infos, namespaceLabels);
  }

  get(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  /** A copy where one node's pods are replaced (preemption's what-if). */
  withNode(info: NodeInfo): Snapshot {
    return new Snapshot(this.nodes.map((n) => (n.name === info.name ? info : n)), this.namespaceLabels);
  }
}
