// Plain-object builders for scheduler tests.

import { CycleState, Snapshot, type Node, type Pod, type PodSpec, type Taint } from '../../../src/scheduler/index.js';

export function node(name: string, opts: { cpu?: string; memory?: string; pods?: number; labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean; extra?: Record<string, string> } = {}): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
    spec: { taints: opts.taints, unschedulable: opts.unschedulable },
    status: { allocatable: { cpu: opts.cpu ?? '4', memory: opts.memory ?? '8Gi', pods: String(opts.pods ?? 110), ...opts.extra } },
  };
}

export function pod(name: string, opts: { cpu?: string; memory?: string; node?: string; labels?: Record<string, string>; namespace?: string; priority?: number; spec?: Partial<PodSpec>; created?: string } = {}): Pod {
  const requests: Record<string, string> = {};
  if (opts.cpu) requests.cpu = opts.cpu;
  if (opts.memory) requests.memory = opts.memory;
  return {
    metadata: { name, namespace: opts.namespace ?? 'default', labels: opts.labels, creationTimestamp: opts.created },
    spec: {
      nodeName: opts.node,
      priority: opts.priority,
      containers: [{ name: 'c', resources: Object.keys(requests).length ? { requests } : undefined }],
      ...opts.spec,
    },
  };
}

/** A cycle state after running the plugin's own PreFilter, as the framework would. */
export function stateFor(nodes: Node[], pods: Pod[] = []): CycleState {
  return new CycleState(Snapshot.from(nodes, pods));
}
