// Config maps and secrets marked `immutable: true` keep that mark and their data forever
// (ValidateConfigMapUpdate / ValidateSecretUpdate).

import { deepEqual } from '../../machinery/deep.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden } from '../../machinery/status.js';

const MESSAGE = 'field is immutable when `immutable` is set';

export function validateImmutableData<T extends { immutable?: boolean }>(obj: T, old: T, dataFields: (keyof T & string)[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push(fieldForbidden('immutable', MESSAGE));
  for (const f of dataFields) if (!deepEqual(obj[f] ?? null, old[f] ?? null)) errs.push(fieldForbidden(f, MESSAGE));
  return errs;
}
