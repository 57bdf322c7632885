// Schema facts of io.k8s.api.rbac.v1, in the compact form described in format.ts.

import type { PackageFacts } from './format.js';

export const rbacV1: PackageFacts = {
  pkg: 'io.k8s.api.rbac.v1',
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kinds: ['Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList'],
  atomic: ['RoleRef', 'Subject'],
  types: {
    AggregationRule: {
      clusterRoleSelectors: [1, 'meta.v1.LabelSelector[]', { lt: 'atomic' }],
    },
    ClusterRole: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      rules: [2, 'PolicyRule[]', { lt: 'atomic' }],
      aggregationRule: [3, 'AggregationRule'],
    },
    ClusterRoleBinding: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      subjects: [2, 'Subject[]', { lt: 'atomic' }],
      roleRef: [3, 'RoleRef', { req: true }],
    },
    ClusterRoleBindingList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'ClusterRoleBinding[]', { req: true }],
    },
    ClusterRoleList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'ClusterRole[]', { req: true }],
    },
    PolicyRule: {
      verbs: [1, 'string[]', { lt: 'atomic', req: true }],
      apiGroups: [2, 'string[]', { lt: 'atomic' }],
      resources: [3, 'string[]', { lt: 'atomic' }],
      resourceNames: [4, 'string[]', { lt: 'atomic' }],
      nonResourceURLs: [5, 'string[]', { lt: 'atomic' }],
    },
    Role: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      rules: [2, 'PolicyRule[]', { lt: 'atomic' }],
    },
    RoleBinding: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      subjects: [2, 'Subject[]', { lt: 'atomic' }],
      roleRef: [3, 'RoleRef', { req: true }],
    },
    RoleBindingList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'RoleBinding[]', { req: true }],
    },
    RoleList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'Role[]', { req: true }],
    },
    RoleRef: {
      apiGroup: [1, 'string', { req: true }],
      kind: [2, 'string', { req: true }],
      name: [3, 'string', { req: true }],
    },
    Subject: {
      kind: [1, 'string', { req: true }],
      apiGroup: [2, 'string'],
      name: [3, 'string', { req: true }],
      namespace: [4, 'string'],
    },
  },
};
