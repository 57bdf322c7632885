// The status conditions a terminating namespace shows (upstream's deletion conditions),
// so `kubectl describe ns` says what deletion is waiting for. Types, reasons and messages
// follow upstream's wording; a condition's lastTransitionTime moves only when its status does.

import { nowRFC3339 } from '../../machinery/time.js';
import type { ContentReport } from './content.js';

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

/** The deletion conditions for one pass; discovery cannot fail here, as the kinds are built in. */
export function deletionConditions(report: ContentReport): NamespaceCondition[] {
  const remaining = summarize(report.remaining, (kind, n) => `${kind} has ${n} resource instances`);
  const finalizers = summarize(report.finalizers, (f, n) => `${f} in ${n} resource instances`);
  return [
    { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
    { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
    report.errors.length > 0
      ? { type: 'NamespaceDeletionContentFailure', status: 'True', reason: 'ContentDeletionFailed', message: `Failed to delete all resource types, ${report.errors.length} remaining: ${report.errors.join(', ')}` }
      : { type: 'NamespaceDeletionContentFailure', status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
    remaining
      ? { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${remaining}` }
      : { type: 'NamespaceContentRemaining', status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed' },
    finalizers
      ? { type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${finalizers}` }
      : { type: 'NamespaceFinalizersRemaining', status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
  ];
}

/**
 * `next` merged into `current`: unchanged conditions keep their transition time, others
 * get now; conditions of other types are kept. Undefined when nothing changed.
 */
export function mergeConditions(current: NamespaceCondition[], next: NamespaceCondition[]): NamespaceCondition[] | undefined {
  const now = nowRFC3339();
  let changed = false;
  const merged = [...current];
  for (const c of next) {
    const i = merged.findIndex((m) => m.type === c.type);
    const old = i >= 0 ? merged[i] : undefined;
    if (old && old.status === c.status && old.reason === c.reason && old.message === c.message) continue;
    changed = true;
    const updated = { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now };
    if (i >= 0) merged[i] = updated;
    else merged.push(updated);
  }
  return changed ? merged : undefined;
}

function summarize(counts: Map<string, number>, line: (key: string, n: number) => string): string {
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => line(k, n))
    .join(', ');
}
