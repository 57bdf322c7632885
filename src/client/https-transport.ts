// The transport for a cluster named by a kubeconfig: HTTPS with the context's CA, client
// certificate or bearer token, over one keep-alive agent (plain HTTP when the server URL is
// http://, as behind `--insecure-port`-style flags).

import http from 'node:http';
import https from 'node:https';
import { loadKubeconfig, resolveContext, type ResolvedContext } from './kubeconfig.js';
import { NodeHttpTransport } from './transport.js';

export interface HttpsTransportOptions {
  userAgent?: string;
}

export class HttpsTransport extends NodeHttpTransport {
  constructor(ctx: ResolvedContext, opts: HttpsTransportOptions = {}) {
    const url = new URL(ctx.server);
    const secure = url.protocol === 'https:';
    const agent = secure
      ? new https.Agent({ keepAlive: true, ca: ctx.ca, cert: ctx.cert, key: ctx.key, rejectUnauthorized: !ctx.insecureSkipTLSVerify })
      : new http.Agent({ keepAlive: true });
    const headers: Record<string, string> = { 'User-Agent': opts.userAgent ?? 'k8ts' };
    if (ctx.token) headers.Authorization = `Bearer ${ctx.token}`;
    super({
      send: secure ? https.request : http.request,
      agent,
      // URL keeps IPv6 literals bracketed; the socket layer wants them bare.
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: Number(url.port) || (secure ? 443 : 80),
      basePath: url.pathname.replace(/\/+$/, ''),
      headers,
    });
  }

  /** The transport for `contextName` (default: current-context) of the kubeconfig at `file`. */
  static async fromKubeconfigFile(file: string, contextName?: string, opts?: HttpsTransportOptions): Promise<HttpsTransport> {
    return new HttpsTransport(resolveContext(await loadKubeconfig(file), contextName), opts);
  }
}
