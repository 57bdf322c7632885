// WATCH: wire format, resourceVersion semantics, selector transitions, timeouts, bookmarks
// and watch-list, 410 Expired, the legacy /watch/ path and many concurrent watchers.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CacheHub, WatchCache, type CacheEvent } from '../../src/apiserver/watch-cache.js';
import { MemoryStore } from '../../src/storage/index.js';
import { configMap, createNamespace, openWatch, startServer, withTimeout, type Client, type Json, type TestServer, type WatchClient, type WatchEvent } from './apiserver-helpers.js';

let t: TestServer;
let c: Client;
const open: WatchClient[] = [];
before(async () => {
  t = await startServer();
  c = t.client;
});
after(async () => {
  for (const w of open) w.close();
  await t.stop();
});

async function watch(path: string, headers?: Record<string, string>): Promise<WatchClient> {
  const w = await openWatch(t.base, path, headers);
  open.push(w);
  return w;
}

const summary = (events: WatchEvent[]) => events.map((e) => `${e.type} ${e.object?.metadata?.name ?? ''}`.trim());

function assertWellFormed(w: WatchClient, apiVersion = 'v1', kind = 'ConfigMap'): void {
  assert.equal(w.status, 200);
  assert.equal(w.contentType.split(';')[0], 'application/json');
  assert.equal(w.trailing, '', 'no partial line left');
  for (const line of w.lines) assert.ok(line.endsWith('}\n') && !line.slice(0, -1).includes('\n'), `one event per line: ${line}`);
  for (const e of w.events) {
    if (e.type === 'ERROR') continue;
    assert.equal(e.object.kind, kind);
    assert.equal(e.object.apiVersion, apiVersion);
    assert.match(e.object.metadata.resourceVersion, /^\d+$/);
  }
}

