// NodeAffinity: spec.nodeSelector and required node affinity filter; preferred node
// affinity terms add their weight to the nodes they match.

import { defaultNormalizeScore, Status, type CycleState, type FilterPlugin, type NodeScore, type PreFilterPlugin, type PreFilterResult, type PreScorePlugin, type ScorePlugin } from '../../framework.js';
import type { NodeInfo } from '../../node-info.js';
import { podMatchesNodeSelectorAndAffinity, termMatches } from '../../node-selector.js';
import type { NodeSelectorTerm, Pod } from '../../types.js';

export const NAME = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

type Preferred = Array<{ weight: number; preference: NodeSelectorTerm }>;
const PRESCORE_KEY = 'PreScore' + NAME;

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  preFilter(_state: CycleState, pod: Pod): PreFilterResult | undefined {
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && Object.keys(pod.spec?.nodeSelector ?? {}).length === 0) return { status: Status.skip() };
    const nodeNames = nodeNamesFromTerms(required?.nodeSelectorTerms ?? []);
    return nodeNames ? { nodeNames } : undefined;
  }

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    if (!node.node) return Status.error('node not found');
    return podMatchesNodeSelectorAndAffinity(pod, node.node) ? undefined : Status.unresolvable(ERR_REASON_POD);
  }

  preScore(state: CycleState, pod: Pod): Status | undefined {
    // Zero-weight and empty terms can never contribute, so they are dropped up front.
    const preferred: Preferred = (pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).filter(
      (t) => t.weight !== 0 && ((t.preference.matchExpressions ?? []).length > 0 || (t.preference.matchFields ?? []).length > 0),
    );
    if (preferred.length === 0) return Status.skip();
    state.write(PRESCORE_KEY, preferred);
    return undefined;
  }

  score(state: CycleState, _pod: Pod, node: NodeInfo): number {
    const preferred = state.read<Preferred>(PRESCORE_KEY) ?? [];
    return preferred.reduce((sum, t) => (node.node && termMatches(t.preference, node.node) ? sum + t.weight : sum), 0);
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): void {
    defaultNormalizeScore(scores, false);
  }
}

/**
 * When every required term pins `metadata.name In [...]` (how DaemonSet pods target their
 * node), only those nodes need filtering; otherwise undefined (all nodes).
 */
function nodeNamesFromTerms(terms: readonly NodeSelectorTerm[]): Set<string> | undefined {
  if (terms.length === 0) return undefined;
  const names = new Set<string>();
  for (const term of terms) {
    const pinned = (term.matchFields ?? []).filter((f) => f.key === 'metadata.name' && f.operator === 'In' && (f.values ?? []).length === 1);
    if (pinned.length === 0) return undefined;
    // Several pins in one term AND together: they agree on one name or match nothing.
    const first = pinned[0].values![0];
    if (pinned.every((f) => f.values![0] === first)) names.add(first);
  }
  return names;
}
