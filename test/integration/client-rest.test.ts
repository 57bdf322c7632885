// The typed REST client against a real API server (MemoryStore, plain HTTP): CRUD, the patch
// kinds, deletes, errors as ApiErrors, watches, and the binding/eviction/scale subresources.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap } from '../../src/api/core/configmaps.js';
import type { Pod } from '../../src/api/core/types.js';
import { ApiError, Client, HttpsTransport, isAlreadyExists, isConflict, isInvalid, isNotFound, type Transport, type TransportResponse, type WatchEvent } from '../../src/client/index.js';
import { startServer, type TestServer } from './apiserver-helpers.js';

const NS = 'default';
const cm = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>): ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });
const pod = (name: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }) as Pod;

/** Rejects `p` with the ApiError it throws, asserting `pred` on it. */
async function rejectsWith(p: Promise<unknown>, pred: (e: unknown) => boolean, what: string): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, `${what}: not an ApiError: ${e}`);
    assert.ok(pred(e), `${what}: ${e.code} ${e.reason}: ${e.message}`);
    return e;
  }
  assert.fail(`${what}: did not throw`);
}

describe('REST client', () => {
  let srv: TestServer;
  let client: Client;

  before(async () => {
    srv = await startServer();
    client = new Client(new HttpsTransport({ server: srv.base, insecureSkipTLSVerify: false }));
  });
  after(async () => {
    client?.close();
    await srv?.stop();
  });

  it('creates, gets, lists with selectors and pages, updates and deletes', async () => {
    const created = await client.configmaps.create(NS, cm('one', { k: 'v' }, { app: 'a' }));
    assert.equal(created.metadata?.namespace, NS);
    assert.ok(created.metadata?.uid);
    await client.configmaps.create(NS, cm('two', {}, { app: 'b' }));
    assert.equal((await client.configmaps.get(NS, 'one')).data?.k, 'v');

    const byLabel = await client.configmaps.list(NS, { labelSelector: 'app=a' });
    assert.deepEqual(byLabel.items.map((o) => o.metadata?.name), ['one']);
    assert.ok(Number(byLabel.metadata.resourceVersion) > 0);
    const byField = await client.configmaps.list(undefined, { fieldSelector: 'metadata.name=two' });
    assert.deepEqual(byField.items.map((o) => o.metadata?.name), ['two']);
    const page = await client.configmaps.list(NS, { limit: 1 });
    assert.equal(page.items.length, 1);
    assert.ok(page.metadata.continue);
    const rest = await client.configmaps.list(NS, { limit: 10, continue: page.metadata.continue });
    assert.ok(rest.items.length >= 1);

    const updated = await client.configmaps.update(NS, { ...created, data: { k: 'v2' } });
    assert.equal(updated.data?.k, 'v2');
    const stale = rejectsWith(client.configmaps.update(NS, { ...created, data: { k: 'v3' } }), isConflict, 'stale update');
    assert.match((await stale).message, /the object has been modified/);

    await client.configmaps.delete(NS, 'one');
    await rejectsWith(client.configmaps.get(NS, 'one'), isNotFound, 'get after delete');
  });

  it('reports errors as ApiErrors with the server Status', async () => {
    const e = await rejectsWith(client.configmaps.get(NS, 'missing'), isNotFound, 'get missing');
    assert.equal(e.code, 404);
    assert.equal(e.details?.name, 'missing');
    assert.equal(e.message, 'configmaps "missing" not found');
    await client.configmaps.create(NS, cm('dup'));
    await rejectsWith(client.configmaps.create(NS, cm('dup')), isAlreadyExists, 'create twice');
    await rejectsWith(client.pods.create(NS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad' }, spec: { containers: [] } } as Pod), isInvalid, 'invalid pod');
    await rejectsWith(client.deployments.get(NS, 'nope'), (x) => isNotFound(x) && /deployments\.apps "nope" not found/.test((x as Error).message), 'apps group path');
  });

  it('patches with every patch type and honours dryRun', async () => {
    await client.configmaps.create(NS, cm('p', { a: '1' }));
    assert.deepEqual((await client.configmaps.patch(NS, 'p', 'merge', { data: { b: '2' } })).data, { a: '1', b: '2' });
    assert.deepEqual((await client.configmaps.patch(NS, 'p', 'json', [{ op: 'remove', path: '/data/a' }])).data, { b: '2' });
    assert.deepEqual((await client.configmaps.patch(NS, 'p', 'strategic', { data: { c: '3' } })).data, { b: '2', c: '3' });
    const applied = await client.configmaps.patch(NS, 'applied', 'apply', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { x: 'y' } }, { fieldManager: 'test', force: true });
    assert.equal(applied.data?.x, 'y');
    assert.ok(applied.metadata?.managedFields?.some((m) => m.manager === 'test' && m.operation === 'Apply'));
    const dry = await client.configmaps.create(NS, cm('dry'), { dryRun: true });
    assert.equal(dry.metadata?.name, 'dry');
    await rejectsWith(client.configmaps.get(NS, 'dry'), isNotFound, 'dry-run create is not stored');
  });

  it('updates status, deletes with options and by collection', async () => {
    const p = await client.pods.create(NS, pod('st'));
    const withStatus = await client.pods.updateStatus(NS, { ...p, status: { phase: 'Running' } } as Pod);
    assert.equal(withStatus.status?.phase, 'Running');
    await rejectsWith(client.pods.delete(NS, 'st', { preconditions: { uid: 'not-the-uid' } }), isConflict, 'uid precondition');
    await client.pods.delete(NS, 'st', { gracePeriodSeconds: 0 });
    await rejectsWith(client.pods.get(NS, 'st'), isNotFound, 'pod deleted');

    for (const n of ['c1', 'c2', 'c3']) await client.configmaps.create(NS, cm(n, {}, { group: n === 'c3' ? 'keep' : 'drop' }));
    const deleted = await client.configmaps.deleteCollection(NS, { labelSelector: 'group=drop' });
    assert.deepEqual(deleted.items.map((o) => o.metadata?.name).sort(), ['c1', 'c2']);
    assert.deepEqual((await client.configmaps.list(NS, { labelSelector: 'group' })).items.map((o) => o.metadata?.name), ['c3']);
  });

  it('works on cluster-scoped resources and by kind', async () => {
    await client.namespaces.create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    assert.equal((await client.namespaces.get(undefined, 'team-a')).metadata?.name, 'team-a');
    assert.equal(client.forKind('Lease', 'coordination.k8s.io'), client.leases, 'one ResourceClient per resource');
    assert.equal(client.horizontalpodautoscalers.ref.version, 'v2', 'the preferred version');
    assert.throws(() => client.forKind('Nope'), /no built-in resource/);
    await assert.rejects(client.configmaps.create(undefined, cm('no-ns')), /namespace is required/);
  });

  it('watches: events after a resourceVersion, bookmarks on request, stop() ends the iteration', async () => {
    const list = await client.configmaps.list(NS);
    const w = await client.configmaps.watch(NS, { resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 30 });
    const seen: WatchEvent<ConfigMap>[] = [];
    const reading = (async () => {
      for await (const ev of w) {
        seen.push(ev);
        if (ev.type === 'DELETED') w.stop();
      }
    })();
    await client.configmaps.create(NS, cm('w'));
    await client.configmaps.patch(NS, 'w', 'merge', { data: { a: 'b' } });
    await client.configmaps.delete(NS, 'w');
    await reading;
    assert.deepEqual(seen.map((e) => `${e.type} ${e.object.metadata?.name}`), ['ADDED w', 'MODIFIED w', 'DELETED w']);
  });

  it('binds, scales and evicts through subresources', async () => {
    await client.nodes.create(undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    await client.pods.create(NS, pod('b'));
    await client.pods.subresource(NS, 'b', 'binding').create({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'b' }, target: { apiVersion: 'v1', kind: 'Node', name: 'n1' } });
    assert.equal((await client.pods.get(NS, 'b')).spec?.nodeName, 'n1');

    await client.deployments.create(NS, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    } as never);
    const scale = client.deployments.subresource(NS, 'd', 'scale');
    const s = await scale.get<{ spec: { replicas: number }; metadata: { resourceVersion: string } }>();
    assert.equal(s.spec.replicas, 1);
    await scale.update({ ...s, apiVersion: 'autoscaling/v1', kind: 'Scale', spec: { replicas: 3 } });
    assert.equal((await client.deployments.get(NS, 'd')).spec?.replicas, 3);
    assert.equal((await client.deployments.patch(NS, 'd', 'merge', { spec: { replicas: 2 } }, { subresource: 'scale' })).spec?.replicas, 2);

    await client.pods.subresource(NS, 'b', 'eviction').create({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'b', namespace: NS }, deleteOptions: { gracePeriodSeconds: 0 } });
    await rejectsWith(client.pods.get(NS, 'b'), isNotFound, 'evicted pod');
  });
});

