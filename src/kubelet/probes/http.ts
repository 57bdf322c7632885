// httpGet probes as upstream's prober makes them: GET with `User-Agent: kube-probe/1.32` and
// `Accept: */*` unless the probe's httpHeaders say otherwise (a `Host` header sets the host),
// no keep-alive, HTTPS without certificate checks, redirects followed only on the same host
// (up to 10), one deadline for all of it. 200–399 is success; a redirect elsewhere is
// success with a warning; any other status fails with only the status code in the message.

import http from 'node:http';
import https from 'node:https';
import { dialError, failure, joinHostPort, success, warning, type Outcome } from './outcome.js';

export interface HTTPProbeRequest {
  scheme: string;
  host: string;
  port: number;
  path: string;
  headers: { name: string; value: string }[];
  timeoutMs: number;
}

export const PROBE_USER_AGENT = 'kube-probe/1.32';
const MAX_BODY_BYTES = 10 * 1024;
const MAX_REDIRECTS = 10;
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

interface Reply {
  status: number;
  location?: string;
  body: string;
}

/** The URL as upstream's formatURL builds it (a relative path gains its slash). */
export function probeURL(r: Pick<HTTPProbeRequest, 'scheme' | 'host' | 'port' | 'path'>): URL {
  const path = r.path === '' || r.path.startsWith('/') ? r.path : `/${r.path}`;
  return new URL(`${r.scheme.toLowerCase()}://${joinHostPort(r.host, r.port)}${path}`);
}

/** The URL as Go prints it in errors: the port always written, even the scheme's default. */
export function goURL(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.protocol}//${url.hostname}:${port}${url.pathname}${url.search}`;
}

function requestHeaders(custom: { name: string; value: string }[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const { name, value } of custom) {
    const prior = headers[name];
    headers[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  const has = (n: string) => Object.keys(headers).some((k) => k.toLowerCase() === n.toLowerCase());
  if (!has('User-Agent')) headers['User-Agent'] = PROBE_USER_AGENT;
  if (!has('Accept')) headers.Accept = '*/*';
  headers.Connection = 'close';
  return headers;
}

function get(url: URL, headers: Record<string, string | string[]>, signal: AbortSignal): Promise<Reply> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method: 'GET', headers, agent: false, signal, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (b: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(b.subarray(0, MAX_BODY_BYTES - size));
        size += b.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function probeHTTP(r: HTTPProbeRequest): Promise<Outcome> {
  const headers = requestHeaders(r.headers);
  const first = probeURL(r);
  let url = first;
  const deadline = AbortSignal.timeout(r.timeoutMs);
  for (let redirects = 0; ; redirects++) {
    let reply: Reply;
    try {
      reply = await get(url, headers, deadline);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const hostPort = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
      const why = deadline.aborted ? 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)' : dialError(hostPort, err);
      return failure(`Get "${goURL(url)}": ${why}`);
    }
    if (REDIRECT_CODES.has(reply.status) && reply.location) {
      const next = new URL(reply.location, url);
      if (next.hostname === first.hostname) {
        if (redirects + 1 >= MAX_REDIRECTS) return failure(`Get "${goURL(next)}": stopped after ${MAX_REDIRECTS} redirects`);
        url = next;
        continue;
      }
    }
    if (reply.status >= 200 && reply.status < 400) {
      return reply.status >= 300 ? warning(`Probe terminated redirects, Response body: ${reply.body}`) : success(reply.body);
    }
    return failure(`HTTP probe failed with statuscode: ${reply.status}`);
  }
}
