import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Quantity, QUANTITY_FORMAT_ERROR, parseQuantity } from '../../../src/machinery/index.js';

const str = (s: string) => parseQuantity(s).toString();

test('canonical form as upstream String()', () => {
  const cases: Array<[string, string]> = [
    ['100m', '100m'], ['1', '1'], ['1.5', '1500m'], ['1Gi', '1Gi'], ['500Mi', '500Mi'],
    ['1e3', '1e3'], ['1E3', '1E3'], ['2k', '2k'], ['1M', '1M'], ['0.1', '100m'], ['+1', '+1'],
    ['1000m', '1'], ['1024Mi', '1Gi'], ['0.5', '500m'], ['1000', '1k'], ['1000M', '1G'],
    ['1.5Gi', '1536Mi'], ['0', '0'], ['00', '0'], ['0Ki', '0'], ['-1', '-1'], ['-1.5', '-1500m'],
    ['.001Ki', '1024m'], ['.000001Ki', '1024u'], ['.000000001Ki', '1024n'], ['.000000000001Ki', '2n'],
    ['-.001Ki', '-1024m'], ['0.0000000001', '1n'], ['1e-20', '1e-9'], ['1.2e3', '1200'], ['12e2', '1200'],
    ['1023Ki', '1023Ki'], ['0.5Ki', '512'], ['1025', '1025'], ['8Ki', '8Ki'], ['3e3', '3e3'], ['300e6', '300e6'],
    ['1080m', '1080m'], ['1.08', '1080m'], ['1080000000n', '1080m'], ['1Ti', '1Ti'], ['1024Gi', '1Ti'],
    ['8Ei', '9223372036854775807'], ['100Mi', '100Mi'], ['2.5G', '2500M'], ['123456789', '123456789'],
  ];
  for (const [input, want] of cases) assert.equal(str(input), want, input);
});

test('formats', () => {
  assert.equal(parseQuantity('1Ki').format, 'BinarySI');
  assert.equal(parseQuantity('1k').format, 'DecimalSI');
  assert.equal(parseQuantity('1e3').format, 'DecimalExponent');
  assert.equal(parseQuantity('.5Ki').format, 'BinarySI');
  assert.equal(parseQuantity('.0001Ki').format, 'DecimalSI', 'fractions of one fall back to decimal');
});

test('rejects malformed quantities with upstream messages', () => {
  for (const bad of ['1.2.3', 'abc', '1Gib', '', ' 1', '1 ', '1+1.0M', '1.1.M', 'aoeu', '0.1am']) {
    assert.throws(() => parseQuantity(bad), { code: 400, message: QUANTITY_FORMAT_ERROR }, bad);
  }
  assert.equal(QUANTITY_FORMAT_ERROR, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  for (const bad of ['0.1mi', '.5i', '1i', '-3.01i', '-3.01e-', '1Ki2']) {
    assert.throws(() => parseQuantity(bad), { message: "unable to parse quantity's suffix" }, bad);
  }
});

test('exact comparison and arithmetic', () => {
  const q = parseQuantity;
  assert.equal(q('0.1').add(q('0.2')).cmp(q('300m')), 0);
  assert.equal(q('1').cmp(q('1000m')), 0);
  assert.equal(q('1Ki').cmp(q('1k')), 1);
  assert.equal(q('-1').cmp(q('1m')), -1);
  assert.equal(q('1e1000').cmp(q('1')), 1);
  assert.equal(q('1e-9').cmp(q('0')), 1);
  assert.ok(q('1Gi').equals(q('1024Mi')));
  assert.equal(q('500m').add(q('500m')).toString(), '1');
  assert.equal(q('1Gi').add(q('1Gi')).toString(), '2Gi');
  assert.equal(q('0').add(q('1Ki')).format, 'BinarySI', 'zero takes the other format');
  assert.equal(q('1Gi').sub(q('512Mi')).toString(), '512Mi');
  assert.equal(q('1').neg().toString(), '-1');
  assert.equal(q('100m').sign(), 1);
  assert.ok(q('0m').isZero());
});

test('value() and milliValue() round up', () => {
  assert.equal(parseQuantity('100m').value(), 1);
  assert.equal(parseQuantity('1.0001').milliValue(), 1001);
  assert.equal(parseQuantity('1Gi').value(), 1073741824);
  assert.equal(parseQuantity('2').milliValue(), 2000);
  assert.equal(parseQuantity('-1.5').value(), -2);
  assert.equal(parseQuantity('1n').milliValue(), 1);
  assert.equal(parseQuantity('1e40').value(), Infinity);
  assert.equal(parseQuantity('1.5').scaledValue(-9), 1500000000n);
});

test('constructing quantities', () => {
  assert.equal(Quantity.fromScaled(250, -3).toString(), '250m');
  assert.equal(Quantity.fromScaled(1000, -3).toString(), '1');
  assert.equal(Quantity.fromScaled(1024 * 1024, 0, 'BinarySI').toString(), '1Mi');
  assert.equal(Quantity.fromScaled(1024, -3, 'BinarySI').toString(), '1024m');
  assert.equal(Quantity.fromScaled(1, 9, 'DecimalExponent').toString(), '1e9');
  assert.equal(JSON.stringify({ cpu: parseQuantity('0.5') }), '{"cpu":"500m"}');
});
