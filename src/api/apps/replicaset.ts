// apps/v1 ReplicaSet.

import type { KubeObject } from '../resource.js';
import { defaultPodTemplateSpec } from '../core/pod-spec.js';
import { immutable, nonNegative } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, TEMPLATE_COLUMNS, ageCell, column, nameCell, selectorColumn, templateCells } from '../common/columns.js';
import { defineKind } from '../common/define.js';
import { selectorString } from '../common/selector.js';
import type { TemplatedSpec } from '../common/workload.js';
import { replicasScale, validateTemplatedSpec } from '../common/workload.js';

export interface ReplicaSet extends KubeObject {
  spec?: TemplatedSpec & { replicas?: number; minReadySeconds?: number };
  status?: { replicas?: number; readyReplicas?: number };
}

export const replicaSets = defineKind<ReplicaSet>({
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  plural: 'replicasets',
  namespaced: true,
  shortNames: ['rs'],
  categories: ['all'],
  hasStatus: true,
  tracksGeneration: true,
  defaults: (rs) => {
    const spec = (rs.spec ??= {});
    spec.replicas ??= 1;
    if (spec.template) defaultPodTemplateSpec(spec.template);
  },
  validateSpec: (rs) => [
    ...nonNegative(rs.spec?.replicas, 'spec.replicas'),
    ...nonNegative(rs.spec?.minReadySeconds, 'spec.minReadySeconds'),
    // Upstream's message says "deployment" for replica sets too.
    ...validateTemplatedSpec(rs.spec, 'spec', { emptySelectorNoun: 'deployment', deadlineNoun: 'ReplicaSet' }),
  ],
  validateChange: (rs, old) => immutable(rs.spec?.selector, old.spec?.selector, 'spec.selector'),
  // status.replicas is not omitempty, so a fresh status still shows it.
  prepareForCreate: (rs) => {
    rs.status = { replicas: 0 };
  },
  selectableFields: (rs) => ({ 'status.replicas': String(rs.status?.replicas ?? 0) }),
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset'),
    column('Current', 'integer', 'Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset'),
    column('Ready', 'integer', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'),
    AGE_COLUMN,
    ...TEMPLATE_COLUMNS,
    selectorColumn('Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template\'s labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors'),
  ],
  cells: (rs, now) => [
    nameCell(rs),
    rs.spec?.replicas ?? 0,
    rs.status?.replicas ?? 0,
    rs.status?.readyReplicas ?? 0,
    ageCell(rs, now),
    ...templateCells(rs.spec?.template?.spec),
    selectorString(rs.spec?.selector),
  ],
  scale: replicasScale,
});
