// TaintToleration: NoSchedule/NoExecute taints the pod does not tolerate exclude a node;
// untolerated PreferNoSchedule taints lower its score (fewer is better).

import { defaultNormalizeScore, Status, type CycleState, type FilterPlugin, type NodeScore, type PreScorePlugin, type ScorePlugin } from '../../framework.js';
import type { NodeInfo } from '../../node-info.js';
import { doNotScheduleTaint, findUntoleratedTaint, tolerationsTolerate } from '../../taints.js';
import type { Pod, Toleration } from '../../types.js';

export const NAME = 'TaintToleration';
const STATE_KEY = 'PreScore' + NAME;

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    const taint = findUntoleratedTaint(node.node?.spec?.taints ?? [], pod.spec?.tolerations ?? [], doNotScheduleTaint);
    return taint ? Status.unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`) : undefined;
  }

  preScore(state: CycleState, pod: Pod): Status | undefined {
    // Only tolerations that can apply to PreferNoSchedule taints matter for scoring.
    const relevant = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(STATE_KEY, relevant);
    return undefined;
  }

  score(state: CycleState, _pod: Pod, node: NodeInfo): number {
    const tolerations = state.read<Toleration[]>(STATE_KEY) ?? [];
    return (node.node?.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerationsTolerate(tolerations, t)).length;
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): void {
    defaultNormalizeScore(scores, true);
  }
}
