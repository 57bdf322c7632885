// storage.k8s.io/v1 StorageClass.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldRequired } from '../../machinery/status.js';
import { deepEqual } from '../../machinery/deep.js';
import { immutable, oneOf } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { defineKind } from '../common/define.js';

export interface StorageClass extends KubeObject {
  provisioner?: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
}

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

function validateChange(sc: StorageClass, old: StorageClass): FieldError[] {
  const errs: FieldError[] = [];
  if (!deepEqual(sc.parameters ?? {}, old.parameters ?? {})) errs.push(fieldForbidden('parameters', 'updates to parameters are forbidden.'));
  if (sc.provisioner !== old.provisioner) errs.push(fieldForbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (sc.reclaimPolicy !== old.reclaimPolicy) errs.push(fieldForbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  return [...errs, ...immutable(sc.volumeBindingMode, old.volumeBindingMode, 'volumeBindingMode')];
}

/** The default class is marked `(default)` after its name. */
function nameWithDefault(sc: StorageClass): string {
  const isDefault = DEFAULT_CLASS_ANNOTATIONS.some((a) => sc.metadata?.annotations?.[a] === 'true');
  return isDefault ? `${nameCell(sc)} (default)` : nameCell(sc);
}

export const storageClasses = defineKind<StorageClass>({
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'StorageClass',
  plural: 'storageclasses',
  namespaced: false,
  shortNames: ['sc'],
  defaults: (sc) => {
    sc.reclaimPolicy ||= 'Delete';
    sc.volumeBindingMode ||= 'Immediate';
  },
  validateSpec: (sc) => [
    ...(sc.provisioner ? [] : [fieldRequired('provisioner')]),
    ...oneOf(sc.reclaimPolicy, ['Delete', 'Retain'], 'reclaimPolicy'),
    ...oneOf(sc.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer'], 'volumeBindingMode'),
  ],
  validateChange,
  columns: [
    NAME_COLUMN,
    column('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
    column('ReclaimPolicy', 'string', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
    column('VolumeBindingMode', 'string', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.'),
    column('AllowVolumeExpansion', 'string', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    AGE_COLUMN,
  ],
  cells: (sc, now) => [nameWithDefault(sc), sc.provisioner ?? '', sc.reclaimPolicy ?? 'Delete', sc.volumeBindingMode ?? 'Immediate', sc.allowVolumeExpansion ?? false, ageCell(sc, now)],
});
