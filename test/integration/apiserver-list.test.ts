// LIST: label and field selectors, pagination with consistent continue tokens, expiry
// after compaction, resourceVersion semantics, and Table output.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertStatus, configMap, createNamespace, pod, serverPerFile, type Json } from './apiserver-helpers.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

const server = serverPerFile();

const names = (list: Json): string[] => list.items.map((i: Json) => i.metadata.name);

describe('label selectors', () => {
  const base = '/api/v1/namespaces/labels/configmaps';
  before(async () => {
    await createNamespace(server.c, 'labels');
    await server.c.expect(201, 'POST', base, configMap('a', {}, { env: 'prod', tier: 'web' }));
    await server.c.expect(201, 'POST', base, configMap('b', {}, { env: 'dev', tier: 'web' }));
    await server.c.expect(201, 'POST', base, configMap('c', {}, { env: 'test' }));
    await server.c.expect(201, 'POST', base, configMap('d'));
  });
  const sel = async (s: string) => names(await server.c.expect(200, 'GET', `${base}?labelSelector=${encodeURIComponent(s)}`));

  it('supports =, ==, !=, in, notin, exists and !exists', async () => {
    assert.deepEqual(await sel('env=prod'), ['a']);
    assert.deepEqual(await sel('env==dev'), ['b']);
    assert.deepEqual(await sel('env!=prod'), ['b', 'c', 'd']);
    assert.deepEqual(await sel('env in (prod,test)'), ['a', 'c']);
    assert.deepEqual(await sel('env notin (prod,test)'), ['b', 'd']);
    assert.deepEqual(await sel('tier'), ['a', 'b']);
    assert.deepEqual(await sel('!tier'), ['c', 'd']);
    assert.deepEqual(await sel('tier=web,env!=dev'), ['a']);
  });

  it('a malformed selector is 400', async () => {
    const r = await server.c.get(`${base}?labelSelector=${encodeURIComponent('env in (prod')}`);
    assertStatus(r, 400, 'BadRequest');
  });
});

describe('field selectors', () => {
  before(async () => {
    await createNamespace(server.c, 'fields');
    await createNamespace(server.c, 'fields2');
    await server.c.expect(201, 'POST', '/api/v1/namespaces/fields/configmaps', configMap('same'));
    await server.c.expect(201, 'POST', '/api/v1/namespaces/fields2/configmaps', configMap('same'));
    await server.c.expect(201, 'POST', '/api/v1/namespaces/fields2/configmaps', configMap('other'));
    await server.c.expect(201, 'POST', '/api/v1/namespaces/fields/pods', pod('p-a', { nodeName: 'node-a' }));
    await server.c.expect(201, 'POST', '/api/v1/namespaces/fields/pods', pod('p-b', { nodeName: 'node-b' }));
    await server.c.expect(201, 'POST', '/api/v1/namespaces/fields/pods', pod('p-none'));
    await server.c.expect(200, 'PATCH', '/api/v1/namespaces/fields/pods/p-a/status', { status: { phase: 'Running' } }, { contentType: 'application/merge-patch+json' });
    for (const [name, target] of [['ev1', 'p-a'], ['ev2', 'p-b'], ['ev3', 'p-a']]) {
      await server.c.expect(201, 'POST', '/api/v1/namespaces/fields/events', {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name },
        involvedObject: { kind: 'Pod', name: target, namespace: 'fields', apiVersion: 'v1' },
        reason: 'Test',
        message: 'hello',
        type: 'Normal',
        source: { component: 'test' },
        firstTimestamp: '2024-01-01T00:00:00Z',
        lastTimestamp: '2024-01-01T00:00:00Z',
        count: 1,
      });
    }
  });
  const sel = async (path: string, s: string) => {
    const list = await server.c.expect(200, 'GET', `${path}?fieldSelector=${encodeURIComponent(s)}`);
    return list.items.map((i: Json) => `${i.metadata.namespace}/${i.metadata.name}`);
  };

  it('metadata.name and metadata.namespace', async () => {
    assert.deepEqual(await sel('/api/v1/configmaps', 'metadata.name=same'), ['fields/same', 'fields2/same']);
    assert.deepEqual(await sel('/api/v1/configmaps', 'metadata.name=same,metadata.namespace=fields2'), ['fields2/same']);
    assert.deepEqual(await sel('/api/v1/configmaps', 'metadata.namespace!=fields,metadata.namespace=fields2'), ['fields2/other', 'fields2/same']);
    assert.deepEqual(await sel('/api/v1/namespaces/fields2/configmaps', 'metadata.name!=same'), ['fields2/other']);
  });

  it('spec.nodeName and status.phase on pods', async () => {
    assert.deepEqual(await sel('/api/v1/pods', 'spec.nodeName=node-a'), ['fields/p-a']);
    assert.deepEqual(await sel('/api/v1/namespaces/fields/pods', 'spec.nodeName='), ['fields/p-none']);
    assert.deepEqual(await sel('/api/v1/namespaces/fields/pods', 'status.phase=Running'), ['fields/p-a']);
    assert.deepEqual(await sel('/api/v1/namespaces/fields/pods', 'status.phase!=Running'), ['fields/p-b', 'fields/p-none']);
  });

  it('involvedObject.name on events', async () => {
    assert.deepEqual(await sel('/api/v1/namespaces/fields/events', 'involvedObject.name=p-a'), ['fields/ev1', 'fields/ev3']);
    assert.deepEqual(await sel('/api/v1/namespaces/fields/events', 'involvedObject.name=p-a,involvedObject.namespace=fields,involvedObject.kind=Pod'), ['fields/ev1', 'fields/ev3']);
  });

  it('an unsupported field is 400 with upstream\'s message', async () => {
    const r = await server.c.get(`/api/v1/namespaces/fields/configmaps?fieldSelector=${encodeURIComponent('data.x=1')}`);
    assertStatus(r, 400, 'BadRequest', /field label not supported: data\.x/);
  });
});

