import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldError } from '../../../src/machinery/status.js';
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from '../../../src/api/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../src/api/validation/object-meta.js';
import { defaultPodSpec, validatePodSpec, validatePodSpecUpdate } from '../../../src/api/core/pod-spec.js';
import type { PodSpec } from '../../../src/api/core/types.js';
import { pods } from '../../../src/api/core/pods.js';
import { replicationcontrollers } from '../../../src/api/core/replicationcontrollers.js';
import { secrets } from '../../../src/api/core/secrets.js';
import { configmaps } from '../../../src/api/core/configmaps.js';
import { namespaces } from '../../../src/api/core/namespaces.js';
import { limitranges } from '../../../src/api/core/limitranges.js';

const lines = (errs: FieldError[]) => errs.map((e) => `${e.field}: ${e.message}`);

test('name checks return upstream messages', () => {
  assert.deepEqual(isDNS1123Subdomain('Foo'), [
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.equal(isDNS1035Label('1a').length, 1);
  assert.deepEqual(nameIsDNSSubdomain('web-', true), []);
  assert.equal(nameIsDNSSubdomain('web-', false).length, 1);
});

test('object meta on create', () => {
  assert.deepEqual(lines(validateObjectMeta({}, true, nameIsDNSSubdomain)), ['metadata.name: Required value: name or generateName is required', 'metadata.namespace: Required value']);
  const errs = lines(
    validateObjectMeta(
      {
        name: 'ok',
        namespace: 'default',
        labels: { 'bad key!': 'v' },
        finalizers: ['custom'],
        ownerReferences: [
          { apiVersion: 'v1', kind: 'A', name: 'a', uid: '1', controller: true },
          { apiVersion: 'v1', kind: 'B', name: 'b', uid: '2', controller: true },
        ],
      },
      true,
      nameIsDNSSubdomain,
    ),
  );
  assert.ok(errs.some((e) => e.startsWith('metadata.labels: Invalid value: "bad key!": name part must consist of')), errs.join('\n'));
  assert.ok(errs.includes('metadata.finalizers[0]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified'));
  assert.ok(errs.some((e) => e.includes('Only one reference can have Controller set to true. Found "true" in references for A/a and B/b')));
  assert.deepEqual(lines(validateObjectMeta({ name: 'x', namespace: 'default' }, false, nameIsDNSSubdomain)), ['metadata.namespace: Forbidden: not allowed on this type']);
  const big = { name: 'x', namespace: 'd', annotations: { a: 'x'.repeat(256 * 1024) } };
  assert.equal(validateObjectMeta(big, true, nameIsDNSSubdomain)[0].type, 'FieldValueTooLong');
});

test('object meta on update: immutable identity, no new finalizers while deleting', () => {
  const old = { name: 'a', namespace: 'n', uid: 'u1', deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['kubernetes'] };
  const errs = lines(validateObjectMetaUpdate({ ...old, name: 'b', uid: 'u2', finalizers: ['kubernetes', 'example.com/x'] }, old));
  assert.ok(errs.includes('metadata.name: Invalid value: "b": field is immutable'), errs.join('\n'));
  assert.ok(errs.includes('metadata.uid: Invalid value: "u2": field is immutable'));
  assert.ok(errs.includes('metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/x"}'));
});

function spec(extra: Partial<PodSpec> = {}): PodSpec {
  const s: PodSpec = { containers: [{ name: 'app', image: 'nginx' }], ...extra };
  defaultPodSpec(s);
  return s;
}

test('pod spec validation messages', () => {
  assert.deepEqual(lines(validatePodSpec(spec({ containers: [] }), 'spec')), ['spec.containers: Required value']);
  const errs = lines(
    validatePodSpec(
      spec({
        containers: [
          { name: 'app', image: '', ports: [{ containerPort: 0 }], volumeMounts: [{ name: 'missing', mountPath: '/x' }], resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } },
          { name: 'app', image: 'x', env: [{ name: 'A=B' }] },
        ],
        volumes: [{ name: 'v', emptyDir: {}, hostPath: { path: '/tmp' } }],
        restartPolicy: 'Sometimes',
        tolerations: [{ operator: 'Equal', value: 'x' }],
        terminationGracePeriodSeconds: 30,
      }),
      'spec',
    ),
  );
  const expected = [
    'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
    'spec.containers[0].image: Required value',
    'spec.containers[0].ports[0].containerPort: Required value',
    'spec.containers[0].volumeMounts[0].name: Not found: "missing"',
    'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    'spec.containers[1].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
    'spec.containers[1].name: Duplicate value: "app"',
    'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
  ];
  for (const e of expected) assert.ok(errs.includes(e), `missing ${e}\n${errs.join('\n')}`);
});

test('pod update may change only images, deadlines and tolerations', () => {
  const old = spec();
  // As a patch of the stored pod: only the image changes, the defaulted pull policy stays.
  const imageOnly = structuredClone(old);
  imageOnly.containers![0].image = 'nginx:2';
  assert.deepEqual(validatePodSpecUpdate(imageOnly, old), []);
  const withToleration = spec({ tolerations: [{ key: 'k', operator: 'Exists' }] });
  assert.deepEqual(validatePodSpecUpdate(withToleration, old), []);
  const changed = lines(validatePodSpecUpdate(spec({ restartPolicy: 'Never' }), old));
  assert.equal(changed.length, 1);
  assert.ok(changed[0].startsWith('spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),'));
  assert.deepEqual(lines(validatePodSpecUpdate(spec({ containers: [] }), old)), ['spec.containers: Forbidden: pod updates may not add or remove containers']);
});

test('pods validate through their ResourceType', () => {
  const p = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'a', image: ' nginx' }] } };
  pods.defaults!(p);
  assert.deepEqual(lines(pods.validate!(p)), ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace']);
});

