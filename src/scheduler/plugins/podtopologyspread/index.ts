// PodTopologySpread: DoNotSchedule constraints reject nodes whose domain would exceed
// maxSkew over the least-loaded domain; ScheduleAnyway constraints score emptier domains
// higher. (Cluster-level default constraints need Service/ReplicaSet listers and are not
// applied here.)

import { MAX_NODE_SCORE, Status, type CycleState, type FilterPlugin, type NodeScore, type PreFilterPlugin, type PreFilterResult, type PreScorePlugin, type ScorePlugin } from '../../framework.js';
import type { NodeInfo } from '../../node-info.js';
import { nodeLabels, type Pod } from '../../types.js';
import { countMatching, hasAllTopologyKeys, nodeIncluded, podConstraints, type Constraint } from './constraints.js';

export const NAME = 'PodTopologySpread';
export const ERR_CONSTRAINTS = "node(s) didn't match pod topology spread constraints";
export const ERR_MISSING_LABEL = ERR_CONSTRAINTS + ' (missing required label)';
const HOSTNAME = 'kubernetes.io/hostname';
const PREFILTER_KEY = 'PreFilter' + NAME;
const PRESCORE_KEY = 'PreScore' + NAME;

interface PreFilterState {
  constraints: Constraint[];
  /** Per constraint: domain value → matching pods. */
  counts: Array<Map<string, number>>;
}

interface PreScoreState {
  constraints: Constraint[];
  ignoredNodes: Set<string>;
  /** `key\0value` → matching pods, for domains other than hostname. */
  pairCounts: Map<string, number>;
  weights: number[];
}

const pairKey = (key: string, value: string) => `${key}\0${value}`;
const namespaceOf = (pod: Pod) => pod.metadata?.namespace ?? '';

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  preFilter(state: CycleState, pod: Pod): PreFilterResult | undefined {
    const constraints = podConstraints(pod, 'DoNotSchedule');
    if (constraints.length === 0) return { status: Status.skip() };
    const counts = constraints.map(() => new Map<string, number>());
    for (const ni of state.snapshot.nodes) {
      if (!ni.node || !hasAllTopologyKeys(ni.node, constraints)) continue;
      constraints.forEach((c, i) => {
        if (!nodeIncluded(c, pod, ni.node!)) return;
        const value = nodeLabels(ni.node!)[c.topologyKey];
        counts[i].set(value, (counts[i].get(value) ?? 0) + countMatching(ni.pods, c.selector, namespaceOf(pod)));
      });
    }
    state.write(PREFILTER_KEY, { constraints, counts } satisfies PreFilterState);
    return undefined;
  }

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    const s = state.read<PreFilterState>(PREFILTER_KEY);
    if (!s || !node.node) return Status.error('PodTopologySpread: missing PreFilter state or node');
    const labels = nodeLabels(node.node);
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      if (!(c.topologyKey in labels)) return Status.unresolvable(ERR_MISSING_LABEL);
      const domains = s.counts[i];
      // Fewer eligible domains than minDomains: the global minimum is taken as 0.
      const min = domains.size < c.minDomains ? 0 : Math.min(...domains.values());
      const self = c.selector.matches(pod.metadata?.labels) ? 1 : 0;
      const skew = (domains.get(labels[c.topologyKey]) ?? 0) + self - min;
      if (skew > c.maxSkew) return Status.unschedulable(ERR_CONSTRAINTS);
    }
    return undefined;
  }

  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined {
    const constraints = podConstraints(pod, 'ScheduleAnyway');
    if (constraints.length === 0) return Status.skip();
    const s: PreScoreState = { constraints, ignoredNodes: new Set(), pairCounts: new Map(), weights: [] };
    const domains = constraints.map(() => 0);
    for (const ni of nodes) {
      if (!ni.node || !hasAllTopologyKeys(ni.node, constraints)) {
        s.ignoredNodes.add(ni.name);
        continue;
      }
      constraints.forEach((c, i) => {
        if (c.topologyKey === HOSTNAME) return;
        const k = pairKey(c.topologyKey, nodeLabels(ni.node!)[c.topologyKey]);
        if (!s.pairCounts.has(k)) {
          s.pairCounts.set(k, 0);
          domains[i]++;
        }
      });
    }
    // Counts come from every node in the cluster, but only for domains a candidate is in.
    for (const ni of state.snapshot.nodes) {
      if (!ni.node || !hasAllTopologyKeys(ni.node, constraints)) continue;
      for (const c of constraints) {
        if (!nodeIncluded(c, pod, ni.node)) continue;
        const k = pairKey(c.topologyKey, nodeLabels(ni.node)[c.topologyKey]);
        const current = s.pairCounts.get(k);
        if (current !== undefined) s.pairCounts.set(k, current + countMatching(ni.pods, c.selector, namespaceOf(pod)));
      }
    }
    // More domains make each matching pod weigh more (log keeps it gentle).
    s.weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME ? nodes.length - s.ignoredNodes.size : domains[i]) + 2));
    state.write(PRESCORE_KEY, s);
    return undefined;
  }

  /** Raw score: weighted matching-pod count (more is worse; normalize flips it). */
  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    const s = state.read<PreScoreState>(PRESCORE_KEY);
    if (!s || !node.node || s.ignoredNodes.has(node.name)) return 0;
    const labels = nodeLabels(node.node);
    let score = 0;
    s.constraints.forEach((c, i) => {
      if (!(c.topologyKey in labels)) return;
      const count = c.topologyKey === HOSTNAME ? countMatching(node.pods, c.selector, namespaceOf(pod)) : (s.pairCounts.get(pairKey(c.topologyKey, labels[c.topologyKey])) ?? 0);
      score += count * s.weights[i] + (c.maxSkew - 1);
    });
    return Math.round(score);
  }

  normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): void {
    const ignored = state.read<PreScoreState>(PRESCORE_KEY)?.ignoredNodes ?? new Set<string>();
    const counted = scores.filter((s) => !ignored.has(s.name));
    const min = counted.reduce((m, s) => Math.min(m, s.score), Infinity);
    const max = counted.reduce((m, s) => Math.max(m, s.score), 0);
    for (const s of scores) {
      if (ignored.has(s.name)) s.score = 0;
      else if (max === 0) s.score = MAX_NODE_SCORE;
      else s.score = Math.trunc((MAX_NODE_SCORE * (max + min - s.score)) / max);
    }
  }
}
