import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Compactor } from '../../../src/apiserver/compactor.js';
import { CompactedError, MemoryStore } from '../../../src/storage/index.js';

test('each tick compacts to the revision the previous tick saw, keeping one interval of history', async () => {
  const store = new MemoryStore();
  const c = new Compactor(store, 60_000);
  const r0 = await store.create('/before', '0');
  const r1 = await store.create('/a', '1');
  await c.tick(); // remembers r1, compacts nothing
  assert.equal(await store.compactedRevision(), 0);
  await store.update('/a', '2', r1);
  await c.tick(); // compacts to r1
  assert.equal(await store.compactedRevision(), r1);
  assert.ok(await store.get('/a', r1), 'the compacted revision itself stays readable');
  await assert.rejects(store.get('/before', r0), CompactedError, 'older revisions are gone');
  assert.equal((await store.get('/a'))?.value, '2');
});
