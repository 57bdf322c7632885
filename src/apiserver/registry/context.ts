// What a registry operation knows about the request that caused it.

import { badRequest, fieldInvalid, fieldNotSupported, fieldTooLong, invalid, type FieldError } from '../../machinery/status.js';
import { parseBool } from '../request-info.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export type { UserInfo } from '../authn.js';
import type { UserInfo } from '../authn.js';

export interface RequestContext {
  user: UserInfo;
  dryRun: boolean;
  fieldManager?: string;
  fieldValidation: FieldValidation;
  /** Warnings to return in `Warning: 299 - "…"` headers. */
  warnings: string[];
}

/**
 * Reads dryRun, fieldManager and fieldValidation from the query. Bad values are 422s on the
 * verb's options kind (`CreateOptions.meta.k8s.io "" is invalid: …`), as upstream.
 */
export function contextFromQuery(user: UserInfo, q: URLSearchParams, optionsKind = 'CreateOptions'): RequestContext {
  const errors: FieldError[] = [];
  const dryRun = q.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All') errors.push(fieldNotSupported('dryRun', d, ['All']));
  const fv = q.get('fieldValidation') ?? 'Warn';
  if (fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore') errors.push(fieldNotSupported('fieldValidation', fv, ['Ignore', 'Strict', 'Warn']));
  const fieldManager = q.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) errors.push(fieldTooLong('fieldManager', fieldManager, 128));
  if (fieldManager !== undefined && /[^\x20-\x7e]/.test(fieldManager)) errors.push(fieldInvalid('fieldManager', fieldManager, 'must only contain printable characters'));
  if (errors.length > 0) throw invalid(optionsKind, '', errors, 'meta.k8s.io');
  return { user, dryRun: dryRun.length > 0, fieldManager, fieldValidation: fv as FieldValidation, warnings: [] };
}

/** A boolean query parameter; absent is false. */
export function queryBool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null) return false;
  const b = parseBool(v);
  if (b === undefined) throw badRequest(`invalid value for ${name}: ${v}`);
  return b;
}
