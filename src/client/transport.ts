// How the client reaches an API server. The REST client speaks only to this interface, so the
// same controllers run over HTTPS (another machine) or in-process (same handler chain, no
// TCP/TLS). Both implementations below are Node's HTTP client over a different Agent.

import http from 'node:http';
import { ApiError } from './errors.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface TransportRequest {
  method: string;
  /** Absolute API path, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  query?: Query;
  body?: Buffer | string;
  contentType?: string;
  accept?: string;
}

export interface TransportResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The lines of a long-lived response (a watch), without their `\n`; `close()` hangs up. */
export interface LineStream extends AsyncIterable<string> {
  close(): void;
}

export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  /** A streaming GET; rejects with an ApiError when the reply is not 2xx. */
  stream(req: { path: string; query?: Query }): Promise<LineStream>;
  /** Drops pooled connections. */
  close(): void;
}

export interface NodeHttpTransportOptions {
  /** `http.request` or `https.request`. */
  send: typeof http.request;
  agent: http.Agent;
  host: string;
  port: number;
  /** Prefix of every path when the server URL has one (`https://host/k8s`). */
  basePath?: string;
  /** Sent on every request (Authorization, User-Agent). */
  headers?: Record<string, string>;
}

export class NodeHttpTransport implements Transport {
  constructor(private readonly o: NodeHttpTransportOptions) {}

  request(r: TransportRequest): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const body = r.body === undefined ? undefined : Buffer.from(r.body);
      const req = this.open(r.method, r.path, r.query, { accept: r.accept, contentType: body && (r.contentType ?? 'application/json'), contentLength: body?.length });
      req.on('error', reject);
      req.on('response', (res) => {
        readAll(res).then((body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }), reject);
      });
      req.end(body);
    });
  }

  stream(r: { path: string; query?: Query }): Promise<LineStream> {
    return new Promise((resolve, reject) => {
      const req = this.open('GET', r.path, r.query, {});
      req.on('error', reject);
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve(lineStream(req, res));
        readAll(res).then((body) => reject(ApiError.fromResponse(status, res.headers, body)), reject);
      });
      req.end();
    });
  }

  close(): void {
    this.o.agent.destroy();
  }

  private open(method: string, path: string, query: Query | undefined, h: { accept?: string; contentType?: string; contentLength?: number }): http.ClientRequest {
    const headers: Record<string, string> = { Accept: h.accept ?? 'application/json', ...this.o.headers };
    if (h.contentType) headers['Content-Type'] = h.contentType;
    // Node frames DELETE bodies neither chunked nor with a length unless told: always say it.
    if (h.contentLength !== undefined) headers['Content-Length'] = String(h.contentLength);
    return this.o.send({ agent: this.o.agent, host: this.o.host, port: this.o.port, method, path: (this.o.basePath ?? '') + path + queryString(query), headers });
  }
}

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function readAll(res: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function lineStream(req: http.ClientRequest, res: http.IncomingMessage): LineStream {
  let closed = false;
  // utf8 decoding in the stream keeps a character split across chunks whole.
  res.setEncoding('utf8');
  async function* lines(): AsyncGenerator<string> {
    let buf = '';
    try {
      for await (const chunk of res) {
        buf += chunk as string;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line.trim() !== '') yield line;
        }
      }
      if (buf.trim() !== '') yield buf;
    } catch (e) {
      // Our own hang-up surfaces as an "aborted" error: that is a normal end.
      if (!closed) throw e;
    } finally {
      // A consumer that stopped iterating early must not leave the watch open on the server.
      if (!res.complete) req.destroy();
    }
  }
  const it = lines();
  return {
    [Symbol.asyncIterator]: () => it,
    close() {
      if (closed) return;
      closed = true;
      req.destroy();
    },
  };
}
