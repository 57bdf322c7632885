// NodeName: a pod that names its node (spec.nodeName) fits only there.

import { Status, type FilterPlugin } from '../../framework.js';
import type { NodeInfo } from '../../node-info.js';
import type { Pod } from '../../types.js';

export const NAME = 'NodeName';
export const ERR_REASON = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin {
  readonly name = NAME;

  filter(_state: unknown, pod: Pod, node: NodeInfo): Status | undefined {
    const wanted = pod.spec?.nodeName;
    return !wanted || wanted === node.name ? undefined : Status.unresolvable(ERR_REASON);
  }
}
