// A minimal SPDY/3.1 client, only as much as the Kubernetes streaming protocol needs when
// talking to a CRI streaming server: HTTP upgrade, client-initiated streams named by a
// `streamtype` header, data frames with FIN (the half-close that WebSocket v4 lacks), PING
// echo. Header blocks we send are a zlib stream of stored (uncompressed) deflate blocks,
// which any inflater reads without the SPDY dictionary; header blocks we receive are
// skipped, since the streams we open are all we need to know about.

import http from 'node:http';
import type { Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import { controlFrame, dataFrame, FLAG_FIN, GOAWAY, PING, RST_STREAM, SYN_REPLY, SYN_STREAM } from '../../serving/spdy/frames.js';


/** Events: 'data' (Buffer), 'end' (the server half-closed), 'reset'. */
export class SpdyStream extends EventEmitter {
  replied = false;
  ended = false;

  constructor(readonly id: number, private readonly conn: SpdyConnection) {
    super();
  }

  write(data: Buffer): void {
    for (let off = 0; off < data.length; off += 0xffffff) this.conn.sendData(this.id, data.subarray(off, off + 0xffffff), false);
  }

  /** Half-closes our side: the reader on the server sees EOF. */
  end(): void {
    this.conn.sendData(this.id, Buffer.alloc(0), true);
  }
}

/** The uncompressed header block: count, then length-prefixed names and values. */
function headerBlock(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const entries = Object.entries(headers);
  parts.push(u32(entries.length));
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase());
    const v = Buffer.from(value);
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

/**
 * A header block as the next piece of the connection's one zlib stream: stored
 * (uncompressed) deflate blocks, which any inflater reads without the SPDY dictionary,
 * preceded by the zlib header on the first block of a connection.
 */
export function compressedHeaderBlock(headers: Record<string, string>, first: boolean): Buffer {
  const block = headerBlock(headers);
  const parts: Buffer[] = first ? [Buffer.of(0x78, 0x01)] : [];
  let off = 0;
  do {
    const chunk = block.subarray(off, off + 0xffff);
    const h = Buffer.alloc(5);
    h[0] = 0; // BFINAL=0, BTYPE=00 (stored), padded to the byte boundary
    h.writeUInt16LE(chunk.length, 1);
    h.writeUInt16LE(~chunk.length & 0xffff, 3);
    parts.push(h, chunk);
    off += 0xffff;
  } while (off < block.length);
  // An empty stored block ends each header block, as zlib's own sync flush does: Go's
  // inflater hands out a stored block's bytes only when it reaches the next block.
  parts.push(Buffer.of(0x00, 0x00, 0x00, 0xff, 0xff));
  return Buffer.concat(parts);
}

export class SpdyConnection extends EventEmitter {
  private pending: Buffer = Buffer.alloc(0);
  private nextStreamId = 1;
  private readonly streams = new Map<number, SpdyStream>();
  private zlibStarted = false;
  closed = false;
  error: Error | undefined;

  constructor(private readonly socket: Socket, head: Buffer) {
    super();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.onClose());
    // 'close' always follows; the error is kept to explain an unfinished session.
    socket.on('error', (err) => (this.error ??= err));
    if (head.length) this.onData(head);
  }

  /** Opens a stream carrying `headers`; resolves once the server has replied to it. */
  openStream(headers: Record<string, string>): Promise<SpdyStream> {
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    if (this.closed) return Promise.reject(new Error('SPDY connection is closed'));
    const stream = new SpdyStream(id, this);
    this.streams.set(id, stream);
    const payload = Buffer.alloc(10);
    payload.writeUInt32BE(id, 0);
    const block = compressedHeaderBlock(headers, !this.zlibStarted);
    this.zlibStarted = true;
    this.socket.write(controlFrame(SYN_STREAM, 0, Buffer.concat([payload, block])));
    return new Promise((resolve, reject) => {
      const onClose = () => reject(new Error('SPDY connection closed before the stream was accepted'));
      this.once('close', onClose);
      stream.once('reply', () => {
        this.off('close', onClose);
        resolve(stream);
      });
      stream.once('reset', () => {
        this.off('close', onClose);
        reject(new Error(`SPDY stream ${headers.streamtype ?? id} was refused`));
      });
    });
  }

  sendData(id: number, data: Buffer, fin: boolean): void {
    if (this.closed) return;
    this.socket.write(dataFrame(id, data, fin));
  }

  close(): void {
    this.socket.destroy();
  }

  /** Stops reading from the server (a slow local reader); SPDY has no per-stream pause here. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const length = this.pending.readUInt32BE(4) & 0xffffff;
      if (this.pending.length < 8 + length) break;
      const frame = this.pending.subarray(0, 8 + length);
      this.pending = this.pending.subarray(8 + length);
      this.onFrame(frame);
    }
  }

  private onFrame(frame: Buffer): void {
    const flags = frame[4];
    const payload = frame.subarray(8);
    if ((frame[0] & 0x80) === 0) {
      const stream = this.streams.get(frame.readUInt32BE(0) & 0x7fffffff);
      if (!stream) return;
      if (payload.length) stream.emit('data', payload);
      if (flags & FLAG_FIN) this.endStream(stream);
      return;
    }
    const type = frame.readUInt16BE(2);
    const stream = () => this.streams.get(payload.readUInt32BE(0) & 0x7fffffff);
    switch (type) {
      case SYN_REPLY: {
        const s = stream();
        if (s && !s.replied) {
          s.replied = true;
          s.emit('reply');
        }
        if (s && flags & FLAG_FIN) this.endStream(s);
        break;
      }
      case RST_STREAM: {
        const s = stream();
        if (s) {
          s.emit('reset');
          this.endStream(s);
        }
        break;
      }
      case PING:
        this.socket.write(controlFrame(PING, 0, payload));
        break;
      case GOAWAY:
        this.emit('goaway');
        break;
      // SETTINGS, WINDOW_UPDATE, HEADERS and server pushes need nothing from a client this small.
    }
  }

  private endStream(stream: SpdyStream): void {
    if (stream.ended) return;
    stream.ended = true;
    stream.emit('end');
  }

  private onClose(): void {
    this.closed = true;
    for (const s of this.streams.values()) this.endStream(s);
    this.emit('close');
  }
}

/** Upgrades an HTTP POST to `url` to SPDY/3.1, offering `protocol` as X-Stream-Protocol-Version. */
export function spdyConnect(url: string, protocol: string): Promise<SpdyConnection> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': protocol, 'Content-Length': '0' },
    });
    req.on('upgrade', (res, socket, head) => {
      const chosen = res.headers['x-stream-protocol-version'];
      if (chosen !== protocol) {
        socket.destroy();
        reject(new Error(`streaming server chose protocol "${chosen ?? ''}", not ${protocol}`));
        return;
      }
      resolve(new SpdyConnection(socket, head));
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => reject(new Error(`streaming server answered ${res.statusCode}: ${body.trim()}`)));
    });
    req.on('error', reject);
    req.end();
  });
}
