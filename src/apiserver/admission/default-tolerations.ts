// Upstream's DefaultTolerationSeconds admission: every new pod tolerates the node
// lifecycle's not-ready and unreachable NoExecute taints for a while (300 s by default),
// so a node that misses a few heartbeats does not evict everything at once.

import type { KubeObject } from '../../api/resource.js';

export interface TolerationDefaults {
  /** --default-not-ready-toleration-seconds */
  notReadySeconds: number;
  /** --default-unreachable-toleration-seconds */
  unreachableSeconds: number;
}

export const DEFAULT_TOLERATIONS: TolerationDefaults = { notReadySeconds: 300, unreachableSeconds: 300 };

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

interface Toleration {
  key?: string;
  operator?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** Does an existing toleration already cover `key` with NoExecute (or any effect)? */
function covers(t: Toleration, key: string): boolean {
  const keyMatches = t.key === key || (t.operator === 'Exists' && !t.key);
  return keyMatches && (!t.effect || t.effect === 'NoExecute');
}

export function addDefaultTolerations(pod: KubeObject, d: TolerationDefaults): void {
  const spec = (pod.spec ??= {}) as { tolerations?: Toleration[] };
  const tolerations = spec.tolerations ?? [];
  for (const [key, seconds] of [[NOT_READY, d.notReadySeconds], [UNREACHABLE, d.unreachableSeconds]] as const) {
    if (!tolerations.some((t) => covers(t, key))) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  }
  spec.tolerations = tolerations;
}
