// InterPodAffinity: required pod affinity / anti-affinity (the pod's own, and existing
// pods' anti-affinity against it) filter nodes by topology domain; preferred terms of both
// sides, plus existing pods' required affinity, score domains.

import { MAX_NODE_SCORE, Status, type CycleState, type FilterPlugin, type NodeScore, type PreFilterPlugin, type PreFilterResult, type PreScorePlugin, type ScorePlugin } from '../../framework.js';
import type { NodeInfo, Snapshot } from '../../node-info.js';
import { nodeLabels, type Node, type Pod } from '../../types.js';
import { parsedAffinity, termMatchesPod, type AffinityTerm } from './terms.js';

export const NAME = 'InterPodAffinity';
export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
/** Upstream's default hardPodAffinityWeight: how much an existing pod's required affinity attracts. */
const HARD_POD_AFFINITY_WEIGHT = 1;

const PREFILTER_KEY = 'PreFilter' + NAME;
const PRESCORE_KEY = 'PreScore' + NAME;

/** `topologyKey\0value` → count. */
type Counts = Map<string, number>;
const pairKey = (key: string, value: string) => `${key}\0${value}`;

function bump(counts: Counts, node: Node, topologyKey: string, delta: number): void {
  const labels = nodeLabels(node);
  if (!(topologyKey in labels)) return;
  const k = pairKey(topologyKey, labels[topologyKey]);
  counts.set(k, (counts.get(k) ?? 0) + delta);
}

interface PreFilterState {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  existingAntiAffinityCounts: Counts;
  affinityCounts: Counts;
  antiAffinityCounts: Counts;
  /** Whether the pod satisfies all its own affinity terms (the "first of a group" rule). */
  matchesOwnAffinity: boolean;
}

