// policy/v1 PodDisruptionBudget.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid } from '../../machinery/status.js';
import type { IntOrString } from '../common/checks.js';
import { notMoreThan100Percent, oneOf, positiveIntOrPercent } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { defineKind } from '../common/define.js';
import type { MetaLabelSelector } from '../common/selector.js';
import { validateLabelSelector } from '../common/selector.js';

export interface PodDisruptionBudget extends KubeObject {
  spec?: { minAvailable?: IntOrString; maxUnavailable?: IntOrString; selector?: MetaLabelSelector; unhealthyPodEvictionPolicy?: string };
  status?: { disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; expectedPods?: number };
}

function validateSpec(pdb: PodDisruptionBudget): FieldError[] {
  const spec = pdb.spec ?? {};
  const errs: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    errs.push(fieldInvalid('spec.minAvailable', spec.minAvailable, 'minAvailable and maxUnavailable cannot be both set'));
  }
  for (const key of ['minAvailable', 'maxUnavailable'] as const) {
    errs.push(...positiveIntOrPercent(spec[key], `spec.${key}`), ...notMoreThan100Percent(spec[key], `spec.${key}`));
  }
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  errs.push(...oneOf(spec.unhealthyPodEvictionPolicy, ['AlwaysAllow', 'IfHealthyBudget'], 'spec.unhealthyPodEvictionPolicy'));
  return errs;
}

const intOrNA = (v: IntOrString | undefined) => (v === undefined ? 'N/A' : String(v));

export const podDisruptionBudgets = defineKind<PodDisruptionBudget>({
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  plural: 'poddisruptionbudgets',
  namespaced: true,
  shortNames: ['pdb'],
  hasStatus: true,
  tracksGeneration: true,
  validateSpec,
  // The four counters are not omitempty, so a fresh status still shows them.
  prepareForCreate: (pdb) => {
    pdb.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  columns: [
    NAME_COLUMN,
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    AGE_COLUMN,
  ],
  cells: (pdb, now) => [nameCell(pdb), intOrNA(pdb.spec?.minAvailable), intOrNA(pdb.spec?.maxUnavailable), pdb.status?.disruptionsAllowed ?? 0, ageCell(pdb, now)],
});
