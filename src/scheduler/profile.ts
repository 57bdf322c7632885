// The default profile: upstream's default plugin set (minus volume and image plugins,
// which need objects this package does not see) in upstream's order, with its weights.

import type { Profile } from './framework.js';
import { BalancedAllocation } from './plugins/balancedallocation/index.js';
import { DefaultPreemption } from './plugins/defaultpreemption/index.js';
import { InterPodAffinity } from './plugins/interpodaffinity/index.js';
import { NodeAffinity } from './plugins/nodeaffinity/index.js';
import { NodeName } from './plugins/nodename/index.js';
import { NodePorts } from './plugins/nodeports/index.js';
import { NodeResourcesFit } from './plugins/noderesourcesfit/index.js';
import { NodeUnschedulable } from './plugins/nodeunschedulable/index.js';
import { PodTopologySpread } from './plugins/podtopologyspread/index.js';
import { TaintToleration } from './plugins/tainttoleration/index.js';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export const DEFAULT_SCORE_WEIGHTS: Readonly<Record<string, number>> = {
  TaintToleration: 3,
  NodeAffinity: 2,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1,
};

export function defaultProfile(schedulerName = DEFAULT_SCHEDULER_NAME): Profile {
  return {
    schedulerName,
    // Filter order matters: a node reports only the first plugin that rejects it.
    plugins: [
      new NodeUnschedulable(),
      new NodeName(),
      new TaintToleration(),
      new NodeAffinity(),
      new NodePorts(),
      new NodeResourcesFit(),
      new PodTopologySpread(),
      new InterPodAffinity(),
      new DefaultPreemption(),
      new BalancedAllocation(),
    ],
    scoreWeights: { ...DEFAULT_SCORE_WEIGHTS },
  };
}
