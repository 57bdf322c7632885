// The node agent of `k8ts up` and `k8ts agent`: a container runtime (containerd of k8ts's own,
// or the built-in process runtime), the kubelet that runs this node's pods on it, and the routes
// to other nodes' pods. It talks to the API server like any other component: in `up` over an
// in-process client, in `agent` over HTTPS with the credentials it got by joining.

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ApiServer } from '../apiserver/server.js';
import { Kubelet } from '../kubelet/index.js';
import { KubeletServer } from '../kubelet/serving/index.js';
import { HostGatewayRoutes } from '../kubelet/network/host-gw.js';
import { issueKubeletServingCert, type ClusterPki } from '../apiserver/pki/cluster-pki.js';
import { defaultAdvertiseAddress } from '../apiserver/kubernetes-service.js';
import { ContainerdDaemon, ContainerdRuntime, detectContainerd } from '../kubelet/runtime/containerd/index.js';
import { createProcessRuntime, imageStoreIn } from '../kubelet/runtime/process/index.js';
import type { ImageInfo, Runtime } from '../kubelet/runtime/types.js';
import { inProcessClient } from './in-process-client.js';
import { SharedInformerFactory, type Client } from '../client/index.js';

type RuntimeName = 'containerd' | 'process';

export interface AgentConfig {
  /** Chosen by the user; else containerd when its binaries are installed (and we are root), else process. */
  runtime?: RuntimeName;
  nodeName: string;
  nodeIP?: string;
  kubeletPort: number;
  /** The cluster's pod addresses: other nodes' subnets in it are routed to them. */
  clusterCIDR: string;
}

export interface Agent {
  stop(): Promise<void>;
}

/** How the agent reaches the API server as `system:node:<name>`, and what secures its kubelet API. */
export interface AgentCredentials {
  client: Client;
  /** The kubelet API's certificate and the CA of the clients it accepts; absent on plain-HTTP clusters, which go without a kubelet API. */
  kubeletTLS?: (nodeIP: string) => Promise<{ cert: string; key: string; clientCA: string }>;
}

/** `k8ts up`'s agent: an in-process client, and a kubelet certificate issued on the spot. */
export function inProcessCredentials(server: ApiServer, pki: ClusterPki | undefined, nodeName: string): AgentCredentials {
  return {
    client: inProcessClient(server, `system:node:${nodeName}`, ['system:nodes']),
    ...(pki && {
      kubeletTLS: async (nodeIP: string) => {
        const serving = issueKubeletServingCert(pki, nodeName, [nodeIP]);
        return { cert: serving.certPem, key: serving.keyPem, clientCA: pki.clientCA.certPem };
      },
    }),
  };
}

const CLUSTER_DNS = '10.43.0.10';

/** Where the agent keeps its state: containerd, the process runtime, the kubelet, pod logs. */
const agentDir = (dataDir: string) => path.join(dataDir, 'agent');
const containerdSocket = (dataDir: string) => path.join(agentDir(dataDir), 'containerd', 'containerd.sock');
const processStateDir = (dataDir: string) => path.join(agentDir(dataDir), 'process');

function chooseRuntime(requested: RuntimeName | undefined): { name: RuntimeName; why: string } {
  if (requested) return { name: requested, why: 'as asked with --runtime' };
  if (process.getuid?.() !== 0) return { name: 'process', why: 'not running as root' };
  if (detectContainerd().binary) return { name: 'containerd', why: 'containerd is installed' };
  return { name: 'process', why: 'containerd is not installed' };
}

export async function startAgent(creds: AgentCredentials, dataDir: string, cfg: AgentConfig, progress: (msg: string) => void): Promise<Agent> {
  // As the kubelet picks its node IP: the first non-loopback IPv4 address.
  const nodeIP = cfg.nodeIP ?? defaultAdvertiseAddress() ?? '127.0.0.1';
  const { client } = creds;
  // A node that ran before keeps its pod CIDR: with it known from the start, the runtime can
  // release the addresses a killed run left behind. A new node gets one from node IPAM.
  const podCIDR = await client.nodes.get(undefined, cfg.nodeName).then((n) => n.spec?.podCIDR, () => undefined);
  const dir = agentDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const choice = chooseRuntime(cfg.runtime);
  progress(`container runtime: ${choice.name} (${choice.why})`);
  let runtime: Runtime;
  /** Ends what the runtime runs: k8ts's own containerd removes its pods and exits; the process runtime's pods cannot outlive it. */
  let stopRuntime: () => Promise<void>;
  if (choice.name === 'containerd') {
    progress('starting containerd');
    const daemon = await ContainerdDaemon.start({ stateDir: dir, nodeIP });
    if (podCIDR) await daemon.runtime.updateRuntimeConfig(podCIDR);
    runtime = daemon.runtime;
    stopRuntime = () => daemon.stop();
  } else {
    const processRuntime = await createProcessRuntime({ stateDir: processStateDir(dataDir), nodeIP, podCIDR });
    const status = await processRuntime.status();
    if (status.message) progress(status.message);
    runtime = processRuntime;
    stopRuntime = () => processRuntime.close();
  }
  const staticPodPath = path.join(dir, 'pod-manifests');
  await mkdir(staticPodPath, { recursive: true });
  // The kubelet's API (logs, exec, attach), reached through the API server; plain HTTP
  // clusters have no certificates to secure it with, so they go without.
  let kubeletServer: KubeletServer | undefined;
  let kubeletPort = cfg.kubeletPort;
  if (creds.kubeletTLS) {
    kubeletServer = new KubeletServer({ runtime, host: '0.0.0.0', port: cfg.kubeletPort, tls: await creds.kubeletTLS(nodeIP) });
    ({ port: kubeletPort } = await kubeletServer.start());
  }
  progress(`starting the kubelet of node ${cfg.nodeName} (${nodeIP}, kubelet API on port ${kubeletPort})`);
  const informers = new SharedInformerFactory();
  const kubelet = new Kubelet({
    client,
    informers,
    runtime,
    nodeName: cfg.nodeName,
    nodeIP,
    kubeletPort,
    rootDir: path.join(dir, 'kubelet'),
    podLogDir: path.join(dir, 'pod-logs'),
    clusterDNS: CLUSTER_DNS,
    staticPodPath,
  });
  await kubelet.start();
  // Routes need root, as the pod network itself does; without root there is no pod network to route.
  const routes = process.getuid?.() === 0 ? new HostGatewayRoutes({ client, informers, nodeName: cfg.nodeName, clusterCIDR: cfg.clusterCIDR }) : undefined;
  routes?.start();
  return {
    async stop() {
      await routes?.stop();
      await kubeletServer?.stop();
      await kubelet.stop();
      await stopRuntime();
    },
  };
}

/** What `k8ts images` works on. */
export interface ImageCatalog {
  importImage(tarPath: string): Promise<string[]>;
  listImages(): Promise<ImageInfo[]>;
}

/** The running agent's containerd when it has one, else the process runtime's list of names. */
export function imageCatalog(dataDir: string): ImageCatalog {
  const socket = containerdSocket(dataDir);
  if (existsSync(socket)) return new ContainerdRuntime({ socketPath: socket });
  const store = imageStoreIn(processStateDir(dataDir));
  return { importImage: (tar) => store.import(tar), listImages: async () => store.list() };
}
