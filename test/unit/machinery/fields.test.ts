import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldSelector, checkFieldsSupported, escapeFieldValue, fieldSelectorFromSet, parseFieldSelector } from '../../../src/machinery/index.js';

test('parses terms, folds == into =, sorts terms', () => {
  const s = parseFieldSelector('spec.nodeName!=n1,metadata.name==x');
  assert.deepEqual(s.requirements(), [
    { field: 'metadata.name', operator: '=', value: 'x' },
    { field: 'spec.nodeName', operator: '!=', value: 'n1' },
  ]);
  assert.equal(s.toString(), 'metadata.name=x,spec.nodeName!=n1');
  assert.ok(parseFieldSelector('').empty);
  assert.ok(parseFieldSelector(',,').empty);
  assert.equal(s.requiresExactMatch('metadata.name'), 'x');
  assert.equal(s.requiresExactMatch('spec.nodeName'), undefined);
});

test('matching treats missing fields as empty strings', () => {
  const fields = { 'metadata.name': 'x', 'status.phase': 'Running' };
  assert.ok(parseFieldSelector('metadata.name=x').matches(fields));
  assert.ok(!parseFieldSelector('metadata.name!=x').matches(fields));
  assert.ok(parseFieldSelector('spec.nodeName=').matches(fields));
  assert.ok(parseFieldSelector('spec.nodeName!=n1,status.phase=Running').matches(fields));
  assert.ok(FieldSelector.everything().matches({}));
  assert.ok(fieldSelectorFromSet({ a: 'b' }).matches({ a: 'b' }));
});

test('escaping of \\ , and = in values', () => {
  assert.equal(escapeFieldValue('a,b=c\\d'), 'a\\,b\\=c\\\\d');
  const s = parseFieldSelector('a=x\\,y\\=z\\\\,b=2');
  assert.deepEqual(s.requirements().map((r) => r.value), ['x,y=z\\', '2']);
  assert.equal(s.toString(), 'a=x\\,y\\=z\\\\,b=2');
});

test('errors carry upstream messages as 400s', () => {
  assert.throws(() => parseFieldSelector('name'), { code: 400, message: "invalid selector: 'name'; can't understand 'name'" });
  assert.throws(() => parseFieldSelector('a=b=c'), { code: 400, message: 'invalid field selector: unescaped character in value: 61' });
  assert.throws(() => parseFieldSelector('a=b\\x'), { message: 'invalid field selector: invalid escape sequence: \\x' });
  assert.throws(() => parseFieldSelector('a=b\\'), { message: 'invalid field selector: invalid escape sequence: \\' });
  assert.throws(() => checkFieldsSupported(parseFieldSelector('spec.foo=1'), ['metadata.name']), { code: 400, message: 'field label not supported: spec.foo' });
  checkFieldsSupported(parseFieldSelector('metadata.name=1'), ['metadata.name']);
});