describe('pagination', () => {
  const base = '/api/v1/namespaces/paged/configmaps';
  const all = Array.from({ length: 25 }, (_, i) => `item-${String(i).padStart(2, '0')}`);
  before(async () => {
    await createNamespace(server.c, 'paged');
    // Created out of order: lists come back in key order anyway.
    for (const name of [...all].reverse()) await server.c.expect(201, 'POST', base, configMap(name, { v: '1' }));
  });

  it('limit/continue returns every object exactly once, in key order, with remainingItemCount', async () => {
    const seen: string[] = [];
    const remaining: (number | undefined)[] = [];
    let token: string | undefined;
    let rv: string | undefined;
    for (let page = 0; page < 10; page++) {
      const list = await server.c.expect(200, 'GET', `${base}?limit=10${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
      assert.equal(list.kind, 'ConfigMapList');
      seen.push(...names(list));
      remaining.push(list.metadata.remainingItemCount);
      rv ??= list.metadata.resourceVersion;
      assert.equal(list.metadata.resourceVersion, rv, 'every page reports the first page\'s resourceVersion');
      token = list.metadata.continue;
      if (!token) break;
    }
    assert.deepEqual(seen, all);
    assert.deepEqual(remaining, [15, 5, undefined]);
  });

  it('a continue token reads the first page\'s snapshot', async () => {
    const p1 = await server.c.expect(200, 'GET', `${base}?limit=10`);
    assert.deepEqual(names(p1), all.slice(0, 10));
    // Writes after page 1: a new object in page 2's range, a change and a delete there.
    await server.c.expect(201, 'POST', base, configMap('item-10a'));
    await server.c.expect(200, 'PATCH', `${base}/item-12`, { data: { v: '2' } }, { contentType: 'application/merge-patch+json' });
    await server.c.expect(200, 'DELETE', `${base}/item-13`);
    const p2 = await server.c.expect(200, 'GET', `${base}?limit=10&continue=${encodeURIComponent(p1.metadata.continue)}`);
    assert.deepEqual(names(p2), all.slice(10, 20));
    assert.equal(p2.items.find((i: Json) => i.metadata.name === 'item-12').data.v, '1');
    assert.equal(p2.metadata.resourceVersion, p1.metadata.resourceVersion);
    // A fresh list sees the writes.
    const fresh = names(await server.c.expect(200, 'GET', base));
    assert.ok(fresh.includes('item-10a') && !fresh.includes('item-13'));
    // Put things back for the tests that follow.
    await server.c.expect(200, 'DELETE', `${base}/item-10a`);
    await server.c.expect(201, 'POST', base, configMap('item-13', { v: '1' }));
  });

  it('with a label selector, pages are filled and all matches come back once', async () => {
    await createNamespace(server.c, 'pagedsel');
    for (let i = 0; i < 12; i++) await server.c.expect(201, 'POST', '/api/v1/namespaces/pagedsel/configmaps', configMap(`s-${String(i).padStart(2, '0')}`, {}, { odd: String(i % 2 === 1) }));
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const list = await server.c.expect(200, 'GET', `/api/v1/namespaces/pagedsel/configmaps?labelSelector=odd%3Dtrue&limit=2${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
      assert.ok(list.items.length <= 2);
      seen.push(...names(list));
      token = list.metadata.continue;
      if (!token) break;
    }
    assert.deepEqual(seen, ['s-01', 's-03', 's-05', 's-07', 's-09', 's-11']);
  });

  it('a garbage continue token is 400', async () => {
    assertStatus(await server.c.get(`${base}?limit=5&continue=garbage`), 400, 'BadRequest', /^continue key is not valid/);
    const wrongPrefix = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 1, start: '/registry/secrets/x' })).toString('base64url');
    assertStatus(await server.c.get(`${base}?limit=5&continue=${wrongPrefix}`), 400, 'BadRequest', /^continue key is not valid/);
  });

  it('resourceVersionMatch=Exact reads an old state; resourceVersion=0 works', async () => {
    const before = await server.c.expect(201, 'POST', base, configMap('exact', { v: 'old' }));
    await server.c.expect(200, 'PATCH', `${base}/exact`, { data: { v: 'new' } }, { contentType: 'application/merge-patch+json' });
    const old = await server.c.expect(200, 'GET', `${base}?resourceVersion=${before.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    assert.equal(old.metadata.resourceVersion, before.metadata.resourceVersion);
    assert.equal(old.items.find((i: Json) => i.metadata.name === 'exact').data.v, 'old');
    const any = await server.c.expect(200, 'GET', `${base}?resourceVersion=0`);
    assert.equal(any.items.find((i: Json) => i.metadata.name === 'exact').data.v, 'new');
    assert.equal(any.items.length, 26);
    const notOlder = await server.c.expect(200, 'GET', `${base}?resourceVersion=${before.metadata.resourceVersion}&resourceVersionMatch=NotOlderThan`);
    assert.equal(notOlder.items.find((i: Json) => i.metadata.name === 'exact').data.v, 'new');
    assertStatus(await server.c.get(`${base}?resourceVersionMatch=Exact`), 400, 'BadRequest');
    await server.c.expect(200, 'DELETE', `${base}/exact`);
  });

  it('continuing after compaction past the token\'s revision is 410 Expired', async () => {
    const p1 = await server.c.expect(200, 'GET', `${base}?limit=10`);
    await server.c.expect(201, 'POST', base, configMap('after-compaction'));
    await server.t.store.compact(await server.t.store.currentRevision());
    const r = await server.c.get(`${base}?limit=10&continue=${encodeURIComponent(p1.metadata.continue)}`);
    assertStatus(r, 410, 'Expired', CONTINUE_EXPIRED);
    // An Exact read of a compacted revision is also 410.
    const r2 = await server.c.get(`${base}?resourceVersion=${p1.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    assertStatus(r2, 410, 'Expired', /^too old resource version/);
    // A new list still works.
    assert.equal((await server.c.expect(200, 'GET', base)).items.length, 26);
  });
});

describe('Table output', () => {
  const base = '/api/v1/namespaces/tables/configmaps';
  before(async () => {
    await createNamespace(server.c, 'tables');
    await server.c.expect(201, 'POST', base, configMap('t1', { a: '1', b: '2' }, { app: 'x' }));
    await server.c.expect(201, 'POST', base, configMap('t2'));
  });

  it('lists as a Table with columnDefinitions and PartialObjectMetadata rows', async () => {
    const table = await server.c.expect(200, 'GET', `${base}?limit=500`, undefined, { accept: TABLE });
    assert.equal(table.kind, 'Table');
    assert.equal(table.apiVersion, 'meta.k8s.io/v1');
    assert.ok(table.metadata.resourceVersion);
    const cols = table.columnDefinitions.map((d: Json) => d.name);
    assert.deepEqual(cols, ['Name', 'Data', 'Age']);
    assert.equal(table.columnDefinitions[0].type, 'string');
    assert.equal(table.columnDefinitions[0].format, 'name');
    assert.equal(table.rows.length, 2);
    assert.equal(table.rows[0].cells[0], 't1');
    assert.equal(table.rows[0].cells[1], 2);
    assert.equal(table.rows[0].object.kind, 'PartialObjectMetadata');
    assert.equal(table.rows[0].object.apiVersion, 'meta.k8s.io/v1');
    assert.equal(table.rows[0].object.metadata.name, 't1');
    assert.deepEqual(table.rows[0].object.metadata.labels, { app: 'x' });
    assert.equal(table.rows[0].object.data, undefined);
  });

  it('includeObject=Object carries the whole object, None none', async () => {
    const full = await server.c.expect(200, 'GET', `${base}?includeObject=Object`, undefined, { accept: TABLE });
    assert.equal(full.rows[0].object.kind, 'ConfigMap');
    assert.deepEqual(full.rows[0].object.data, { a: '1', b: '2' });
    const none = await server.c.expect(200, 'GET', `${base}?includeObject=None`, undefined, { accept: TABLE });
    assert.equal(none.rows[0].object, null);
    assertStatus(await server.c.get(`${base}?includeObject=Bogus`, { accept: TABLE }), 400, 'BadRequest');
  });

  it('a single object as a Table', async () => {
    const one = await server.c.expect(200, 'GET', `${base}/t1`, undefined, { accept: TABLE });
    assert.equal(one.kind, 'Table');
    assert.equal(one.rows.length, 1);
    assert.equal(one.rows[0].object.metadata.name, 't1');
  });
});
