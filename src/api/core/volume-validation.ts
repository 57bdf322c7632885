// Validation of a pod's volumes (ValidateVolumes / validateVolumeSource): unique DNS-label
// names and exactly one source each, with the checks of the sources a node can provide.

import type { FieldError } from '../../machinery/status.js';
import { fieldDuplicate, fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired } from '../../machinery/status.js';
import { invalidEach } from '../validation/errors.js';
import { isDNS1123Label } from '../validation/names.js';
import { validateLocalDescendingPath } from './container-validation.js';
import { quantityOf } from './resource-names.js';
import type { KeyToPath, Volume } from './types.js';

const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
/** Every volume source upstream knows, in the order it checks them. */
const SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs', 'flocker',
  'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap', 'azureFile',
  'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral', 'image',
] as const;

/** Validates the volumes and returns the names that mounts may refer to (the valid ones). */
export function validateVolumes(volumes: Volume[] | undefined, path: string): { names: Set<string>; errors: FieldError[] } {
  const names = new Set<string>();
  const errors: FieldError[] = [];
  (volumes ?? []).forEach((v, i) => {
    const at = `${path}[${i}]`;
    const errs = validateVolumeSource(v, at);
    if (!v.name) errs.push(fieldRequired(`${at}.name`));
    else errs.push(...invalidEach(`${at}.name`, v.name, isDNS1123Label(v.name)));
    if (names.has(v.name ?? '')) errs.push(fieldDuplicate(`${at}.name`, v.name ?? ''));
    if (errs.length === 0) names.add(v.name!);
    else errors.push(...errs);
  });
  return { names, errors };
}

function validateVolumeSource(v: Volume, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const source of SOURCES) {
    if (v[source] === undefined || v[source] === null) continue;
    if (count++ > 0) errs.push(fieldForbidden(`${path}.${source}`, 'may not specify more than 1 volume type'));
    else errs.push(...validateSource(v, source, `${path}.${source}`));
  }
  if (count === 0) errs.push(fieldRequired(path, 'must specify a volume type'));
  return errs;
}

function validateSource(v: Volume, source: (typeof SOURCES)[number], path: string): FieldError[] {
  switch (source) {
    case 'emptyDir': {
      const size = v.emptyDir?.sizeLimit;
      return size !== undefined && (quantityOf(size)?.sign() ?? -1) < 0 ? [fieldForbidden(`${path}.sizeLimit`, 'SizeLimit field must be a valid resource quantity')] : [];
    }
    case 'hostPath': {
      const hp = v.hostPath!;
      if (!hp.path) return [fieldRequired(`${path}.path`)];
      const errs = hp.path.split('/').includes('..') ? [fieldInvalid(`${path}.path`, hp.path, "must not contain '..'")] : [];
      if (hp.type !== undefined && !HOST_PATH_TYPES.includes(hp.type)) errs.push(fieldNotSupported(`${path}.type`, hp.type, HOST_PATH_TYPES));
      return errs;
    }
    case 'secret':
      return [...(v.secret!.secretName ? [] : [fieldRequired(`${path}.secretName`)]), ...validateModeAndItems(v.secret!, path)];
    case 'configMap':
      return [...(v.configMap!.name ? [] : [fieldRequired(`${path}.name`)]), ...validateModeAndItems(v.configMap!, path)];
    case 'persistentVolumeClaim':
      return v.persistentVolumeClaim!.claimName ? [] : [fieldRequired(`${path}.claimName`)];
    case 'downwardAPI':
    case 'projected':
      return validateFileMode(v[source]!.defaultMode, `${path}.defaultMode`);
    default:
      return [];
  }
}

function validateModeAndItems(src: { defaultMode?: number; items?: KeyToPath[] }, path: string): FieldError[] {
  const errs = validateFileMode(src.defaultMode, `${path}.defaultMode`);
  (src.items ?? []).forEach((kp, i) => {
    const at = `${path}.items[${i}]`;
    if (!kp.key) errs.push(fieldRequired(`${at}.key`));
    if (!kp.path) errs.push(fieldRequired(`${at}.path`));
    errs.push(...validateLocalDescendingPath(kp.path ?? '', `${at}.path`));
    if ((kp.path ?? '').startsWith('..') && !(kp.path ?? '').startsWith('../')) errs.push(fieldInvalid(`${at}.path`, kp.path, "must not start with '..'"));
    errs.push(...validateFileMode(kp.mode, `${at}.mode`));
  });
  return errs;
}

function validateFileMode(mode: number | undefined, path: string): FieldError[] {
  return mode !== undefined && (mode < 0 || mode > 0o777) ? [fieldInvalid(path, mode, FILE_MODE_ERROR)] : [];
}
