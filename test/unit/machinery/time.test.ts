import { test } from 'node:test';
import assert from 'node:assert/strict';
import { microTimeRFC3339, normalizeTime, nowRFC3339, parseRFC3339, parseTimeMillis } from '../../../src/machinery/index.js';

const at = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));

test('formats metav1.Time and MicroTime', () => {
  assert.equal(nowRFC3339(at), '2024-01-02T03:04:05Z');
  assert.equal(microTimeRFC3339(at), '2024-01-02T03:04:05.678000Z');
  assert.match(nowRFC3339(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.match(microTimeRFC3339(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
});

test('parses RFC 3339 with fractions and offsets', () => {
  assert.equal(parseRFC3339('2024-01-02T03:04:05Z')?.getTime(), Date.UTC(2024, 0, 2, 3, 4, 5));
  assert.equal(parseRFC3339('2024-01-02T03:04:05.678901Z')?.getTime(), Date.UTC(2024, 0, 2, 3, 4, 5, 678));
  assert.equal(parseRFC3339('2024-01-02T05:04:05+02:00')?.getTime(), Date.UTC(2024, 0, 2, 3, 4, 5));
  assert.equal(parseRFC3339('2024-01-01T22:04:05-05:00')?.getTime(), Date.UTC(2024, 0, 2, 3, 4, 5));
  for (const bad of ['2024-01-02', '2024-13-02T03:04:05Z', '2024-02-30T03:04:05Z', '2024-01-02T25:00:00Z', 'x', '2024-01-02T03:04:05']) {
    assert.equal(parseRFC3339(bad), undefined, bad);
  }
  assert.equal(parseTimeMillis('1970-01-01T00:00:01Z'), 1000);
  assert.throws(() => parseTimeMillis('nope'));
  assert.equal(normalizeTime('2024-01-02T05:04:05.9+02:00'), '2024-01-02T03:04:05Z');
});
