// SharedInformer against a real API server (list, watch, cache, handlers, surviving the
// server closing the watch, resync), and against a scripted transport for the 410 paths.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap } from '../../src/api/core/configmaps.js';
import { ApiError, Client, HttpsTransport, SharedInformer, SharedInformerFactory, type LineStream, type Query, type Transport, type TransportRequest } from '../../src/client/index.js';
import { eventually, startServer, type TestServer } from './apiserver-helpers.js';

const NS = 'default';
const cm = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>): ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });

/** Records handler calls as `add x`, `update x a→b`, `delete x`. */
function recorder(informer: SharedInformer<ConfigMap>): string[] {
  const log: string[] = [];
  informer.addEventHandler({
    onAdd: (o) => log.push(`add ${o.metadata?.name}`),
    onUpdate: (a, b) => log.push(`update ${b.metadata?.name} ${a.data?.v ?? '-'}→${b.data?.v ?? '-'}`),
    onDelete: (o) => log.push(`delete ${o.metadata?.name}`),
  });
  return log;
}

describe('SharedInformer on a real API server', () => {
  let srv: TestServer;
  let client: Client;
  const informers: SharedInformer<ConfigMap>[] = [];

  before(async () => {
    srv = await startServer();
    client = new Client(new HttpsTransport({ server: srv.base, insecureSkipTLSVerify: false }));
  });
  after(async () => {
    for (const i of informers) await i.stop();
    client?.close();
    await srv?.stop();
  });

  it('lists, then follows adds, updates and deletes into its cache and handlers — across server-closed watches', async () => {
    await client.configmaps.create(NS, cm('before', { v: '0' }, { tier: 'a' }));
    // A 1 s server-side timeout: the informer must re-watch from its last resourceVersion.
    const informer = new SharedInformer(client.configmaps, { namespace: NS, watchTimeoutSeconds: 1, indexers: { byTier: (o) => [o.metadata?.labels?.tier] } });
    informers.push(informer);
    const log = recorder(informer);
    assert.equal(informer.hasSynced(), false);
    informer.start();
    assert.equal(await informer.waitForSync(), true);
    assert.deepEqual(log, ['add before']);
    assert.equal(informer.indexer.get(`${NS}/before`)?.data?.v, '0');

    await client.configmaps.create(NS, cm('w', { v: '1' }, { tier: 'b' }));
    await eventually(() => log.includes('add w'), 5000, 'add w');
    await client.configmaps.patch(NS, 'w', 'merge', { data: { v: '2' }, metadata: { labels: { tier: 'a' } } });
    await eventually(() => log.includes('update w 1→2'), 5000, 'update w');
    assert.deepEqual(informer.indexer.byIndex('byTier', 'a').map((o) => o.metadata?.name).sort(), ['before', 'w']);

    // Outlive two server-side watch timeouts, then change things again.
    await new Promise((r) => setTimeout(r, 2200));
    await client.configmaps.delete(NS, 'w');
    await eventually(() => log.includes('delete w'), 5000, 'delete w after the watch was re-opened');
    assert.equal(informer.indexer.get(`${NS}/w`), undefined);
    await client.configmaps.patch(NS, 'before', 'merge', { data: { v: '3' } });
    await eventually(() => log.includes('update before 0→3'), 5000, 'update before');
    assert.deepEqual(log, ['add before', 'add w', 'update w 1→2', 'delete w', 'update before 0→3']);
    assert.equal(informer.lastSyncResourceVersion(), informer.indexer.get(`${NS}/before`)?.metadata?.resourceVersion);

    // A handler added late is told about what is already cached.
    const late: string[] = [];
    informer.addEventHandler({ onAdd: (o) => late.push(o.metadata!.name!) });
    assert.deepEqual(late, ['before']);
  });

  it('filters by label selector and resyncs periodically', async () => {
    await client.configmaps.create(NS, cm('sel-yes', {}, { pick: 'yes' }));
    await client.configmaps.create(NS, cm('sel-no', {}, { pick: 'no' }));
    const informer = new SharedInformer(client.configmaps, { namespace: NS, labelSelector: 'pick=yes', resyncPeriodMs: 30 });
    informers.push(informer);
    const log = recorder(informer);
    informer.start();
    await informer.waitForSync();
    assert.deepEqual(informer.indexer.keys(), [`${NS}/sel-yes`]);
    await eventually(() => log.filter((l) => l === 'update sel-yes -→-').length >= 2, 2000, 'resync updates');
    assert.ok(!log.some((l) => l.includes('sel-no')));
  });

  it('the factory shares one informer per resource and selector', async () => {
    const factory = new SharedInformerFactory({ watchTimeoutSeconds: 30 });
    const a = factory.informerFor(client.configmaps, { namespace: NS });
    assert.equal(factory.informerFor(client.configmaps, { namespace: NS }), a);
    assert.notEqual(factory.informerFor(client.configmaps, { namespace: 'kube-system' }), a);
    assert.notEqual(factory.informerFor(client.configmaps, { namespace: NS, labelSelector: 'x=y' }), a);
    const nodes = factory.informerFor(client.nodes);
    factory.start();
    assert.equal(await factory.waitForSync(), true);
    assert.ok(a.hasSynced() && nodes.hasSynced());
    await factory.stop();
  });
});

