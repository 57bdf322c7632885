// pods/log, pods/exec, pods/attach and pods/portforward, as upstream's API server serves them:
// it finds the pod's node and hands the request to that node's kubelet (its HTTPS API at the
// node's InternalIP and daemonEndpoints port), streaming the log reply back, and for the
// upgraded streaming protocols piping the raw connection both ways without reading it.

import type http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import type { KubeObject } from '../../api/resource.js';
import { badRequest, StatusError } from '../../machinery/status.js';
import type { Registries } from '../registries.js';

/** The API server's client credentials at the kubelets, and the CA their serving certificates chain to. */
export interface KubeletClientConfig {
  cert: string;
  key: string;
  ca: string;
}

const KUBELET_PATHS: Record<string, string> = { log: 'containerLogs', exec: 'exec', attach: 'attach', portforward: 'portForward' };

interface Container {
  name?: string;
}

/** The container a request means: the one it names, or the pod's only one. */
function containerOf(pod: KubeObject, q: URLSearchParams): string {
  const spec = pod.spec as { containers?: Container[]; initContainers?: Container[]; ephemeralContainers?: Container[] };
  const names = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name ?? '');
  const asked = q.get('container');
  const podName = pod.metadata?.name ?? '';
  if (asked) {
    if (!names.includes(asked)) throw badRequest(`container ${asked} is not valid for pod ${podName}`);
    return asked;
  }
  const main = (spec.containers ?? []).map((c) => c.name ?? '');
  if (main.length === 1) return main[0];
  throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${main.join(' ')}]`);
}

interface ContainerStatusView {
  name: string;
  state?: { waiting?: { reason?: string } };
  lastState?: { terminated?: unknown };
}

/** Upstream's refusal to read logs of a container that has never run (one waiting to restart shows its last run). */
function checkStarted(pod: KubeObject, container: string, q: URLSearchParams): void {
  if (/^(1|true)$/i.test(q.get('previous') ?? '')) return;
  const status = pod.status as { containerStatuses?: ContainerStatusView[]; initContainerStatuses?: ContainerStatusView[] } | undefined;
  const st = [...(status?.containerStatuses ?? []), ...(status?.initContainerStatuses ?? [])].find((s) => s.name === container);
  const waiting = st?.state?.waiting;
  if (!st || (waiting && !st.lastState?.terminated)) throw badRequest(`container "${container}" in pod "${pod.metadata?.name}" is waiting to start: ${waiting?.reason ?? 'ContainerCreating'}`);
}

export class KubeletProxy {
  constructor(
    private readonly regs: Registries,
    private readonly client: KubeletClientConfig | undefined,
  ) {}

  /** Where the pod's kubelet serves, and the kubelet path for this request. */
  private async target(namespace: string, name: string, sub: string, q: URLSearchParams): Promise<{ host: string; port: number; path: string; pod: KubeObject; container?: string }> {
    if (!this.client) throw new StatusError(503, 'ServiceUnavailable', 'this API server has no kubelet client credentials');
    const pod = await this.regs.lookup('', 'v1', 'pods')!.get(namespace, name);
    const nodeName = (pod.spec as { nodeName?: string }).nodeName;
    if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
    const node = await this.regs.lookup('', 'v1', 'nodes')!.get(undefined, nodeName);
    const status = node.status as { addresses?: Array<{ type: string; address: string }>; daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } } | undefined;
    const host = status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    const port = status?.daemonEndpoints?.kubeletEndpoint?.Port;
    if (!host || !port) throw new StatusError(503, 'ServiceUnavailable', `node ${nodeName} has no kubelet address to reach`);
    const enc = encodeURIComponent;
    if (sub === 'portforward') return { host, port, pod, path: `/portForward/${enc(namespace)}/${enc(name)}?${q}` };
    const container = containerOf(pod, q);
    return { host, port, pod, container, path: `/${KUBELET_PATHS[sub]}/${enc(namespace)}/${enc(name)}/${enc(container)}?${q}` };
  }

  /** GET pods/log: the kubelet's text/plain reply, streamed (and followed) as it comes. */
  async logs(namespace: string, name: string, q: URLSearchParams, res: http.ServerResponse): Promise<void> {
    const t = await this.target(namespace, name, 'log', q);
    checkStarted(t.pod, t.container!, q);
    await new Promise<void>((resolve, reject) => {
      const out = https.get({ host: t.host, port: t.port, path: t.path, cert: this.client!.cert, key: this.client!.key, ca: this.client!.ca }, (reply) => {
        if (reply.statusCode !== 200) {
          let text = '';
          reply.setEncoding('utf8');
          reply.on('data', (d) => (text += d));
          reply.on('end', () => reject(new StatusError(reply.statusCode === 404 ? 404 : 400, reply.statusCode === 404 ? 'NotFound' : 'BadRequest', text.trim())));
          return;
        }
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
        reply.pipe(res);
        reply.on('end', resolve);
        reply.on('error', resolve);
      });
      out.on('error', (e) => reject(new StatusError(503, 'ServiceUnavailable', `cannot reach the kubelet of the pod's node: ${e.message}`)));
      res.on('close', () => out.destroy());
    });
  }

  /** exec, attach, portforward: the upgrade is relayed to the kubelet byte for byte. */
  async upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, namespace: string, name: string, sub: string, q: URLSearchParams): Promise<void> {
    const t = await this.target(namespace, name, sub, q);
    const upstream = tls.connect({ host: t.host, port: t.port, cert: this.client!.cert, key: this.client!.key, ca: this.client!.ca });
    await new Promise<void>((resolve, reject) => {
      upstream.once('secureConnect', resolve);
      upstream.once('error', (e) => reject(new StatusError(503, 'ServiceUnavailable', `cannot reach the kubelet of the pod's node: ${e.message}`)));
    });
    const headers = Object.entries(req.headers)
      .filter(([k]) => k !== 'host' && k !== 'authorization')
      .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}: ${x}`) : [`${k}: ${v}`]));
    upstream.write(`${req.method} ${t.path} HTTP/1.1\r\nHost: ${t.host}:${t.port}\r\n${headers.join('\r\n')}\r\n\r\n`);
    if (head.length) upstream.write(head);
    socket.pipe(upstream).pipe(socket);
    const close = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', close);
    upstream.on('error', close);
    socket.on('close', close);
    upstream.on('close', close);
  }
}