describe('REST client retries', () => {
  /** A transport that answers from a script, recording each request. */
  function scripted(replies: TransportResponse[]): Transport & { calls: number } {
    const t = {
      calls: 0,
      async request() {
        return replies[Math.min(t.calls++, replies.length - 1)]!;
      },
      stream: () => Promise.reject(new Error('no streams')),
      close() {},
    };
    return t;
  }
  const status = (code: number, reason: string, headers: Record<string, string> = {}): TransportResponse => ({
    status: code,
    headers,
    body: Buffer.from(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message: reason })),
  });
  const ok: TransportResponse = { status: 200, headers: {}, body: Buffer.from('{"kind":"ConfigMap","metadata":{"name":"x"}}') };

  it('retries 429 and 5xx that carry Retry-After, then succeeds', async () => {
    const t = scripted([status(429, 'TooManyRequests', { 'retry-after': '0' }), status(503, 'ServiceUnavailable', { 'retry-after': '0' }), ok]);
    const got = await new Client(t).configmaps.get(NS, 'x');
    assert.equal(got.metadata?.name, 'x');
    assert.equal(t.calls, 3);
  });

  it('does not retry without Retry-After, nor 4xx, and gives up after maxRetries', async () => {
    const noHeader = scripted([status(500, 'InternalError'), ok]);
    await rejectsWith(new Client(noHeader).configmaps.get(NS, 'x'), (e) => (e as ApiError).code === 500, '500 without Retry-After');
    assert.equal(noHeader.calls, 1);
    const always = scripted([status(429, 'TooManyRequests', { 'retry-after': '0' })]);
    await rejectsWith(new Client(always, { maxRetries: 2 }).configmaps.get(NS, 'x'), (e) => (e as ApiError).reason === 'TooManyRequests', 'persistent 429');
    assert.equal(always.calls, 3);
  });

  it('turns a non-Status error body into a generic Status for the code', async () => {
    const t = scripted([{ status: 404, headers: {}, body: Buffer.from('404 page not found') }]);
    const e = await rejectsWith(new Client(t).configmaps.get(NS, 'x'), isNotFound, 'plain 404');
    assert.equal(e.message, '404 page not found');
  });
});
