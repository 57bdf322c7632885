import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getScaledValueFromIntOrPercent, intOrStringValue, parseIntOrString } from '../../../src/machinery/index.js';

test('parseIntOrString and intOrStringValue', () => {
  assert.equal(parseIntOrString('8080'), 8080);
  assert.equal(parseIntOrString('http'), 'http');
  assert.equal(parseIntOrString('2147483648'), '2147483648');
  assert.equal(intOrStringValue(3), 3);
  assert.equal(intOrStringValue('12'), 12);
  assert.equal(intOrStringValue('x'), 0);
});

test('getScaledValueFromIntOrPercent as upstream', () => {
  assert.equal(getScaledValueFromIntOrPercent(2, 10, true), 2);
  assert.equal(getScaledValueFromIntOrPercent('25%', 10, true), 3);
  assert.equal(getScaledValueFromIntOrPercent('25%', 10, false), 2);
  assert.equal(getScaledValueFromIntOrPercent('0%', 10, true), 0);
  assert.equal(getScaledValueFromIntOrPercent('100%', 3, false), 3);
  assert.equal(getScaledValueFromIntOrPercent('33%', 3, true), 1);
  assert.throws(() => getScaledValueFromIntOrPercent(undefined, 1, true), { message: 'nil value for IntOrString' });
  assert.throws(() => getScaledValueFromIntOrPercent('5', 1, true), { message: 'invalid value for IntOrString: invalid type: string is not a percentage' });
  assert.throws(() => getScaledValueFromIntOrPercent('a%', 1, true), {
    message: 'invalid value for IntOrString: invalid value "a%": strconv.Atoi: parsing "a": invalid syntax',
  });
});