/** A transport whose lists and watches follow a script; it records their queries. */
class ScriptedTransport implements Transport {
  readonly lists: Query[] = [];
  readonly watches: Query[] = [];
  constructor(
    private readonly listReplies: { rv: string; items: ConfigMap[] }[],
    /** Per watch: the lines it sends then stays open, or an error to reject the open with. */
    private readonly watchScripts: (string[] | ApiError)[],
  ) {}

  async request(r: TransportRequest) {
    this.lists.push(r.query ?? {});
    const reply = this.listReplies[Math.min(this.lists.length - 1, this.listReplies.length - 1)]!;
    const body = { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: reply.rv }, items: reply.items };
    return { status: 200, headers: {}, body: Buffer.from(JSON.stringify(body)) };
  }

  async stream(r: { path: string; query?: Query }): Promise<LineStream> {
    this.watches.push(r.query ?? {});
    const script = this.watchScripts[this.watches.length - 1] ?? [];
    if (script instanceof ApiError) throw script;
    const sent: string[] = script;
    let close!: () => void;
    const closed = new Promise<void>((resolve) => (close = resolve));
    async function* lines() {
      yield* sent;
      await closed;
    }
    return { [Symbol.asyncIterator]: () => lines(), close: () => close() };
  }

  close() {}
}

const gone = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version: 10 (15)' };
const at = (name: string, rv: string, v?: string): ConfigMap => ({ ...cm(name, v ? { v } : {}), metadata: { name, namespace: NS, resourceVersion: rv } });
const ev = (type: string, object: unknown) => JSON.stringify({ type, object });

describe('SharedInformer re-lists on 410', () => {
  it('after an ERROR 410 event: re-lists at the newest state and synthesizes the deletes it missed', async () => {
    const t = new ScriptedTransport(
      [
        { rv: '10', items: [at('a', '5'), at('b', '6', '1')] },
        { rv: '20', items: [at('b', '18', '2'), at('c', '19')] },
      ],
      [[ev('BOOKMARK', { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '12' } }), ev('ERROR', gone)], [ev('ADDED', at('d', '21'))]],
    );
    const informer = new SharedInformer(new Client(t).configmaps, { namespace: NS, backoff: { initialMs: 1, maxMs: 5 } });
    const log = recorder(informer);
    informer.start();
    await eventually(() => log.includes('add d'), 3000, 'the second watch');
    await informer.stop();
    assert.deepEqual(log, ['add a', 'add b', 'update b 1→2', 'add c', 'delete a', 'add d']);
    assert.deepEqual(informer.indexer.keys().sort(), ['default/b', 'default/c', 'default/d']);

    assert.equal(t.lists[0]!.resourceVersion, '0', 'the first list may come from a cache');
    assert.equal(t.lists[1]!.resourceVersion, '', 'after 410 the newest state');
    const w = t.watches[0]!;
    assert.equal(w.resourceVersion, '10');
    assert.equal(w.allowWatchBookmarks, true);
    assert.equal(w.watch, true);
    assert.ok(Number(w.timeoutSeconds) >= 300 && Number(w.timeoutSeconds) <= 600, `timeoutSeconds ${w.timeoutSeconds}`);
    assert.equal(t.watches[1]!.resourceVersion, '20');
  });

  it('after an HTTP 410 on opening the watch, and after other errors with backoff', async () => {
    const http410 = new ApiError({ ...gone, status: 'Failure', kind: 'Status', apiVersion: 'v1' } as never);
    const boom = new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500, reason: 'InternalError', message: 'boom' });
    const t = new ScriptedTransport([{ rv: '10', items: [at('a', '5')] }, { rv: '30', items: [] }], [http410, boom, [ev('ADDED', at('z', '31'))]]);
    const informer = new SharedInformer(new Client(t).configmaps, { namespace: NS, backoff: { initialMs: 1, maxMs: 5 } });
    const log = recorder(informer);
    informer.start();
    await eventually(() => log.includes('add z'), 3000, 'the third watch');
    await informer.stop();
    assert.deepEqual(log, ['add a', 'delete a', 'add z']);
    assert.equal(t.lists.length, 2, 'a 500 re-watches (from the same resourceVersion) rather than re-listing');
    assert.deepEqual(t.watches.map((q) => q.resourceVersion), ['10', '30', '30']);
    assert.equal(await informer.waitForSync(), true);
  });
});
