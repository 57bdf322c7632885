import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, computeHash, fnv32a, safeEncodeString } from '../../../src/controllers/deployment/hash.js';
import { template } from './deployment-fixtures.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('pod-template-hash', () => {
  it('FNV-1a 32 matches the reference vectors', () => {
    assert.equal(fnv32a(bytes('')), 0x811c9dc5);
    assert.equal(fnv32a(bytes('a')), 0xe40c292c);
    assert.equal(fnv32a(bytes('foobar')), 0xbf9cf968);
  });

  it('encodes digits into the vowel-free alphabet as rand.SafeEncodeString does', () => {
    assert.equal(safeEncodeString('0123456789'), '456789bcdf');
    assert.equal(safeEncodeString('4294967295'), '86f8fbc6f9');
  });

  it('is up to 10 lowercase safe characters, and stable', () => {
    for (const image of ['nginx:1', 'nginx:2', 'redis', 'a-very-long-image-name:with-a-tag']) {
      const h = computeHash(template(image));
      assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
      assert.equal(computeHash(template(image)), h, 'same template, same hash');
    }
  });

  it('ignores key order and empty values, but not content', () => {
    const a = { metadata: { labels: { app: 'web', tier: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    const b = { spec: { containers: [{ image: 'i', name: 'c', env: [] }], volumes: null }, metadata: { annotations: {}, labels: { tier: 'x', app: 'web' } } };
    assert.equal(canonicalJson(a), canonicalJson(b));
    assert.equal(computeHash(a), computeHash(b as typeof a));
    assert.notEqual(computeHash(template('nginx:1')), computeHash(template('nginx:2')));
  });

  it('changes with the collision count (absent and 0 differ, as upstream)', () => {
    const t = template();
    const hashes = new Set([computeHash(t), computeHash(t, 0), computeHash(t, 1), computeHash(t, 2)]);
    assert.equal(hashes.size, 4);
  });
});