const nsLabelsOf = (snapshot: Snapshot, pod: Pod) => snapshot.namespaceLabels.get(pod.metadata?.namespace ?? '');

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  preFilter(state: CycleState, pod: Pod): PreFilterResult | undefined {
    const snapshot = state.snapshot;
    const own = parsedAffinity(pod);
    const podNsLabels = nsLabelsOf(snapshot, pod);
    const s: PreFilterState = {
      requiredAffinity: own.requiredAffinity,
      requiredAntiAffinity: own.requiredAntiAffinity,
      existingAntiAffinityCounts: new Map(),
      affinityCounts: new Map(),
      antiAffinityCounts: new Map(),
      matchesOwnAffinity: own.requiredAffinity.every((t) => termMatchesPod(t, pod, podNsLabels)),
    };
    // Only nodes hosting pods with required anti-affinity can repel the pod.
    let existingAnti = false;
    for (const ni of snapshot.havePodsWithRequiredAntiAffinity()) {
      if (!ni.node) continue;
      for (const existing of ni.podsWithRequiredAntiAffinity) {
        for (const t of parsedAffinity(existing).requiredAntiAffinity) {
          existingAnti = true;
          if (termMatchesPod(t, pod, podNsLabels)) bump(s.existingAntiAffinityCounts, ni.node, t.topologyKey, 1);
        }
      }
    }
    // The pod's own required terms are matched against every existing pod.
    if (s.requiredAffinity.length > 0 || s.requiredAntiAffinity.length > 0) {
      for (const ni of snapshot.nodes) {
        if (!ni.node) continue;
        for (const existing of ni.pods) {
          const existingNsLabels = nsLabelsOf(snapshot, existing);
          // An existing pod supports affinity only if it matches every required term.
          if (s.requiredAffinity.length > 0 && s.requiredAffinity.every((t) => termMatchesPod(t, existing, existingNsLabels))) {
            for (const t of s.requiredAffinity) bump(s.affinityCounts, ni.node, t.topologyKey, 1);
          }
          for (const t of s.requiredAntiAffinity) if (termMatchesPod(t, existing, existingNsLabels)) bump(s.antiAffinityCounts, ni.node, t.topologyKey, 1);
        }
      }
    }
    if (!existingAnti && s.requiredAffinity.length === 0 && s.requiredAntiAffinity.length === 0) return { status: Status.skip() };
    state.write(PREFILTER_KEY, s);
    return undefined;
  }

  filter(state: CycleState, _pod: Pod, node: NodeInfo): Status | undefined {
    const s = state.read<PreFilterState>(PREFILTER_KEY);
    if (!s || !node.node) return Status.error('InterPodAffinity: missing PreFilter state or node');
    const labels = nodeLabels(node.node);
    if (!satisfiesAffinity(s, labels)) return Status.unresolvable(ERR_AFFINITY);
    for (const t of s.requiredAntiAffinity) {
      if (t.topologyKey in labels && (s.antiAffinityCounts.get(pairKey(t.topologyKey, labels[t.topologyKey])) ?? 0) > 0) {
        return Status.unschedulable(ERR_ANTI_AFFINITY);
      }
    }
    for (const [k, v] of Object.entries(labels)) {
      if ((s.existingAntiAffinityCounts.get(pairKey(k, v)) ?? 0) > 0) return Status.unschedulable(ERR_EXISTING_ANTI_AFFINITY);
    }
    return undefined;
  }

  preScore(state: CycleState, pod: Pod): Status | undefined {
    const snapshot = state.snapshot;
    const own = parsedAffinity(pod);
    const podNsLabels = nsLabelsOf(snapshot, pod);
    const hasPreferred = own.preferredAffinity.length > 0 || own.preferredAntiAffinity.length > 0;
    const scores: Counts = new Map();
    const apply = (terms: AffinityTerm[], target: Pod, targetNsLabels: ReturnType<typeof nsLabelsOf>, node: Node, sign: number, weight?: number) => {
      for (const t of terms) if (termMatchesPod(t, target, targetNsLabels)) bump(scores, node, t.topologyKey, sign * (weight ?? t.weight));
    };
    // Without preferences of its own, only existing pods with affinity can score.
    for (const ni of hasPreferred ? snapshot.nodes : snapshot.havePodsWithAffinity()) {
      if (!ni.node || Object.keys(nodeLabels(ni.node)).length === 0) continue;
      for (const existing of hasPreferred ? ni.pods : ni.podsWithAffinity) {
        const theirs = parsedAffinity(existing);
        const existingNsLabels = nsLabelsOf(snapshot, existing);
        apply(own.preferredAffinity, existing, existingNsLabels, ni.node, 1);
        apply(own.preferredAntiAffinity, existing, existingNsLabels, ni.node, -1);
        apply(theirs.requiredAffinity, pod, podNsLabels, ni.node, 1, HARD_POD_AFFINITY_WEIGHT);
        apply(theirs.preferredAffinity, pod, podNsLabels, ni.node, 1);
        apply(theirs.preferredAntiAffinity, pod, podNsLabels, ni.node, -1);
      }
    }
    if ([...scores.values()].every((v) => v === 0)) return Status.skip();
    state.write(PRESCORE_KEY, scores);
    return undefined;
  }

  score(state: CycleState, _pod: Pod, node: NodeInfo): number {
    const scores = state.read<Counts>(PRESCORE_KEY);
    if (!scores || !node.node) return 0;
    return Object.entries(nodeLabels(node.node)).reduce((sum, [k, v]) => sum + (scores.get(pairKey(k, v)) ?? 0), 0);
  }

  /** Scores can be negative: map min..max linearly onto 0..100. */
  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): void {
    if (scores.length === 0) return;
    const min = Math.min(...scores.map((s) => s.score));
    const max = Math.max(...scores.map((s) => s.score));
    for (const s of scores) s.score = max > min ? Math.trunc(MAX_NODE_SCORE * ((s.score - min) / (max - min))) : 0;
  }
}

function satisfiesAffinity(s: PreFilterState, labels: Record<string, string>): boolean {
  let podsExist = true;
  for (const t of s.requiredAffinity) {
    // Every topology key of the pod's terms must be present on the node.
    if (!(t.topologyKey in labels)) return false;
    if ((s.affinityCounts.get(pairKey(t.topologyKey, labels[t.topologyKey])) ?? 0) <= 0) podsExist = false;
  }
  // The first pod of a group with affinity to itself must not wait forever: if no pod
  // anywhere matches, and it matches its own terms, let it in.
  return podsExist || (s.affinityCounts.size === 0 && s.matchesOwnAffinity);
}
