import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterRoleBindings, clusterRoles, roleBindings, roles } from '../../../src/api/rbac/index.js';
import type { KubeObject } from '../../../src/api/resource.js';

const NOW = new Date('2024-05-01T12:00:00Z');
const messages = (errs: { field: string; message: string }[]) => errs.map((e) => `${e.field}: ${e.message}`);

function binding(): KubeObject {
  return {
    metadata: { name: 'read', namespace: 'dev', creationTimestamp: '2024-05-01T11:00:00Z' },
    roleRef: { kind: 'Role', name: 'reader' },
    subjects: [
      { kind: 'User', name: 'alice' },
      { kind: 'User', name: 'bob' },
      { kind: 'Group', name: 'devs' },
      { kind: 'ServiceAccount', name: 'ci', namespace: 'dev' },
    ],
  };
}

test('role binding defaults and table', () => {
  const b = binding();
  roleBindings.defaults!(b);
  assert.equal((b.roleRef as { apiGroup: string }).apiGroup, 'rbac.authorization.k8s.io');
  assert.deepEqual((b.subjects as { apiGroup: string }[]).map((s) => s.apiGroup), ['rbac.authorization.k8s.io', 'rbac.authorization.k8s.io', 'rbac.authorization.k8s.io', '']);
  assert.deepEqual(roleBindings.validate!(b), []);
  assert.deepEqual(roleBindings.columns.map((c) => [c.name, c.priority]), [
    ['Name', 0],
    ['Role', 0],
    ['Age', 0],
    ['Users', 1],
    ['Groups', 1],
    ['ServiceAccounts', 1],
  ]);
  assert.deepEqual(roleBindings.cells(b, NOW), ['read', 'Role/reader', '60m', 'alice, bob', 'devs', 'dev/ci']);
});

test('roleRef cannot change', () => {
  const old = binding();
  roleBindings.defaults!(old);
  const b = structuredClone(old);
  (b.roleRef as { name: string }).name = 'admin';
  assert.deepEqual(messages(roleBindings.validateUpdate!(b, old)), [
    'roleRef: Invalid value: {"kind":"Role","name":"admin","apiGroup":"rbac.authorization.k8s.io"}: cannot change roleRef',
  ]);
});

test('cluster role binding only binds cluster roles and needs SA namespaces', () => {
  const b: KubeObject = {
    metadata: { name: 'x' },
    roleRef: { kind: 'Role', name: 'r' },
    subjects: [{ kind: 'ServiceAccount', name: 'ci' }],
  };
  clusterRoleBindings.defaults!(b);
  assert.deepEqual(messages(clusterRoleBindings.validate!(b)), [
    'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    'subjects[0].namespace: Required value',
  ]);
  (b.roleRef as { kind: string }).kind = 'ClusterRole';
  (b.subjects as { namespace: string }[])[0].namespace = 'default';
  b.metadata!.creationTimestamp = '2024-05-01T11:00:00Z';
  assert.deepEqual(clusterRoleBindings.cells(b, NOW), ['x', 'ClusterRole/r', '60m', '', '', 'default/ci']);
});

test('roles print their creation time and check rules', () => {
  const r: KubeObject = { metadata: { name: 'reader', namespace: 'dev', creationTimestamp: '2024-05-01T11:00:00.000Z' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] };
  assert.deepEqual(roles.cells(r, NOW), ['reader', '2024-05-01T11:00:00Z']);
  assert.equal(roles.columns[1].type, 'date');
  assert.deepEqual(messages(roles.validate!(r)), ['rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs']);
  const cr: KubeObject = { metadata: { name: 'agg' }, aggregationRule: { clusterRoleSelectors: [] } };
  assert.deepEqual(messages(clusterRoles.validate!(cr)), ['aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil']);
});
