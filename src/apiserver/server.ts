// The API server: HTTPS (or plain HTTP behind an explicit flag), authentication, then
// routing to discovery, OpenAPI, health, version, or a resource registry. Every error leaves
// as a metav1.Status; nothing a client sends can take the process down.

import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ResourceType } from '../api/resource.js';
import { buildOpenAPIV3 } from '../api/openapi.js';
import type { TolerationDefaults } from './admission/default-tolerations.js';
import { BOOTSTRAP, ensureSystemNamespaces } from './bootstrap.js';
import { defaultAdvertiseAddress, ensureKubernetesService } from './kubernetes-service.js';
import { Compactor } from './compactor.js';
import { badRequest, internalError, isStatusError, notAcceptable, unauthorized } from '../machinery/status.js';
import { connectionUser } from '../machinery/connection-identity.js';
import { logger } from '../machinery/log.js';
import type { Store } from '../storage/index.js';
import type { Authenticator, UserInfo } from './authn.js';
import { sendObject, sendStatus } from './codec.js';
import { AGGREGATED_CONTENT_TYPE, Discovery, wantsAggregated } from './discovery.js';
import { handleResource, pageNotFound } from './handlers/resource.js';
import { Registries } from './registries.js';
import { checkPathNames, parsePath, requestURL, type PathInfo, type RequestURL } from './request-info.js';
import { KubeletProxy, type KubeletClientConfig } from './handlers/kubelet-proxy.js';
import { versionInfo } from './version.js';
import type { JwtKeys } from './serviceaccount/jwt.js';
import { ServiceAccountTokens } from './serviceaccount/tokens.js';

export interface ApiServerOptions {
  store: Store;
  resources: ResourceType[];
  authenticator: Authenticator;
  /** PEM serving certificate and key, and the CA client certificates must chain to. Absent: plain HTTP. */
  tls?: { cert: string; key: string; clientCA: string };
  host: string;
  port: number;
  /** DefaultTolerationSeconds admission (kube-apiserver's --default-*-toleration-seconds). */
  tolerations?: TolerationDefaults;
  /** Signs and checks service-account tokens (serviceaccounts/token); without it they are not served. */
  serviceAccountKeys?: JwtKeys;
  /** Where Services get their cluster IPs (default 10.43.0.0/16). */
  serviceCIDR?: string;
  /** The address the `kubernetes` Service's endpoints name (default: the first non-loopback IPv4 address). */
  advertiseAddress?: string;
  /** How to reach kubelets for pods/log, exec, attach, portforward; without it those answer 503. */
  kubeletClient?: KubeletClientConfig;
}

/** Pod subresources the node's kubelet serves (the first by plain GET, the others upgraded). */
const KUBELET_SUBRESOURCES = new Set(['log', 'exec', 'attach', 'portforward']);

/** The pod and subresource of a request that belongs to a kubelet, if it is one. */
function kubeletRequest(info: PathInfo): { namespace: string; name: string; sub: string } | undefined {
  if (info.type !== 'resource') return undefined;
  const r = info.req;
  if (r.group !== '' || r.resource !== 'pods' || !r.namespace || !r.name || !r.subresource || !KUBELET_SUBRESOURCES.has(r.subresource)) return undefined;
  return { namespace: r.namespace, name: r.name, sub: r.subresource };
}

const log = logger('apiserver');
const INSECURE_USER: UserInfo = { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] };

/** Paths anyone may read, as upstream's system:public-info-viewer role allows. */
const PUBLIC_PATHS = /^\/(version|healthz|livez|readyz)(\/.*)?$/;

export class ApiServer {
  readonly registries: Registries;
  private readonly discovery: Discovery;
  private readonly openapi: ReturnType<typeof buildOpenAPIV3>;
  private readonly server: http.Server;
  private readonly compactor: Compactor;
  private readonly kubelets: KubeletProxy;

