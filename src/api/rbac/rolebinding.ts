// rbac.authorization.k8s.io/v1 RoleBinding: grants a Role or ClusterRole within a namespace.

import { pathSegmentName } from '../common/checks.js';
import { defineKind } from '../common/define.js';
import type { Binding } from './bindings.js';
import { bindingCells, bindingColumns, defaultBinding, validateBinding, validateRoleRefUnchanged } from './bindings.js';

export const roleBindings = defineKind<Binding>({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'RoleBinding',
  plural: 'rolebindings',
  namespaced: true,
  nameValidator: pathSegmentName,
  defaults: defaultBinding,
  validateSpec: (b) => validateBinding(b, true, ['Role', 'ClusterRole']),
  validateChange: validateRoleRefUnchanged,
  columns: bindingColumns('roleBinding'),
  cells: bindingCells,
});
