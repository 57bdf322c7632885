// The Store contract as one suite, run against every backend so they cannot drift apart.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
  StorageError,
  type Store,
  type WatchEvent,
} from '../../../src/storage/index.js';

/** Polls until `check` holds; fails the test after `ms`. */
async function waitFor(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A watch that records everything it is told. */
function record(store: Store, prefix: string, afterRevision: number) {
  const seen = { events: [] as WatchEvent[], batches: [] as WatchEvent[][], error: undefined as Error | undefined };
  const watcher = store.watch(prefix, {
    afterRevision,
    onEvents: (events) => {
      seen.batches.push(events);
      seen.events.push(...events);
    },
    onError: (err) => {
      seen.error = err;
    },
  });
  return {
    seen,
    cancel: () => watcher.cancel(),
    until: (n: number) => waitFor(`${n} events`, () => seen.events.length >= n || seen.error !== undefined),
    revisions: () => seen.events.map((e) => e.kv.modRevision),
  };
}

/** Lets scheduled deliveries run, to show that nothing more arrives. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

export function runStoreContract(name: string, makeStore: () => Store | Promise<Store>): void {
  /** Runs `body` against a fresh store and always closes it. */
  const withStore = (title: string, body: (store: Store) => Promise<void>) =>
    test(`${name}: ${title}`, async () => {
      const store = await makeStore();
      try {
        await body(store);
      } finally {
        await store.close();
      }
    });

  withStore('an empty store is at revision 0', async (store) => {
    assert.equal(await store.currentRevision(), 0);
    assert.equal(await store.compactedRevision(), 0);
    assert.equal(await store.get('/a'), null);
    assert.deepEqual(await store.list('/'), { items: [], revision: 0, more: false, remaining: 0 });
    assert.equal(await store.count('/'), 0);
  });

  withStore('create stores the key at a new revision and refuses an existing key', async (store) => {
    const r1 = await store.create('/a', 'one');
    const r2 = await store.create('/b', 'two');
    assert.ok(r1 > 0 && r2 > r1);
    assert.deepEqual(await store.get('/a'), { key: '/a', value: 'one', createRevision: r1, modRevision: r1 });
    await assert.rejects(store.create('/a', 'again'), KeyExistsError);
    assert.equal(await store.currentRevision(), r2, 'a failed write does not bump the revision');
    assert.equal((await store.get('/a'))?.value, 'one');
  });

  withStore('update is guarded by the modRevision', async (store) => {
    const r1 = await store.create('/a', 'v1');
    const r2 = await store.update('/a', 'v2', r1);
    assert.ok(r2 > r1);
    assert.deepEqual(await store.get('/a'), { key: '/a', value: 'v2', createRevision: r1, modRevision: r2 });
    const conflict = await store.update('/a', 'v3', r1).catch((e: unknown) => e);
    assert.ok(conflict instanceof ConflictError);
    assert.deepEqual(conflict.current, { key: '/a', value: 'v2', createRevision: r1, modRevision: r2 });
    await assert.rejects(store.update('/missing', 'x', 1), NotFoundError);
    assert.equal(await store.currentRevision(), r2);
  });

  withStore('delete returns the deleted value, guarded or not', async (store) => {
    const r1 = await store.create('/a', 'v1');
    await store.create('/b', 'b1');
    await assert.rejects(store.delete('/a', r1 + 100), ConflictError);
    const del = await store.delete('/a', r1);
    assert.deepEqual(del.prev, { key: '/a', value: 'v1', createRevision: r1, modRevision: r1 });
    assert.equal(await store.get('/a'), null);
    await assert.rejects(store.delete('/a'), NotFoundError);
    await assert.rejects(store.update('/a', 'x', del.revision), NotFoundError);
    const unguarded = await store.delete('/b');
    assert.equal(unguarded.prev.value, 'b1');
    const again = await store.create('/a', 'reborn');
    assert.deepEqual(await store.get('/a'), { key: '/a', value: 'reborn', createRevision: again, modRevision: again });
  });

  withStore('writes of one tick see each other and fail alone', async (store) => {
    const results = await Promise.allSettled([
      store.create('/a', '1'),
      store.create('/a', '2'),
      store.create('/b', '3'),
      store.delete('/b'),
      store.update('/c', 'x', 1),
      store.create('/c', '4'),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    assert.ok((results[1] as PromiseRejectedResult).reason instanceof KeyExistsError);
    assert.ok((results[4] as PromiseRejectedResult).reason instanceof NotFoundError);
    const revs = [results[0], results[2], results[5]].map((r) => (r as PromiseFulfilledResult<number>).value);
    assert.deepEqual((await store.list('/')).items.map((kv) => [kv.key, kv.value, kv.modRevision]), [
      ['/a', '1', revs[0]],
      ['/c', '4', revs[2]],
    ]);
  });

  withStore('revisions grow strictly, one per successful write', async (store) => {
    const revs = await Promise.all(Array.from({ length: 50 }, (_, i) => store.create(`/k/${i}`, String(i))));
    assert.equal(new Set(revs).size, 50);
    const sorted = [...revs].sort((a, b) => a - b);
    assert.deepEqual(revs, sorted, 'writes issued in order get revisions in order');
    assert.equal(sorted[49] - sorted[0], 49);
    assert.equal(await store.currentRevision(), sorted[49]);
  });

  withStore('get and list read the past', async (store) => {
    const r1 = await store.create('/a', 'v1');
    const r2 = await store.update('/a', 'v2', r1);
    const r3 = await store.create('/b', 'b');
    const { revision: r4 } = await store.delete('/a');
    assert.equal((await store.get('/a', r1))?.value, 'v1');
    assert.equal((await store.get('/a', r2))?.value, 'v2');
    assert.equal((await store.get('/a', r3))?.value, 'v2');
    assert.equal(await store.get('/a', r4), null);
    assert.equal(await store.get('/b', r2), null);
    const at3 = await store.list('/', { revision: r3 });
    assert.equal(at3.revision, r3);
    assert.deepEqual(at3.items.map((kv) => `${kv.key}=${kv.value}`), ['/a=v2', '/b=b']);
    assert.deepEqual((await store.list('/', { revision: r4 })).items.map((kv) => kv.key), ['/b']);
    assert.equal((await store.list('/')).revision, r4);
    await assert.rejects(store.get('/a', r4 + 1), FutureRevisionError);
    await assert.rejects(store.list('/', { revision: r4 + 1 }), FutureRevisionError);
  });

  withStore('list filters by prefix, sorts, pages with limit and startKey', async (store) => {
    const keys = ['/p/c', '/p/a', '/p/b/2', '/p/b/1', '/q/a', '/pz', '/p/é', '/p/😀', '/p/\uffff'];
    for (const k of keys) await store.create(k, k);
    const all = await store.list('/p/');
    // Code point order: U+FFFF before U+1F600, unlike UTF-16 code unit order.
    assert.deepEqual(all.items.map((kv) => kv.key), ['/p/a', '/p/b/1', '/p/b/2', '/p/c', '/p/é', '/p/\uffff', '/p/😀']);
    assert.deepEqual(all, { ...all, more: false, remaining: 0 });
    assert.equal(await store.count('/p/'), 7);
    assert.equal(await store.count('/p'), 8);
    assert.equal(await store.count(''), keys.length);
    assert.deepEqual((await store.list('/p/b/')).items.map((kv) => kv.key), ['/p/b/1', '/p/b/2']);

    const first = await store.list('/p/', { limit: 3 });
    assert.deepEqual(first.items.map((kv) => kv.key), ['/p/a', '/p/b/1', '/p/b/2']);
    assert.equal(first.more, true);
    assert.equal(first.remaining, 4);
    const paged: string[] = [];
    let page = first;
    for (;;) {
      paged.push(...page.items.map((kv) => kv.key));
      if (!page.more) break;
      const last = page.items[page.items.length - 1].key;
      page = await store.list('/p/', { limit: 3, startKey: `${last}\u0000`, revision: first.revision });
    }
    assert.deepEqual(paged, all.items.map((kv) => kv.key));
    assert.deepEqual(await store.list('/p/', { limit: 7 }), { ...all, more: false, remaining: 0 });
    assert.deepEqual((await store.list('/p/', { startKey: '/p/c' })).items.map((kv) => kv.key), ['/p/c', '/p/é', '/p/\uffff', '/p/😀']);
    assert.deepEqual((await store.list('/p/', { startKey: '/a' })).items.length, 7, 'a startKey before the prefix is harmless');
  });

  withStore('a paged list at an old revision ignores later writes', async (store) => {
    for (let i = 0; i < 5; i++) await store.create(`/k/${i}`, 'old');
    const rev = await store.currentRevision();
    await store.delete('/k/0');
    await store.update('/k/1', 'new', (await store.get('/k/1'))!.modRevision);
    await store.create('/k/5', 'new');
    const page = await store.list('/k/', { revision: rev, limit: 2 });
    assert.deepEqual(page.items.map((kv) => `${kv.key}=${kv.value}`), ['/k/0=old', '/k/1=old']);
    assert.equal(page.remaining, 3);
    assert.equal(await store.count('/k/'), 5);
  });

  withStore('watch replays history, then delivers live events, in revision order', async (store) => {
    const r1 = await store.create('/w/a', 'a1');
    const r2 = await store.update('/w/a', 'a2', r1);
    await store.create('/x/other', 'no');
    const w = record(store, '/w/', 0);
    await w.until(2);
    const { revision: r4 } = await store.delete('/w/a');
    const r5 = await store.create('/w/a', 'a3');
    await w.until(4);
    await settle();
    assert.equal(w.seen.error, undefined);
    assert.deepEqual(w.seen.events, [
      { type: 'put', kv: { key: '/w/a', value: 'a1', createRevision: r1, modRevision: r1 } },
      {
        type: 'put',
        kv: { key: '/w/a', value: 'a2', createRevision: r1, modRevision: r2 },
        prevKv: { key: '/w/a', value: 'a1', createRevision: r1, modRevision: r1 },
      },
      {
        type: 'delete',
        kv: { key: '/w/a', value: 'a2', createRevision: r1, modRevision: r4 },
        prevKv: { key: '/w/a', value: 'a2', createRevision: r1, modRevision: r2 },
      },
      { type: 'put', kv: { key: '/w/a', value: 'a3', createRevision: r5, modRevision: r5 } },
    ]);
    w.cancel();
  });

  withStore('watch starts after afterRevision, even one in the future', async (store) => {
    const r1 = await store.create('/a', '1');
    await store.create('/b', '2');
    const fromMiddle = record(store, '/', r1);
    const fromFuture = record(store, '/', r1 + 2);
    await store.create('/c', '3');
    await store.create('/d', '4');
    await fromMiddle.until(3);
    await fromFuture.until(1);
    await settle();
    assert.deepEqual(fromMiddle.seen.events.map((e) => e.kv.key), ['/b', '/c', '/d']);
    assert.deepEqual(fromFuture.seen.events.map((e) => e.kv.key), ['/d']);
    fromMiddle.cancel();
    fromFuture.cancel();
  });

  withStore('watch filters by prefix and stops on cancel', async (store) => {
    const start = await store.currentRevision();
    const pods = record(store, '/pods/', start);
    const all = record(store, '/', start);
    await store.create('/pods/a', '1');
    await store.create('/nodes/a', '2');
    await pods.until(1);
    await all.until(2);
    pods.cancel();
    pods.cancel(); // idempotent
    await store.create('/pods/b', '3');
    await all.until(3);
    await settle();
    assert.deepEqual(pods.seen.events.map((e) => e.kv.key), ['/pods/a']);
    assert.deepEqual(all.seen.events.map((e) => e.kv.key), ['/pods/a', '/nodes/a', '/pods/b']);
    all.cancel();
  });

  withStore('a watch started amid writes misses nothing and repeats nothing', async (store) => {
    const writes: Promise<number>[] = [];
    for (let i = 0; i < 1500; i++) writes.push(store.create(`/k/${i}`, String(i)));
    await Promise.all(writes.slice(0, 1200));
    const w = record(store, '/k/', 0); // replay (more than one page) overlaps live writes
    for (let i = 1500; i < 2600; i++) writes.push(store.create(`/k/${i}`, String(i)));
    const revs = await Promise.all(writes);
    await w.until(2600);
    await settle();
    assert.equal(w.seen.error, undefined);
    assert.deepEqual(w.revisions(), revs);
    w.cancel();
  });

  withStore('compaction keeps the state at its revision and refuses older reads', async (store) => {
    const a1 = await store.create('/a', 'a1');
    const a2 = await store.update('/a', 'a2', a1);
    const b1 = await store.create('/b', 'b1');
    await store.delete('/b');
    const c1 = await store.create('/c', 'c1');
    const at = await store.currentRevision();
    const a3 = await store.update('/a', 'a3', a2);
    await store.delete('/c', c1);

    await store.compact(at);
    assert.equal(await store.compactedRevision(), at);
    await assert.rejects(store.get('/a', at - 1), CompactedError);
    await assert.rejects(store.list('/', { revision: b1 }), CompactedError);
    assert.equal((await store.get('/a', at))?.value, 'a2');
    assert.deepEqual((await store.list('/', { revision: at })).items.map((kv) => `${kv.key}=${kv.value}`), ['/a=a2', '/c=c1']);
    assert.deepEqual((await store.list('/')).items.map((kv) => `${kv.key}=${kv.value}`), ['/a=a3']);
    assert.equal((await store.get('/a'))?.modRevision, a3);

    const tooOld = record(store, '/', at - 1);
    const fromCompacted = record(store, '/', at);
    await waitFor('CompactedError', () => tooOld.seen.error !== undefined);
    assert.ok(tooOld.seen.error instanceof CompactedError);
    assert.deepEqual(tooOld.seen.events, []);
    await fromCompacted.until(2);
    assert.deepEqual(fromCompacted.seen.events.map((e) => `${e.type} ${e.kv.key}`), ['put /a', 'delete /c']);
    assert.equal(fromCompacted.seen.events[0].prevKv?.value, 'a2');
    fromCompacted.cancel();

    await store.compact(at - 1); // at or below the compacted revision: nothing to do
    assert.equal(await store.compactedRevision(), at);
    await assert.rejects(store.compact((await store.currentRevision()) + 1), FutureRevisionError);
    const now = await store.currentRevision();
    await store.compact(now);
    assert.equal(await store.compactedRevision(), now);
    assert.deepEqual((await store.list('/')).items.map((kv) => kv.value), ['a3']);
    const next = await store.create('/d', 'd');
    assert.equal(next, now + 1, 'compacting away the newest rows never reuses a revision');
  });

  withStore('a replaying watch fails once compaction overtakes it', async (store) => {
    for (let i = 0; i < 3000; i++) void store.create(`/k/${i}`, String(i));
    for (let i = 0; i < 3000; i++) void store.delete(`/k/${i}`);
    await store.create('/end', 'x');
    const w = record(store, '/', 0);
    await store.compact(await store.currentRevision()); // before the replay's later pages
    await waitFor('an error', () => w.seen.error !== undefined);
    assert.ok(w.seen.error instanceof CompactedError);
    assert.ok(w.seen.events.length < 6001, 'the watch did not pretend to be complete');
  });

  withStore('a closed store refuses work and ends its watches', async (store) => {
    const w = record(store, '/', 0);
    await store.create('/a', '1');
    await w.until(1);
    await store.close();
    assert.ok(w.seen.error instanceof StorageError);
    await assert.rejects(store.get('/a'), StorageError);
    await assert.rejects(store.create('/b', '2'), StorageError);
    await store.close(); // idempotent
  });
}
