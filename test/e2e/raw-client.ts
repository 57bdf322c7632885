// Raw HTTPS requests to a k8ts cluster with the admin kubeconfig's client certificate:
// for tests that must see exact status codes, headers and bodies, or send bodies no
// well-behaved client would.

import https from 'node:https';
import { loadKubeconfig, resolveContext } from '../../src/client/kubeconfig.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: any;
  /** The body was cut off by `streamCapMs`. */
  truncated?: boolean;
}

export interface RequestOptions {
  body?: string | Buffer;
  contentType?: string;
  accept?: string;
  timeoutMs?: number;
  /** Streams (watch, follow): after the headers, read at most this long, then hang up and return what came. */
  streamCapMs?: number;
}

export interface RawClient {
  server: string;
  request(method: string, path: string, opts?: RequestOptions): Promise<RawResponse>;
  close(): void;
}

/** `anonymous` drops the client certificate (to check that unauthenticated requests are refused). */
export async function rawClient(kubeconfig: string, opts: { anonymous?: boolean; maxSockets?: number } = {}): Promise<RawClient> {
  const ctx = resolveContext(await loadKubeconfig(kubeconfig));
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: opts.maxSockets ?? 64,
    ca: ctx.ca,
    cert: opts.anonymous ? undefined : ctx.cert,
    key: opts.anonymous ? undefined : ctx.key,
  });
  const base = new URL(ctx.server);
  return {
    server: ctx.server,
    request(method, path, o = {}) {
      return new Promise<RawResponse>((resolve, reject) => {
        const headers: Record<string, string | number> = { Accept: o.accept ?? 'application/json' };
        if (o.body !== undefined) {
          headers['Content-Type'] = o.contentType ?? 'application/json';
          headers['Content-Length'] = Buffer.byteLength(o.body);
        }
        let settled = false;
        const settle = (f: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(cap);
          f();
        };
        let cap: NodeJS.Timeout | undefined;
        // `path` goes on the wire as given (no URL normalisation), so `..` and odd encodings reach the server.
        const req = https.request({ agent, host: base.hostname, port: base.port, method, path, headers }, (res) => {
          const chunks: Buffer[] = [];
          const done = (truncated: boolean) =>
            settle(() => {
              const body = Buffer.concat(chunks).toString('utf8');
              let json: any;
              try {
                json = JSON.parse(body);
              } catch {
                json = undefined;
              }
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json, truncated });
            });
          if (o.streamCapMs !== undefined) {
            cap = setTimeout(() => {
              done(true);
              req.destroy();
            }, o.streamCapMs);
          }
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(false));
          res.on('error', (e) => settle(() => reject(e)));
        });
        req.setTimeout(o.timeoutMs ?? 30_000, () => req.destroy(new Error(`${method} ${path}: no response in ${o.timeoutMs ?? 30_000} ms`)));
        req.on('error', (e) => settle(() => reject(e)));
        req.end(o.body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** A minimal ConfigMap body. */
export function configMap(name: string, data: Record<string, string> = { k: 'v' }): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
}
