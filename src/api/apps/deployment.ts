// apps/v1 Deployment: upstream's apps/v1 defaults, apps validation and deployment strategy.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired } from '../../machinery/status.js';
import { defaultPodTemplateSpec } from '../core/pod-spec.js';
import type { IntOrString } from '../common/checks.js';
import { immutable, isZero, nonNegative, notMoreThan100Percent, positiveIntOrPercent } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, TEMPLATE_COLUMNS, ageCell, column, nameCell, readyOf, selectorColumn, templateCells } from '../common/columns.js';
import { defineKind } from '../common/define.js';
import { selectorString } from '../common/selector.js';
import type { TemplatedSpec } from '../common/workload.js';
import { replicasScale, validateTemplatedSpec } from '../common/workload.js';

interface RollingUpdate {
  maxUnavailable?: IntOrString;
  maxSurge?: IntOrString;
}

export interface Deployment extends KubeObject {
  spec?: TemplatedSpec & {
    replicas?: number;
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    progressDeadlineSeconds?: number;
    paused?: boolean;
    strategy?: { type?: string; rollingUpdate?: RollingUpdate };
  };
  status?: { replicas?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number };
}

function defaults(d: Deployment): void {
  const spec = (d.spec ??= {});
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  if (spec.template) defaultPodTemplateSpec(spec.template);
}

function validateStrategy(strategy: NonNullable<Deployment['spec']>['strategy'], path: string): FieldError[] {
  switch (strategy?.type) {
    case 'Recreate':
      return strategy.rollingUpdate ? [fieldForbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate': {
      const ru = strategy.rollingUpdate;
      if (!ru) return [fieldRequired(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
      const errs = [
        ...positiveIntOrPercent(ru.maxUnavailable, `${path}.rollingUpdate.maxUnavailable`),
        ...positiveIntOrPercent(ru.maxSurge, `${path}.rollingUpdate.maxSurge`),
      ];
      if (isZero(ru.maxUnavailable) && isZero(ru.maxSurge)) {
        errs.push(fieldInvalid(`${path}.rollingUpdate.maxUnavailable`, ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
      }
      return [...errs, ...notMoreThan100Percent(ru.maxUnavailable, `${path}.rollingUpdate.maxUnavailable`)];
    }
    default:
      return [fieldNotSupported(path, strategy ?? null, ['Recreate', 'RollingUpdate'])];
  }
}

function validateSpec(d: Deployment): FieldError[] {
  const spec = d.spec ?? {};
  const errs = [
    ...nonNegative(spec.replicas, 'spec.replicas'),
    ...validateTemplatedSpec(spec, 'spec', { emptySelectorNoun: 'deployment', deadlineNoun: 'ReplicaSet' }),
    ...validateStrategy(spec.strategy, 'spec.strategy'),
    ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
  ];
  const deadline = spec.progressDeadlineSeconds;
  if (deadline !== undefined) {
    errs.push(...nonNegative(deadline, 'spec.progressDeadlineSeconds'));
    if (deadline <= (spec.minReadySeconds ?? 0)) errs.push(fieldInvalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  }
  return errs;
}

export const deployments = defineKind<Deployment>({
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  hasStatus: true,
  tracksGeneration: true,
  defaults,
  validateSpec,
  validateChange: (d, old) => immutable(d.spec?.selector, old.spec?.selector, 'spec.selector'),
  // A new deployment has observed nothing yet, whatever the client sent.
  prepareForCreate: (d) => {
    d.status = {};
  },
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COLUMN,
    ...TEMPLATE_COLUMNS,
    selectorColumn('Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
  ],
  cells: (d, now) => [
    nameCell(d),
    readyOf(d.status?.readyReplicas, d.spec?.replicas),
    d.status?.updatedReplicas ?? 0,
    d.status?.availableReplicas ?? 0,
    ageCell(d, now),
    ...templateCells(d.spec?.template?.spec),
    selectorString(d.spec?.selector),
  ],
  scale: replicasScale,
});
