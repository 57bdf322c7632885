import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, StorageError } from '../../../src/storage/index.js';
import { runStoreContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'k8ts-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `store-${++files}`, 'state.db'); // a missing directory, on purpose

runStoreContract('sqlite', () => openSqliteStore(freshPath()));

test('sqlite: data, revisions and compaction survive a reopen', async () => {
  const path = freshPath();
  const first = openSqliteStore(path);
  const r1 = await first.create('/a', 'a1');
  await first.update('/a', 'a2', r1);
  await first.create('/b', 'b');
  const { revision: r3 } = await first.delete('/b');
  await first.compact(r3);
  await first.close();

  const second = openSqliteStore(path);
  try {
    assert.equal(await second.currentRevision(), r3);
    assert.equal(await second.compactedRevision(), r3);
    assert.deepEqual(await second.get('/a'), { key: '/a', value: 'a2', createRevision: r1, modRevision: r1 + 1 });
    assert.equal(await second.get('/b'), null);
    assert.equal(await second.create('/c', 'c'), r3 + 1, 'the deletion compacted away keeps its revision used');
  } finally {
    await second.close();
  }
});

test('sqlite: a second store cannot open a file in use', async () => {
  const path = freshPath();
  const first = openSqliteStore(path);
  try {
    assert.throws(() => openSqliteStore(path), StorageError);
    assert.ok((await first.create('/a', '1')) > 0, 'the failed open did not disturb the first store');
  } finally {
    await first.close();
  }
});

test('sqlite: a large prefix lists whole and in key order, apart from its neighbours', async () => {
  const store = openSqliteStore(freshPath());
  try {
    await Promise.all(Array.from({ length: 10_000 }, (_, i) => store.create(`/registry/pods/ns/p${String(i).padStart(5, '0')}`, 'x'.repeat(500))));
    await Promise.all(Array.from({ length: 1000 }, (_, i) => store.create(`/registry/nodes/n${i}`, 'y')));
    const result = await store.list('/registry/pods/');
    assert.equal(result.items.length, 10_000);
    assert.ok(result.items.every((kv, i) => i === 0 || result.items[i - 1].key < kv.key), 'keys in order');
  } finally {
    await store.close();
  }
});
