// Pod affinity terms parsed once per pod object (upstream's framework.PodInfo), and how a
// term matches another pod: its namespaces (listed, selected, or the owner's own) and its
// label selector.

import { labelSelectorFromMeta, LabelSelector, type Labels } from '../../../machinery/index.js';
import type { PodAffinityTerm, Pod, WeightedPodAffinityTerm } from '../../types.js';

export interface AffinityTerm {
  namespaces: ReadonlySet<string>;
  namespaceSelector: LabelSelector;
  selector: LabelSelector;
  topologyKey: string;
  weight: number;
}

export interface ParsedAffinity {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
}

const cache = new WeakMap<Pod, ParsedAffinity>();

function parseTerm(pod: Pod, term: PodAffinityTerm, weight: number): AffinityTerm {
  const listed = term.namespaces ?? [];
  // No namespaces and no selector means "the pod's own namespace".
  const namespaces = new Set(listed.length === 0 && !term.namespaceSelector ? [pod.metadata?.namespace ?? ''] : listed);
  return {
    namespaces,
    namespaceSelector: labelSelectorFromMeta(term.namespaceSelector),
    selector: labelSelectorFromMeta(term.labelSelector),
    topologyKey: term.topologyKey,
    weight,
  };
}

const required = (pod: Pod, terms: PodAffinityTerm[] | null | undefined) => (terms ?? []).map((t) => parseTerm(pod, t, 1));
const preferred = (pod: Pod, terms: WeightedPodAffinityTerm[] | null | undefined) =>
  (terms ?? []).map((t) => parseTerm(pod, t.podAffinityTerm, t.weight));

/** Throws (a 400 Status) when a selector is invalid; validation normally prevents that. */
export function parsedAffinity(pod: Pod): ParsedAffinity {
  let parsed = cache.get(pod);
  if (!parsed) {
    const a = pod.spec?.affinity;
    parsed = {
      requiredAffinity: required(pod, a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      requiredAntiAffinity: required(pod, a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      preferredAffinity: preferred(pod, a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      preferredAntiAffinity: preferred(pod, a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    };
    cache.set(pod, parsed);
  }
  return parsed;
}

export function termMatchesPod(term: AffinityTerm, pod: Pod, namespaceLabels: Labels): boolean {
  const ns = pod.metadata?.namespace ?? '';
  if (!term.namespaces.has(ns) && !term.namespaceSelector.matches(namespaceLabels)) return false;
  return term.selector.matches(pod.metadata?.labels);
}
