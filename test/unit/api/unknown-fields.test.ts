import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemaNode } from '../../../src/api/schema/index.js';
import { findUnknownFields } from '../../../src/api/schema/unknown-fields.js';

const deployment = schemaNode('io.k8s.api.apps.v1.Deployment');

test('a valid object has no unknown fields, whatever its free-form maps and raw values hold', () => {
  const obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { anything: 'goes' }, annotations: { 'x/y': 'z' }, creationTimestamp: null },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '1' } }, livenessProbe: { httpGet: { port: 80 } } }],
          volumes: [{ name: 'v', configMap: { name: 'cm' } }],
        },
      },
    },
  };
  assert.deepEqual(findUnknownFields(obj, deployment), []);
  const revision = { apiVersion: 'apps/v1', kind: 'ControllerRevision', revision: 1, data: { whatever: { nested: true } } };
  assert.deepEqual(findUnknownFields(revision, schemaNode('io.k8s.api.apps.v1.ControllerRevision')), []);
});

test('reports unknown fields with upstream-style paths, in document order', () => {
  const obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', bogus: 1 },
    spec: {
      foo: true,
      template: {
        metadata: { containers: [] },
        spec: { containers: [{ name: 'a' }, { name: 'b', imagee: 'x', ports: [{ containerPort: 80, extra: 1 }] }] },
      },
    },
    status: { nope: null },
  };
  assert.deepEqual(findUnknownFields(obj, deployment), [
    'unknown field "metadata.bogus"',
    'unknown field "spec.foo"',
    'unknown field "spec.template.metadata.containers"',
    'unknown field "spec.template.spec.containers[1].imagee"',
    'unknown field "spec.template.spec.containers[1].ports[0].extra"',
    'unknown field "status.nope"',
  ]);
});

test('map values are checked; type mismatches are left to validation', () => {
  const sar = schemaNode('io.k8s.api.authorization.v1.SubjectAccessReview');
  assert.deepEqual(findUnknownFields({ spec: { extra: { a: ['x'] }, user: 5, groups: 'g' } }, sar), []);
  assert.deepEqual(findUnknownFields({ spec: 'oops', metadata: [] }, sar), []);
  assert.deepEqual(findUnknownFields({ spec: { resourceAttributes: { verb: 'get', colour: 'red' } } }, sar), ['unknown field "spec.resourceAttributes.colour"']);
});
