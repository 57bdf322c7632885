// Matching nodes against a pod's spec.nodeSelector and node affinity terms
// (upstream component-helpers/scheduling/corev1/nodeaffinity).

import { nodeLabels, nodeName, type Node, type NodeSelectorRequirement, type NodeSelectorTerm, type Pod } from './types.js';

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      // An invalid number on either side makes the requirement unsatisfiable, as upstream.
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0])) return false;
      const actual = BigInt(value);
      const wanted = BigInt(values[0]);
      return r.operator === 'Gt' ? actual > wanted : actual < wanted;
    }
    default:
      return false;
  }
}

/** A term ANDs its expressions (labels) and fields (only `metadata.name`); an empty term matches nothing. */
export function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = nodeLabels(node);
  const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  if (!exprs.every((r) => requirementMatches(r, has(r.key) ? labels[r.key] : undefined))) return false;
  return fields.every((r) => r.key === 'metadata.name' && (r.operator === 'In' || r.operator === 'NotIn') && requirementMatches(r, nodeName(node)));
}

/** Terms are ORed. */
export function termsMatch(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  return terms.some((t) => termMatches(t, node));
}

/** spec.nodeSelector AND required node affinity (upstream's GetRequiredNodeAffinity(pod).Match). */
export function podMatchesNodeSelectorAndAffinity(pod: Pod, node: Node): boolean {
  const labels = nodeLabels(node);
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return !required || termsMatch(required.nodeSelectorTerms ?? [], node);
}
