// What a registry operation knows about the request that caused it.

import { badRequest } from '../../machinery/status.js';
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

/** Reads dryRun, fieldManager and fieldValidation from the query, rejecting bad values as upstream does. */
export function contextFromQuery(user: UserInfo, q: URLSearchParams): RequestContext {
  const dryRun = q.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All') throw badRequest(`Invalid dry run value: ${d}; supported values: "All"`);
  const fv = q.get('fieldValidation') ?? 'Warn';
  if (fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore') {
    throw badRequest(`Invalid fieldValidation value: ${fv}; supported values: "Ignore", "Warn", "Strict"`);
  }
  const fieldManager = q.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && (fieldManager.length > 128 || /[^\x20-\x7e]/.test(fieldManager))) {
    throw badRequest('fieldManager: Invalid value: must be at most 128 printable ASCII characters');
  }
  return { user, dryRun: dryRun.length > 0, fieldManager, fieldValidation: fv, warnings: [] };
}

/** A boolean query parameter; absent is false. */
export function queryBool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null) return false;
  const b = parseBool(v);
  if (b === undefined) throw badRequest(`invalid value for ${name}: ${v}`);
  return b;
}