test('replication controllers: defaults from the template, replicas ≥ 0, scale', () => {
  const rc = { metadata: { name: 'rc', namespace: 'default' }, spec: { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'x' }] } } } } as Parameters<typeof replicationcontrollers.cells>[0] & { spec: { replicas?: number; selector?: Record<string, string> } };
  replicationcontrollers.defaults!(rc);
  assert.equal(rc.spec.replicas, 1);
  assert.deepEqual(rc.spec.selector, { app: 'x' });
  assert.deepEqual(rc.metadata!.labels, { app: 'x' });
  assert.deepEqual(replicationcontrollers.validate!(rc), []);
  rc.spec.replicas = -1;
  assert.deepEqual(lines(replicationcontrollers.validate!(rc)), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
  assert.equal(replicationcontrollers.scale!.selector(rc), 'app=x');
  assert.deepEqual(replicationcontrollers.subresources.map((s) => s.name), ['scale', 'status']);
});

test('secrets: Opaque by default, stringData merged, base64 data, immutable', () => {
  const s = { metadata: { name: 's', namespace: 'default' }, stringData: { user: 'admin' } } as Record<string, unknown>;
  secrets.defaults!(s);
  assert.equal(s.type, 'Opaque');
  assert.deepEqual(s.data, { user: 'YWRtaW4=' });
  assert.equal(s.stringData, undefined);
  assert.deepEqual(secrets.validate!(s), []);
  const bad = { metadata: { name: 's', namespace: 'default' }, type: 'Opaque', data: { k: 'not base64!' } };
  assert.deepEqual(lines(secrets.validate!(bad)), ['data[k]: Invalid value: "<secret contents redacted>": must be base64-encoded']);
  const frozen = { ...s, immutable: true };
  const edit = { ...frozen, data: { user: 'cm9vdA==' }, metadata: { name: 's', namespace: 'default', resourceVersion: '2' } };
  assert.ok(lines(secrets.validateUpdate!(edit, frozen)).includes('data: Forbidden: field is immutable when `immutable` is set'));
  assert.deepEqual(secrets.cells({ ...s, metadata: { name: 's' } }, new Date()).slice(0, 3), ['s', 'Opaque', 1]);
});

test('config maps reject bad keys', () => {
  const errs = lines(configmaps.validate!({ metadata: { name: 'c', namespace: 'default' }, data: { 'a/b': 'x' } }));
  assert.equal(errs.length, 1);
  assert.match(errs[0], /^data\[a\/b\]: Invalid value: "a\/b": a valid config key must consist of alphanumeric characters/);
});

test('namespaces start Active with the kubernetes finalizer and a name label', () => {
  const ns = { metadata: { name: 'team-a' } } as Record<string, any>;
  namespaces.defaults!(ns);
  namespaces.prepareForCreate!(ns);
  assert.deepEqual(ns.status, { phase: 'Active' });
  assert.deepEqual(ns.spec.finalizers, ['kubernetes']);
  assert.equal(ns.metadata.labels['kubernetes.io/metadata.name'], 'team-a');
  assert.deepEqual(namespaces.validate!(ns), []);
  assert.ok(!namespaces.verbs.includes('deletecollection'));
  assert.equal(lines(namespaces.validate!({ metadata: { name: 'Team.A' } })).length, 1);
});

test('limit ranges default container requests and check ordering', () => {
  const lr = { metadata: { name: 'l', namespace: 'default' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }] } } as Record<string, any>;
  limitranges.defaults!(lr);
  assert.deepEqual(lr.spec.limits[0].default, { cpu: '2' });
  assert.deepEqual(lr.spec.limits[0].defaultRequest, { memory: '64Mi', cpu: '2' });
  const bad = { metadata: { name: 'l', namespace: 'default' }, spec: { limits: [{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } }] } };
  assert.ok(lines(limitranges.validate!(bad)).includes('spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1'));
});
