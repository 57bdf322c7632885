// core/v1 PersistentVolumeClaim (ValidatePersistentVolumeClaim[Update],
// registry/core/persistentvolumeclaim, printPersistentVolumeClaim).

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldRequired } from '../../machinery/status.js';
import { deepCopy, deepEqual } from '../../machinery/deep.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { oneOf } from '../common/checks.js';
import { validateLabelSelector } from '../common/selector.js';
import type { MetaLabelSelector } from '../common/selector.js';
import { invalidEach } from '../validation/errors.js';
import { nameIsDNSSubdomain } from '../validation/names.js';
import { defineCoreKind } from './define-core.js';
import { quantityOf, validateQuantityValue } from './resource-names.js';
import type { ResourceList } from './types.js';
import { ACCESS_MODES, VOLUME_MODES } from './persistentvolumes.js';
import { accessModesString, phaseOrTerminating, storageClassOf, storageString } from './volume-printing.js';

export interface PersistentVolumeClaim extends KubeObject {
  spec?: {
    accessModes?: string[];
    selector?: MetaLabelSelector;
    resources?: { requests?: ResourceList; limits?: ResourceList };
    volumeName?: string;
    storageClassName?: string;
    volumeMode?: string;
    volumeAttributesClassName?: string;
    [key: string]: unknown;
  };
  status?: { phase?: string; accessModes?: string[]; capacity?: ResourceList; [key: string]: unknown };
}

export const persistentvolumeclaims = defineCoreKind<PersistentVolumeClaim>({
  kind: 'PersistentVolumeClaim',
  plural: 'persistentvolumeclaims',
  namespaced: true,
  shortNames: ['pvc'],
  hasStatus: true,
  defaults(pvc) {
    (pvc.spec ??= {}).volumeMode ||= 'Filesystem';
  },
  validateSpec: validatePVC,
  validateChange: validatePVCChange,
  prepareForCreate(pvc) {
    pvc.status = { phase: 'Pending' };
  },
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    column('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    column('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    column('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    column('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', true),
  ],
  cells(pvc, now) {
    const spec = pvc.spec ?? {};
    // Capacity and modes are those of the bound volume, so empty until bound.
    const bound = Boolean(spec.volumeName);
    return [
      nameCell(pvc),
      phaseOrTerminating(pvc, pvc.status?.phase),
      spec.volumeName ?? '',
      bound ? storageString(pvc.status?.capacity?.storage) : '',
      bound ? accessModesString(pvc.status?.accessModes) : '',
      storageClassOf(pvc),
      spec.volumeAttributesClassName ?? '<unset>',
      ageCell(pvc, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
});

function validatePVC(pvc: PersistentVolumeClaim): FieldError[] {
  const spec = pvc.spec ?? {};
  const errs: FieldError[] = [];
  const modes = spec.accessModes ?? [];
  if (modes.length === 0) errs.push(fieldRequired('spec.accessModes', 'at least 1 access mode is required'));
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  for (const m of modes) errs.push(...oneOf(m, ACCESS_MODES, 'spec.accessModes'));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) errs.push(fieldForbidden('spec.accessModes', 'may not use ReadWriteOncePod with other access modes'));
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) errs.push(fieldRequired('spec.resources[storage]'));
  else {
    const q = quantityOf(storage);
    if (q && q.sign() <= 0) errs.push(...invalidEach('spec.resources[storage]', q.toString(), ['must be greater than zero']));
    else errs.push(...validateQuantityValue('storage', storage, 'spec.resources[storage]'));
  }
  if (spec.storageClassName) errs.push(...invalidEach('spec.storageClassName', spec.storageClassName, nameIsDNSSubdomain(spec.storageClassName, false)));
  errs.push(...oneOf(spec.volumeMode, VOLUME_MODES, 'spec.volumeMode'));
  return errs;
}

/** A claim's spec is fixed, except binding it once and growing its storage request. */
function validatePVCChange(pvc: PersistentVolumeClaim, old: PersistentVolumeClaim): FieldError[] {
  const next = deepCopy(pvc.spec ?? {});
  const prev = deepCopy(old.spec ?? {});
  if (!prev.volumeName) prev.volumeName = next.volumeName;
  if (prev.volumeName === undefined) delete prev.volumeName;
  if (pvc.status?.phase === 'Bound' && next.resources?.requests) next.resources.requests.storage = prev.resources?.requests?.storage ?? '';
  const errs: FieldError[] = [];
  if (!deepEqual(next, prev)) errs.push(fieldForbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  const newSize = quantityOf(pvc.spec?.resources?.requests?.storage);
  const oldSize = quantityOf(old.spec?.resources?.requests?.storage);
  if (newSize && oldSize && newSize.cmp(oldSize) < 0) errs.push(fieldForbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
  return errs;
}
