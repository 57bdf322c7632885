// The kubelet's own HTTPS API (port 10250), which the API server reaches for pods/log, exec
// and attach: `/containerLogs/<ns>/<pod>/<container>`, and WebSocket upgrades of
// `/exec/<ns>/<pod>/<container>?command=…` and `/attach/…`. Only callers with a client
// certificate from the cluster's client CA (the API server's) get in.

import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { logger } from '../../machinery/log.js';
import type { Runtime } from '../runtime/types.js';
import { findContainer, ServingError } from './containers.js';
import { streamLogs } from './logs.js';
import { CHANNEL_PROTOCOLS, finish, sessionStreams, streamRequest } from './remote-command.js';

const log = logger('kubelet-server');

export interface KubeletServerOptions {
  runtime: Runtime;
  host: string;
  /** 0 picks a free port. */
  port: number;
  tls: { cert: string; key: string; clientCA: string };
}

const ROUTE = /^\/(containerLogs|exec|attach)\/([^/]+)\/([^/]+)\/([^/]+)$/;

export class KubeletServer {
  private readonly server: https.Server;
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => CHANNEL_PROTOCOLS.find((p) => offered.has(p)) ?? false });

  constructor(private readonly o: KubeletServerOptions) {
    this.server = https.createServer({ cert: o.tls.cert, key: o.tls.key, ca: o.tls.clientCA, requestCert: true, rejectUnauthorized: true }, (req, res) => void this.serve(req, res));
    this.server.on('upgrade', (req, socket, head) => void this.upgrade(req, socket, head));
  }

  async start(): Promise<{ port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.o.port, this.o.host, () => resolve());
    });
    return { port: (this.server.address() as AddressInfo).port };
  }

  async stop(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    try {
      if (url.pathname === '/healthz') return void res.end('ok');
      const m = ROUTE.exec(url.pathname);
      if (!m) throw new ServingError(404, `${url.pathname} not found`);
      if (m[1] !== 'containerLogs') throw new ServingError(400, 'Upgrade request required');
      const [ns, pod, name] = m.slice(2).map(decodeURIComponent);
      const q = url.searchParams;
      const container = await findContainer(this.o.runtime, ns, pod, name, /^(1|true)$/i.test(q.get('previous') ?? ''));
      const since = q.get('sinceSeconds') ? Date.now() - Number(q.get('sinceSeconds')) * 1000 : q.get('sinceTime') ? Date.parse(q.get('sinceTime')!) : undefined;
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
      res.flushHeaders();
      const stop = () => res.destroy();
      req.on('close', stop);
      await streamLogs(this.o.runtime, container, {
        follow: /^(1|true)$/i.test(q.get('follow') ?? ''),
        timestamps: /^(1|true)$/i.test(q.get('timestamps') ?? ''),
        tailLines: q.get('tailLines') !== null ? Number(q.get('tailLines')) : undefined,
        limitBytes: q.get('limitBytes') !== null ? Number(q.get('limitBytes')) : undefined,
        sinceMs: since,
      }, res);
      req.off('close', stop);
      res.end();
    } catch (e) {
      const code = e instanceof ServingError ? e.code : 500;
      if (!res.headersSent) res.writeHead(code, { 'Content-Type': 'text/plain' });
      res.end((e as Error).message);
    }
  }

  private async upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const m = ROUTE.exec(url.pathname);
    if (!m || m[1] === 'containerLogs' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
      // kubectl's port-forward, and exec's fallback, speak SPDY/3.1, which this kubelet does not yet.
      const why = url.pathname.startsWith('/portForward/') ? 'port-forward needs SPDY/3.1, which this kubelet does not serve yet' : 'only WebSocket streaming (v5.channel.k8s.io, v4.channel.k8s.io) is served';
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${why}\n`);
      return;
    }
    const [verb, ns, pod, name] = [m[1], ...m.slice(2).map(decodeURIComponent)];
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const request = streamRequest(url.searchParams);
      const streams = sessionStreams(ws, request);
      const run = async () => {
        const container = await findContainer(this.o.runtime, ns, pod, name);
        if (verb === 'exec') return this.o.runtime.exec(container.id, url.searchParams.getAll('command'), streams);
        await this.o.runtime.attach(container.id, streams);
        return 0;
      };
      run().then(
        (exitCode) => finish(ws, { exitCode }),
        (e) => {
          log.info('stream failed', { verb, pod: `${ns}/${pod}`, container: name, error: (e as Error).message });
          finish(ws, { error: (e as Error).message });
        },
      );
    });
  }
}
