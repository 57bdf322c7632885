// The /etc/hosts the kubelet gives each container of a pod that has its own network
// (kubelet_pods.go's managed hosts file): localhost entries, the pod's own IP under its
// hostname (and FQDN when it has a subdomain), then spec.hostAliases. It is one file per pod,
// <rootDir>/pods/<uid>/etc-hosts, written before each container starts.

import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pod } from '../api/core/types.js';
import type { Mount } from './runtime/types.js';

const HOSTS_PATH = '/etc/hosts';

const HEADER = [
  '# Kubernetes-managed hosts file.',
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'fe00::0\tip6-mcastprefix',
  'fe00::1\tip6-allnodes',
  'fe00::2\tip6-allrouters',
];

interface HostAlias {
  ip?: string;
  hostnames?: string[];
}

export function hostsFileContent(pod: Pod, hostname: string, podIP: string | undefined, clusterDomain: string): string {
  const lines = [...HEADER];
  const subdomain = pod.spec?.subdomain;
  if (podIP) {
    const fqdn = subdomain ? `${hostname}.${subdomain}.${pod.metadata?.namespace}.svc.${clusterDomain}` : undefined;
    lines.push(fqdn ? `${podIP}\t${fqdn}\t${hostname}` : `${podIP}\t${hostname}`);
  }
  const aliases = (pod.spec?.hostAliases ?? []) as HostAlias[];
  if (aliases.length) {
    lines.push('', '# Entries added by HostAliases.');
    for (const a of aliases) if (a.ip && a.hostnames?.length) lines.push(`${a.ip}\t${a.hostnames.join('\t')}`);
  }
  return `${lines.join('\n')}\n`;
}

function hostsFile(rootDir: string, uid: string): string {
  return path.join(rootDir, 'pods', uid, 'etc-hosts');
}

/**
 * Writes the pod's hosts file and returns the mount for it; none for host-network pods (they
 * see the host's) or a container that mounts something at /etc/hosts itself.
 */
export async function hostsMount(rootDir: string, pod: Pod, mounts: readonly Mount[], content: () => string): Promise<Mount | undefined> {
  if (pod.spec?.hostNetwork || mounts.some((m) => m.containerPath === HOSTS_PATH)) return undefined;
  const file = hostsFile(rootDir, pod.metadata?.uid ?? '');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content());
  return { containerPath: HOSTS_PATH, hostPath: file, readOnly: false };
}

export async function removeHostsFile(rootDir: string, uid: string): Promise<void> {
  await rm(hostsFile(rootDir, uid), { force: true });
}
