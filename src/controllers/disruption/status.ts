// A PodDisruptionBudget's status as the disruption controller writes it (upstream's
// updatePdbStatus, failSafe and UpdateDisruptionAllowedCondition). The eviction
// subresource reads it: disruptionsAllowed is what it may spend, observedGeneration tells
// it the numbers belong to the current spec.

import type { PodDisruptionBudget } from '../../api/policy/poddisruptionbudget.js';
import { deepEqual } from '../../machinery/deep.js';
import { nowRFC3339 } from '../../machinery/time.js';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

/** The full policy/v1 status (src/api spells out only the counters). */
export interface PdbStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  expectedPods?: number;
  conditions?: Condition[];
}

export const DISRUPTION_ALLOWED = 'DisruptionAllowed';
export const SUFFICIENT_PODS = 'SufficientPods';
export const INSUFFICIENT_PODS = 'InsufficientPods';
export const SYNC_FAILED = 'SyncFailed';

export interface Counts {
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptedPods: Record<string, string>;
}

export const statusOf = (pdb: PodDisruptionBudget) => (pdb.status ?? {}) as PdbStatus;

/** The status for `counts`, or undefined when the budget already has it. */
export function nextPdbStatus(pdb: PodDisruptionBudget, counts: Counts, now: Date): PdbStatus | undefined {
  const current = statusOf(pdb);
  const allowed = counts.expectedPods <= 0 ? 0 : Math.max(0, counts.currentHealthy - counts.desiredHealthy);
  const observedGeneration = pdb.metadata?.generation;
  const next: PdbStatus = {
    ...current,
    observedGeneration,
    disruptionsAllowed: allowed,
    currentHealthy: counts.currentHealthy,
    desiredHealthy: counts.desiredHealthy,
    expectedPods: counts.expectedPods,
    disruptedPods: Object.keys(counts.disruptedPods).length > 0 ? counts.disruptedPods : undefined,
    conditions: setCondition(current.conditions, allowed > 0 ? 'True' : 'False', allowed > 0 ? SUFFICIENT_PODS : INSUFFICIENT_PODS, '', observedGeneration, now),
  };
  return sameStatus(current, next) ? undefined : next;
}

/** When the numbers cannot be worked out, allow no disruption and say why (observedGeneration stays, as upstream). */
export function failSafeStatus(pdb: PodDisruptionBudget, message: string, now: Date): PdbStatus | undefined {
  const current = statusOf(pdb);
  const next: PdbStatus = { ...current, disruptionsAllowed: 0, conditions: setCondition(current.conditions, 'False', SYNC_FAILED, message, current.observedGeneration, now) };
  return sameStatus(current, next) ? undefined : next;
}

/** apimeta.SetStatusCondition for the DisruptionAllowed condition: the transition time moves only with the status. */
function setCondition(conditions: Condition[] | undefined, status: Condition['status'], reason: string, message: string, observedGeneration: number | undefined, now: Date): Condition[] {
  const list = conditions ?? [];
  const existing = list.find((c) => c.type === DISRUPTION_ALLOWED);
  const lastTransitionTime = existing && existing.status === status ? existing.lastTransitionTime : nowRFC3339(now);
  const condition: Condition = { type: DISRUPTION_ALLOWED, status, reason, message, observedGeneration, lastTransitionTime };
  return existing ? list.map((c) => (c === existing ? condition : c)) : [...list, condition];
}

/** Compared as the JSON they are sent as: missing, undefined and (omitempty) empty disruptedPods are all the same. */
function sameStatus(a: PdbStatus, b: PdbStatus): boolean {
  const norm = (s: PdbStatus) => JSON.parse(JSON.stringify({ ...s, disruptedPods: s.disruptedPods && Object.keys(s.disruptedPods).length > 0 ? s.disruptedPods : undefined })) as unknown;
  return deepEqual(norm(a), norm(b));
}
