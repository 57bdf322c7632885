// core/v1 Secret (ValidateSecret/ValidateSecretUpdate, printSecret). `stringData` is merged
// into `data` before validation, as upstream's conversion does, so it is never stored.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, fieldRequired, fieldTooLong } from '../../machinery/status.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { immutable } from '../common/checks.js';
import { invalidEach } from '../validation/errors.js';
import { isConfigMapKey } from '../validation/values.js';
import { MAX_DATA_SIZE } from './configmaps.js';
import { defineCoreKind } from './define-core.js';
import { validateImmutableData } from './immutable-data.js';

export interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  immutable?: boolean;
}

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Keys each secret type requires in data (any one of a group suffices for basic-auth). */
const REQUIRED_KEYS: Record<string, string[][]> = {
  'kubernetes.io/dockercfg': [['.dockercfg']],
  'kubernetes.io/dockerconfigjson': [['.dockerconfigjson']],
  'kubernetes.io/basic-auth': [['username', 'password']],
  'kubernetes.io/ssh-auth': [['ssh-privatekey']],
  'kubernetes.io/tls': [['tls.crt'], ['tls.key']],
};

/** Docker config secrets must hold well-formed JSON under their key. */
const JSON_KEYS: Record<string, string> = { 'kubernetes.io/dockercfg': '.dockercfg', 'kubernetes.io/dockerconfigjson': '.dockerconfigjson' };

export const secrets = defineCoreKind<Secret>({
  kind: 'Secret',
  plural: 'secrets',
  namespaced: true,
  defaults(secret) {
    secret.type ||= 'Opaque';
    if (secret.stringData) {
      const data = (secret.data ??= {});
      for (const [k, v] of Object.entries(secret.stringData)) data[k] = Buffer.from(v, 'utf8').toString('base64');
      delete secret.stringData;
    }
  },
  validateSpec: validateSecret,
  validateChange: (secret, old) => [...immutable(secret.type, old.type, 'type'), ...validateImmutableData(secret, old, ['data'])],
  selectableFields: (secret) => ({ type: secret.type ?? '' }),
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'string', 'Data contains the secret data.'),
    AGE_COLUMN,
  ],
  cells: (secret, now) => [nameCell(secret), secret.type ?? '', Object.keys(secret.data ?? {}).length, ageCell(secret, now)],
});

function validateSecret(secret: Secret): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    errs.push(...invalidEach(`data[${key}]`, key, isConfigMapKey(key)));
    // Data travels base64-encoded in JSON; anything else cannot be decoded into bytes.
    if (typeof value !== 'string' || !BASE64_RE.test(value)) errs.push(fieldInvalid(`data[${key}]`, '<secret contents redacted>', 'must be base64-encoded'));
    else size += Buffer.from(value, 'base64').length;
  }
  if (size > MAX_DATA_SIZE) errs.push(fieldTooLong('data', '', MAX_DATA_SIZE));
  const type = secret.type ?? '';
  if (type === 'kubernetes.io/service-account-token' && !secret.metadata?.annotations?.['kubernetes.io/service-account.name']) {
    errs.push(fieldRequired('metadata.annotations[kubernetes.io/service-account.name]'));
  }
  for (const group of REQUIRED_KEYS[type] ?? []) {
    if (!group.some((k) => k in (secret.data ?? {}))) errs.push(...group.map((k) => fieldRequired(`data[${k}]`)));
  }
  const jsonKey = JSON_KEYS[type];
  const raw = jsonKey ? secret.data?.[jsonKey] : undefined;
  if (raw !== undefined) {
    try {
      JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
    } catch (e) {
      errs.push(fieldInvalid(`data[${jsonKey}]`, '<secret contents redacted>', (e as Error).message));
    }
  }
  return errs;
}
