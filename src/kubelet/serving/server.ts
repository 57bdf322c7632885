// The kubelet's own HTTPS API (port 10250), which the API server reaches for pods/log, exec,
// attach and port-forward: `/containerLogs/<ns>/<pod>/<container>`, WebSocket upgrades of
// `/exec/<ns>/<pod>/<container>?command=…` and `/attach/…`, and SPDY (raw or in WebSocket)
// for `/portForward/<ns>/<pod>`. Only callers with a client certificate from the cluster's
// client CA (the API server's) get in.

import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { logger } from '../../machinery/log.js';
import type { Runtime } from '../runtime/types.js';
import { findContainer, ServingError } from './containers.js';
import { streamLogs } from './logs.js';
import { servePortForward } from './port-forward.js';
import { CHANNEL_PROTOCOLS, finish, sessionStreams, streamRequest } from './remote-command.js';
import { SpdySession } from './spdy/session.js';

const log = logger('kubelet-server');

export interface KubeletServerOptions {
  runtime: Runtime;
  host: string;
  /** 0 picks a free port. */
  port: number;
  tls: { cert: string; key: string; clientCA: string };
}

const ROUTE = /^\/(containerLogs|exec|attach)\/([^/]+)\/([^/]+)\/([^/]+)$/;
const PORT_FORWARD = /^\/portForward\/([^/]+)\/([^/]+)$/;
const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
const TUNNELLED_PORT_FORWARD = `SPDY/3.1+${PORT_FORWARD_PROTOCOL}`;

function refuse(socket: Duplex, why: string): void {
  socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${why}\n`);
}

export class KubeletServer {
  private readonly server: https.Server;
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => CHANNEL_PROTOCOLS.find((p) => offered.has(p)) ?? false });
  private readonly tunnels = new WebSocketServer({ noServer: true, handleProtocols: (offered) => (offered.has(TUNNELLED_PORT_FORWARD) ? TUNNELLED_PORT_FORWARD : false) });

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
    for (const ws of [...this.wss.clients, ...this.tunnels.clients]) ws.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** kubectl port-forward: SPDY/3.1 tunnelled in WebSocket (kubectl's default), or raw after an `Upgrade: SPDY/3.1`. */
  private async portForward(req: http.IncomingMessage, socket: Duplex, head: Buffer, namespace: string, pod: string): Promise<void> {
    const sandbox = (await this.o.runtime.listPodSandboxes()).find((s) => s.namespace === namespace && s.name === pod && s.state === 'READY');
    if (!sandbox) return refuse(socket, `pod ${namespace}/${pod} has no running sandbox on this node`);
    const connect = (port: number) => this.o.runtime.portForward(sandbox.id, port);
    const upgrade = req.headers.upgrade?.toLowerCase();
    if (upgrade === 'websocket') {
      this.tunnels.handleUpgrade(req, socket, head, (ws) => {
        const session = new SpdySession({ write: (b) => ws.readyState === ws.OPEN && ws.send(b, { binary: true }), close: () => ws.close() });
        ws.on('message', (d: Buffer) => session.receive(d));
        ws.on('close', () => session.close());
        servePortForward(session, pod, connect);
      });
      return;
    }
    if (upgrade !== 'spdy/3.1') return refuse(socket, 'port-forward needs an upgrade to SPDY/3.1 or a WebSocket');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`);
    const session = new SpdySession({ write: (b) => void socket.write(b), close: () => socket.end() });
    if (head.length) session.receive(head);
    socket.on('data', (d: Buffer) => session.receive(d));
    socket.on('close', () => session.close());
    socket.on('error', () => session.close());
    servePortForward(session, pod, connect);
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
    const pf = PORT_FORWARD.exec(url.pathname);
    if (pf) return this.portForward(req, socket, head, decodeURIComponent(pf[1]), decodeURIComponent(pf[2]));
    const m = ROUTE.exec(url.pathname);
    if (!m || m[1] === 'containerLogs' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
      // exec's SPDY fallback is not served: kubectl tries WebSocket first.
      return refuse(socket, 'only WebSocket streaming (v5.channel.k8s.io, v4.channel.k8s.io) is served for exec and attach');
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
