// The scheduler's view of nodes and bound pods (upstream internal/cache): informer events
// keep it current, assume() makes a pod count on its node the moment the scheduler picks
// it (before the binding is visible), and snapshot() hands each cycle a consistent copy,
// re-copying only the nodes that changed since the last one (upstream's UpdateSnapshot):
// the zone-interleaved node order is rebuilt only when nodes come, go or change zone.

import type { Labels } from '../machinery/index.js';
import { NodeInfo, Snapshot } from './node-info.js';
import { nodeLabels, nodeName, podKey, type Node, type Pod } from './types.js';

interface PodState {
  pod: Pod;
  node: string;
  /** Placed by assume() and not yet seen bound by the informer. */
  assumed: boolean;
}

const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];
const REGION_LABELS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];

const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export class SchedulerCache {
  /** Includes "ghost" entries for nodes already deleted but still holding pods. */
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly pods = new Map<string, PodState>();
  /** Replaced, never changed, so that snapshots can share it. */
  private namespaces: ReadonlyMap<string, Labels> = new Map();
  /** The last snapshot: its copies are reused for nodes that did not change since. */
  private last = new Snapshot([]);
  /** Nodes whose NodeInfo changed since the last snapshot. */
  private readonly dirty = new Set<string>();
  /** A node came, went, or changed zone: the node order must be rebuilt. */
  private orderStale = false;

  addNode(node: Node): void {
    const name = nodeName(node);
    const info = this.nodes.get(name);
    // The node order depends only on which nodes are live and on their zones.
    const reorders = !info?.node || zoneOf(info.node) !== zoneOf(node);
    if (info) info.setNode(node);
    else this.nodes.set(name, new NodeInfo(node));
    if (reorders) this.orderStale = true;
    else this.dirty.add(name);
  }

  updateNode(node: Node): void {
    this.addNode(node);
  }

  removeNode(node: Node): void {
    const name = nodeName(node);
    const info = this.nodes.get(name);
    if (!info) return;
    // Keep accounting for its pods until their deletions arrive, as upstream does.
    if (info.pods.length > 0) info.node = undefined;
    else this.nodes.delete(name);
    this.orderStale = true;
  }

  /**
   * An informer add of a bound pod; confirms an assumed pod. Unbound pods are not the
   * cache's business (an assumed pod's binding may simply not be visible yet); finished
   * pods no longer use their node.
   */
  addPod(pod: Pod): void {
    const node = pod.spec?.nodeName;
    if (isTerminal(pod)) return this.removePod(pod);
    if (!node) return;
    const key = podKey(pod);
    const existing = this.pods.get(key);
    if (existing) this.detach(existing);
    this.attach({ pod, node, assumed: false });
  }

  updatePod(_oldPod: Pod, newPod: Pod): void {
    this.addPod(newPod);
  }

  removePod(pod: Pod): void {
    const state = this.pods.get(podKey(pod));
    if (!state) return;
    this.detach(state);
    this.pods.delete(podKey(pod));
  }

  /** Counts `pod` on `node` right away; returns the assumed copy (spec.nodeName set) to bind. */
  assume(pod: Pod, node: string): Pod {
    const key = podKey(pod);
    if (this.pods.has(key)) throw new Error(`pod ${key} is already in the scheduler cache`);
    const assumed: Pod = { ...pod, spec: { ...pod.spec, nodeName: node } };
    this.attach({ pod: assumed, node, assumed: true });
    return assumed;
  }

  /** Undoes assume() after a failed binding. */
  forget(pod: Pod): void {
    const state = this.pods.get(podKey(pod));
    if (state?.assumed) this.removePod(pod);
  }

  isAssumed(pod: Pod): boolean {
    return this.pods.get(podKey(pod))?.assumed ?? false;
  }

  /** Namespace labels, for affinity terms with a namespaceSelector. */
  setNamespace(name: string, labels: Labels): void {
    this.namespaces = new Map(this.namespaces).set(name, labels);
  }

  removeNamespace(name: string): void {
    const next = new Map(this.namespaces);
    next.delete(name);
    this.namespaces = next;
  }

  /**
   * A consistent copy for one cycle: nodes interleaved across zones so sampling spreads.
   * Snapshots already handed out are never changed: a new one shares what did not change.
   */
  snapshot(): Snapshot {
    const last = this.last;
    if (this.orderStale) {
      const live: NodeInfo[] = [];
      for (const [name, info] of this.nodes) if (info.node) live.push(currentCopy(info, last.get(name)));
      this.last = new Snapshot(interleaveZones(live), this.namespaces);
    } else if (this.dirty.size > 0 || last.namespaceLabels !== this.namespaces) {
      const nodes = last.nodes.slice();
      const replaced: number[] = [];
      for (const name of this.dirty) {
        const info = this.nodes.get(name);
        const i = last.indexOf(name);
        // Not listed: a ghost holding the pods of a deleted node.
        if (!info?.node || i === undefined) continue;
        nodes[i] = currentCopy(info, nodes[i]);
        replaced.push(i);
      }
      this.last = last.withCopies(nodes, this.namespaces, replaced);
    }
    this.orderStale = false;
    this.dirty.clear();
    return this.last;
  }

  private attach(state: PodState): void {
    let info = this.nodes.get(state.node);
    if (!info) {
      // The pod's node has not arrived yet: account for it on a ghost entry.
      info = new NodeInfo();
      this.nodes.set(state.node, info);
    }
    info.addPod(state.pod);
    this.dirty.add(state.node);
    this.pods.set(podKey(state.pod), state);
  }

  private detach(state: PodState): void {
    const info = this.nodes.get(state.node);
    if (!info) return;
    info.removePod(state.pod);
    this.dirty.add(state.node);
    if (!info.node && info.pods.length === 0) this.nodes.delete(state.node);
  }
}

/** The previous copy while it is current (same generation), else a fresh one. */
function currentCopy(info: NodeInfo, previous: NodeInfo | undefined): NodeInfo {
  return previous?.generation === info.generation ? previous : info.clone();
}

/** The zone a node is filed under in the node order (upstream's GetZoneKey). */
function zoneOf(node: Node): string {
  const labels = nodeLabels(node);
  const pick = (keys: string[]) => keys.map((k) => labels[k]).find((v) => v !== undefined) ?? '';
  return `${pick(REGION_LABELS)}:\x00:${pick(ZONE_LABELS)}`;
}

/** Upstream's nodeTree order: round-robin over zones, each zone in insertion order. */
function interleaveZones(nodes: NodeInfo[]): NodeInfo[] {
  const zones = new Map<string, NodeInfo[]>();
  for (const n of nodes) {
    const zone = zoneOf(n.node!);
    const list = zones.get(zone) ?? [];
    list.push(n);
    zones.set(zone, list);
  }
  if (zones.size <= 1) return nodes;
  const out: NodeInfo[] = [];
  const lists = [...zones.values()];
  for (let i = 0; out.length < nodes.length; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}
