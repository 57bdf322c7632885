// core/v1 ReplicationController (defaults, ValidateReplicationController,
// registry/core/replicationcontroller/strategy.go, printReplicationController, /scale).

import type { KubeObject, ScaleInfo } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired } from '../../machinery/status.js';
import { selectorFromSet } from '../../machinery/labels.js';
import { nonNegative } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, TEMPLATE_COLUMNS, ageCell, column, nameCell, selectorColumn, templateCells } from '../common/columns.js';
import { validateLabelMap } from '../common/selector.js';
import { defineCoreKind, formatLabels } from './define-core.js';
import { defaultPodTemplateSpec, validatePodTemplateSpec } from './pod-spec.js';
import type { PodTemplateSpec } from './types.js';

export interface ReplicationController extends KubeObject {
  spec?: { replicas?: number; minReadySeconds?: number; selector?: Record<string, string>; template?: PodTemplateSpec };
  status?: { replicas?: number; fullyLabeledReplicas?: number; readyReplicas?: number; availableReplicas?: number; observedGeneration?: number };
}

const rcScale: ScaleInfo = {
  specReplicas: (o) => (o as ReplicationController).spec?.replicas ?? 1,
  setSpecReplicas: (o, n) => {
    ((o as ReplicationController).spec ??= {}).replicas = n;
  },
  statusReplicas: (o) => (o as ReplicationController).status?.replicas ?? 0,
  selector: (o) => selectorFromSet((o as ReplicationController).spec?.selector).toString(),
};

export const replicationcontrollers = defineCoreKind<ReplicationController>({
  kind: 'ReplicationController',
  plural: 'replicationcontrollers',
  namespaced: true,
  shortNames: ['rc'],
  categories: ['all'],
  hasStatus: true,
  tracksGeneration: true,
  scale: rcScale,
  defaults(rc) {
    const spec = (rc.spec ??= {});
    const labels = spec.template?.metadata?.labels;
    // An RC without its own selector or labels takes them from its pod template.
    if (labels && Object.keys(labels).length > 0) {
      if (Object.keys(spec.selector ?? {}).length === 0) spec.selector = { ...labels };
      const meta = (rc.metadata ??= {});
      if (Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...labels };
    }
    spec.replicas ??= 1;
    defaultPodTemplateSpec(spec.template);
  },
  validateSpec: validateRCSpec,
  prepareForCreate(rc) {
    rc.status = {};
  },
  selectableFields: (rc) => ({ 'status.replicas': String(rc.status?.replicas ?? 0) }),
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'Replicas is the number of desired replicas.'),
    column('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    column('Ready', 'integer', 'The number of ready replicas for this replication controller.'),
    AGE_COLUMN,
    ...TEMPLATE_COLUMNS,
    selectorColumn('Selector is a label query over pods that should match the Replicas count.'),
  ],
  cells: (rc, now) => [
    nameCell(rc),
    rc.spec?.replicas ?? 0,
    rc.status?.replicas ?? 0,
    rc.status?.readyReplicas ?? 0,
    ageCell(rc, now),
    ...templateCells(rc.spec?.template?.spec),
    formatLabels(rc.spec?.selector),
  ],
});

function validateRCSpec(rc: ReplicationController): FieldError[] {
  const spec = rc.spec ?? {};
  const errs: FieldError[] = [...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds')];
  const selector = spec.selector ?? {};
  if (Object.keys(selector).length === 0) errs.push(fieldRequired('spec.selector'));
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  const tpl = spec.template;
  if (!tpl) return [...errs, fieldRequired('spec.template')];
  const labels = tpl.metadata?.labels ?? {};
  if (Object.keys(selector).length > 0 && !Object.entries(selector).every(([k, v]) => labels[k] === v)) {
    errs.push(fieldInvalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  errs.push(...validateLabelMap(selector, 'spec.selector'));
  errs.push(...validatePodTemplateSpec(tpl, 'spec.template'));
  if (tpl.spec?.restartPolicy !== 'Always') errs.push(fieldNotSupported('spec.template.spec.restartPolicy', tpl.spec?.restartPolicy ?? '', ['Always']));
  if (tpl.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(fieldForbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in ReplicationController is not Supported'));
  }
  return errs;
}
