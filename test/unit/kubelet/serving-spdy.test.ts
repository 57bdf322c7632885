import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { test } from 'node:test';
import { SPDY3_DICTIONARY } from '../../../src/kubelet/serving/spdy/dictionary.js';
import { SpdySession, type SpdyStream } from '../../../src/kubelet/serving/spdy/session.js';

/** A client's header block: count, then length-prefixed names and values. */
function headerBlock(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [Buffer.alloc(4)];
  parts[0].writeUInt32BE(Object.keys(headers).length);
  for (const [k, v] of Object.entries(headers)) {
    for (const s of [k, v]) {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(Buffer.byteLength(s));
      parts.push(len, Buffer.from(s));
    }
  }
  return Buffer.concat(parts);
}

function control(type: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8003, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE((flags << 24) | payload.length, 4);
  return Buffer.concat([head, payload]);
}

const tick = () => new Promise((r) => setTimeout(r, 20));

test('the SPDY/3 dictionary has the spec length', () => {
  assert.equal(SPDY3_DICTIONARY.length, 1423);
  assert.equal(SPDY3_DICTIONARY.subarray(0, 11).toString('latin1'), '\0\0\0\x07options');
});

test('a SPDY session accepts streams, passes data both ways and answers pings', async () => {
  const sent: Buffer[] = [];
  const session = new SpdySession({ write: (b) => void sent.push(b), close: () => undefined });
  const streams: SpdyStream[] = [];
  session.on('stream', (s: SpdyStream) => streams.push(s));
  // The client compresses its headers against the dictionary, one zlib stream for the session.
  const deflate = zlib.deflateSync(headerBlock({ streamType: 'data', port: '8080', requestID: '0' }), { dictionary: SPDY3_DICTIONARY, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const syn = Buffer.alloc(10);
  syn.writeUInt32BE(1, 0);
  // Delivered in two pieces, as a socket may.
  const frame = control(1, 0, Buffer.concat([syn, deflate]));
  session.receive(frame.subarray(0, 5));
  session.receive(frame.subarray(5));
  await tick();
  assert.equal(streams.length, 1);
  assert.equal(streams[0].headers.get('streamtype'), 'data');
  assert.equal(streams[0].headers.get('port'), '8080');
  assert.equal(sent[0].readUInt16BE(2), 2, 'a SYN_REPLY');
  assert.equal(sent[0].readUInt32BE(8), 1);

  const got: Buffer[] = [];
  let ended = false;
  streams[0].on('data', (b: Buffer) => got.push(b));
  streams[0].on('end', () => (ended = true));
  const data = Buffer.alloc(8 + 5);
  data.writeUInt32BE(1, 0);
  data.writeUInt32BE((0x01 << 24) | 5, 4);
  data.write('hello', 8);
  session.receive(data);
  await tick();
  assert.equal(Buffer.concat(got).toString(), 'hello');
  assert.ok(ended, 'FIN half-closes');
  assert.ok(sent.some((f) => f.readUInt16BE(2) === 9), 'the window is given back');

  streams[0].write(Buffer.from('world'));
  streams[0].end();
  const out = sent.filter((f) => (f[0] & 0x80) === 0);
  assert.equal(out[0].subarray(8).toString(), 'world');
  assert.equal(out[1][4] & 0x01, 1, 'our FIN');

  const ping = Buffer.alloc(4);
  ping.writeUInt32BE(7);
  session.receive(control(6, 0, ping));
  await tick();
  assert.equal(sent.at(-1)!.readUInt32BE(8), 7, 'the ping is echoed');
  session.close();
});
