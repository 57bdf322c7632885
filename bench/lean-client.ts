// A minimal keep-alive HTTP/1.1-over-TLS client for load generation. Node's `https` module
// costs about as much CPU per request as the server does; on a 2-core machine the load
// generator would then measure itself. This one writes pre-formatted requests and parses
// only the status line and Content-Length, like wrk does.

import tls from 'node:tls';

export interface LeanResponse {
  status: number;
  body: string;
}

export class LeanConnection {
  private socket: tls.TLSSocket;
  private buf: Buffer = Buffer.alloc(0);
  private waiting?: { resolve: (r: LeanResponse) => void; reject: (e: Error) => void };

  private constructor(socket: tls.TLSSocket, private readonly host: string) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.tryParse();
    });
    socket.on('error', (e) => this.waiting?.reject(e));
  }

  static connect(url: URL, creds: { ca?: Buffer; cert?: Buffer; key?: Buffer }): Promise<LeanConnection> {
    return new Promise((resolve, reject) => {
      const s = tls.connect({ host: url.hostname, port: Number(url.port), ca: creds.ca, cert: creds.cert, key: creds.key, servername: url.hostname }, () =>
        resolve(new LeanConnection(s, url.host)),
      );
      s.once('error', reject);
    });
  }

  /** One request at a time per connection (no pipelining), as a browser or client-go does. */
  request(method: string, path: string, body?: string, contentType = 'application/json'): Promise<LeanResponse> {
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.host}\r\nAccept: application/json\r\n`;
    if (body !== undefined) head += `Content-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
    this.socket.write(`${head}\r\n${body ?? ''}`);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  private tryParse(): void {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0 || !this.waiting) return;
    const head = this.buf.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!m) throw new Error(`lean client needs Content-Length responses:\n${head}`);
    const total = end + 4 + Number(m[1]);
    if (this.buf.length < total) return;
    const body = this.buf.subarray(end + 4, total).toString('utf8');
    this.buf = this.buf.subarray(total);
    const w = this.waiting;
    this.waiting = undefined;
    w.resolve({ status, body });
  }

  close(): void {
    this.socket.destroy();
  }
}
