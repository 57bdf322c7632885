// Namespace lifecycle, finalizers, graceful deletion and delete preconditions, against an
// in-process API server on a MemoryStore.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertStatus, configMap, createNamespace, pod, sleep, serverPerFile } from './apiserver-helpers.js';

const CM = '/api/v1/namespaces/default/configmaps';
const PODS = '/api/v1/namespaces/default/pods';

const server = serverPerFile();

describe('namespaces', () => {
  it('creating in a missing namespace is 404 namespaces "x" not found', async () => {
    const r = await server.c.post('/api/v1/namespaces/nowhere/configmaps', configMap('a'));
    assertStatus(r, 404, 'NotFound', 'namespaces "nowhere" not found');
    assert.deepEqual(r.body.details, { name: 'nowhere', group: '', kind: 'namespaces' });
  });

  // Emptying the namespace is the namespace controller's job (test/integration/controller-namespace.test.ts);
  // the API server's half is the Terminating phase, refusing new content, and /finalize.
  it('a deleted namespace is Terminating, refuses new content, keeps its content, and goes once finalized', async () => {
    const ns = await createNamespace(server.c, 'doomed');
    const created = await server.c.expect(200, 'GET', `/api/v1/namespaces/${ns}`);
    assert.equal(created.status.phase, 'Active');
    assert.deepEqual(created.spec.finalizers, ['kubernetes']);
    await server.c.expect(201, 'POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('c1'));

    const deleted = await server.c.expect(200, 'DELETE', `/api/v1/namespaces/${ns}`);
    assert.equal(deleted.kind, 'Namespace');
    assert.ok(deleted.metadata.deletionTimestamp);
    assert.equal(deleted.status.phase, 'Terminating');

    const r = await server.c.post(`/api/v1/namespaces/${ns}/configmaps`, configMap('late'));
    assertStatus(r, 403, 'Forbidden', `configmaps "late" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`);
    assert.deepEqual(r.body.details.causes, [{ reason: 'NamespaceTerminating', message: `unable to create new content in namespace ${ns} because it is being terminated`, field: 'metadata.namespace' }]);

    // Nothing in the API server empties it: the content and the namespace stay until the controller acts.
    await sleep(300);
    await server.c.expect(200, 'GET', `/api/v1/namespaces/${ns}/configmaps/c1`);
    const nsNow = await server.c.expect(200, 'GET', `/api/v1/namespaces/${ns}`);
    assert.equal(nsNow.status.phase, 'Terminating');
    assert.deepEqual(nsNow.spec.finalizers, ['kubernetes']);

    await server.c.expect(200, 'PUT', `/api/v1/namespaces/${ns}/finalize`, { ...nsNow, spec: { finalizers: [] } });
    await server.c.expect(404, 'GET', `/api/v1/namespaces/${ns}`);
  });
});

describe('finalizers', () => {
  it('an object with finalizers survives DELETE, marked; removing the finalizer deletes it', async () => {
    const body = configMap('fin1');
    body.metadata.finalizers = ['example.com/a', 'example.com/b'];
    await server.c.expect(201, 'POST', CM, body);
    const marked = await server.c.expect(200, 'DELETE', `${CM}/fin1`);
    assert.ok(marked.metadata.deletionTimestamp, 'deletionTimestamp set');
    assert.equal(marked.metadata.deletionGracePeriodSeconds, 0);
    const still = await server.c.expect(200, 'GET', `${CM}/fin1`);
    assert.equal(still.metadata.deletionTimestamp, marked.metadata.deletionTimestamp);
    // A second DELETE changes nothing.
    const again = await server.c.expect(200, 'DELETE', `${CM}/fin1`);
    assert.equal(again.metadata.deletionTimestamp, marked.metadata.deletionTimestamp);
    // Clients cannot clear deletionTimestamp.
    const cleared = await server.c.expect(200, 'PATCH', `${CM}/fin1`, { metadata: { deletionTimestamp: null, finalizers: ['example.com/b'] } }, { contentType: 'application/merge-patch+json' });
    assert.equal(cleared.metadata.deletionTimestamp, marked.metadata.deletionTimestamp);
    assert.deepEqual(cleared.metadata.finalizers, ['example.com/b']);
    await server.c.expect(200, 'GET', `${CM}/fin1`);
    const last = await server.c.expect(200, 'PATCH', `${CM}/fin1`, [{ op: 'remove', path: '/metadata/finalizers' }], { contentType: 'application/json-patch+json' });
    assert.equal(last.metadata.name, 'fin1');
    assertStatus(await server.c.get(`${CM}/fin1`), 404, 'NotFound', 'configmaps "fin1" not found');
  });
});

describe('graceful deletion of pods', () => {
  it('a pod bound to a node gets deletionTimestamp and a 30 s grace period, and stays', async () => {
    await server.c.expect(201, 'POST', PODS, pod('bound1', { nodeName: 'node-a' }));
    const before = Date.now();
    const marked = await server.c.expect(200, 'DELETE', `${PODS}/bound1`);
    assert.equal(marked.metadata.deletionGracePeriodSeconds, 30);
    const deadline = Date.parse(marked.metadata.deletionTimestamp);
    assert.ok(deadline >= before + 28_000 && deadline <= Date.now() + 31_000, `deletionTimestamp ${marked.metadata.deletionTimestamp} about 30 s ahead`);
    const got = await server.c.expect(200, 'GET', `${PODS}/bound1`);
    assert.equal(got.metadata.deletionGracePeriodSeconds, 30);
    // A shorter grace period shortens the deadline.
    const shorter = await server.c.expect(200, 'DELETE', `${PODS}/bound1`, { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 5 });
    assert.equal(shorter.metadata.deletionGracePeriodSeconds, 5);
    // gracePeriodSeconds=0 deletes it now.
    await server.c.expect(200, 'DELETE', `${PODS}/bound1?gracePeriodSeconds=0`);
    assertStatus(await server.c.get(`${PODS}/bound1`), 404, 'NotFound', 'pods "bound1" not found');
  });

  it('a pod on no node is deleted at once', async () => {
    await server.c.expect(201, 'POST', PODS, pod('unbound1'));
    const out = await server.c.expect(200, 'DELETE', `${PODS}/unbound1`);
    assert.equal(out.metadata.name, 'unbound1');
    assertStatus(await server.c.get(`${PODS}/unbound1`), 404, 'NotFound');
  });

  it('terminationGracePeriodSeconds sets the default grace period', async () => {
    const body = pod('bound2', { nodeName: 'node-a' });
    body.spec.terminationGracePeriodSeconds = 7;
    await server.c.expect(201, 'POST', PODS, body);
    const marked = await server.c.expect(200, 'DELETE', `${PODS}/bound2`);
    assert.equal(marked.metadata.deletionGracePeriodSeconds, 7);
    await server.c.expect(200, 'DELETE', `${PODS}/bound2`, { gracePeriodSeconds: 0 });
    assertStatus(await server.c.get(`${PODS}/bound2`), 404, 'NotFound');
  });

  it('a negative gracePeriodSeconds is rejected', async () => {
    await server.c.expect(201, 'POST', PODS, pod('neg'));
    const r = await server.c.delete(`${PODS}/neg?gracePeriodSeconds=-1`);
    assert.ok(r.status === 400 || r.status === 422, r.text);
    await server.c.expect(200, 'GET', `${PODS}/neg`);
  });
});

describe('delete preconditions', () => {
  it('a uid or resourceVersion mismatch is 409 and the object stays', async () => {
    const cm = await server.c.expect(201, 'POST', CM, configMap('pre1'));
    const wrongUid = '00000000-0000-0000-0000-000000000000';
    const r1 = await server.c.delete(`${CM}/pre1`, { preconditions: { uid: wrongUid } });
    assertStatus(r1, 409, 'Conflict', `Operation cannot be fulfilled on configmaps "pre1": Precondition failed: UID in precondition: ${wrongUid}, UID in object meta: ${cm.metadata.uid}`);
    const r2 = await server.c.delete(`${CM}/pre1`, { preconditions: { resourceVersion: '1' } });
    assertStatus(r2, 409, 'Conflict', `Operation cannot be fulfilled on configmaps "pre1": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${cm.metadata.resourceVersion}`);
    await server.c.expect(200, 'GET', `${CM}/pre1`);
    await server.c.expect(200, 'DELETE', `${CM}/pre1`, { preconditions: { uid: cm.metadata.uid, resourceVersion: cm.metadata.resourceVersion } });
    assertStatus(await server.c.get(`${CM}/pre1`), 404, 'NotFound');
  });

  it('DELETE of a missing object is 404', async () => {
    assertStatus(await server.c.delete(`${CM}/never`), 404, 'NotFound', 'configmaps "never" not found');
  });
});
