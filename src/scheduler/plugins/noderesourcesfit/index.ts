// NodeResourcesFit: the pod's requests must fit in what the node has left (cpu, memory,
// ephemeral-storage, extended resources, pod count); scores with the LeastAllocated
// strategy (more room left is better), weighted per resource.

import { MAX_NODE_SCORE, Status, type CycleState, type FilterPlugin, type PreFilterPlugin, type PreFilterResult, type PreScorePlugin, type ScorePlugin } from '../../framework.js';
import type { NodeInfo } from '../../node-info.js';
import { DEFAULT_SCORING_RESOURCES, requestedAndAllocatable, type ResourceSpec } from '../../resource-allocation.js';
import { podRequests, type Resource } from '../../resources.js';
import type { Pod } from '../../types.js';

export const NAME = 'NodeResourcesFit';
const PREFILTER_KEY = 'PreFilter' + NAME;
const PRESCORE_KEY = 'PreScore' + NAME;

export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** The request exceeds the node's whole allocatable: no eviction can help. */
  unresolvable: boolean;
}

export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  constructor(private readonly resources: readonly ResourceSpec[] = DEFAULT_SCORING_RESOURCES) {}

  preFilter(state: CycleState, pod: Pod): PreFilterResult | undefined {
    state.write(PREFILTER_KEY, podRequests(pod));
    return undefined;
  }

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    const insufficient = fitsRequest(state.read<Resource>(PREFILTER_KEY) ?? podRequests(pod), node);
    if (insufficient.length === 0) return undefined;
    const reasons = insufficient.map((r) => r.reason);
    return insufficient.some((r) => r.unresolvable) ? Status.unresolvable(...reasons) : Status.unschedulable(...reasons);
  }

  preScore(state: CycleState, pod: Pod): Status | undefined {
    state.write(PRESCORE_KEY, podRequests(pod, true));
    return undefined;
  }

  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    const request = state.read<Resource>(PRESCORE_KEY) ?? podRequests(pod, true);
    return leastAllocatedScore(requestedAndAllocatable(node, request, this.resources, false), this.resources);
  }
}

/** Upstream's fitsRequest: every way the pod does not fit, in upstream's order. */
export function fitsRequest(req: Resource, node: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = node.allocatable;
  const used = node.requested;
  if (node.pods.length + 1 > alloc.allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: node.pods.length, capacity: alloc.allowedPodNumber, unresolvable: false });
  }
  const check = (resourceName: string, want: number, have: number, inUse: number) => {
    if (want > 0 && want > have - inUse) {
      out.push({ resourceName, reason: `Insufficient ${resourceName}`, requested: want, used: inUse, capacity: have, unresolvable: want > have });
    }
  };
  check('cpu', req.milliCPU, alloc.milliCPU, used.milliCPU);
  check('memory', req.memory, alloc.memory, used.memory);
  check('ephemeral-storage', req.ephemeralStorage, alloc.ephemeralStorage, used.ephemeralStorage);
  for (const [name, want] of Object.entries(req.scalar)) check(name, want, alloc.scalar[name] ?? 0, used.scalar[name] ?? 0);
  return out;
}

/** ((allocatable − requested) × 100 / allocatable) per resource, weighted average, integer maths. */
export function leastAllocatedScore(pairs: ReadonlyArray<[number, number]>, resources: readonly ResourceSpec[]): number {
  let score = 0;
  let weights = 0;
  pairs.forEach(([requested, allocatable], i) => {
    if (allocatable === 0) return;
    const s = requested > allocatable ? 0 : Math.trunc(((allocatable - requested) * MAX_NODE_SCORE) / allocatable);
    score += s * resources[i].weight;
    weights += resources[i].weight;
  });
  return weights === 0 ? 0 : Math.trunc(score / weights);
}
