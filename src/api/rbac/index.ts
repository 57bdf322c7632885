// rbac.authorization.k8s.io/v1.

import type { ResourceType } from '../resource.js';
import { clusterRoleBindings } from './clusterrolebinding.js';
import { clusterRoles } from './clusterrole.js';
import { roleBindings } from './rolebinding.js';
import { roles } from './role.js';

export { clusterRoleBindings, clusterRoles, roleBindings, roles };
export const rbacV1Resources: ResourceType[] = [roles, roleBindings, clusterRoles, clusterRoleBindings];