  constructor(private readonly opts: ApiServerOptions) {
    this.registries = new Registries(opts.store, opts.resources, opts.tolerations, opts.serviceCIDR);
    if (opts.serviceAccountKeys) {
      const tokens = new ServiceAccountTokens(opts.serviceAccountKeys, this.registries);
      this.registries.serviceAccountTokens = tokens;
      opts.authenticator.addTokenSource((token) => tokens.authenticate(token));
    }
    this.discovery = new Discovery(opts.resources);
    this.openapi = buildOpenAPIV3(opts.resources);
    this.compactor = new Compactor(opts.store);
    this.kubelets = new KubeletProxy(this.registries, opts.kubeletClient);
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    this.server = opts.tls
      ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key, ca: opts.tls.clientCA, requestCert: true, rejectUnauthorized: false }, handler)
      : http.createServer(handler);
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(req, socket, head));
    // Watches are long-lived; idle keep-alive sockets are not.
    this.server.requestTimeout = 0;
    this.server.keepAliveTimeout = 65_000;
  }

  async start(): Promise<{ port: number }> {
    await this.registries.start();
    await ensureSystemNamespaces(this.registries);
    this.compactor.start();
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => resolve());
    });
    const port = (this.server.address() as AddressInfo).port;
    await ensureKubernetesService(this.registries, BOOTSTRAP, this.opts.advertiseAddress ?? defaultAdvertiseAddress(), port);
    return { port };
  }

  async stop(): Promise<void> {
    this.compactor.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.registries.close();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const url = requestURL(req.url ?? '/');
      const user = await this.authenticate(req);
      if (!user && !PUBLIC_PATHS.test(url.pathname)) throw unauthorized();
      await this.route(req, res, url, user ?? { username: 'system:anonymous', groups: ['system:unauthenticated'] });
    } catch (e) {
      if (isStatusError(e)) return sendStatus(res, e);
      log.error('request failed', { method: req.method, url: req.url, error: String((e as Error)?.stack ?? e) });
      sendStatus(res, internalError((e as Error)?.message ?? String(e)));
    }
  }

  /** Upgraded streams (exec, attach, portforward): authenticated here, then relayed to the pod's kubelet. */
  private async upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      const url = requestURL(req.url ?? '/');
      if (!(await this.authenticate(req))) throw unauthorized();
      const target = kubeletRequest(parsePath(url.pathname));
      if (!target || target.sub === 'log') throw pageNotFound();
      await this.kubelets.upgrade(req, socket, head, target.namespace, target.name, target.sub, url.searchParams);
    } catch (e) {
      const status = isStatusError(e) ? e : internalError((e as Error)?.message ?? String(e));
      const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: status.message, reason: status.reason, code: status.code });
      socket.end(`HTTP/1.1 ${status.code} ${http.STATUS_CODES[status.code] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    }
  }

  /**
   * In-process components are who their connection says; over TLS, the client certificate or
   * token; plain HTTP carries no credentials (kubectl sends none), so like upstream's old
   * insecure port it is admin.
   */
  private async authenticate(req: http.IncomingMessage): Promise<UserInfo | null> {
    const inProcess = connectionUser(req.socket);
    if (inProcess) return { ...inProcess, groups: [...inProcess.groups, 'system:authenticated'] };
    return this.opts.tls ? this.opts.authenticator.authenticateRequest(req) : INSECURE_USER;
  }

  /** The underlying server, for in-process transports (src/client/in-process.ts). */
  get httpServer(): http.Server {
    return this.server;
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse, url: RequestURL, user: UserInfo): Promise<void> {
    const path = url.pathname;
    const info = parsePath(path);
    if (info.type === 'resource') checkPathNames(info.req);
    const kubelet = kubeletRequest(info);
    if (kubelet?.sub === 'log' && (req.method === 'GET' || req.method === 'HEAD')) return this.kubelets.logs(kubelet.namespace, kubelet.name, url.searchParams, res);
    if (kubelet) throw badRequest(`Upgrade request required`);
    if (info.type === 'resource') return handleResource(this.registries, { req, res, url, user, info: info.req });
    if (info.type === 'discovery') return this.serveDiscovery(req, res, info);
    if (path === '/version' || path === '/version/') return sendObject(res, 200, versionInfo());
    if (/^\/(healthz|livez|readyz)(\/.*)?$/.test(path)) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('ok');
    }
    if (path === '/openapi/v2') throw pageNotFound();
    if (path === '/openapi/v3' || path === '/openapi/v3/') return sendObject(res, 200, this.openapi.index);
    if (path.startsWith('/openapi/v3/')) {
      const doc = this.openapi.documents.get(path.slice('/openapi/v3/'.length));
      if (!doc) throw pageNotFound();
      return sendObject(res, 200, doc, undefined, { 'Cache-Control': 'public, immutable' });
    }
    throw pageNotFound();
  }

  private serveDiscovery(req: http.IncomingMessage, res: http.ServerResponse, info: { prefix: 'api' | 'apis'; group?: string; version?: string }): void {
    const accept = req.headers.accept;
    if (info.version !== undefined) {
      const doc = this.discovery.resourceList(info.group ?? '', info.version);
      if (!doc) throw pageNotFound();
      return sendObject(res, 200, doc);
    }
    if (info.group !== undefined) {
      const doc = this.discovery.group(info.group);
      if (!doc) throw pageNotFound();
      return sendObject(res, 200, doc);
    }
    if (wantsAggregated(accept)) {
      res.writeHead(200, { 'Content-Type': AGGREGATED_CONTENT_TYPE });
      return void res.end(JSON.stringify(this.discovery.aggregated(info.prefix)));
    }
    if (accept && !/application\/json|\*\/\*|application\/\*/.test(accept)) throw notAcceptable(`only the following media types are accepted: application/json`);
    const host = req.headers.host ?? `${this.opts.host}:${this.opts.port}`;
    sendObject(res, 200, info.prefix === 'api' ? this.discovery.apiVersions(host) : this.discovery.groupList());
  }
}
