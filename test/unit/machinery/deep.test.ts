import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonEqual } from '../../../src/machinery/deep.js';

test('jsonEqual agrees with comparing what JSON.stringify writes', () => {
  const cases: Array<[unknown, unknown]> = [
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }],
    [{ a: 1, b: undefined }, { a: 1 }],
    [{ a: null }, { a: undefined }],
    [{ a: null }, {}],
    [[undefined, 1], [null, 1]],
    [[NaN], [null]],
    [{ a: { b: 'x' } }, { a: { b: 'y' } }],
    [{ a: [] }, { a: {} }],
    [{ a: 0 }, { a: '0' }],
    [{ a: [1, 2] }, { a: [1, 2, 3] }],
  ];
  const sorted = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x)));
  for (const [a, b] of cases) assert.equal(jsonEqual(a, b), JSON.stringify(sorted(a)) === JSON.stringify(sorted(b)), JSON.stringify([a, b]));
});
