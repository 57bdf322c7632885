// PATCH in its four flavours (merge, JSON patch, strategic merge, server-side apply), the
// scale and binding subresources, and protobuf request bodies.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytes, entry, envelope, msg, str, varint } from '../unit/api/proto-encoder.js';
import { assertStatus, configMap, deployment, pod, serverPerFile, type Json } from './apiserver-helpers.js';

const CM = '/api/v1/namespaces/default/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
const PODS = '/api/v1/namespaces/default/pods';
const PROTOBUF = 'application/vnd.kubernetes.protobuf';

const server = serverPerFile();

describe('merge and JSON patches', () => {
  it('merge patch sets and removes keys', async () => {
    await server.c.expect(201, 'POST', CM, configMap('mp', { a: '1', b: '2' }));
    const out = await server.c.expect(200, 'PATCH', `${CM}/mp`, { data: { a: null, c: '3' }, metadata: { labels: { x: 'y' } } }, { contentType: 'application/merge-patch+json' });
    assert.deepEqual(out.data, { b: '2', c: '3' });
    assert.deepEqual(out.metadata.labels, { x: 'y' });
  });

  it('JSON patch applies operations; a failing test operation is 422 and changes nothing', async () => {
    const cm = await server.c.expect(201, 'POST', CM, configMap('jp', { a: '1' }));
    const out = await server.c.expect(200, 'PATCH', `${CM}/jp`, [
      { op: 'test', path: '/data/a', value: '1' },
      { op: 'add', path: '/data/b', value: '2' },
      { op: 'replace', path: '/data/a', value: '10' },
    ], { contentType: 'application/json-patch+json' });
    assert.deepEqual(out.data, { a: '10', b: '2' });
    const r = await server.c.patch(`${CM}/jp`, [{ op: 'test', path: '/data/a', value: 'nope' }, { op: 'remove', path: '/data/b' }], 'json');
    // Upstream's NewGenericServerResponse(422, …) message.
    assertStatus(r, 422, 'Invalid', 'the server rejected our request due to an error in our request');
    const got = await server.c.expect(200, 'GET', `${CM}/jp`);
    assert.deepEqual(got.data, { a: '10', b: '2' });
    assert.notEqual(got.metadata.resourceVersion, cm.metadata.resourceVersion);
  });

  it('a patch with a stale resourceVersion inside is 409', async () => {
    const cm = await server.c.expect(201, 'POST', CM, configMap('mprv', { a: '1' }));
    await server.c.expect(200, 'PATCH', `${CM}/mprv`, { data: { a: '2' } }, { contentType: 'application/merge-patch+json' });
    const r = await server.c.patch(`${CM}/mprv`, { metadata: { resourceVersion: cm.metadata.resourceVersion }, data: { a: '3' } });
    assertStatus(r, 409, 'Conflict', 'Operation cannot be fulfilled on configmaps "mprv": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('PATCH of a missing object is 404; an unknown patch type is 415', async () => {
    assertStatus(await server.c.patch(`${CM}/nope`, { data: {} }), 404, 'NotFound', 'configmaps "nope" not found');
    await server.c.expect(201, 'POST', CM, configMap('ptype'));
    assertStatus(await server.c.patch(`${CM}/ptype`, { data: {} }, 'application/json'), 415, 'UnsupportedMediaType');
  });

  it('force on a non-apply patch is 422 on PatchOptions', async () => {
    await server.c.expect(201, 'POST', CM, configMap('pforce'));
    const r = await server.c.patch(`${CM}/pforce?force=true`, { data: { a: '1' } });
    assertStatus(r, 422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name on a Deployment', async () => {
    const body = deployment('smp');
    body.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox:1', env: [{ name: 'A', value: '1' }] });
    await server.c.expect(201, 'POST', DEPLOY, body);
    const out = await server.c.expect(200, 'PATCH', `${DEPLOY}/smp`, {
      spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:2', env: [{ name: 'B', value: '2' }] }] } } },
    }, { contentType: 'application/strategic-merge-patch+json' });
    const containers = out.spec.template.spec.containers;
    assert.deepEqual(containers.map((x: Json) => `${x.name}=${x.image}`), ['web=nginx:1.27', 'sidecar=busybox:2']);
    assert.deepEqual(containers[1].env, [{ name: 'B', value: '2' }, { name: 'A', value: '1' }]);
    assert.equal(out.metadata.generation, 2);
    // $patch: delete removes one element by its key.
    const del = await server.c.expect(200, 'PATCH', `${DEPLOY}/smp`, { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } }, { contentType: 'application/strategic-merge-patch+json' });
    assert.deepEqual(del.spec.template.spec.containers.map((x: Json) => x.name), ['web']);
  });
});

describe('server-side apply', () => {
  const applied = (replicas: number, extra: Json = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ssa', ...extra },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'ssa' } },
      template: { metadata: { labels: { app: 'ssa' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    },
  });

  it('creates (201) and updates (200) with managedFields', async () => {
    const created = await server.c.expect(201, 'PATCH', `${DEPLOY}/ssa?fieldManager=alice`, applied(2), { contentType: 'application/apply-patch+yaml' });
    assert.equal(created.metadata.generation, 1);
    assert.equal(created.spec.replicas, 2);
    const mf = created.metadata.managedFields;
    assert.equal(mf.length, 1);
    assert.equal(mf[0].manager, 'alice');
    assert.equal(mf[0].operation, 'Apply');
    assert.equal(mf[0].apiVersion, 'apps/v1');
    assert.equal(mf[0].fieldsType, 'FieldsV1');
    assert.ok(mf[0].fieldsV1['f:spec']['f:replicas']);
    const updated = await server.c.expect(200, 'PATCH', `${DEPLOY}/ssa?fieldManager=alice`, applied(3), { contentType: 'application/apply-patch+yaml' });
    assert.equal(updated.spec.replicas, 3);
    assert.equal(updated.metadata.generation, 2);
    assert.equal(updated.metadata.uid, created.metadata.uid);
    // YAML bodies work too.
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa-yaml\ndata:\n  k: v\n';
    const cm = await server.c.expect(201, 'PATCH', `${CM}/ssa-yaml?fieldManager=alice`, yaml, { contentType: 'application/apply-patch+yaml' });
    assert.deepEqual(cm.data, { k: 'v' });
  });

  it('apply without fieldManager is 422 on PatchOptions', async () => {
    const r = await server.c.patch(`${DEPLOY}/ssa-nofm`, applied(1, { name: 'ssa-nofm' }), 'apply');
    assertStatus(r, 422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    assert.deepEqual(r.body.details.causes, [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }]);
    assertStatus(await server.c.get(`${DEPLOY}/ssa-nofm`), 404, 'NotFound');
  });

  it('a conflicting apply is 409 with FieldManagerConflict causes; force takes the field', async () => {
    const r = await server.c.patch(`${DEPLOY}/ssa?fieldManager=bob`, applied(5), 'apply');
    assertStatus(r, 409, 'Conflict', 'Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
    assert.deepEqual(r.body.details.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' }]);
    assert.equal((await server.c.expect(200, 'GET', `${DEPLOY}/ssa`)).spec.replicas, 3);
    const forced = await server.c.expect(200, 'PATCH', `${DEPLOY}/ssa?fieldManager=bob&force=true`, applied(5), { contentType: 'application/apply-patch+yaml' });
    assert.equal(forced.spec.replicas, 5);
    const managers = forced.metadata.managedFields.map((m: Json) => m.manager).sort();
    assert.deepEqual(managers, ['alice', 'bob']);
    const alice = forced.metadata.managedFields.find((m: Json) => m.manager === 'alice');
    assert.equal(alice.fieldsV1['f:spec']['f:replicas'], undefined, 'alice lost .spec.replicas');
    // A conflict with an Update manager names its API version.
    await server.c.expect(200, 'PATCH', `${DEPLOY}/ssa?fieldManager=carol`, { spec: { replicas: 6 } }, { contentType: 'application/merge-patch+json' });
    const r2 = await server.c.patch(`${DEPLOY}/ssa?fieldManager=bob`, applied(7), 'apply');
    assertStatus(r2, 409, 'Conflict', 'Apply failed with 1 conflict: conflict with "carol" using apps/v1: .spec.replicas');
    assert.deepEqual(r2.body.details.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "carol" using apps/v1', field: '.spec.replicas' }]);
  });
});

describe('scale subresource', () => {
  it('GET returns an autoscaling/v1 Scale with status.selector', async () => {
    await server.c.expect(201, 'POST', DEPLOY, deployment('sc', 2));
    const s = await server.c.expect(200, 'GET', `${DEPLOY}/sc/scale`);
    assert.equal(s.kind, 'Scale');
    assert.equal(s.apiVersion, 'autoscaling/v1');
    assert.equal(s.metadata.name, 'sc');
    assert.equal(s.metadata.namespace, 'default');
    assert.equal(s.spec.replicas, 2);
    assert.equal(s.status.selector, 'app=sc');
  });

  it('PATCH spec.replicas updates the Deployment', async () => {
    const s = await server.c.expect(200, 'PATCH', `${DEPLOY}/sc/scale`, { spec: { replicas: 4 } }, { contentType: 'application/merge-patch+json' });
    assert.equal(s.kind, 'Scale');
    assert.equal(s.spec.replicas, 4);
    const d = await server.c.expect(200, 'GET', `${DEPLOY}/sc`);
    assert.equal(d.spec.replicas, 4);
    assert.equal(d.metadata.generation, 2);
    assert.equal(s.metadata.resourceVersion, d.metadata.resourceVersion);
  });

  it('PUT with a stale resourceVersion is 409 (kubectl scale --current-replicas)', async () => {
    const s = await server.c.expect(200, 'GET', `${DEPLOY}/sc/scale`);
    await server.c.expect(200, 'PUT', `${DEPLOY}/sc/scale`, { ...s, spec: { replicas: 1 } });
    const r = await server.c.put(`${DEPLOY}/sc/scale`, { ...s, spec: { replicas: 6 } });
    assertStatus(r, 409, 'Conflict');
    assert.equal((await server.c.expect(200, 'GET', `${DEPLOY}/sc`)).spec.replicas, 1);
  });

  it('negative replicas are 422', async () => {
    const r = await server.c.patch(`${DEPLOY}/sc/scale`, { spec: { replicas: -1 } });
    assertStatus(r, 422, 'Invalid', 'Scale.autoscaling "sc" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    assert.equal((await server.c.expect(200, 'GET', `${DEPLOY}/sc`)).spec.replicas, 1);
  });

  it('a kind without scale has no scale subresource', async () => {
    await server.c.expect(201, 'POST', CM, configMap('noscale'));
    assertStatus(await server.c.get(`${CM}/noscale/scale`), 404, 'NotFound');
  });
});

describe('binding', () => {
  it('POST pods/x/binding sets nodeName and PodScheduled; a second binding is 409', async () => {
    await server.c.expect(201, 'POST', PODS, pod('tobind'));
    const binding = (node: string) => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'tobind' }, target: { apiVersion: 'v1', kind: 'Node', name: node } });
    const ok = await server.c.expect(201, 'POST', `${PODS}/tobind/binding`, binding('node-1'));
    assert.equal(ok.kind, 'Status');
    assert.equal(ok.status, 'Success');
    const p = await server.c.expect(200, 'GET', `${PODS}/tobind`);
    assert.equal(p.spec.nodeName, 'node-1');
    const cond = p.status.conditions.find((x: Json) => x.type === 'PodScheduled');
    assert.equal(cond.status, 'True');
    const r = await server.c.post(`${PODS}/tobind/binding`, binding('node-2'));
    assertStatus(r, 409, 'Conflict', 'Operation cannot be fulfilled on pods/binding "tobind": pod tobind is already assigned to node "node-1"');
    assert.equal((await server.c.expect(200, 'GET', `${PODS}/tobind`)).spec.nodeName, 'node-1');
  });

  it('binding a missing pod is 404', async () => {
    const r = await server.c.post(`${PODS}/ghost/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'ghost' }, target: { kind: 'Node', name: 'n' } });
    assertStatus(r, 404, 'NotFound', 'pods "ghost" not found');
  });
});

describe('protobuf request bodies', () => {
  // ObjectMeta as client-go writes it: every non-pointer field present, even when empty.
  const objectMeta = (name: string, namespace: string) => msg(str(1, name), str(2, ''), str(3, namespace), str(4, ''), str(5, ''), str(6, ''), varint(7, 0), bytes(8, new Uint8Array()));

  it('a ConfigMap created from protobuf is 201 with the same data', async () => {
    const raw = msg(bytes(1, objectMeta('pb', 'default')), entry(2, 'a', str(2, '1')), entry(2, 'b', str(2, 'two')), entry(3, 'bin', bytes(2, Uint8Array.from([0, 1, 2]))));
    const r = await server.c.request('POST', `${CM}?fieldManager=kubectl-create`, envelope('v1', 'ConfigMap', raw), { contentType: PROTOBUF, accept: `${PROTOBUF}, application/json` });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('content-type'), 'application/json');
    assert.equal(r.body.metadata.name, 'pb');
    assert.deepEqual(r.body.data, { a: '1', b: 'two' });
    assert.deepEqual(r.body.binaryData, { bin: Buffer.from([0, 1, 2]).toString('base64') });
    const got = await server.c.expect(200, 'GET', `${CM}/pb`);
    assert.deepEqual(got.data, { a: '1', b: 'two' });
    assert.equal(got.metadata.managedFields[0].manager, 'kubectl-create');
  });

  it('a protobuf PUT without namespace or resourceVersion (helm) is an unconditional update', async () => {
    const raw = msg(bytes(1, objectMeta('pb', '')), entry(2, 'a', str(2, 'updated')));
    const r = await server.c.request('PUT', `${CM}/pb`, envelope('v1', 'ConfigMap', raw), { contentType: PROTOBUF });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.data, { a: 'updated' });
    assert.equal(r.body.metadata.namespace, 'default');
  });

  it('DELETE with a protobuf DeleteOptions body works, including its preconditions and dryRun', async () => {
    const cm = await server.c.expect(200, 'GET', `${CM}/pb`);
    const opts = (...fields: Uint8Array[]) => envelope('v1', 'DeleteOptions', msg(...fields));
    // A wrong uid precondition: 409, so the body was read.
    const wrong = await server.c.request('DELETE', `${CM}/pb`, opts(bytes(2, msg(str(1, 'not-the-uid'))), str(4, 'Background')), { contentType: PROTOBUF });
    assertStatus(wrong, 409, 'Conflict', `Operation cannot be fulfilled on configmaps "pb": Precondition failed: UID in precondition: not-the-uid, UID in object meta: ${cm.metadata.uid}`);
    // dryRun=All in the body: nothing happens.
    const dry = await server.c.request('DELETE', `${CM}/pb`, opts(str(4, 'Background'), str(5, 'All')), { contentType: PROTOBUF });
    assert.equal(dry.status, 200, dry.text);
    await server.c.expect(200, 'GET', `${CM}/pb`);
    // As helm sends it.
    const r = await server.c.request('DELETE', `${CM}/pb`, opts(varint(1, 0), bytes(2, msg(str(1, cm.metadata.uid))), str(4, 'Background')), { contentType: PROTOBUF });
    assert.equal(r.status, 200, r.text);
    assertStatus(await server.c.get(`${CM}/pb`), 404, 'NotFound');
  });
});
