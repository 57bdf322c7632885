// A pod's topology spread constraints in usable form, and the counting rules shared by
// filtering and scoring (upstream podtopologyspread/common.go).

import { labelSelectorFromMeta, LabelSelector, newRequirement } from '../../../machinery/index.js';
import { podMatchesNodeSelectorAndAffinity } from '../../node-selector.js';
import { doNotScheduleTaint, findUntoleratedTaint } from '../../taints.js';
import { nodeLabels, type Node, type Pod } from '../../types.js';

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorTaints: boolean;
}

/** The pod's constraints with the given whenUnsatisfiable; matchLabelKeys narrow the selector to the pod's own values. */
export function podConstraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  const labels = pod.metadata?.labels ?? {};
  return (pod.spec?.topologySpreadConstraints ?? [])
    .filter((c) => c.whenUnsatisfiable === action)
    .map((c) => {
      let selector = labelSelectorFromMeta(c.labelSelector);
      const extra = (c.matchLabelKeys ?? []).filter((k) => k in labels).map((k) => newRequirement(k, 'in', [labels[k]]));
      if (extra.length > 0 && !selector.isNothing) selector = LabelSelector.of([...selector.requirements, ...extra]);
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        selector,
        minDomains: c.minDomains ?? 1,
        honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
        honorTaints: c.nodeTaintsPolicy === 'Honor',
      };
    });
}

export function hasAllTopologyKeys(node: Node, constraints: readonly Constraint[]): boolean {
  const labels = nodeLabels(node);
  return constraints.every((c) => c.topologyKey in labels);
}

/** nodeAffinityPolicy / nodeTaintsPolicy: whether this node's pods count towards the spread. */
export function nodeIncluded(c: Constraint, pod: Pod, node: Node): boolean {
  if (c.honorNodeAffinity && !podMatchesNodeSelectorAndAffinity(pod, node)) return false;
  if (c.honorTaints && findUntoleratedTaint(node.spec?.taints ?? [], pod.spec?.tolerations ?? [], doNotScheduleTaint)) return false;
  return true;
}

/** Pods in `namespace` matching the selector; terminating pods are already on their way out. */
export function countMatching(pods: readonly Pod[], selector: LabelSelector, namespace: string): number {
  if (selector.empty) return 0;
  return pods.filter((p) => !p.metadata?.deletionTimestamp && (p.metadata?.namespace ?? '') === namespace && selector.matches(p.metadata?.labels)).length;
}
