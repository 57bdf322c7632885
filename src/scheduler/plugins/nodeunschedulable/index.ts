// NodeUnschedulable: cordoned nodes (spec.unschedulable) take only pods that tolerate
// the node.kubernetes.io/unschedulable:NoSchedule taint (DaemonSet pods do).

import { Status, type FilterPlugin } from '../../framework.js';
import type { NodeInfo } from '../../node-info.js';
import { tolerationsTolerate } from '../../taints.js';
import type { Pod } from '../../types.js';

export const NAME = 'NodeUnschedulable';
export const ERR_REASON = 'node(s) were unschedulable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export class NodeUnschedulable implements FilterPlugin {
  readonly name = NAME;

  filter(_state: unknown, pod: Pod, node: NodeInfo): Status | undefined {
    if (!node.node?.spec?.unschedulable) return undefined;
    const tolerated = tolerationsTolerate(pod.spec?.tolerations ?? [], { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
    return tolerated ? undefined : Status.unresolvable(ERR_REASON);
  }
}
