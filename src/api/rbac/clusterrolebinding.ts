// rbac.authorization.k8s.io/v1 ClusterRoleBinding: grants a ClusterRole everywhere.

import { pathSegmentName } from '../common/checks.js';
import { defineKind } from '../common/define.js';
import type { Binding } from './bindings.js';
import { bindingCells, bindingColumns, defaultBinding, validateBinding, validateRoleRefUnchanged } from './bindings.js';

export const clusterRoleBindings = defineKind<Binding>({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'ClusterRoleBinding',
  plural: 'clusterrolebindings',
  namespaced: false,
  nameValidator: pathSegmentName,
  defaults: defaultBinding,
  validateSpec: (b) => validateBinding(b, false, ['ClusterRole']),
  validateChange: validateRoleRefUnchanged,
  columns: bindingColumns('clusterRoleBinding'),
  cells: bindingCells,
});
