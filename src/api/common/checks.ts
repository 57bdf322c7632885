// Small field checks that upstream's validation packages share across groups, with their
// exact messages (apimachinery's ValidateNonnegativeField, ValidateImmutableField, and
// apps' ValidatePositiveIntOrPercent / IsNotMoreThan100Percent).

import type { IntOrString } from '../core/types.js';
import type { NameValidator } from '../validation/names.js';
import { deepEqual } from '../../machinery/deep.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, fieldNotSupported } from '../../machinery/status.js';

export type { IntOrString };

export function nonNegative(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0 ? [fieldInvalid(path, value, 'must be greater than or equal to 0')] : [];
}

export function positive(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value <= 0 ? [fieldInvalid(path, value, 'must be greater than 0')] : [];
}

export function immutable(value: unknown, old: unknown, path: string): FieldError[] {
  return deepEqual(value ?? null, old ?? null) ? [] : [fieldInvalid(path, value, 'field is immutable')];
}

const PERCENT_RE = /^[0-9]+%$/;

/** A non-negative integer or a `N%` string. */
export function positiveIntOrPercent(value: IntOrString | undefined, path: string): FieldError[] {
  if (value === undefined) return [];
  if (typeof value === 'number') return nonNegative(value, path);
  if (PERCENT_RE.test(value)) return [];
  return [
    fieldInvalid(path, value, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%' or '93%', regex used for validation is '[0-9]+%')"),
  ];
}

export function notMoreThan100Percent(value: IntOrString | undefined, path: string): FieldError[] {
  if (typeof value !== 'string' || !PERCENT_RE.test(value) || parseInt(value, 10) <= 100) return [];
  return [fieldInvalid(path, value, 'must not be greater than 100%')];
}

/** True when an int-or-percent is zero in either form (`0` or `0%`). */
export function isZero(value: IntOrString | undefined): boolean {
  return value === 0 || value === '0%';
}

/** Upstream's field.NotSupported for a closed set of string values. */
export function oneOf(value: string | undefined, supported: readonly string[], path: string): FieldError[] {
  if (value === undefined || supported.includes(value)) return [];
  return [fieldNotSupported(path, value, supported)];
}

/**
 * Names that only have to be safe as one URL path segment (upstream's ValidatePathSegmentName),
 * as RBAC objects and scale target references use; a generateName prefix may be `.` or `..`.
 */
export const pathSegmentName: NameValidator = (name, prefix) => {
  const errs = !prefix && (name === '.' || name === '..') ? [`may not be '${name}'`] : [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
};
