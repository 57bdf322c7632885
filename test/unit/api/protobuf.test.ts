import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubernetesProtobuf } from '../../../src/api/protobuf/decode.js';
import { goDuration } from '../../../src/api/protobuf/special.js';
import { StatusError } from '../../../src/machinery/status.js';
import { bytes, entry, envelope, msg, str, varint } from './proto-encoder.js';

// ObjectMeta as client-go writes it: every non-pointer field present, even when empty.
function objectMeta(name: string, namespace: string, extra: Uint8Array[] = []): Uint8Array {
  return msg(str(1, name), str(2, ''), str(3, namespace), str(4, ''), str(5, ''), str(6, ''), varint(7, 0), bytes(8, new Uint8Array()), ...extra);
}

test('decodes a Secret as helm sends it', () => {
  const raw = msg(
    bytes(1, objectMeta('sh.helm.release.v1.x.v1', 'default', [entry(11, 'owner', str(2, 'helm')), entry(11, 'name', str(2, 'x'))])),
    entry(2, 'release', bytes(2, new TextEncoder().encode('H4sI'))),
    str(3, 'helm.sh/release.v1'),
  );
  const got = decodeKubernetesProtobuf(envelope('v1', 'Secret', raw));
  assert.equal(got.apiVersion, 'v1');
  assert.equal(got.kind, 'Secret');
  assert.deepEqual(got.object, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'sh.helm.release.v1.x.v1', namespace: 'default', creationTimestamp: null, labels: { owner: 'helm', name: 'x' } },
    data: { release: Buffer.from('H4sI').toString('base64') },
    type: 'helm.sh/release.v1',
  });
});

test('decodes a ConfigMap with data and binaryData', () => {
  const raw = msg(
    bytes(1, objectMeta('cm', 'ns1')),
    entry(2, 'a', str(2, '1')),
    entry(2, 'empty', new Uint8Array()),
    entry(3, 'bin', bytes(2, Uint8Array.from([0, 1, 2]))),
    varint(4, false),
  );
  const { object } = decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', raw));
  assert.deepEqual(object, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cm', namespace: 'ns1', creationTimestamp: null },
    data: { a: '1', empty: '' },
    binaryData: { bin: 'AAEC' },
    immutable: false,
  });
});

test('decodes a Deployment with its pod template, quantities, int-or-strings and probes', () => {
  const intOrStringInt = (n: number) => msg(varint(1, 0), varint(2, n), str(3, ''));
  const intOrStringStr = (s: string) => msg(varint(1, 1), varint(2, 0), str(3, s));
  const probe = msg(
    bytes(1, msg(bytes(2, msg(str(1, '/healthz'), bytes(2, intOrStringStr('http')))))), // inline ProbeHandler
    varint(2, 5),
  );
  const container = msg(
    str(1, 'web'),
    str(2, 'nginx:1.27'),
    str(3, 'nginx'),
    str(3, '-g'),
    bytes(6, msg(str(1, 'http'), varint(2, 0), varint(3, 80), str(4, 'TCP'))),
    bytes(8, msg(entry(1, 'cpu', bytes(2, msg(str(1, '500m')))), entry(2, 'memory', bytes(2, msg(str(1, '64Mi')))))),
    bytes(10, probe),
  );
  const podSpec = msg(bytes(2, container), varint(4, 30), str(3, 'Always'));
  const template = msg(bytes(1, objectMeta('', '', [entry(11, 'app', str(2, 'web'))])), bytes(2, podSpec));
  const spec = msg(
    varint(1, 3),
    bytes(2, msg(entry(1, 'app', str(2, 'web')))),
    bytes(3, template),
    bytes(4, msg(str(1, 'RollingUpdate'), bytes(2, msg(bytes(1, intOrStringInt(0)), bytes(2, intOrStringStr('25%')))))),
    varint(5, 0),
  );
  const raw = msg(bytes(1, objectMeta('web', 'default')), bytes(2, spec), bytes(3, new Uint8Array()));
  const { object } = decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', raw));
  assert.deepEqual(object, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: null },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              command: ['nginx', '-g'],
              ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
              resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 5 },
            },
          ],
          terminationGracePeriodSeconds: 30,
          restartPolicy: 'Always',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
    },
    status: {},
  });
});

test('decodes DeleteOptions, keeping a zero grace period (a pointer upstream)', () => {
  const raw = msg(varint(1, 0), bytes(2, msg(str(1, 'uid-1'))), str(4, 'Background'), str(5, 'All'));
  const got = decodeKubernetesProtobuf(envelope('v1', 'DeleteOptions', raw));
  assert.equal(got.kind, 'DeleteOptions');
  assert.deepEqual(got.object, {
    apiVersion: 'v1',
    kind: 'DeleteOptions',
    gracePeriodSeconds: 0,
    preconditions: { uid: 'uid-1' },
    propagationPolicy: 'Background',
    dryRun: ['All'],
  });
  // DeleteOptions is registered in every group/version, as upstream does.
  assert.equal(decodeKubernetesProtobuf(envelope('apps/v1', 'DeleteOptions', raw)).object.propagationPolicy, 'Background');
});

