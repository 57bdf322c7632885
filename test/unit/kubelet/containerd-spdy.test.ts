import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, inflateSync } from 'node:zlib';
import { compressedHeaderBlock } from '../../../src/kubelet/runtime/containerd/spdy.js';

/** Reads a SPDY/3 name/value block: a count, then length-prefixed names and values. */
function parseBlock(buf: Buffer): [Record<string, string>, Buffer] {
  let off = 4;
  const out: Record<string, string> = {};
  for (let n = buf.readUInt32BE(0); n > 0; n--) {
    const name = buf.subarray(off + 4, off + 4 + buf.readUInt32BE(off)).toString();
    off += 4 + name.length;
    const len = buf.readUInt32BE(off);
    out[name] = buf.subarray(off + 4, off + 4 + len).toString();
    off += 4 + len;
  }
  return [out, buf.subarray(off)];
}

test('SPDY header blocks form one zlib stream that inflates back to the name/value blocks', () => {
  const first = compressedHeaderBlock({ streamType: 'error' }, true);
  const second = compressedHeaderBlock({ streamtype: 'stdin', requestID: '0' }, false);
  const big = compressedHeaderBlock({ x: 'v'.repeat(70_000) }, false); // spans two stored blocks
  assert.deepEqual([...first.subarray(0, 2)], [0x78, 0x01], 'zlib header, no preset dictionary');
  assert.deepEqual([...second.subarray(-5)], [0, 0, 0, 0xff, 0xff], 'each block ends as a sync flush does');
  const plain = inflateSync(Buffer.concat([first, second, big]), { finishFlush: constants.Z_SYNC_FLUSH });
  const [a, rest1] = parseBlock(plain);
  const [b, rest2] = parseBlock(rest1);
  const [c, rest3] = parseBlock(rest2);
  assert.deepEqual(a, { streamtype: 'error' }, 'names are lower-cased as SPDY requires');
  assert.deepEqual(b, { streamtype: 'stdin', requestid: '0' });
  assert.equal(c.x.length, 70_000);
  assert.equal(rest3.length, 0);
});
