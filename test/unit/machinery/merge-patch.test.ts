import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch } from '../../../src/machinery/index.js';

test('RFC 7386 examples', () => {
  const m = applyMergePatch;
  assert.deepEqual(m({ a: 'b' }, { a: 'c' }), { a: 'c' });
  assert.deepEqual(m({ a: 'b' }, { b: 'c' }), { a: 'b', b: 'c' });
  assert.deepEqual(m({ a: 'b' }, { a: null }), {});
  assert.deepEqual(m({ a: 'b', b: 'c' }, { a: null }), { b: 'c' });
  assert.deepEqual(m({ a: ['b'] }, { a: 'c' }), { a: 'c' });
  assert.deepEqual(m({ a: 'c' }, { a: ['b'] }), { a: ['b'] });
  assert.deepEqual(m({ a: { b: 'c' } }, { a: { b: 'd', c: null } }), { a: { b: 'd' } });
  assert.deepEqual(m({ a: [{ b: 'c' }] }, { a: [1] }), { a: [1] });
  assert.deepEqual(m({ e: null }, { a: 1 }), { e: null, a: 1 });
  assert.deepEqual(m({}, { a: { bb: { ccc: null } } }), { a: { bb: {} } });
  assert.deepEqual(m({ a: 'x' }, { a: { b: null, c: 1 } }), { a: { c: 1 } });
  assert.deepEqual(m({ a: { b: 1 } }, { a: [null, { c: null }] }), { a: [null, { c: null }] }, 'arrays replacing objects are not pruned');
});

test('does not modify its inputs', () => {
  const original = { a: { b: 1 } };
  const patch = { a: { c: 2 } };
  applyMergePatch(original, patch);
  assert.deepEqual(original, { a: { b: 1 } });
  assert.deepEqual(patch, { a: { c: 2 } });
});

test('non-object patches', () => {
  assert.throws(() => applyMergePatch({}, null), { code: 400, message: 'Invalid JSON Patch' });
  assert.throws(() => applyMergePatch({}, 5), { code: 400, message: 'Invalid JSON Patch' });
  assert.deepEqual(applyMergePatch({ a: 1 }, [{ b: null }, null]), [{}, null]);
});