test('decodes times, micro times, negative and 64-bit integers, packed lists and nested lists', () => {
  const lease = msg(
    bytes(1, objectMeta('l', 'kube-system', [bytes(8, msg(varint(1, 1704164645n), varint(2, 999_000_000)))])),
    bytes(2, msg(str(1, 'node-1'), varint(2, 40), bytes(4, msg(varint(1, 1704164645n), varint(2, 123_456_789))), varint(5, -1))),
  );
  const got = decodeKubernetesProtobuf(envelope('coordination.k8s.io/v1', 'Lease', lease)).object;
  assert.deepEqual(got.metadata, { name: 'l', namespace: 'kube-system', creationTimestamp: '2024-01-02T03:04:05Z' });
  assert.deepEqual(got.spec, { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2024-01-02T03:04:05.123456Z', leaseTransitions: -1 });

  // batch/v1 PodFailurePolicyOnExitCodesRequirement.values is []int32, sent packed here.
  const rule = msg(str(1, 'FailJob'), bytes(2, msg(str(1, 'main'), str(2, 'In'), bytes(3, Uint8Array.from([1, 2, 42])))));
  const job = msg(bytes(1, objectMeta('j', 'default')), bytes(2, msg(varint(3, 2n ** 40n), bytes(11, msg(bytes(1, rule))))));
  const spec = decodeKubernetesProtobuf(envelope('batch/v1', 'Job', job)).object.spec;
  assert.deepEqual(spec, {
    activeDeadlineSeconds: 2 ** 40,
    podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [1, 2, 42] } }] },
  });

  // SubjectAccessReview.spec.extra is a map of lists, each wrapped in a message in protobuf.
  const sar = msg(bytes(1, objectMeta('', '')), bytes(2, msg(str(3, 'alice'), entry(5, 'scopes', bytes(2, msg(str(1, 'a'), str(1, 'b')))))));
  const sarSpec = decodeKubernetesProtobuf(envelope('authorization.k8s.io/v1', 'SubjectAccessReview', sar)).object.spec;
  assert.deepEqual(sarSpec, { user: 'alice', extra: { scopes: ['a', 'b'] } });
});

// Bodies recorded from `kubectl create deployment web --image=nginx --replicas=2 --port=80`
// and `kubectl create service nodeport svc --tcp=80:8080` (kubectl 1.32.4).
const KUBECTL_DEPLOYMENT =
  '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b8010a1f0a0377656212001a0022002a003200380042005a0a0a0361707012037765621286010802120c0a0a0a0361707012037765621a6c0a1c0a0012001a0022002a003200380042005a0a0a036170701203776562124c122e0a056e67696e7812056e67696e782a00320a0a001000185022002a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200';
const KUBECTL_SERVICE =
  '6b3873000a0d0a02763112075365727669636512680a1f0a0373766312001a0022002a003200380042005a0a0a03617070120373766312410a1b0a0738302d38303830120354435018502207080010903f1a002800120a0a0361707012037376631a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200';

test('decodes bodies recorded from kubectl into what its JSON would be', () => {
  const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
  assert.deepEqual(decodeKubernetesProtobuf(hex(KUBECTL_DEPLOYMENT)).object, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], resources: {} }] },
      },
      strategy: {},
    },
    status: {},
  });
  assert.deepEqual(decodeKubernetesProtobuf(hex(KUBECTL_SERVICE)).object, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'svc', creationTimestamp: null, labels: { app: 'svc' } },
    spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'svc' }, type: 'NodePort' },
    status: { loadBalancer: {} },
  });
});

test('skips unknown field numbers', () => {
  const raw = msg(bytes(1, objectMeta('cm', 'x')), str(99, 'future'), varint(98, 7), entry(2, 'a', str(2, 'b')));
  assert.deepEqual(decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', raw)).object.data, { a: 'b' });
});

test('decodes a RawExtension (ControllerRevision data) and FieldsV1 as JSON', () => {
  const managed = bytes(17, msg(str(1, 'kubectl'), str(2, 'Apply'), str(3, 'v1'), str(6, 'FieldsV1'), bytes(7, msg(str(1, '{"f:data":{}}')))));
  const raw = msg(bytes(1, objectMeta('r', 'default', [managed])), bytes(2, msg(bytes(1, new TextEncoder().encode('{"spec":{"x":1}}')))), varint(3, 4));
  const { object } = decodeKubernetesProtobuf(envelope('apps/v1', 'ControllerRevision', raw));
  assert.deepEqual(object.data, { spec: { x: 1 } });
  assert.equal(object.revision, 4);
  assert.deepEqual((object.metadata as Record<string, unknown>).managedFields, [
    { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } },
  ]);
});

test('rejects bad magic, truncated bodies and unknown kinds with a 400', () => {
  const bad = (body: Uint8Array, re: RegExp) =>
    assert.throws(() => decodeKubernetesProtobuf(body), (e: unknown) => e instanceof StatusError && e.code === 400 && re.test(e.message));
  bad(new TextEncoder().encode('{"kind":"Secret"}'), /does not appear to be a protobuf message/);
  const ok = envelope('v1', 'ConfigMap', msg(bytes(1, objectMeta('cm', 'x'))));
  bad(ok.subarray(0, ok.length - 10), /unexpected end of data/);
  bad(envelope('v1', 'Nope', new Uint8Array()), /no kind "Nope" is registered for version "v1"/);
});

test('formats durations as Go does', () => {
  assert.equal(goDuration(0n), '0s');
  assert.equal(goDuration(3_600_000_000_000n), '1h0m0s');
  assert.equal(goDuration(90_500_000_000n), '1m30.5s');
  assert.equal(goDuration(1_500_000n), '1.5ms');
  assert.equal(goDuration(-2_000n), '-2µs');
  assert.equal(goDuration(12n), '12ns');
});
