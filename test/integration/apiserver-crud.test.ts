// CRUD and metadata rules, the status subresource, and dry run, against an in-process
// API server on a MemoryStore.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertStatus, configMap, deployment, serverPerFile } from './apiserver-helpers.js';

const CM = '/api/v1/namespaces/default/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
const MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

const server = serverPerFile();

describe('create', () => {
  it('sets uid, creationTimestamp and resourceVersion; no generation on a ConfigMap', async () => {
    const cm = await server.c.expect(201, 'POST', CM, configMap('meta1', { a: '1' }));
    assert.equal(cm.kind, 'ConfigMap');
    assert.equal(cm.apiVersion, 'v1');
    assert.match(cm.metadata.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(cm.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(cm.metadata.resourceVersion, /^\d+$/);
    assert.equal(cm.metadata.generation, undefined);
    assert.equal(cm.metadata.namespace, 'default');
    const got = await server.c.expect(200, 'GET', `${CM}/meta1`);
    assert.deepEqual(got, cm);
  });

  it('sets generation 1 on a Deployment, ignoring a client-sent generation', async () => {
    const body = deployment('gen1');
    body.metadata.generation = 7;
    const d = await server.c.expect(201, 'POST', DEPLOY, body);
    assert.equal(d.metadata.generation, 1);
  });

  it('ignores client-sent uid and creationTimestamp', async () => {
    const body = configMap('meta2');
    body.metadata.uid = 'not-a-server-uid';
    body.metadata.creationTimestamp = '2001-01-01T00:00:00Z';
    const cm = await server.c.expect(201, 'POST', CM, body);
    assert.notEqual(cm.metadata.uid, 'not-a-server-uid');
    assert.notEqual(cm.metadata.creationTimestamp, '2001-01-01T00:00:00Z');
  });

  it('generateName produces <prefix><5 chars>', async () => {
    const names = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const cm = await server.c.expect(201, 'POST', CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } });
      assert.match(cm.metadata.name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.equal(cm.metadata.generateName, 'gen-');
      names.add(cm.metadata.name);
    }
    assert.equal(names.size, 5);
  });

  it('a duplicate name is 409 AlreadyExists', async () => {
    await server.c.expect(201, 'POST', CM, configMap('dup'));
    const r = await server.c.post(CM, configMap('dup'));
    assertStatus(r, 409, 'AlreadyExists', 'configmaps "dup" already exists');
    assert.deepEqual(r.body.details, { name: 'dup', group: '', kind: 'configmaps' });
  });

  it('fills the namespace from the URL when absent, and rejects a mismatch with 400', async () => {
    const cm = await server.c.expect(201, 'POST', CM, configMap('nsfill'));
    assert.equal(cm.metadata.namespace, 'default');
    const r = await server.c.post(CM, configMap('nsmismatch', {}, undefined, 'kube-system'));
    assertStatus(r, 400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    // helm's Secret PUTs omit namespace and resourceVersion: the URL's namespace is used.
    const put = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nsfill' }, data: { b: '2' } };
    const updated = await server.c.expect(200, 'PUT', `${CM}/nsfill`, put);
    assert.equal(updated.metadata.namespace, 'default');
    assert.deepEqual(updated.data, { b: '2' });
    const r2 = await server.c.put(`${CM}/nsfill`, { ...put, metadata: { name: 'nsfill', namespace: 'kube-system' } });
    assertStatus(r2, 400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
  });

  it('a GET of a missing object is 404 with upstream\'s message', async () => {
    assertStatus(await server.c.get(`${CM}/nope`), 404, 'NotFound', 'configmaps "nope" not found');
    const r = await server.c.get(`${DEPLOY}/nope`);
    assertStatus(r, 404, 'NotFound', 'deployments.apps "nope" not found');
    assert.deepEqual(r.body.details, { name: 'nope', group: 'apps', kind: 'deployments' });
  });
});

describe('update', () => {
  it('a stale resourceVersion is 409 Conflict with upstream\'s message', async () => {
    const cm = await server.c.expect(201, 'POST', CM, configMap('stale', { a: '1' }));
    await server.c.expect(200, 'PUT', `${CM}/stale`, { ...cm, data: { a: '2' } });
    const r = await server.c.put(`${CM}/stale`, { ...cm, data: { a: '3' } });
    assertStatus(r, 409, 'Conflict', `Operation cannot be fulfilled on configmaps "stale": ${MODIFIED}`);
    assert.deepEqual(r.body.details, { name: 'stale', group: '', kind: 'configmaps' });
    const d = await server.c.expect(201, 'POST', DEPLOY, deployment('stale-d'));
    await server.c.expect(200, 'PUT', `${DEPLOY}/stale-d`, { ...d, metadata: { ...d.metadata, labels: { x: 'y' } } });
    const r2 = await server.c.put(`${DEPLOY}/stale-d`, d);
    assertStatus(r2, 409, 'Conflict', `Operation cannot be fulfilled on deployments.apps "stale-d": ${MODIFIED}`);
  });

  it('PUT without resourceVersion is unconditional', async () => {
    const cm = await server.c.expect(201, 'POST', CM, configMap('uncond', { a: '1' }));
    await server.c.expect(200, 'PUT', `${CM}/uncond`, { ...cm, data: { a: '2' } });
    const { resourceVersion: _rv, ...meta } = cm.metadata;
    const out = await server.c.expect(200, 'PUT', `${CM}/uncond`, { ...cm, metadata: meta, data: { a: '3' } });
    assert.deepEqual(out.data, { a: '3' });
    assert.ok(Number(out.metadata.resourceVersion) > Number(cm.metadata.resourceVersion));
  });

  it('keeps creationTimestamp when a PUT changes it', async () => {
    const cm = await server.c.expect(201, 'POST', CM, configMap('owned', { a: '1' }));
    const out = await server.c.expect(200, 'PUT', `${CM}/owned`, { ...cm, metadata: { ...cm.metadata, creationTimestamp: '2001-01-01T00:00:00Z' }, data: { a: '2' } });
    assert.equal(out.metadata.creationTimestamp, cm.metadata.creationTimestamp);
    assert.equal(out.metadata.uid, cm.metadata.uid);
  });

  it('a PUT whose uid differs is a failed UID precondition (409), as upstream', async () => {
    const cm = await server.c.expect(201, 'POST', CM, configMap('uidput', { a: '1' }));
    const other = '00000000-0000-0000-0000-000000000001';
    const r = await server.c.put(`${CM}/uidput`, { ...cm, metadata: { ...cm.metadata, uid: other }, data: { a: '2' } });
    assertStatus(r, 409, 'Conflict', `Operation cannot be fulfilled on configmaps "uidput": Precondition failed: UID in precondition: ${other}, UID in object meta: ${cm.metadata.uid}`);
    const got = await server.c.expect(200, 'GET', `${CM}/uidput`);
    assert.equal(got.metadata.uid, cm.metadata.uid);
    assert.deepEqual(got.data, { a: '1' });
  });

  it('bumps generation on spec changes only', async () => {
    const d = await server.c.expect(201, 'POST', DEPLOY, deployment('genbump'));
    assert.equal(d.metadata.generation, 1);
    const labelled = await server.c.expect(200, 'PUT', `${DEPLOY}/genbump`, { ...d, metadata: { ...d.metadata, labels: { tier: 'web' } } });
    assert.equal(labelled.metadata.generation, 1);
    assert.notEqual(labelled.metadata.resourceVersion, d.metadata.resourceVersion);
    const scaled = await server.c.expect(200, 'PUT', `${DEPLOY}/genbump`, { ...labelled, spec: { ...labelled.spec, replicas: 3 } });
    assert.equal(scaled.metadata.generation, 2);
    // A client cannot set generation itself.
    const forged = await server.c.expect(200, 'PUT', `${DEPLOY}/genbump`, { ...scaled, metadata: { ...scaled.metadata, generation: 40, annotations: { a: 'b' } } });
    assert.equal(forged.metadata.generation, 2);
    const patched = await server.c.expect(200, 'PATCH', `${DEPLOY}/genbump`, { spec: { replicas: 4 } }, { contentType: 'application/merge-patch+json' });
    assert.equal(patched.metadata.generation, 3);
  });

  it('a no-op update keeps the resourceVersion', async () => {
    const cm = await server.c.expect(201, 'POST', CM, configMap('noop', { a: '1' }));
    const same = await server.c.expect(200, 'PUT', `${CM}/noop`, cm);
    assert.equal(same.metadata.resourceVersion, cm.metadata.resourceVersion);
    const patched = await server.c.expect(200, 'PATCH', `${CM}/noop`, { data: { a: '1' } }, { contentType: 'application/merge-patch+json' });
    assert.equal(patched.metadata.resourceVersion, cm.metadata.resourceVersion);
    const d = await server.c.expect(201, 'POST', DEPLOY, deployment('noop-d'));
    const sameD = await server.c.expect(200, 'PUT', `${DEPLOY}/noop-d`, d);
    assert.equal(sameD.metadata.resourceVersion, d.metadata.resourceVersion);
    assert.equal(sameD.metadata.generation, 1);
  });

  it('a name mismatch between body and URL is 400', async () => {
    const cm = await server.c.expect(201, 'POST', CM, configMap('namea'));
    const r = await server.c.put(`${CM}/namea`, { ...cm, metadata: { ...cm.metadata, name: 'nameb' } });
    assertStatus(r, 400, 'BadRequest', 'the name of the object (nameb) does not match the name on the URL (namea)');
  });

  it('PUT of a missing object is 404', async () => {
    assertStatus(await server.c.put(`${CM}/missing`, configMap('missing')), 404, 'NotFound', 'configmaps "missing" not found');
  });
});

describe('status subresource', () => {
  it('PUT on the main resource ignores status changes', async () => {
    const d = await server.c.expect(201, 'POST', DEPLOY, deployment('st1'));
    const out = await server.c.expect(200, 'PUT', `${DEPLOY}/st1`, { ...d, spec: { ...d.spec, replicas: 2 }, status: { replicas: 9, observedGeneration: 9 } });
    assert.equal(out.spec.replicas, 2);
    assert.notEqual(out.status?.replicas, 9);
    assert.notEqual(out.status?.observedGeneration, 9);
    const got = await server.c.expect(200, 'GET', `${DEPLOY}/st1`);
    assert.notEqual(got.status?.replicas, 9);
  });

  it('PUT on /status applies status and ignores spec changes', async () => {
    const d = await server.c.expect(201, 'POST', DEPLOY, deployment('st2'));
    const out = await server.c.expect(200, 'PUT', `${DEPLOY}/st2/status`, { ...d, spec: { ...d.spec, replicas: 5 }, status: { replicas: 1, observedGeneration: 1 } });
    assert.equal(out.spec.replicas, 1);
    assert.equal(out.status.replicas, 1);
    assert.equal(out.status.observedGeneration, 1);
    assert.equal(out.metadata.generation, 1);
    const got = await server.c.expect(200, 'GET', `${DEPLOY}/st2`);
    assert.equal(got.spec.replicas, 1);
    assert.equal(got.status.replicas, 1);
  });

  it('PATCH on /status applies status and ignores spec changes', async () => {
    await server.c.expect(201, 'POST', DEPLOY, deployment('st3'));
    const out = await server.c.expect(200, 'PATCH', `${DEPLOY}/st3/status`, { spec: { replicas: 7 }, status: { readyReplicas: 1 } }, { contentType: 'application/merge-patch+json' });
    assert.equal(out.spec.replicas, 1);
    assert.equal(out.status.readyReplicas, 1);
    const got = await server.c.expect(200, 'GET', `${DEPLOY}/st3/status`);
    assert.equal(got.kind, 'Deployment');
    assert.equal(got.status.readyReplicas, 1);
  });

  it('/status on a kind without status is 404', async () => {
    await server.c.expect(201, 'POST', CM, configMap('nostatus'));
    for (const method of ['GET', 'PUT', 'PATCH']) {
      const r = await server.c.request(method, `${CM}/nostatus/status`, method === 'GET' ? undefined : {}, { contentType: method === 'PATCH' ? 'application/merge-patch+json' : undefined });
      assertStatus(r, 404, 'NotFound', 'the server could not find the requested resource');
    }
  });
});

describe('dry run', () => {
  it('create returns the object but stores nothing', async () => {
    const cm = await server.c.expect(201, 'POST', `${CM}?dryRun=All`, configMap('dry1', { a: '1' }));
    assert.equal(cm.metadata.name, 'dry1');
    assert.ok(cm.metadata.uid);
    assert.ok(!cm.metadata.resourceVersion, 'a dry-run create has no resourceVersion');
    assertStatus(await server.c.get(`${CM}/dry1`), 404, 'NotFound');
  });

  it('create of an existing name is still 409 AlreadyExists', async () => {
    await server.c.expect(201, 'POST', CM, configMap('dry-exists'));
    assertStatus(await server.c.post(`${CM}?dryRun=All`, configMap('dry-exists')), 409, 'AlreadyExists', 'configmaps "dry-exists" already exists');
  });

  it('update, patch and delete return the result but change nothing', async () => {
    const cm = await server.c.expect(201, 'POST', CM, configMap('dry2', { a: '1' }));
    const put = await server.c.expect(200, 'PUT', `${CM}/dry2?dryRun=All`, { ...cm, data: { a: '2' } });
    assert.deepEqual(put.data, { a: '2' });
    const patched = await server.c.expect(200, 'PATCH', `${CM}/dry2?dryRun=All`, { data: { b: '3' } }, { contentType: 'application/merge-patch+json' });
    assert.deepEqual(patched.data, { a: '1', b: '3' });
    const deleted = await server.c.expect(200, 'DELETE', `${CM}/dry2?dryRun=All`);
    assert.equal(deleted.metadata.name, 'dry2');
    const got = await server.c.expect(200, 'GET', `${CM}/dry2`);
    assert.deepEqual(got, cm);
  });

  it('dryRun inside a DeleteOptions body is honoured (client-go sends it there)', async () => {
    const cm = await server.c.expect(201, 'POST', CM, configMap('dry3'));
    await server.c.expect(200, 'DELETE', `${CM}/dry3`, { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] });
    const got = await server.c.expect(200, 'GET', `${CM}/dry3`);
    assert.equal(got.metadata.resourceVersion, cm.metadata.resourceVersion);
  });

  it('an invalid dryRun value is 422', async () => {
    const r = await server.c.post(`${CM}?dryRun=Yes`, configMap('dry4'));
    assertStatus(r, 422, 'Invalid', 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: "Yes": supported values: "All"');
    assertStatus(await server.c.get(`${CM}/dry4`), 404, 'NotFound');
  });
});
