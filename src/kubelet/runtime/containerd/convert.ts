// Translation between the kubelet's runtime types (types.ts) and CRI v1 messages.

import {
  CONTAINER_NAME_LABEL, POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL,
  type ContainerConfig, type ContainerState, type ContainerStatus, type ContainerSummary, type ImageInfo, type SandboxConfig, type SandboxStatus,
  type SandboxSummary,
} from '../types.js';

type Message = Record<string, any>;

/** CRI timestamps are int64 nanoseconds (strings with longs:String); ours are milliseconds. */
export function nanosToMillis(ns: string | number | undefined): number {
  if (ns === undefined || ns === '' || ns === '0' || ns === 0) return 0;
  return Number(BigInt(ns) / 1_000_000n);
}

function podLabels(s: SandboxConfig): Record<string, string> {
  return { [POD_NAME_LABEL]: s.name, [POD_NAMESPACE_LABEL]: s.namespace, [POD_UID_LABEL]: s.uid };
}

/** How the kubelet sets namespaces for v1 pods: PID per container, network/IPC per pod or node. */
function namespaceOptions(s: SandboxConfig): Message {
  return { network: s.hostNetwork ? 'NODE' : 'POD', pid: 'CONTAINER', ipc: s.hostNetwork ? 'NODE' : 'POD' };
}

export function criSandboxConfig(s: SandboxConfig): Message {
  return {
    metadata: { name: s.name, uid: s.uid, namespace: s.namespace, attempt: s.attempt },
    // runc refuses to set a hostname without a private UTS namespace (host-network pods).
    hostname: s.hostNetwork ? '' : s.hostname,
    log_directory: s.logDirectory,
    dns_config: s.dns ? { servers: s.dns.servers, searches: s.dns.searches, options: s.dns.options } : null,
    port_mappings: s.portMappings.map((p) => ({ protocol: p.protocol, container_port: p.containerPort, host_port: p.hostPort, host_ip: p.hostIP ?? '' })),
    labels: { ...s.labels, ...podLabels(s) },
    annotations: s.annotations,
    linux: { cgroup_parent: s.cgroupParent, security_context: { namespace_options: namespaceOptions(s) } },
  };
}

export function criContainerConfig(c: ContainerConfig, s: SandboxConfig): Message {
  const int64 = (v: number | undefined) => (v === undefined ? null : { value: String(v) });
  return {
    metadata: { name: c.name, attempt: c.attempt },
    image: { image: c.image },
    command: c.command,
    args: c.args,
    working_dir: c.workingDir ?? '',
    envs: c.env.map((e) => ({ key: e.name, value: e.value })),
    mounts: c.mounts.map((m) => ({ container_path: m.containerPath, host_path: m.hostPath, readonly: m.readOnly })),
    labels: { ...c.labels, ...podLabels(s), [CONTAINER_NAME_LABEL]: c.name },
    annotations: c.annotations,
    log_path: c.logPath,
    stdin: c.stdin,
    stdin_once: c.stdinOnce,
    tty: c.tty,
    linux: {
      resources: {
        cpu_period: String(c.resources.cpuPeriod),
        cpu_quota: String(c.resources.cpuQuota),
        cpu_shares: String(c.resources.cpuShares),
        memory_limit_in_bytes: String(c.resources.memoryLimitBytes),
      },
      security_context: {
        namespace_options: namespaceOptions(s),
        run_as_user: int64(c.runAsUser),
        run_as_group: int64(c.runAsUser === undefined ? undefined : c.runAsGroup),
      },
    },
  };
}

/** A CRI PodSandbox list entry (its status message has the same fields, and more). */
export function sandboxSummaryFrom(st: Message): SandboxSummary {
  return {
    id: st.id,
    name: st.metadata?.name ?? '',
    namespace: st.metadata?.namespace ?? '',
    uid: st.metadata?.uid ?? '',
    attempt: st.metadata?.attempt ?? 0,
    state: st.state === 'SANDBOX_READY' ? 'READY' : 'NOTREADY',
    createdAt: nanosToMillis(st.created_at),
    labels: st.labels ?? {},
  };
}

/** A CRI PodSandboxStatus; `nodeIP` stands in for the (empty) IP of a host-network sandbox. */
export function sandboxStatusFrom(st: Message, nodeIP: string | undefined): SandboxStatus {
  const hostNetwork = st.linux?.namespaces?.options?.network === 'NODE';
  const ip: string | undefined = st.network?.ip || (hostNetwork ? nodeIP : undefined);
  return { ...sandboxSummaryFrom(st), ...(ip ? { ip } : {}) };
}

const CONTAINER_STATES: Record<string, ContainerState> = {
  CONTAINER_CREATED: 'CREATED',
  CONTAINER_RUNNING: 'RUNNING',
  CONTAINER_EXITED: 'EXITED',
  CONTAINER_UNKNOWN: 'UNKNOWN',
};

/** A CRI Container list entry. */
export function containerSummaryFrom(c: Message): ContainerSummary {
  return {
    id: c.id,
    sandboxId: c.pod_sandbox_id ?? '',
    name: c.metadata?.name ?? '',
    attempt: c.metadata?.attempt ?? 0,
    state: CONTAINER_STATES[c.state] ?? 'UNKNOWN',
    createdAt: nanosToMillis(c.created_at),
    image: c.image?.image ?? '',
    imageRef: c.image_ref ?? '',
    labels: c.labels ?? {},
    annotations: c.annotations ?? {},
  };
}

/** A CRI ContainerStatus, which does not name the sandbox: the caller does. */
export function containerStatusFrom(st: Message, sandboxId: string): ContainerStatus {
  return {
    ...containerSummaryFrom({ ...st, pod_sandbox_id: sandboxId }),
    startedAt: nanosToMillis(st.started_at),
    finishedAt: nanosToMillis(st.finished_at),
    exitCode: st.exit_code ?? 0,
    reason: st.reason ?? '',
    message: st.message ?? '',
    logPath: st.log_path ?? '',
  };
}

export function imageInfoFrom(img: Message): ImageInfo {
  return { id: img.id, repoTags: img.repo_tags ?? [], size: Number(img.size ?? 0) };
}
