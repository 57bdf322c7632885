// PolicyRule validation and the role columns, shared by Role and ClusterRole.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, fieldRequired } from '../../machinery/status.js';
import { CREATED_AT_COLUMN, NAME_COLUMN, createdAtCell, nameCell } from '../common/columns.js';

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface RoleLike extends KubeObject {
  rules?: PolicyRule[];
}

/** upstream's ValidatePolicyRule: a rule is about API resources or about non-resource URLs. */
export function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!rule.verbs?.length) errs.push(fieldRequired(`${path}.verbs`, 'verbs must contain at least one value'));
  if (rule.nonResourceURLs?.length) {
    if (namespaced) errs.push(fieldInvalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
    if (rule.apiGroups?.length || rule.resources?.length || rule.resourceNames?.length) {
      errs.push(fieldInvalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (!rule.apiGroups?.length) errs.push(fieldRequired(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (!rule.resources?.length) errs.push(fieldRequired(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

export function validateRules(role: RoleLike, namespaced: boolean): FieldError[] {
  return (role.rules ?? []).flatMap((r, i) => validatePolicyRule(r, namespaced, `rules[${i}]`));
}

/** Roles print when they were made rather than an age. */
export const ROLE_COLUMNS = [NAME_COLUMN, CREATED_AT_COLUMN];

export function roleCells(role: KubeObject): unknown[] {
  return [nameCell(role), createdAtCell(role)];
}
