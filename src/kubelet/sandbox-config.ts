// The sandbox a pod gets (kuberuntime_sandbox.go's generatePodSandboxConfig): its labels,
// hostname, log directory, DNS, host port mappings and cgroup parent.

import os from 'node:os';
import path from 'node:path';
import type { Pod } from '../api/core/types.js';
import { podDNSConfig, type ClusterDNS } from './dns-config.js';
import { POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL, type PortMapping, type SandboxConfig } from './runtime/types.js';

export interface SandboxSettings extends ClusterDNS {
  podLogDir: string;
}

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

/** Where the pod's container logs go: `<podLogDir>/<ns>_<name>_<uid>` (upstream's /var/log/pods layout). */
export function podLogDirectory(podLogDir: string, namespace: string, name: string, uid: string): string {
  return path.join(podLogDir, `${namespace}_${name}_${uid}`);
}

export function podLabels(pod: Pod): Record<string, string> {
  const m = pod.metadata ?? {};
  return { [POD_NAME_LABEL]: m.name ?? '', [POD_NAMESPACE_LABEL]: m.namespace ?? '', [POD_UID_LABEL]: m.uid ?? '' };
}

/** The pod's hostname: spec.hostname, else its name, cut to a DNS label (host-network pods: the node's). */
export function podHostname(pod: Pod): string {
  if (pod.spec?.hostNetwork) return os.hostname();
  return (pod.spec?.hostname || pod.metadata?.name || '').slice(0, 63).replace(/[-.]+$/, '');
}

function portMappings(pod: Pod): PortMapping[] {
  return (pod.spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? [])
      .filter((p) => p.hostPort && p.containerPort)
      .map((p) => ({
        protocol: (PROTOCOLS.has(p.protocol ?? '') ? p.protocol : 'TCP') as PortMapping['protocol'],
        containerPort: p.containerPort!,
        hostPort: p.hostPort!,
        ...(p.hostIP ? { hostIP: p.hostIP } : {}),
      })),
  );
}

export function sandboxConfig(pod: Pod, attempt: number, s: SandboxSettings): SandboxConfig {
  const m = pod.metadata ?? {};
  return {
    name: m.name ?? '',
    namespace: m.namespace ?? '',
    uid: m.uid ?? '',
    attempt,
    hostname: podHostname(pod),
    logDirectory: podLogDirectory(s.podLogDir, m.namespace ?? '', m.name ?? '', m.uid ?? ''),
    hostNetwork: pod.spec?.hostNetwork === true,
    dns: podDNSConfig(pod, s),
    portMappings: portMappings(pod),
    cgroupParent: `/k8ts/pod${m.uid}`,
    labels: { ...(m.labels ?? {}), ...podLabels(pod) },
    annotations: { ...(m.annotations ?? {}) },
  };
}
