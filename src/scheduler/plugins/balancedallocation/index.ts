// NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be used in
// similar fractions after placing the pod (1 − standard deviation of the fractions).

import { MAX_NODE_SCORE, type CycleState, type PreScorePlugin, type ScorePlugin, type Status } from '../../framework.js';
import type { NodeInfo } from '../../node-info.js';
import { DEFAULT_SCORING_RESOURCES, requestedAndAllocatable, type ResourceSpec } from '../../resource-allocation.js';
import { podRequests, type Resource } from '../../resources.js';
import type { Pod } from '../../types.js';

export const NAME = 'NodeResourcesBalancedAllocation';
const STATE_KEY = 'PreScore' + NAME;

export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  constructor(private readonly resources: readonly ResourceSpec[] = DEFAULT_SCORING_RESOURCES) {}

  preScore(state: CycleState, pod: Pod): Status | undefined {
    state.write(STATE_KEY, podRequests(pod));
    return undefined;
  }

  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    const request = state.read<Resource>(STATE_KEY) ?? podRequests(pod);
    return balancedScore(requestedAndAllocatable(node, request, this.resources, true));
  }
}

export function balancedScore(pairs: ReadonlyArray<[number, number]>): number {
  const fractions = pairs.filter(([, alloc]) => alloc !== 0).map(([req, alloc]) => Math.min(req / alloc, 1));
  let std = 0;
  if (fractions.length === 2) {
    // The common cpu+memory case: the standard deviation of two values is half their gap.
    std = Math.abs((fractions[0] - fractions[1]) / 2);
  } else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) ** 2, 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}
