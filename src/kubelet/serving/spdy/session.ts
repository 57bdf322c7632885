// The server side of a SPDY/3.1 session, as much as Kubernetes streaming needs: the client
// opens streams (SYN_STREAM, headers zlib-compressed against the SPDY/3 dictionary, one
// zlib stream for the whole session), each is accepted with a SYN_REPLY, data flows both
// ways in DATA frames with FIN as half-close; PING is echoed, received data is given back as
// window (WINDOW_UPDATE), RST_STREAM and GOAWAY end streams and the session.

import { EventEmitter } from 'node:events';
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { controlFrame, dataFrame, FLAG_FIN, GOAWAY, PING, RST_STREAM, SYN_REPLY, SYN_STREAM, WINDOW_UPDATE } from './frames.js';

const MAX_DATA = 0xffff;

/** How the session's bytes travel: a socket, or the binary messages of a WebSocket. */
export interface SpdyTransport {
  write(data: Buffer): void;
  close(): void;
}

/** Events: 'data' (Buffer), 'end' (the client half-closed), 'close' (reset or session over). */
export class SpdyStream extends EventEmitter {
  private finSent = false;

  constructor(
    readonly id: number,
    readonly headers: Map<string, string>,
    private readonly session: SpdySession,
  ) {
    super();
  }

  write(data: Buffer): void {
    if (this.finSent) return;
    for (let off = 0; off < data.length; off += MAX_DATA) this.session.sendData(this.id, data.subarray(off, off + MAX_DATA), false);
  }

  /** Half-closes our side. */
  end(): void {
    if (this.finSent) return;
    this.finSent = true;
    this.session.sendData(this.id, Buffer.alloc(0), true);
  }
}

/** Feeds a zlib stream and collects what one Z_SYNC_FLUSH yields. */
function flushThrough(z: zlib.Inflate | zlib.Deflate, input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (c: Buffer) => chunks.push(c);
    const onError = (e: Error) => reject(e);
    z.on('data', onData);
    z.once('error', onError);
    z.write(input);
    z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      z.off('data', onData);
      z.off('error', onError);
      resolve(Buffer.concat(chunks));
    });
  });
}

function parseHeaderBlock(block: Buffer): Map<string, string> {
  const headers = new Map<string, string>();
  let off = 4;
  const count = block.readUInt32BE(0);
  for (let i = 0; i < count; i++) {
    const nameLen = block.readUInt32BE(off);
    const name = block.toString('utf8', off + 4, off + 4 + nameLen);
    off += 4 + nameLen;
    const valueLen = block.readUInt32BE(off);
    headers.set(name.toLowerCase(), block.toString('utf8', off + 4, off + 4 + valueLen));
    off += 4 + valueLen;
  }
  return headers;
}

/** Events: 'stream' (SpdyStream, once accepted), 'close'. */
export class SpdySession extends EventEmitter {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly streams = new Map<number, SpdyStream>();
  private readonly inflate = zlib.createInflate({ dictionary: SPDY3_DICTIONARY });
  private readonly deflate = zlib.createDeflate({ dictionary: SPDY3_DICTIONARY });
  /** Frames are handled one at a time: header blocks decompress asynchronously, in order. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly transport: SpdyTransport) {
    super();
  }

  /** Bytes from the client. */
  receive(data: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    while (this.buffer.length >= 8) {
      const length = this.buffer.readUInt32BE(4) & 0xffffff;
      if (this.buffer.length < 8 + length) break;
      const frame = this.buffer.subarray(0, 8 + length);
      this.buffer = this.buffer.subarray(8 + length);
      this.queue = this.queue.then(() => this.handle(frame)).catch(() => this.close());
    }
  }

  sendData(id: number, data: Buffer, fin: boolean): void {
    if (this.closed) return;
    this.transport.write(dataFrame(id, data, fin));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) s.emit('close');
    this.streams.clear();
    this.inflate.close();
    this.deflate.close();
    this.transport.close();
    this.emit('close');
  }

  private async handle(frame: Buffer): Promise<void> {
    const flags = frame[4];
    const payload = frame.subarray(8);
    if ((frame[0] & 0x80) === 0) return this.onData(frame.readUInt32BE(0) & 0x7fffffff, flags, payload);
    switch (frame.readUInt16BE(2)) {
      case SYN_STREAM: {
        const id = payload.readUInt32BE(0) & 0x7fffffff;
        const headers = parseHeaderBlock(await flushThrough(this.inflate, payload.subarray(10)));
        const stream = new SpdyStream(id, headers, this);
        this.streams.set(id, stream);
        await this.reply(id);
        this.emit('stream', stream);
        if (flags & FLAG_FIN) stream.emit('end');
        return;
      }
      case RST_STREAM: {
        const id = payload.readUInt32BE(0) & 0x7fffffff;
        this.streams.get(id)?.emit('close');
        this.streams.delete(id);
        return;
      }
      case PING:
        this.transport.write(controlFrame(PING, 0, payload));
        return;
      case GOAWAY:
        this.close();
        return;
      default:
        // SETTINGS, WINDOW_UPDATE, HEADERS: nothing we need to act on.
        return;
    }
  }

  private onData(id: number, flags: number, payload: Buffer): void {
    const stream = this.streams.get(id);
    if (payload.length > 0) {
      stream?.emit('data', payload);
      // Give the window back at once, for the stream and the session, so the client never stalls.
      for (const target of [id, 0]) {
        const w = Buffer.alloc(8);
        w.writeUInt32BE(target, 0);
        w.writeUInt32BE(payload.length, 4);
        this.transport.write(controlFrame(WINDOW_UPDATE, 0, w));
      }
    }
    if (flags & FLAG_FIN) stream?.emit('end');
  }

  /** SYN_REPLY with an empty header block. */
  private async reply(id: number): Promise<void> {
    const block = await flushThrough(this.deflate, Buffer.alloc(4));
    const body = Buffer.alloc(4);
    body.writeUInt32BE(id, 0);
    this.transport.write(controlFrame(SYN_REPLY, 0, Buffer.concat([body, block])));
  }
}
