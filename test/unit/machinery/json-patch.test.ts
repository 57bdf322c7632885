import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch, isStatusError } from '../../../src/machinery/index.js';

const doc = () => ({ metadata: { name: 'x', labels: { a: '1' }, 'a/b': 1, 'c~d': 2 }, spec: { list: [1, 2, 3] } });

function failure(d: unknown, ops: unknown): { code: number; message: string; cause: unknown } {
  try {
    applyJsonPatch(d, ops);
  } catch (e) {
    assert.ok(isStatusError(e));
    return { code: e.code, message: e.message, cause: e.cause };
  }
  assert.fail('expected the patch to fail');
}

test('add, remove, replace, move, copy, test', () => {
  const original = doc();
  const out = applyJsonPatch(original, [
    { op: 'add', path: '/metadata/labels/b', value: '2' },
    { op: 'remove', path: '/metadata/labels/a' },
    { op: 'replace', path: '/metadata/name', value: 'y' },
    { op: 'add', path: '/spec/list/-', value: 4 },
    { op: 'add', path: '/spec/list/0', value: 0 },
    { op: 'remove', path: '/spec/list/-1' },
    { op: 'move', from: '/metadata/name', path: '/spec/name' },
    { op: 'copy', from: '/spec/list', path: '/spec/copy' },
    { op: 'test', path: '/spec/copy', value: [0, 1, 2, 3] },
    { op: 'add', path: '/metadata/a~1b', value: 'slash' },
    { op: 'remove', path: '/metadata/c~0d' },
  ]);
  assert.deepEqual(out, { metadata: { labels: { b: '2' }, 'a/b': 'slash' }, spec: { list: [0, 1, 2, 3], name: 'y', copy: [0, 1, 2, 3] } });
  assert.deepEqual(original, doc(), 'the input is not modified');
});

test('library quirks kept: replace adds a missing key, null value, copy is deep', () => {
  assert.deepEqual(applyJsonPatch({ a: {} }, [{ op: 'replace', path: '/a/b', value: 1 }]), { a: { b: 1 } });
  assert.deepEqual(applyJsonPatch({}, [{ op: 'add', path: '/a' }]), { a: null });
  const out = applyJsonPatch({ a: { x: [1] } }, [
    { op: 'copy', from: '/a', path: '/b' },
    { op: 'add', path: '/b/x/-', value: 2 },
  ]) as Record<string, { x: number[] }>;
  assert.deepEqual(out.a.x, [1]);
  assert.deepEqual(out.b.x, [1, 2]);
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/missing', value: null }]), { a: 1 });
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }]), { b: 2 });
  assert.deepEqual(applyJsonPatch({ a: 1 }, null), { a: 1 });
});

test('operations that cannot apply are a generic 422 keeping the library message', () => {
  const cases: Array<[unknown[], string]> = [
    [[{ op: 'test', path: '/metadata/name', value: 'nope' }], 'testing value /metadata/name failed: test failed'],
    [[{ op: 'remove', path: '/metadata/missing' }], "error in remove for path: '/metadata/missing': Unable to remove nonexistent key: missing: missing value"],
    [[{ op: 'add', path: '/nope/x', value: 1 }], 'add operation does not apply: doc is missing path: "/nope/x": missing value'],
    [[{ op: 'replace', path: '/spec/list/9', value: 1 }], 'replace operation does not apply: doc is missing key: /spec/list/9: missing value'],
    [[{ op: 'add', path: '/spec/list/5', value: 1 }], "error in add for path: '/spec/list/5': Unable to access invalid index: 5: invalid index referenced"],
    [[{ op: 'add', path: '/spec/list/x', value: 1 }], `error in add for path: '/spec/list/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`],
    [[{ op: 'remove', path: '/spec/list/3' }], "error in remove for path: '/spec/list/3': Unable to access invalid index: 3: invalid index referenced"],
    [[{ op: 'move', from: '/nope/a', path: '/b' }], 'move operation does not apply: doc is missing from path: /nope/a: missing value'],
    [[{ op: 'copy', path: '/b' }], 'copy operation failed to decode from: operation, missing from field: missing value'],
    [[{ op: 'add', value: 1 }], 'add operation failed to decode path: missing value'],
    [[{ op: 'replace', path: 5, value: 1 }], 'replace operation failed to decode path: json: cannot unmarshal number into Go value of type string'],
    [[{ op: 'frobnicate', path: '/a' }], 'Unexpected kind: frobnicate'],
    [[{ path: '/a' }], 'Unexpected kind: unknown'],
    [[{ op: 'add', path: '', value: 1 }], 'add operation does not apply: doc is missing path: "": missing value'],
    [[{ op: 'add', path: '/metadata/name/x', value: 1 }], 'add operation does not apply: doc is missing path: "/metadata/name/x": missing value'],
  ];
  for (const [ops, message] of cases) {
    const f = failure(doc(), ops);
    assert.equal(f.code, 422, message);
    assert.equal(f.message, 'the server rejected our request due to an error in our request');
    assert.equal(f.cause, message);
  }
});

test('malformed patches are 400, oversized ones 413', () => {
  assert.deepEqual(failure({}, { op: 'add' }).message, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  assert.equal(failure({}, { op: 'add' }).code, 400);
  assert.equal(failure({}, ['x']).message, 'json: cannot unmarshal string into Go value of type jsonpatch.Operation');
  const many = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/a', value: 1 }));
  assert.equal(failure({ a: 1 }, many).code, 413);
  assert.equal(failure({ a: 1 }, many).message, 'The allowed maximum operations in a JSON patch is 10000, got 10001');
});
