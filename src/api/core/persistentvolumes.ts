// core/v1 PersistentVolume (ValidatePersistentVolume, registry/core/persistentvolume,
// printPersistentVolume). Cluster-scoped; bound to claims by the volume controller.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldNotSupported, fieldRequired } from '../../machinery/status.js';
import { deepEqual } from '../../machinery/deep.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { immutable, oneOf } from '../common/checks.js';
import { invalidEach } from '../validation/errors.js';
import { nameIsDNSSubdomain } from '../validation/names.js';
import { defineCoreKind } from './define-core.js';
import { validateQuantityValue } from './resource-names.js';
import type { ResourceList } from './types.js';
import { accessModesString, phaseOrTerminating, storageClassOf, storageString } from './volume-printing.js';

export interface PersistentVolume extends KubeObject {
  spec?: {
    capacity?: ResourceList;
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    storageClassName?: string;
    volumeMode?: string;
    volumeAttributesClassName?: string;
    claimRef?: { namespace?: string; name?: string };
    [key: string]: unknown;
  };
  status?: { phase?: string; reason?: string; lastPhaseTransitionTime?: string };
}

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const VOLUME_MODES = ['Block', 'Filesystem'];
/** The volume sources a PV may have; exactly one is required. */
const PV_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi', 'cinder', 'fc', 'flocker',
  'flexVolume', 'azureFile', 'vsphereVolume', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'local', 'storageos', 'csi',
];
/** Fields outside the volume source that stay open to change. */
const MUTABLE = ['capacity', 'accessModes', 'persistentVolumeReclaimPolicy', 'storageClassName', 'claimRef', 'mountOptions', 'nodeAffinity', 'volumeMode', 'volumeAttributesClassName'];

export const persistentvolumes = defineCoreKind<PersistentVolume>({
  kind: 'PersistentVolume',
  plural: 'persistentvolumes',
  namespaced: false,
  shortNames: ['pv'],
  hasStatus: true,
  defaults(pv) {
    const spec = (pv.spec ??= {});
    spec.persistentVolumeReclaimPolicy ||= 'Retain';
    spec.volumeMode ||= 'Filesystem';
  },
  validateSpec: validatePV,
  validateChange: (pv, old) => [
    ...immutable(pv.spec?.volumeMode, old.spec?.volumeMode, 'spec.volumeMode'),
    ...(deepEqual(sourceOf(pv), sourceOf(old)) ? [] : [fieldForbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation')]),
  ],
  prepareForCreate(pv) {
    pv.status = { phase: 'Pending', lastPhaseTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
  },
  columns: [
    NAME_COLUMN,
    column('Capacity', 'string', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    column('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    column('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    column('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    column('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    AGE_COLUMN,
    column('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', true),
  ],
  cells: (pv, now) => {
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
    return [
      nameCell(pv),
      storageString(spec.capacity?.storage),
      accessModesString(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? '',
      phaseOrTerminating(pv, pv.status?.phase),
      claim,
      storageClassOf(pv),
      spec.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      ageCell(pv, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
});

function sourceOf(pv: PersistentVolume): Record<string, unknown> {
  return Object.fromEntries(Object.entries(pv.spec ?? {}).filter(([k]) => !MUTABLE.includes(k)));
}

function validatePV(pv: PersistentVolume): FieldError[] {
  const spec = pv.spec ?? {};
  const errs: FieldError[] = [];
  const modes = spec.accessModes ?? [];
  if (modes.length === 0) errs.push(fieldRequired('spec.accessModes'));
  for (const m of modes) errs.push(...oneOf(m, ACCESS_MODES, 'spec.accessModes'));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) errs.push(fieldForbidden('spec.accessModes', 'may not use ReadWriteOncePod with other access modes'));
  const capacity = spec.capacity ?? {};
  const keys = Object.keys(capacity);
  if (keys.length === 0) errs.push(fieldRequired('spec.capacity'));
  else if (!('storage' in capacity) || keys.length > 1) errs.push(fieldNotSupported('spec.capacity', keys.join(','), ['storage']));
  for (const [name, q] of Object.entries(capacity)) errs.push(...validateQuantityValue(name, q, `spec.capacity[${name}]`));
  errs.push(...oneOf(spec.persistentVolumeReclaimPolicy, ['Delete', 'Recycle', 'Retain'], 'spec.persistentVolumeReclaimPolicy'));
  if (spec.storageClassName) errs.push(...invalidEach('spec.storageClassName', spec.storageClassName, nameIsDNSSubdomain(spec.storageClassName, false)));
  errs.push(...oneOf(spec.volumeMode, VOLUME_MODES, 'spec.volumeMode'));
  const sources = PV_SOURCES.filter((s) => spec[s] !== undefined && spec[s] !== null);
  if (sources.length === 0) errs.push(fieldRequired('spec', 'must specify a volume type'));
  for (const extra of sources.slice(1)) errs.push(fieldForbidden(`spec.${extra}`, 'may not specify more than 1 volume type'));
  return errs;
}
