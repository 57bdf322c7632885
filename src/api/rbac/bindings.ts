// What RoleBinding and ClusterRoleBinding share: subject defaults and checks, the fixed
// roleRef, and the ROLE / USERS / GROUPS / SERVICEACCOUNTS columns.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, fieldRequired } from '../../machinery/status.js';
import { nameIsDNSSubdomain } from '../validation/names.js';
import { oneOf } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

export interface Binding extends KubeObject {
  roleRef?: { apiGroup?: string; kind?: string; name?: string };
  subjects?: Subject[];
}

/** Users and groups are RBAC subjects; service accounts are core objects. */
export function defaultBinding(b: Binding): void {
  if (b.roleRef && !b.roleRef.apiGroup) b.roleRef.apiGroup = RBAC_GROUP;
  for (const s of b.subjects ?? []) {
    if (s.apiGroup) continue;
    if (s.kind === 'ServiceAccount') s.apiGroup = '';
    else if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = RBAC_GROUP;
  }
}

function validateSubject(s: Subject, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.name) errs.push(fieldRequired(`${path}.name`));
  switch (s.kind) {
    case 'ServiceAccount':
      if (s.name) for (const msg of nameIsDNSSubdomain(s.name, false)) errs.push(fieldInvalid(`${path}.name`, s.name, msg));
      errs.push(...oneOf(s.apiGroup ?? '', [''], `${path}.apiGroup`));
      // A cluster-wide binding cannot guess which namespace the account lives in.
      if (!namespaced && !s.namespace) errs.push(fieldRequired(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      errs.push(...oneOf(s.apiGroup ?? '', [RBAC_GROUP], `${path}.apiGroup`));
      break;
    default:
      errs.push(...oneOf(s.kind ?? '', ['ServiceAccount', 'User', 'Group'], `${path}.kind`));
  }
  return errs;
}

/** roleRef and subjects; `roleKinds` are the kinds the binding may refer to. */
export function validateBinding(b: Binding, namespaced: boolean, roleKinds: string[]): FieldError[] {
  const ref = b.roleRef ?? {};
  const errs = [...oneOf(ref.apiGroup ?? '', [RBAC_GROUP], 'roleRef.apiGroup'), ...oneOf(ref.kind ?? '', roleKinds, 'roleRef.kind')];
  if (!ref.name) errs.push(fieldRequired('roleRef.name'));
  (b.subjects ?? []).forEach((s, i) => errs.push(...validateSubject(s, namespaced, `subjects[${i}]`)));
  return errs;
}

/** A binding grants one role for its whole life; changing it means a new binding. */
export function validateRoleRefUnchanged(b: Binding, old: Binding): FieldError[] {
  const [a, o] = [b.roleRef ?? {}, old.roleRef ?? {}];
  if (a.apiGroup === o.apiGroup && a.kind === o.kind && a.name === o.name) return [];
  return [fieldInvalid('roleRef', b.roleRef ?? null, 'cannot change roleRef')];
}

export function bindingColumns(kind: string) {
  return [
    NAME_COLUMN,
    column('Role', 'string', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.'),
    AGE_COLUMN,
    column('Users', 'string', `Users in the ${kind}`, true),
    column('Groups', 'string', `Groups in the ${kind}`, true),
    column('ServiceAccounts', 'string', `ServiceAccounts in the ${kind}`, true),
  ];
}

/** NAME ROLE AGE, then users, groups and `namespace/name` service accounts, comma-separated. */
export function bindingCells(b: Binding, now: Date): unknown[] {
  const of = (kind: string) => (b.subjects ?? []).filter((s) => s.kind === kind);
  return [
    nameCell(b),
    `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
    ageCell(b, now),
    of('User').map((s) => s.name).join(', '),
    of('Group').map((s) => s.name).join(', '),
    of('ServiceAccount').map((s) => `${s.namespace ?? ''}/${s.name}`).join(', '),
  ];
}
