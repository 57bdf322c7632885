// core/v1 PodTemplate (ValidatePodTemplate, printPodTemplate).

import type { KubeObject } from '../resource.js';
import { NAME_COLUMN, TEMPLATE_COLUMNS, column, nameCell, templateCells } from '../common/columns.js';
import { defineCoreKind, formatLabels } from './define-core.js';
import { defaultPodTemplateSpec, validatePodTemplateSpec } from './pod-spec.js';
import type { PodTemplateSpec } from './types.js';

export interface PodTemplate extends KubeObject {
  template?: PodTemplateSpec;
}

export const podtemplates = defineCoreKind<PodTemplate>({
  kind: 'PodTemplate',
  plural: 'podtemplates',
  namespaced: true,
  defaults: (pt) => defaultPodTemplateSpec(pt.template),
  validateSpec: (pt) => validatePodTemplateSpec(pt.template, 'template'),
  // Here the template columns are always shown, not only with -o wide.
  columns: [NAME_COLUMN, ...TEMPLATE_COLUMNS.map((c) => ({ ...c, priority: 0 })), column('Pod Labels', 'string', 'The labels for the pod template.')],
  cells: (pt) => [nameCell(pt), ...templateCells(pt.template?.spec), formatLabels(pt.template?.metadata?.labels)],
});
