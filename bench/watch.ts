// A raw watch for benchmarks: one HTTPS stream, one callback per event, no client library
// in between (so what is measured is the server).

import https from 'node:https';
import type { ResolvedContext } from '../src/client/kubeconfig.js';

export interface WatchEvent {
  type: string;
  object: any;
}

/** Opens a watch on `path` (query included); `onEvent` sees each event; returns a stop function once the response starts. */
export function watch(ctx: ResolvedContext, agent: https.Agent, path: string, onEvent: (ev: WatchEvent) => void): Promise<() => void> {
  const url = new URL(ctx.server);
  return new Promise((resolve, reject) => {
    const req = https.get({ agent, host: url.hostname, port: url.port, path }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`watch ${path}: HTTP ${res.statusCode}`));
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
          onEvent(JSON.parse(buf.slice(0, nl)));
          buf = buf.slice(nl + 1);
        }
      });
      resolve(() => req.destroy());
    });
    req.on('error', reject);
  });
}

export function agentFor(ctx: ResolvedContext, maxSockets: number): https.Agent {
  return new https.Agent({ keepAlive: true, maxSockets, ca: ctx.ca, cert: ctx.cert, key: ctx.key });
}
