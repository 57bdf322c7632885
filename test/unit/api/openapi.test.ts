import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildOpenAPIV3 } from '../../../src/api/openapi.js';
import type { ResourceType } from '../../../src/api/resource.js';

function resource(group: string, version: string, kind: string, plural: string, namespaced: boolean, schemaType: string, verbs = ['get', 'list', 'create', 'update', 'patch', 'delete']): ResourceType {
  return {
    group, version, kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), namespaced, shortNames: [], categories: [],
    verbs, subresources: [], schemaType, storageResource: `${group}/${plural}`, hasStatus: false, columns: [], cells: () => [],
  };
}

const resources = [
  resource('', 'v1', 'Pod', 'pods', true, 'io.k8s.api.core.v1.Pod'),
  resource('', 'v1', 'Namespace', 'namespaces', false, 'io.k8s.api.core.v1.Namespace'),
  resource('apps', 'v1', 'Deployment', 'deployments', true, 'io.k8s.api.apps.v1.Deployment'),
  resource('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, 'io.k8s.api.authorization.v1.SelfSubjectAccessReview', ['create']),
];

// The documents are plain JSON; tests read them loosely.
type Json = Record<string, any>;

test('the index lists one document per group/version with a hash of its content', () => {
  const { index, documents } = buildOpenAPIV3(resources);
  assert.deepEqual(Object.keys(index.paths), ['api/v1', 'apis/apps/v1', 'apis/authorization.k8s.io/v1']);
  const doc = documents.get('apis/apps/v1');
  const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
  assert.equal(index.paths['apis/apps/v1'].serverRelativeURL, `/openapi/v3/apis/apps/v1?hash=${hash}`);
});

test('each resource has an item path whose PATCH declares fieldValidation and its GVK', () => {
  const doc = buildOpenAPIV3(resources).documents.get('api/v1') as Json;
  assert.equal(doc.openapi, '3.0.0');
  assert.deepEqual(Object.keys(doc.paths).sort(), ['/api/v1/namespaces/{namespace}/pods/{name}', '/api/v1/namespaces/{name}']);
  const pods = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'];
  for (const verb of ['get', 'put', 'patch', 'delete']) assert.deepEqual(pods[verb]['x-kubernetes-group-version-kind'], { group: '', kind: 'Pod', version: 'v1' }, verb);
  const params = pods.patch.parameters.map((p: Json) => `${p.in}:${p.name}`);
  assert.deepEqual(params, ['query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force']);
  assert.deepEqual(Object.keys(pods.patch.requestBody.content), ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json']);
  const ssar = (buildOpenAPIV3(resources).documents.get('apis/authorization.k8s.io/v1') as Json).paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/{name}'];
  assert.ok(ssar.patch && !ssar.get && !ssar.put && !ssar.delete);
});

test('components carry every reachable schema, kinds tagged for kubectl explain', () => {
  const schemas = (buildOpenAPIV3(resources).documents.get('apis/apps/v1') as Json).components.schemas;
  const deployment = schemas['io.k8s.api.apps.v1.Deployment'];
  assert.deepEqual(deployment['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  assert.deepEqual(schemas['io.k8s.api.apps.v1.DeploymentList']['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'DeploymentList', version: 'v1' }]);
  assert.deepEqual(deployment.properties.spec, { $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' });
  const podSpec = schemas['io.k8s.api.core.v1.PodSpec'];
  assert.deepEqual(podSpec.required, ['containers']);
  assert.deepEqual(podSpec.properties.containers, {
    type: 'array',
    items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' },
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['name'],
    'x-kubernetes-patch-strategy': 'merge',
    'x-kubernetes-patch-merge-key': 'name',
  });
  assert.deepEqual(podSpec.properties.nodeSelector, { type: 'object', additionalProperties: { type: 'string' }, 'x-kubernetes-map-type': 'atomic' });
  assert.deepEqual(schemas['io.k8s.api.core.v1.Probe'].properties.httpGet, { $ref: '#/components/schemas/io.k8s.api.core.v1.HTTPGetAction' });
  assert.deepEqual(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'], { type: 'string', format: 'int-or-string' });
  assert.deepEqual(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time'], { type: 'string', format: 'date-time' });
  assert.equal(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']['x-kubernetes-map-type'], 'atomic');
  assert.ok(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions']);
  // Every $ref resolves inside the document.
  const refs = JSON.stringify(schemas).match(/#\/components\/schemas\/[^"]+/g) ?? [];
  for (const ref of refs) assert.ok(schemas[ref.slice('#/components/schemas/'.length)], ref);
});
