// Port-forwarding through the CRI streaming server's WebSocket protocol
// (`v4.channel.k8s.io`), which containerd serves at the URL CRI PortForward returns. Each
// binary message starts with a channel byte: 0 carries data and 1 errors, and each channel's
// first message starts with the port (2 bytes, little-endian).

import { Duplex } from 'node:stream';
import WebSocket from 'ws';

const PROTOCOL = 'v4.channel.k8s.io';
const PF_DATA = 0;
const PF_ERROR = 1;

function frame(channel: number, data: Buffer): Buffer {
  return Buffer.concat([Buffer.of(channel), data]);
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

function connect(url: string): WebSocket {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), [PROTOCOL], { perMessageDeflate: false });
  ws.on('unexpected-response', (_req, res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (body += chunk));
    res.on('end', () => ws.emit('error', new Error(`streaming server answered ${res.statusCode}: ${body.trim()}`)));
  });
  return ws;
}

/** One forwarded connection as a Duplex; ending the writable side keeps it open for the reply. */
class PortForwardStream extends Duplex {
  private readonly seenPortPrefix = new Set<number>();
  private errorText = '';

  constructor(private readonly ws: WebSocket) {
    super();
    ws.on('message', (raw) => this.onMessage(toBuffer(raw)));
    ws.on('close', () => {
      if (this.errorText) this.destroy(new Error(`port-forward: ${this.errorText}`));
      else this.push(null);
    });
    ws.on('error', (err) => this.destroy(err));
  }

  private onMessage(msg: Buffer): void {
    if (msg.length === 0) return;
    const channel = msg[0];
    let payload = msg.subarray(1);
    if (!this.seenPortPrefix.has(channel)) {
      this.seenPortPrefix.add(channel);
      payload = payload.subarray(2);
    }
    if (payload.length === 0) return;
    if (channel === PF_ERROR) this.errorText += payload.toString('utf8');
    else if (channel === PF_DATA && !this.push(payload)) this.ws.pause();
  }

  override _read(): void {
    this.ws.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    // The server closes after reporting a failure (e.g. nothing listens on the port): say that.
    if (this.ws.readyState !== WebSocket.OPEN) return cb(new Error(`port-forward: ${this.errorText || 'connection closed'}`));
    this.ws.send(frame(PF_DATA, chunk), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    cb(err);
  }
}

/** Opens a port-forward session at `url` (made for exactly one port); resolves once connected. */
export function openPortForward(url: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const ws = connect(url);
    const onError = (err: Error) => reject(err);
    ws.once('error', onError);
    ws.once('open', () => {
      ws.off('error', onError);
      if (ws.protocol !== PROTOCOL) {
        ws.terminate();
        reject(new Error(`streaming server chose subprotocol "${ws.protocol}", not ${PROTOCOL}`));
        return;
      }
      resolve(new PortForwardStream(ws));
    });
  });
}
