// The one interface between the kubelet and a container runtime, shaped as the CRI
// (runtime.v1 RuntimeService + ImageService): pod sandboxes that own a network, containers
// inside them, images, exec/attach/port-forward, and logs written to files in the CRI log
// format (`<RFC3339Nano> stdout|stderr F|P <line>`), which the kubelet reads itself.
// containerd implements it over real CRI gRPC, `process` with host processes.

import type { EventEmitter } from 'node:events';
import type { Duplex, Readable, Writable } from 'node:stream';

/** Labels every runtime puts on sandboxes and containers (upstream's names), so the kubelet finds them again. */
export const POD_NAME_LABEL = 'io.kubernetes.pod.name';
export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const POD_UID_LABEL = 'io.kubernetes.pod.uid';
export const CONTAINER_NAME_LABEL = 'io.kubernetes.container.name';

export interface KeyValue {
  name: string;
  value: string;
}

export interface PortMapping {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  containerPort: number;
  hostPort: number;
  hostIP?: string;
}

export interface DnsConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

export interface SandboxConfig {
  /** Pod name, namespace and uid, and which attempt at a sandbox for this pod this is. */
  name: string;
  namespace: string;
  uid: string;
  attempt: number;
  hostname: string;
  /** Absolute directory the pod's container logs go under (`/var/log/pods/<ns>_<name>_<uid>`). */
  logDirectory: string;
  hostNetwork: boolean;
  dns?: DnsConfig;
  portMappings: PortMapping[];
  /** Cgroup (cgroupfs path, e.g. `/k8ts/pod<uid>`) the pod's containers are placed under. */
  cgroupParent: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type SandboxState = 'READY' | 'NOTREADY';

export interface SandboxStatus {
  id: string;
  name: string;
  namespace: string;
  uid: string;
  attempt: number;
  state: SandboxState;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** The pod's IP (the host's for host-network pods); absent until it has one. */
  ip?: string;
  labels: Record<string, string>;
}

/** What a sandbox list carries, as CRI's ListPodSandbox: no IP (podSandboxStatus has it). */
export type SandboxSummary = Omit<SandboxStatus, 'ip'>;

/** The pod a sandbox belongs to, by the label the kubelet puts on every sandbox. */
export function sandboxUid(s: SandboxSummary): string {
  return s.labels[POD_UID_LABEL] ?? s.uid;
}

export interface Mount {
  /** Where it appears for the container, and what backs it on the host. */
  containerPath: string;
  hostPath: string;
  readOnly: boolean;
}

export interface ContainerResources {
  /** CFS quota and period in microseconds; 0 = unlimited. */
  cpuQuota: number;
  cpuPeriod: number;
  cpuShares: number;
  /** Bytes; 0 = unlimited. */
  memoryLimitBytes: number;
}

export interface ContainerConfig {
  name: string;
  /** How many times this container has been (re)created in this pod: 0, 1, … */
  attempt: number;
  image: string;
  /** The image's entrypoint and cmd are overridden by these when set, as in a pod spec. */
  command: string[];
  args: string[];
  workingDir?: string;
  env: KeyValue[];
  mounts: Mount[];
  /** Relative to the sandbox's logDirectory, e.g. `web/0.log`. */
  logPath: string;
  stdin: boolean;
  stdinOnce: boolean;
  tty: boolean;
  resources: ContainerResources;
  runAsUser?: number;
  runAsGroup?: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type ContainerState = 'CREATED' | 'RUNNING' | 'EXITED' | 'UNKNOWN';

export interface ContainerStatus {
  id: string;
  sandboxId: string;
  name: string;
  attempt: number;
  state: ContainerState;
  /** Milliseconds since the epoch; 0 when it has not happened. */
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  /** Why it exited (`Completed`, `Error`, `OOMKilled`, …) and anything the runtime adds. */
  reason: string;
  message: string;
  image: string;
  /** The image's digest reference (status.containerStatuses[].imageID). */
  imageRef: string;
  /** Absolute path of the CRI-format log file. */
  logPath: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * What a container list carries, as CRI's ListContainers: enough to tell containers and their
 * states apart, but no exit code, times or log path (containerStatus has them).
 */
export type ContainerSummary = Pick<ContainerStatus, 'id' | 'sandboxId' | 'name' | 'attempt' | 'state' | 'createdAt' | 'image' | 'imageRef' | 'labels' | 'annotations'>;

export interface TerminalSize {
  width: number;
  height: number;
}

/**
 * The streams of an exec or attach. Only the ones the client asked for are present; with a
 * tty, stderr is merged into stdout. `resize` emits `'resize'` events carrying a TerminalSize.
 */
export interface ExecStreams {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  tty: boolean;
  resize?: EventEmitter;
}

export interface ExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
}

export interface ImageInfo {
  /** Digest reference (`sha256:…` or `<repo>@sha256:…`). */
  id: string;
  repoTags: string[];
  size: number;
}

export interface RuntimeVersion {
  runtimeName: string;
  runtimeVersion: string;
}

export interface RuntimeStatus {
  runtimeReady: boolean;
  networkReady: boolean;
  message?: string;
}

export interface Runtime {
  /** `containerd` or `process`: what `k8ts up` prints and nodeInfo.containerRuntimeVersion starts with. */
  readonly name: string;
  version(): Promise<RuntimeVersion>;
  status(): Promise<RuntimeStatus>;

  /** The node's pod CIDR, once node IPAM has given it (CRI UpdateRuntimeConfig): pods get their network from it. */
  updateRuntimeConfig(podCIDR: string): Promise<void>;

  runPodSandbox(config: SandboxConfig): Promise<string>;
  /** Stops every container of the sandbox and tears its network down; idempotent. */
  stopPodSandbox(id: string): Promise<void>;
  removePodSandbox(id: string): Promise<void>;
  podSandboxStatus(id: string): Promise<SandboxStatus | undefined>;
  /** Cheap enough to call every PLEG period: one runtime call, however many pods. */
  listPodSandboxes(filter?: { uid?: string }): Promise<SandboxSummary[]>;

  createContainer(sandboxId: string, config: ContainerConfig, sandbox: SandboxConfig): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM (or the image's stop signal), SIGKILL after `timeoutSeconds`; resolves once it has exited. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  containerStatus(id: string): Promise<ContainerStatus | undefined>;
  /** Cheap enough to call every PLEG period: one runtime call, however many containers. */
  listContainers(filter?: { sandboxId?: string }): Promise<ContainerSummary[]>;

  /** Runs `cmd` in the container to completion (exec probes, preStop/postStart hooks). */
  execSync(id: string, cmd: string[], timeoutSeconds: number): Promise<ExecResult>;
  /** Runs `cmd` in the container wired to `streams`; resolves with its exit code. */
  exec(id: string, cmd: string[], streams: ExecStreams): Promise<number>;
  /** Joins the container's main process's stdio; resolves when the client or the process is done. */
  attach(id: string, streams: ExecStreams): Promise<void>;
  /** A TCP connection to `port` inside the sandbox's network namespace. */
  portForward(sandboxId: string, port: number): Promise<Duplex>;

  /** Makes `image` present (the process runtime only records it); resolves with its imageRef. */
  pullImage(image: string): Promise<string>;
  imageStatus(image: string): Promise<ImageInfo | undefined>;
  listImages(): Promise<ImageInfo[]>;
  /** Loads an OCI or docker-archive tarball (`k8ts images import`); resolves with the names loaded. */
  importImage(tarPath: string): Promise<string[]>;

  /** Releases connections; containers keep running unless the runtime cannot outlive the kubelet. */
  close(): Promise<void>;
}
