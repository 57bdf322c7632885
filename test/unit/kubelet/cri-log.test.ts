// The CRI log line writer: full lines, partial (P) records for over-long lines, flushing a
// last line without newline, and Go's RFC3339Nano timestamps.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { it } from 'node:test';
import { CriLogWriter, criLine, rfc3339Nano } from '../../../src/kubelet/runtime/process/cri-log.js';

const T = 1795472585123456789n;

function writer(maxLine = 8) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  const w = new CriLogWriter(out, maxLine, () => T);
  return { w, text: () => Buffer.concat(chunks).toString() };
}

it('formats timestamps as Go RFC3339Nano in UTC, trailing zeros trimmed', () => {
  assert.equal(rfc3339Nano(T), '2026-11-23T22:23:05.123456789Z');
  assert.equal(rfc3339Nano(1795472585120000000n), '2026-11-23T22:23:05.12Z');
  assert.equal(rfc3339Nano(1795472585000000000n), '2026-11-23T22:23:05Z');
});

it('writes one F record per line, per stream, across chunk boundaries', () => {
  const { w, text } = writer(64);
  w.write('stdout', Buffer.from('hel'));
  w.write('stderr', Buffer.from('oops\n'));
  w.write('stdout', Buffer.from('lo\nworld\n'));
  w.write('stdout', Buffer.from('\n'));
  const ts = rfc3339Nano(T);
  assert.equal(text(), `${ts} stderr F oops\n${ts} stdout F hello\n${ts} stdout F world\n${ts} stdout F \n`);
});

it('cuts lines longer than the buffer into P records ended by an F one', () => {
  const { w, text } = writer(4);
  w.write('stdout', Buffer.from('abcdefghij\nxy'));
  w.end('stdout');
  const ts = rfc3339Nano(T);
  assert.equal(text(), [`${ts} stdout P abcd`, `${ts} stdout P efgh`, `${ts} stdout F ij`, `${ts} stdout F xy`, ''].join('\n'));
});

it('keeps bytes intact (a UTF-8 character split across chunks)', () => {
  const { w, text } = writer(64);
  const euro = Buffer.from('€\n');
  w.write('stdout', euro.subarray(0, 1));
  w.write('stdout', euro.subarray(1));
  assert.ok(text().endsWith(' stdout F €\n'));
  assert.equal(criLine('t', 'stderr', true, Buffer.from('x')).toString(), 't stderr P x\n');
});
