// apps/v1 StatefulSet.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldInvalid, fieldRequired } from '../../machinery/status.js';
import { deepEqual } from '../../machinery/deep.js';
import { defaultPodTemplateSpec } from '../core/pod-spec.js';
import { nonNegative, oneOf } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, TEMPLATE_COLUMNS, ageCell, column, nameCell, readyOf, templateCells } from '../common/columns.js';
import { defineKind } from '../common/define.js';
import type { TemplatedSpec } from '../common/workload.js';
import { replicasScale, validateTemplatedSpec } from '../common/workload.js';

interface ClaimTemplate {
  spec?: { volumeMode?: string; [key: string]: unknown };
  status?: { phase?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface StatefulSet extends KubeObject {
  spec?: TemplatedSpec & {
    replicas?: number;
    serviceName?: string;
    podManagementPolicy?: string;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
    revisionHistoryLimit?: number;
    minReadySeconds?: number;
    persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
    ordinals?: { start?: number };
    volumeClaimTemplates?: ClaimTemplate[];
    [key: string]: unknown;
  };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number };
}

type Spec = NonNullable<StatefulSet['spec']>;

function defaults(sts: StatefulSet): void {
  const spec = (sts.spec ??= {});
  spec.podManagementPolicy ||= 'OrderedReady';
  const strategy = (spec.updateStrategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') (strategy.rollingUpdate ??= {}).partition ??= 0;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  // Claim templates get the PersistentVolumeClaim defaults a claim made from them would.
  for (const claim of spec.volumeClaimTemplates ?? []) {
    (claim.spec ??= {}).volumeMode ||= 'Filesystem';
    (claim.status ??= {}).phase ||= 'Pending';
  }
  if (spec.template) defaultPodTemplateSpec(spec.template);
}

function validateUpdateStrategy(strategy: Spec['updateStrategy'], path: string): FieldError[] {
  switch (strategy?.type) {
    case undefined:
    case '':
      return [fieldRequired(path)];
    case 'OnDelete':
      return strategy.rollingUpdate ? [fieldInvalid(`${path}.rollingUpdate`, strategy.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'")] : [];
    case 'RollingUpdate':
      return nonNegative(strategy.rollingUpdate?.partition, `${path}.rollingUpdate.partition`);
    default:
      return [fieldInvalid(path, strategy, "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

function validateSpec(sts: StatefulSet): FieldError[] {
  const spec = sts.spec ?? {};
  const policy = spec.podManagementPolicy;
  return [
    ...(policy ? oneOf(policy, ['OrderedReady', 'Parallel'], 'spec.podManagementPolicy') : [fieldRequired('spec.podManagementPolicy')]),
    ...validateUpdateStrategy(spec.updateStrategy, 'spec.updateStrategy'),
    ...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
    ...nonNegative(spec.replicas, 'spec.replicas'),
    ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...nonNegative(spec.ordinals?.start, 'spec.ordinals.start'),
    ...validateTemplatedSpec(spec, 'spec', { emptySelectorNoun: 'statefulset', deadlineNoun: 'StatefulSet' }),
  ];
}

/** The spec fields an update may change; everything else is fixed at creation. */
const MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

function withoutMutable(spec: Spec | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec ?? {}).filter(([k]) => !MUTABLE.includes(k)));
}

function validateChange(sts: StatefulSet, old: StatefulSet): FieldError[] {
  if (deepEqual(withoutMutable(sts.spec), withoutMutable(old.spec))) return [];
  return [
    fieldForbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

export const statefulSets = defineKind<StatefulSet>({
  group: 'apps',
  version: 'v1',
  kind: 'StatefulSet',
  plural: 'statefulsets',
  namespaced: true,
  shortNames: ['sts'],
  categories: ['all'],
  hasStatus: true,
  tracksGeneration: true,
  defaults,
  validateSpec,
  validateChange,
  // replicas and availableReplicas are not omitempty, so a fresh status still shows them.
  prepareForCreate: (sts) => {
    sts.status = { replicas: 0, availableReplicas: 0 };
  },
  columns: [NAME_COLUMN, column('Ready', 'string', 'Number of the pod with ready state'), AGE_COLUMN, ...TEMPLATE_COLUMNS],
  cells: (sts, now) => [nameCell(sts), readyOf(sts.status?.readyReplicas, sts.spec?.replicas), ageCell(sts, now), ...templateCells(sts.spec?.template?.spec)],
  scale: replicasScale,
});
