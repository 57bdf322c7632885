// core/v1 ResourceQuota (ValidateResourceQuota[Update], registry/core/resourcequota,
// printResourceQuota). The quota controller fills status.hard and status.used.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid } from '../../machinery/status.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { defineCoreKind } from './define-core.js';
import { quantityOf, validateQuantityValue, validateQuotaResourceName } from './resource-names.js';
import type { ResourceList } from './types.js';

export interface ResourceQuota extends KubeObject {
  spec?: { hard?: ResourceList; scopes?: string[]; scopeSelector?: unknown };
  status?: { hard?: ResourceList; used?: ResourceList };
}

const SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'];
const CONFLICTING_SCOPES = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];

export const resourcequotas = defineCoreKind<ResourceQuota>({
  kind: 'ResourceQuota',
  plural: 'resourcequotas',
  namespaced: true,
  shortNames: ['quota'],
  hasStatus: true,
  validateSpec: (rq) => [...validateResourceList(rq.spec?.hard, 'spec.hard'), ...validateScopes(rq.spec?.scopes ?? [])],
  validateChange: (rq, old) => {
    const scopes = new Set(rq.spec?.scopes ?? []);
    const oldScopes = new Set(old.spec?.scopes ?? []);
    const same = scopes.size === oldScopes.size && [...scopes].every((s) => oldScopes.has(s));
    return same ? [] : [fieldInvalid('spec.scopes', rq.spec?.scopes ?? null, 'field is immutable')];
  },
  prepareForCreate(rq) {
    rq.status = {};
  },
  columns: [
    NAME_COLUMN,
    AGE_COLUMN,
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
  ],
  cells: (rq, now) => [nameCell(rq), ageCell(rq, now), ...usageCells(rq)],
});

function validateResourceList(list: ResourceList | undefined, path: string): FieldError[] {
  return Object.entries(list ?? {}).flatMap(([name, q]) => [...validateQuotaResourceName(name, `${path}[${name}]`), ...validateQuantityValue(name, q, `${path}[${name}]`)]);
}

function validateScopes(scopes: string[]): FieldError[] {
  const errs: FieldError[] = [];
  if (scopes.some((s) => !SCOPES.includes(s))) errs.push(fieldInvalid('spec.scopes', scopes, 'unsupported scope'));
  for (const pair of CONFLICTING_SCOPES) if (pair.every((s) => scopes.includes(s))) errs.push(fieldInvalid('spec.scopes', scopes, 'conflicting scopes'));
  return errs;
}

/** REQUEST and LIMIT: `name: used/hard, …` sorted by name; `limits.*` go to LIMIT. */
function usageCells(rq: ResourceQuota): [string, string] {
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(rq.status?.hard ?? {}).sort()) {
    const used = quantityOf(rq.status?.used?.[name])?.toString() ?? '0';
    const hard = quantityOf(rq.status?.hard?.[name])?.toString() ?? '0';
    (name.split('.')[0] === 'limits' && name.includes('.') ? limit : request).push(`${name}: ${used}/${hard}`);
  }
  return [request.join(', '), limit.join(', ')];
}
