// rbac.authorization.k8s.io/v1 ClusterRole, optionally aggregated from other cluster roles.

import type { FieldError } from '../../machinery/status.js';
import { fieldRequired } from '../../machinery/status.js';
import { pathSegmentName } from '../common/checks.js';
import { defineKind } from '../common/define.js';
import type { MetaLabelSelector } from '../common/selector.js';
import { validateLabelSelector } from '../common/selector.js';
import type { RoleLike } from './rules.js';
import { ROLE_COLUMNS, roleCells, validateRules } from './rules.js';

export interface ClusterRole extends RoleLike {
  aggregationRule?: { clusterRoleSelectors?: MetaLabelSelector[] };
}

function validateAggregation(cr: ClusterRole): FieldError[] {
  const rule = cr.aggregationRule;
  if (!rule) return [];
  const selectors = rule.clusterRoleSelectors ?? [];
  if (selectors.length === 0) return [fieldRequired('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil')];
  return selectors.flatMap((s, i) => validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`));
}

export const clusterRoles = defineKind<ClusterRole>({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'ClusterRole',
  plural: 'clusterroles',
  namespaced: false,
  nameValidator: pathSegmentName,
  validateSpec: (cr) => [...validateRules(cr, false), ...validateAggregation(cr)],
  columns: ROLE_COLUMNS,
  cells: roleCells,
});