describe('watch', () => {
  it('without resourceVersion: ADDED for existing objects, then live events, one per line', async () => {
    const ns = await createNamespace(c, 'w1');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    await c.expect(201, 'POST', base, configMap('a'));
    await c.expect(201, 'POST', base, configMap('b'));
    const w = await watch(`${base}?watch=true`);
    await w.waitForCount(2);
    assert.deepEqual(summary(w.events), ['ADDED a', 'ADDED b']);
    const created = await c.expect(201, 'POST', base, configMap('c'));
    const updated = await c.expect(200, 'PATCH', `${base}/a`, { data: { x: '1' } }, { contentType: 'application/merge-patch+json' });
    const deleted = await c.expect(200, 'DELETE', `${base}/b`);
    await w.waitForCount(5);
    assert.deepEqual(summary(w.events), ['ADDED a', 'ADDED b', 'ADDED c', 'MODIFIED a', 'DELETED b']);
    assert.equal(w.events[2].object.metadata.resourceVersion, created.metadata.resourceVersion);
    assert.equal(w.events[3].object.metadata.resourceVersion, updated.metadata.resourceVersion);
    assert.deepEqual(w.events[3].object.data, { x: '1' });
    // DELETED carries the last state with the deletion's (newer) resourceVersion.
    assert.equal(w.events[4].object.metadata.resourceVersion, deleted.metadata.resourceVersion);
    assert.ok(Number(deleted.metadata.resourceVersion) > Number(w.events[1].object.metadata.resourceVersion));
    assertWellFormed(w);
    w.close();
  });

  it('accepts watch=1 and watch=True (python)', async () => {
    for (const v of ['1', 'True']) {
      const w = await watch(`/api/v1/namespaces/default/configmaps?watch=${v}&timeoutSeconds=5`);
      assert.equal(w.status, 200);
      w.close();
    }
  });

  it('from a resourceVersion: only later events', async () => {
    const ns = await createNamespace(c, 'w2');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    await c.expect(201, 'POST', base, configMap('old'));
    const mid = await c.expect(201, 'POST', base, configMap('mid'));
    await c.expect(201, 'POST', base, configMap('new'));
    const w = await watch(`${base}?watch=true&resourceVersion=${mid.metadata.resourceVersion}`);
    await w.waitForCount(1);
    await c.expect(200, 'DELETE', `${base}/old`);
    await w.waitForCount(2);
    assert.deepEqual(summary(w.events), ['ADDED new', 'DELETED old']);
    assertWellFormed(w);
    w.close();
  });

  it('resourceVersion=0 starts with ADDED for existing objects', async () => {
    const ns = await createNamespace(c, 'w0');
    await c.expect(201, 'POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('x'));
    const w = await watch(`/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=0`);
    await w.waitForCount(1);
    assert.deepEqual(summary(w.events), ['ADDED x']);
    w.close();
  });

  it('a label-selector watch sees objects leave (DELETED) and enter (ADDED) the selection', async () => {
    const ns = await createNamespace(c, 'w3');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    await c.expect(201, 'POST', base, configMap('in', {}, { app: 'web' }));
    await c.expect(201, 'POST', base, configMap('out', {}, { app: 'db' }));
    const w = await watch(`${base}?watch=true&labelSelector=app%3Dweb`);
    await w.waitForCount(1);
    assert.deepEqual(summary(w.events), ['ADDED in']);
    const patch = (name: string, app: string) => c.expect(200, 'PATCH', `${base}/${name}`, { metadata: { labels: { app } } }, { contentType: 'application/merge-patch+json' });
    await patch('in', 'db');
    await patch('out', 'web');
    await c.expect(200, 'PATCH', `${base}/out`, { data: { k: 'v' } }, { contentType: 'application/merge-patch+json' });
    await c.expect(200, 'PATCH', `${base}/in`, { data: { k: 'v' } }, { contentType: 'application/merge-patch+json' });
    await c.expect(200, 'DELETE', `${base}/out`);
    await w.waitForCount(5);
    assert.deepEqual(summary(w.events), ['ADDED in', 'DELETED in', 'ADDED out', 'MODIFIED out', 'DELETED out']);
    // The DELETED for an object leaving the selection carries its new state.
    assert.equal(w.events[1].object.metadata.labels.app, 'db');
    w.close();
  });

  it('a field-selector watch on metadata.name (what kubectl wait uses)', async () => {
    const ns = await createNamespace(c, 'w4');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const w = await watch(`${base}?watch=true&fieldSelector=metadata.name%3Dme&allowWatchBookmarks=true&timeoutSeconds=10`);
    await c.expect(201, 'POST', base, configMap('other'));
    await c.expect(201, 'POST', base, configMap('me'));
    await w.waitForCount(1);
    assert.deepEqual(summary(w.events), ['ADDED me']);
    w.close();
  });

  it('allowWatchBookmarks=true&timeoutSeconds=1 closes the stream after the timeout', async () => {
    const started = Date.now();
    const w = await watch('/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=1');
    await w.waitForEnd(5000);
    const took = Date.now() - started;
    assert.ok(took >= 900 && took < 4000, `closed after ${took} ms`);
    assert.equal(w.trailing, '');
  });

  it('watch-list ends the initial events with a BOOKMARK annotated k8s.io/initial-events-end', async () => {
    const ns = await createNamespace(c, 'w5');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    await c.expect(201, 'POST', base, configMap('one'));
    await c.expect(201, 'POST', base, configMap('two'));
    const list = await c.expect(200, 'GET', base);
    const w = await watch(`${base}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=10`);
    await w.waitForCount(3);
    assert.deepEqual(w.events.map((e) => e.type), ['ADDED', 'ADDED', 'BOOKMARK']);
    const bm = w.events[2].object;
    assert.equal(bm.kind, 'ConfigMap');
    assert.equal(bm.apiVersion, 'v1');
    assert.deepEqual(bm.metadata.annotations, { 'k8s.io/initial-events-end': 'true' });
    assert.ok(Number(bm.metadata.resourceVersion) >= Number(list.metadata.resourceVersion));
    await c.expect(201, 'POST', base, configMap('three'));
    await w.waitForCount(4);
    assert.equal(summary(w.events)[3], 'ADDED three');
    assertWellFormed(w);
    w.close();
    // sendInitialEvents without resourceVersionMatch=NotOlderThan is refused (client-go then falls back to list+watch).
    const r = await c.get(`${base}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true`);
    assert.equal(r.status, 400, r.text);
  });

  it('the legacy /api/v1/watch/namespaces/x/configmaps path streams events', async () => {
    const ns = await createNamespace(c, 'w6');
    await c.expect(201, 'POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('legacy'));
    const w = await watch(`/api/v1/watch/namespaces/${ns}/configmaps?timeoutSeconds=10`);
    await w.waitForCount(1);
    assert.deepEqual(summary(w.events), ['ADDED legacy']);
    await c.expect(201, 'POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('legacy2'));
    await w.waitForCount(2);
    assertWellFormed(w);
    w.close();
    // A named object under /watch/ watches just that object.
    const one = await watch(`/api/v1/watch/namespaces/${ns}/configmaps/legacy2?timeoutSeconds=10`);
    await one.waitForCount(1);
    await c.expect(200, 'PATCH', `/api/v1/namespaces/${ns}/configmaps/legacy`, { data: { a: '1' } }, { contentType: 'application/merge-patch+json' });
    await c.expect(200, 'PATCH', `/api/v1/namespaces/${ns}/configmaps/legacy2`, { data: { a: '1' } }, { contentType: 'application/merge-patch+json' });
    await one.waitForCount(2);
    assert.deepEqual(summary(one.events), ['ADDED legacy2', 'MODIFIED legacy2']);
    one.close();
  });

  it('a watch of a group resource carries its apiVersion and kind', async () => {
    const w = await watch('/apis/apps/v1/namespaces/default/deployments?watch=true&timeoutSeconds=10');
    await c.expect(201, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'wd' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    });
    await w.waitForCount(1);
    assertWellFormed(w, 'apps/v1', 'Deployment');
    w.close();
  });

  it('100 concurrent watchers all receive an event', async () => {
    const ns = await createNamespace(c, 'w7');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const watchers = await Promise.all(Array.from({ length: 100 }, () => watch(`${base}?watch=true&timeoutSeconds=30`)));
    await c.expect(201, 'POST', base, configMap('broadcast', { k: 'v' }));
    await withTimeout(Promise.all(watchers.map((w) => w.waitForEvent('ADDED', 'broadcast', 10_000))), 12_000, '100 watchers');
    for (const w of watchers) {
      assert.deepEqual(summary(w.events), ['ADDED broadcast']);
      w.close();
    }
  });
});

describe('too old resourceVersion', () => {
  it('a watch from before the server\'s history gets an ERROR event with 410 Expired', async () => {
    // History the server never saw: written to the store before it started.
    const store = new MemoryStore();
    const key = '/registry/core/configmaps/default/pre';
    const value = (v: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pre', namespace: 'default', uid: 'u1', creationTimestamp: '2024-01-01T00:00:00Z' }, data: { v } });
    let rev = await store.create(key, value('0'));
    for (let i = 1; i < 5; i++) rev = await store.update(key, value(String(i)), rev);
    const old = await startServer(store);
    try {
      const w = await openWatch(old.base, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=2');
      await w.waitForCount(1);
      assert.equal(w.status, 200);
      const ev = w.events[0];
      assert.equal(ev.type, 'ERROR');
      assert.equal(ev.object.kind, 'Status');
      assert.equal(ev.object.apiVersion, 'v1');
      assert.equal(ev.object.status, 'Failure');
      assert.equal(ev.object.code, 410);
      assert.equal(ev.object.reason, 'Expired');
      assert.match(ev.object.message, /^too old resource version: 2 \(\d+\)$/);
      await w.waitForEnd();
      // The current revision is fine.
      const ok = await openWatch(old.base, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rev}&timeoutSeconds=5`);
      await old.client.expect(200, 'PATCH', '/api/v1/namespaces/default/configmaps/pre', { data: { v: 'live' } }, { contentType: 'application/merge-patch+json' });
      await ok.waitForCount(1);
      assert.equal(ok.events[0].type, 'MODIFIED');
      assert.equal(ok.events[0].object.data.v, 'live');
      ok.close();
    } finally {
      await old.stop();
    }
  });

  it('a WatchCache whose ring overflowed answers 410 Expired for evicted revisions only', async () => {
    const store = new MemoryStore();
    const hub = new CacheHub(store);
    const cache = new WatchCache('/registry/configmaps/', hub, 3);
    cache.load([], 0);
    const ev = (rev: number, name: string) => ({
      type: 'put' as const,
      kv: { key: `/registry/configmaps/default/${name}`, value: JSON.stringify({ metadata: { name } }), createRevision: rev, modRevision: rev },
    });
    for (let rev = 1; rev <= 5; rev++) cache.apply([ev(rev, `cm${rev}`)], rev);
    // The ring holds revisions 3, 4 and 5: resuming after 2 or later works, after 1 does not.
    const seen: number[] = [];
    const stop = cache.subscribe(2, (events: CacheEvent[]) => seen.push(...events.map((e) => e.rv)));
    assert.deepEqual(seen, [3, 4, 5]);
    cache.apply([ev(6, 'cm6')], 6);
    assert.deepEqual(seen, [3, 4, 5, 6]);
    stop();
    assert.throws(() => cache.subscribe(1, () => {}), (e: Json) => e.code === 410 && e.reason === 'Expired' && /^too old resource version: 1 \(\d+\)$/.test(e.message));
    // Writes to other prefixes advance the revision without costing ring space.
    cache.apply([], 100);
    assert.equal(cache.rv, 100);
    const later: number[] = [];
    cache.subscribe(50, (events) => later.push(...events.map((e) => e.rv)))();
    assert.deepEqual(later, []);
    await store.close();
  });
});
