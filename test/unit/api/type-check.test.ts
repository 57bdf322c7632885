import assert from 'node:assert/strict';
import { test } from 'node:test';
import { schemaNode } from '../../../src/api/schema/index.js';
import { findTypeError } from '../../../src/api/schema/type-check.js';

const configMap = schemaNode('io.k8s.api.core.v1.ConfigMap');
const deployment = schemaNode('io.k8s.api.apps.v1.Deployment');

test('well-typed objects pass, nulls and unknown fields are not type errors', () => {
  assert.equal(findTypeError({ metadata: { name: 'x', labels: { a: 'b' } }, data: { k: 'v' }, extra: 5 }, configMap, 'ConfigMap'), undefined);
  assert.equal(findTypeError({ spec: { replicas: null, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } } }, deployment, 'Deployment'), undefined);
});

test('a wrong JSON type is named as upstream names it', () => {
  assert.equal(findTypeError({ data: { a: 5 } }, configMap, 'ConfigMap'), 'json: cannot unmarshal number into Go struct field ConfigMap.data of type string');
  assert.equal(findTypeError({ metadata: 'x' }, configMap, 'ConfigMap'), 'json: cannot unmarshal string into Go struct field ConfigMap.metadata of type v1.ObjectMeta');
  assert.equal(findTypeError({ spec: [] }, deployment, 'Deployment'), 'json: cannot unmarshal array into Go struct field Deployment.spec of type v1.DeploymentSpec');
  assert.equal(findTypeError({ spec: { replicas: 1.5 } }, deployment, 'Deployment'), 'json: cannot unmarshal number into Go struct field Deployment.spec.replicas of type int32');
  assert.match(findTypeError({ spec: { template: { spec: { containers: [{ name: 'c', ports: [{ containerPort: '80' }] }] } } } }, deployment, 'Deployment') ?? '', /unmarshal string into Go struct field Deployment\.spec\.template\.spec\.containers\.ports\.containerPort of type int32/);
});
