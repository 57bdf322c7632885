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

/** Upstream's PodsWithAffinity membership: the pod has pod affinity or anti-affinity of any kind. */
export function hasPodAffinity(pod: Pod): boolean {
  return !!(pod.spec?.affinity?.podAffinity || pod.spec?.affinity?.podAntiAffinity);
}

/** Upstream's PodsWithRequiredAntiAffinity membership. */
export function hasRequiredAntiAffinity(pod: Pod): boolean {
  return (pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
}

/** Removes the pod with `key` from `pods`; returns it, or undefined when it is not there. */
function removeByKey(pods: Pod[], key: string): Pod | undefined {
  const i = pods.findIndex((p) => podKey(p) === key);
  return i < 0 ? undefined : pods.splice(i, 1)[0];
}

export class NodeInfo {
  readonly pods: Pod[] = [];
  /** The pods with pod (anti-)affinity, so that affinity plugins need not walk every pod. */
  readonly podsWithAffinity: Pod[] = [];
  readonly podsWithRequiredAntiAffinity: Pod[] = [];
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
    if (hasPodAffinity(pod)) this.podsWithAffinity.push(pod);
    if (hasRequiredAntiAffinity(pod)) this.podsWithRequiredAntiAffinity.push(pod);
    this.account(pod, 1);
  }

  /** Removes the pod with the same namespace/name; returns false when it is not here. */
  removePod(pod: Pod): boolean {
    const key = podKey(pod);
    const old = removeByKey(this.pods, key);
    if (!old) return false;
    if (hasPodAffinity(old)) removeByKey(this.podsWithAffinity, key);
    if (hasRequiredAntiAffinity(old)) removeByKey(this.podsWithRequiredAntiAffinity, key);
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
    c.podsWithAffinity.push(...this.podsWithAffinity);
    c.podsWithRequiredAntiAffinity.push(...this.podsWithRequiredAntiAffinity);
    c.requested = cloneResource(this.requested);
    c.nonZeroRequested = cloneResource(this.nonZeroRequested);
    c.allocatable = cloneResource(this.allocatable);
    c.usedPorts = this.usedPorts.clone();
    c.generation = this.generation;
    return c;
  }
}

/** Positions in a snapshot's node list of the nodes hosting pods with (required anti-)affinity. */
interface AffinityPositions {
  withAffinity: number[];
  withRequiredAntiAffinity: number[];
}

/** The nodes one cycle sees, in the order filtering walks them, plus namespace labels. */
export class Snapshot {
  /** Name → index in `nodes`; shared between snapshots whose node lists differ only in the copies they hold. */
  private readonly positions: ReadonlyMap<string, number>;
  /** Computed on first use, or carried over from the snapshot this one was derived from. */
  private affinity?: AffinityPositions;

  constructor(
    readonly nodes: readonly NodeInfo[],
    /** Namespace name → labels, for affinity terms with a namespaceSelector. */
    readonly namespaceLabels: ReadonlyMap<string, Labels> = new Map(),
    positions?: ReadonlyMap<string, number>,
  ) {
    this.positions = positions ?? new Map(nodes.map((n, i) => [n.name, i]));
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
    const i = this.positions.get(name);
    return i === undefined ? undefined : this.nodes[i];
  }

  /** Where the node called `name` is in `nodes`. */
  indexOf(name: string): number | undefined {
    return this.positions.get(name);
  }

  /**
   * A snapshot in the same node order whose nodes at `replaced` positions are new copies
   * (of the same nodes); what does not depend on the replaced ones is carried over.
   */
  withCopies(nodes: readonly NodeInfo[], namespaceLabels: ReadonlyMap<string, Labels>, replaced: Iterable<number>): Snapshot {
    const next = new Snapshot(nodes, namespaceLabels, this.positions);
    let sameAffinity = this.affinity !== undefined;
    for (const i of replaced) if (sameAffinity && !sameAffinityMembership(this.nodes[i], nodes[i])) sameAffinity = false;
    if (sameAffinity) next.affinity = this.affinity;
    return next;
  }

  /** The nodes hosting pods with pod (anti-)affinity (upstream's HavePodsWithAffinityList). */
  havePodsWithAffinity(): NodeInfo[] {
    return this.affinityPositions().withAffinity.map((i) => this.nodes[i]);
  }

  /** The nodes hosting pods with required anti-affinity (upstream's HavePodsWithRequiredAntiAffinityList). */
  havePodsWithRequiredAntiAffinity(): NodeInfo[] {
    return this.affinityPositions().withRequiredAntiAffinity.map((i) => this.nodes[i]);
  }

  /** A copy where one node's pods are replaced (preemption's what-if). */
  withNode(info: NodeInfo): Snapshot {
    const i = this.indexOf(info.name);
    if (i === undefined) return this;
    const nodes = this.nodes.slice();
    nodes[i] = info;
    return this.withCopies(nodes, this.namespaceLabels, [i]);
  }

  private affinityPositions(): AffinityPositions {
    if (!this.affinity) {
      const a: AffinityPositions = { withAffinity: [], withRequiredAntiAffinity: [] };
      this.nodes.forEach((n, i) => {
        if (n.podsWithAffinity.length > 0) a.withAffinity.push(i);
        if (n.podsWithRequiredAntiAffinity.length > 0) a.withRequiredAntiAffinity.push(i);
      });
      this.affinity = a;
    }
    return this.affinity;
  }
}

function sameAffinityMembership(a: NodeInfo, b: NodeInfo): boolean {
  return a.podsWithAffinity.length > 0 === b.podsWithAffinity.length > 0 && a.podsWithRequiredAntiAffinity.length > 0 === b.podsWithRequiredAntiAffinity.length > 0;
}
