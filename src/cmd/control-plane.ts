// Starts the control plane on a data directory: the store, the cluster PKI, the API server,
// and the admin kubeconfig. Used by `k8ts up` and `k8ts server`.

import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { allResources } from '../api/all.js';
import { Authenticator } from '../apiserver/authn.js';
import { ensureClusterPki, type ClusterPki } from '../apiserver/pki/cluster-pki.js';
import { ensureServiceAccountKey } from '../apiserver/pki/service-account-key.js';
import type { TolerationDefaults } from '../apiserver/admission/default-tolerations.js';
import { ApiServer } from '../apiserver/server.js';
import { defaultAdvertiseAddress } from '../apiserver/kubernetes-service.js';
import { buildKubeconfig, mergeKubeconfig, writeKubeconfig } from '../client/kubeconfig.js';
import { openSqliteStore, type Store } from '../storage/index.js';

export interface ControlPlaneOptions {
  dataDir: string;
  bindAddress: string;
  httpsPort: number;
  /** Serve plain HTTP instead of HTTPS (no authentication: kubectl sends no credentials over HTTP). */
  insecureHttp: boolean;
  /** Where to write the admin kubeconfig; when set, ~/.kube/config is left alone. */
  writeKubeconfig?: string;
  tolerations: TolerationDefaults;
  /** Print what is happening to the person waiting. */
  progress: (msg: string) => void;
}

export interface ControlPlane {
  server: ApiServer;
  /** The cluster's certificates (absent with --insecure-http). */
  pki?: ClusterPki;
  store: Store;
  url: string;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

export function defaultDataDir(): string {
  return process.getuid?.() === 0 ? '/var/lib/k8ts' : path.join(os.homedir(), '.k8ts');
}

export async function startControlPlane(o: ControlPlaneOptions): Promise<ControlPlane> {
  await mkdir(o.dataDir, { recursive: true, mode: 0o700 });
  const dbPath = path.join(o.dataDir, 'db', 'state.db');
  o.progress(`opening the embedded store ${dbPath}`);
  const store = openSqliteStore(dbPath);
  const host = o.bindAddress === '0.0.0.0' || o.bindAddress === '::' ? '127.0.0.1' : o.bindAddress;
  const authenticator = new Authenticator();
  let tls: { cert: string; key: string; clientCA: string } | undefined;
  let pki: Awaited<ReturnType<typeof ensureClusterPki>> | undefined;
  const serviceAccountKeys = await ensureServiceAccountKey(o.dataDir);
  if (!o.insecureHttp) {
    o.progress('preparing certificates');
    // Agents on other machines reach the server at its advertised address: the certificate must name it.
    const advertised = defaultAdvertiseAddress();
    pki = await ensureClusterPki(o.dataDir, { serverNames: [os.hostname()], serverIPs: advertised ? [host, advertised] : [host] });
    tls = { cert: pki.serving.certPem, key: pki.serving.keyPem, clientCA: pki.clientCA.certPem };
  }
  o.progress('starting the API server');
  const kubeletClient = pki && { cert: pki.kubeletClient.certPem, key: pki.kubeletClient.keyPem, ca: pki.serverCA.certPem };
  const server = new ApiServer({ store, resources: allResources(), authenticator, tls, host: o.bindAddress, port: o.httpsPort, tolerations: o.tolerations, serviceAccountKeys, kubeletClient });
  const { port } = await server.start();
  const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const kubeconfigPath = o.writeKubeconfig ?? path.join(o.dataDir, 'admin.kubeconfig');
  const cfg = buildKubeconfig({
    clusterName: 'k8ts',
    server: url,
    caPem: pki?.serverCA.certPem,
    certPem: pki?.admin.certPem,
    keyPem: pki?.admin.keyPem,
    contextName: 'k8ts',
    userName: 'k8ts-admin',
  });
  await writeKubeconfig(kubeconfigPath, cfg);
  if (!o.writeKubeconfig) {
    const userConfig = path.join(os.homedir(), '.kube', 'config');
    await mergeKubeconfig(userConfig, cfg, 'k8ts');
    o.progress(`merged context "k8ts" into ${userConfig}`);
  }
  return {
    server,
    pki,
    store,
    url,
    kubeconfigPath,
    async stop() {
      await server.stop();
      await store.close();
    },
  };
}
