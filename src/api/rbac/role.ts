// rbac.authorization.k8s.io/v1 Role.

import { pathSegmentName } from '../common/checks.js';
import { defineKind } from '../common/define.js';
import type { RoleLike } from './rules.js';
import { ROLE_COLUMNS, roleCells, validateRules } from './rules.js';

export const roles = defineKind<RoleLike>({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'Role',
  plural: 'roles',
  namespaced: true,
  nameValidator: pathSegmentName,
  validateSpec: (r) => validateRules(r, true),
  columns: ROLE_COLUMNS,
  cells: roleCells,
});
