// apps/v1 DaemonSet.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, fieldNotSupported, fieldRequired } from '../../machinery/status.js';
import { deepEqual } from '../../machinery/deep.js';
import { defaultPodTemplateSpec } from '../core/pod-spec.js';
import { formatLabels } from '../core/define-core.js';
import type { IntOrString } from '../common/checks.js';
import { immutable, isZero, nonNegative, notMoreThan100Percent, positiveIntOrPercent } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, TEMPLATE_COLUMNS, ageCell, column, nameCell, selectorColumn, templateCells } from '../common/columns.js';
import { defineKind } from '../common/define.js';
import { selectorString } from '../common/selector.js';
import type { TemplatedSpec } from '../common/workload.js';
import { validateTemplatedSpec } from '../common/workload.js';

export interface DaemonSet extends KubeObject {
  spec?: TemplatedSpec & {
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString } };
  };
  status?: {
    currentNumberScheduled?: number;
    numberMisscheduled?: number;
    desiredNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
  };
}

/** apps/v1 keeps the internal spec.templateGeneration in this annotation. */
const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

function defaults(ds: DaemonSet): void {
  const spec = (ds.spec ??= {});
  const strategy = (spec.updateStrategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  if (spec.template) defaultPodTemplateSpec(spec.template);
}

function validateUpdateStrategy(strategy: NonNullable<DaemonSet['spec']>['updateStrategy'], path: string): FieldError[] {
  switch (strategy?.type) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate': {
      const ru = strategy.rollingUpdate;
      if (!ru) return [fieldRequired(`${path}.rollingUpdate`)];
      const at = `${path}.rollingUpdate`;
      const errs = [
        ...positiveIntOrPercent(ru.maxUnavailable, `${at}.maxUnavailable`),
        ...positiveIntOrPercent(ru.maxSurge, `${at}.maxSurge`),
        ...notMoreThan100Percent(ru.maxUnavailable, `${at}.maxUnavailable`),
        ...notMoreThan100Percent(ru.maxSurge, `${at}.maxSurge`),
      ];
      // Exactly one of the two may be non-zero.
      const unavailable = !isZero(ru.maxUnavailable ?? 0);
      const surge = !isZero(ru.maxSurge ?? 0);
      if (unavailable && surge) errs.push(fieldInvalid(`${at}.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
      if (!unavailable && !surge) errs.push(fieldRequired(`${at}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
      return errs;
    }
    default:
      return [fieldNotSupported(path, strategy ?? null, ['RollingUpdate', 'OnDelete'])];
  }
}

export const daemonSets = defineKind<DaemonSet>({
  group: 'apps',
  version: 'v1',
  kind: 'DaemonSet',
  plural: 'daemonsets',
  namespaced: true,
  shortNames: ['ds'],
  categories: ['all'],
  hasStatus: true,
  tracksGeneration: true,
  defaults,
  validateSpec: (ds) => [
    ...validateTemplatedSpec(ds.spec, 'spec', { emptySelectorNoun: 'daemonset', deadlineNoun: 'DaemonSet' }),
    ...nonNegative(ds.spec?.minReadySeconds, 'spec.minReadySeconds'),
    ...validateUpdateStrategy(ds.spec?.updateStrategy, 'spec.updateStrategy'),
    ...nonNegative(ds.spec?.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
  ],
  validateChange: (ds, old) => immutable(ds.spec?.selector, old.spec?.selector, 'spec.selector'),
  prepareForCreate: (ds) => {
    // The four counters are not omitempty, so a fresh status still shows them.
    ds.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
    const meta = (ds.metadata ??= {});
    meta.annotations = { ...meta.annotations, [TEMPLATE_GENERATION]: '1' };
  },
  // Each template change starts a new template generation, which the controller hashes pods by.
  prepareForUpdate: (ds, old) => {
    const previous = Number(old.metadata?.annotations?.[TEMPLATE_GENERATION] ?? '1') || 1;
    const next = deepEqual(ds.spec?.template, old.spec?.template) ? previous : previous + 1;
    const meta = (ds.metadata ??= {});
    meta.annotations = { ...meta.annotations, [TEMPLATE_GENERATION]: String(next) };
  },
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
    column('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
    column('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    column('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    column('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
    AGE_COLUMN,
    ...TEMPLATE_COLUMNS,
    selectorColumn("A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
  ],
  cells: (ds, now) => [
    nameCell(ds),
    ds.status?.desiredNumberScheduled ?? 0,
    ds.status?.currentNumberScheduled ?? 0,
    ds.status?.numberReady ?? 0,
    ds.status?.updatedNumberScheduled ?? 0,
    ds.status?.numberAvailable ?? 0,
    formatLabels(ds.spec?.template?.spec?.nodeSelector),
    ageCell(ds, now),
    ...templateCells(ds.spec?.template?.spec),
    selectorString(ds.spec?.selector),
  ],
});
