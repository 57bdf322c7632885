import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../src/api/resource.js';
import { Indexer, keyOf, splitKey } from '../../../src/client/store.js';

type PodLike = KubeObject & { spec?: { nodeName?: string } };
const pod = (ns: string, name: string, nodeName?: string, labels?: Record<string, string>): PodLike => ({ metadata: { namespace: ns, name, labels }, spec: { nodeName } });
const names = (objs: KubeObject[]) => objs.map((o) => o.metadata!.name).sort();

describe('keys', () => {
  it('namespace/name, or name for cluster-scoped objects', () => {
    assert.equal(keyOf(pod('default', 'a')), 'default/a');
    assert.equal(keyOf({ metadata: { name: 'node-1' } }), 'node-1');
    assert.deepEqual(splitKey('default/a'), { namespace: 'default', name: 'a' });
    assert.deepEqual(splitKey('node-1'), { name: 'node-1' });
  });
});

describe('Indexer', () => {
  it('stores, replaces and deletes by key', () => {
    const s = new Indexer<PodLike>();
    assert.equal(s.set(pod('ns', 'a', 'n1')), undefined);
    const old = s.set(pod('ns', 'a', 'n2'));
    assert.equal(old?.spec?.nodeName, 'n1');
    assert.equal(s.get('ns/a')?.spec?.nodeName, 'n2');
    assert.equal(s.getByName('ns', 'a')?.spec?.nodeName, 'n2');
    assert.equal(s.size, 1);
    assert.equal(s.delete('ns/a')?.spec?.nodeName, 'n2');
    assert.equal(s.delete('ns/a'), undefined);
    assert.deepEqual(s.list(), []);
  });

  it('keeps the namespace index', () => {
    const s = new Indexer<PodLike>();
    s.set(pod('x', 'a'));
    s.set(pod('x', 'b'));
    s.set(pod('y', 'c'));
    assert.deepEqual(names(s.byIndex('namespace', 'x')), ['a', 'b']);
    s.delete('x/a');
    assert.deepEqual(names(s.byIndex('namespace', 'x')), ['b']);
    assert.deepEqual(s.byIndex('namespace', 'z'), []);
  });

  it('moves an object between index values when it changes, and skips empty values', () => {
    const s = new Indexer<PodLike>({ byNode: (p) => [p.spec?.nodeName] });
    s.set(pod('ns', 'a', 'n1'));
    s.set(pod('ns', 'b'));
    assert.deepEqual(names(s.byIndex('byNode', 'n1')), ['a']);
    s.set(pod('ns', 'a', 'n2'));
    assert.deepEqual(s.byIndex('byNode', 'n1'), []);
    assert.deepEqual(names(s.byIndex('byNode', 'n2')), ['a']);
    assert.deepEqual(s.indexKeys('byNode', 'n2'), ['ns/a']);
    assert.deepEqual(s.byIndex('byNode', ''), []);
  });

  it('multi-valued indexes file an object under each value', () => {
    const s = new Indexer<PodLike>({ byLabelValue: (p) => Object.values(p.metadata?.labels ?? {}) });
    s.set(pod('ns', 'a', undefined, { app: 'web', tier: 'front' }));
    s.set(pod('ns', 'b', undefined, { app: 'web', other: 'web' }));
    assert.deepEqual(names(s.byIndex('byLabelValue', 'web')), ['a', 'b']);
    assert.deepEqual(names(s.byIndex('byLabelValue', 'front')), ['a']);
  });

  it('replace swaps everything, indexes included', () => {
    const s = new Indexer<PodLike>({ byNode: (p) => [p.spec?.nodeName] });
    s.set(pod('ns', 'a', 'n1'));
    s.replace([pod('ns', 'b', 'n1'), pod('ns', 'c', 'n2')]);
    assert.deepEqual(s.keys().sort(), ['ns/b', 'ns/c']);
    assert.deepEqual(names(s.byIndex('byNode', 'n1')), ['b']);
  });

  it('indexers added later file the objects already there; unknown and duplicate indexes are errors', () => {
    const s = new Indexer<PodLike>();
    s.set(pod('ns', 'a', 'n1'));
    s.addIndexers({ byNode: (p) => [p.spec?.nodeName] });
    assert.deepEqual(names(s.byIndex('byNode', 'n1')), ['a']);
    assert.throws(() => s.addIndexers({ byNode: () => [] }), /already exists/);
    assert.throws(() => s.byIndex('nope', 'x'), /does not exist/);
  });
});
