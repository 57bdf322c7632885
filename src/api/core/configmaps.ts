// core/v1 ConfigMap (ValidateConfigMap/ValidateConfigMapUpdate, printConfigMap).

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, fieldTooLong } from '../../machinery/status.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { invalidEach } from '../validation/errors.js';
import { isConfigMapKey } from '../validation/values.js';
import { defineCoreKind } from './define-core.js';
import { validateImmutableData } from './immutable-data.js';

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

/** Config maps and secrets hold at most 1 MiB (MaxSecretSize). */
export const MAX_DATA_SIZE = 1024 * 1024;

export const configmaps = defineCoreKind<ConfigMap>({
  kind: 'ConfigMap',
  plural: 'configmaps',
  namespaced: true,
  shortNames: ['cm'],
  validateSpec: validateConfigMap,
  validateChange: (cm, old) => validateImmutableData(cm, old, ['data', 'binaryData']),
  columns: [NAME_COLUMN, column('Data', 'string', 'Data contains the configuration data.'), AGE_COLUMN],
  cells: (cm, now) => [nameCell(cm), Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, ageCell(cm, now)],
});

function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(cm.data ?? {})) {
    errs.push(...invalidEach(`data[${key}]`, key, isConfigMapKey(key)));
    if (cm.binaryData && key in cm.binaryData) errs.push(fieldInvalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    size += Buffer.byteLength(value ?? '', 'utf8');
  }
  for (const [key, value] of Object.entries(cm.binaryData ?? {})) {
    errs.push(...invalidEach(`binaryData[${key}]`, key, isConfigMapKey(key)));
    size += Buffer.from(value ?? '', 'base64').length;
  }
  if (size > MAX_DATA_SIZE) errs.push(fieldTooLong('', '', MAX_DATA_SIZE));
  return errs;
}
