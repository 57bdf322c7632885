// An in-memory Runtime for the kubelet's unit and integration tests: sandboxes and containers
// are records whose states change when the kubelet asks (create, start, stop) or when a test
// says so (exit, behaviours keyed by image), so crashes, slow shutdowns and failing hooks can
// be driven exactly and fast. Nothing runs; exec and pulls are answered by test callbacks.

import { PassThrough, type Duplex } from 'node:stream';
import {
  sandboxUid,
  type ContainerConfig, type ContainerStatus, type ExecResult, type ExecStreams, type ImageInfo, type Runtime, type RuntimeStatus, type RuntimeVersion, type SandboxConfig, type SandboxStatus,
} from '../types.js';

/** What a started container does by itself. */
export interface FakeBehavior {
  /** Exits with this code after `afterMs` (0: at once, undefined: runs until stopped). */
  exitCode?: number;
  afterMs?: number;
  /** Ignores SIGTERM: only the SIGKILL after the timeout stops it (exit 137). */
  ignoreSigterm?: boolean;
}

export interface FakeExec {
  containerId: string;
  containerName: string;
  cmd: string[];
  at: number;
}

export interface FakeStart {
  containerId: string;
  containerName: string;
  at: number;
}

export interface FakeStop extends FakeStart {
  timeoutSeconds: number;
}

interface FakeContainer extends ContainerStatus {
  config: ContainerConfig;
  timer?: NodeJS.Timeout;
}

interface FakeSandbox extends SandboxStatus {
  config: SandboxConfig;
}

export class FakeRuntime implements Runtime {
  readonly name = 'fake';
  private readonly sandboxes = new Map<string, FakeSandbox>();
  private readonly containers = new Map<string, FakeContainer>();
  private readonly images = new Map<string, ImageInfo>();
  private nextId = 1;
  private nextIP = 2;
  /** Every start, exec (hooks, exec probes) and stop, in order, for tests to look at. */
  readonly starts: FakeStart[] = [];
  readonly execs: FakeExec[] = [];
  readonly stops: FakeStop[] = [];
  /** Decides a started container's behaviour (default: runs until stopped). */
  behavior: (config: ContainerConfig) => FakeBehavior = () => ({});
  /** Answers execSync (default: exit 0 at once). */
  execHandler: (containerName: string, cmd: string[]) => Promise<number> | number = () => 0;
  /** Makes createContainer fail with this message for containers it returns one for. */
  createError: (config: ContainerConfig) => string | undefined = () => undefined;
  /** Makes pullImage fail with this message for images it returns one for. */
  pullError: (image: string) => string | undefined = () => undefined;
  runtimeStatus: RuntimeStatus = { runtimeReady: true, networkReady: true };
  /** What the kubelet last passed to updateRuntimeConfig. */
  podCIDR?: string;

  async version(): Promise<RuntimeVersion> {
    return { runtimeName: 'fake', runtimeVersion: '0.1.0' };
  }

  async status(): Promise<RuntimeStatus> {
    return { ...this.runtimeStatus };
  }

  async updateRuntimeConfig(podCIDR: string): Promise<void> {
    this.podCIDR = podCIDR;
  }

  async runPodSandbox(config: SandboxConfig): Promise<string> {
    const id = this.id('sandbox');
    const ip = config.hostNetwork ? undefined : `10.88.${Math.floor(this.nextIP / 250)}.${(this.nextIP++ % 250) + 2}`;
    this.sandboxes.set(id, {
      id, name: config.name, namespace: config.namespace, uid: config.uid, attempt: config.attempt,
      state: 'READY', createdAt: Date.now(), ...(ip ? { ip } : {}), labels: { ...config.labels }, config,
    });
    return id;
  }

  async stopPodSandbox(id: string): Promise<void> {
    const sb = this.sandboxes.get(id);
    if (!sb) return;
    for (const c of this.containers.values()) if (c.sandboxId === id && c.state === 'RUNNING') this.finish(c, 137, 'Error');
    sb.state = 'NOTREADY';
  }

  async removePodSandbox(id: string): Promise<void> {
    await this.stopPodSandbox(id);
    for (const c of [...this.containers.values()]) if (c.sandboxId === id) this.containers.delete(c.id);
    this.sandboxes.delete(id);
  }

  async podSandboxStatus(id: string): Promise<SandboxStatus | undefined> {
    const sb = this.sandboxes.get(id);
    return sb && sandboxView(sb);
  }

  async listPodSandboxes(filter?: { uid?: string }): Promise<SandboxStatus[]> {
    return [...this.sandboxes.values()].map(sandboxView).filter((s) => !filter?.uid || sandboxUid(s) === filter.uid);
  }

  async createContainer(sandboxId: string, config: ContainerConfig, sandbox: SandboxConfig): Promise<string> {
    if (!this.sandboxes.has(sandboxId)) throw new Error(`sandbox ${sandboxId} not found`);
    const err = this.createError(config);
    if (err) throw new Error(err);
    const id = this.id('container');
    this.containers.set(id, {
      id, sandboxId, name: config.name, attempt: config.attempt, state: 'CREATED', createdAt: Date.now(), startedAt: 0, finishedAt: 0,
      exitCode: 0, reason: '', message: '', image: config.image, imageRef: this.images.get(config.image)?.id ?? '',
      logPath: `${sandbox.logDirectory}/${config.logPath}`, labels: { ...config.labels }, annotations: { ...config.annotations }, config,
    });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.must(id);
    if (c.state !== 'CREATED') throw new Error(`container ${id} is ${c.state}, not CREATED`);
    c.state = 'RUNNING';
    c.startedAt = Date.now();
    this.starts.push({ containerId: id, containerName: c.name, at: c.startedAt });
    const b = this.behavior(c.config);
    if (b.exitCode !== undefined) c.timer = setTimeout(() => this.exit(id, b.exitCode!), b.afterMs ?? 0);
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    const c = this.must(id);
    this.stops.push({ containerId: id, containerName: c.name, timeoutSeconds, at: Date.now() });
    if (c.state !== 'RUNNING') return;
    if (this.behavior(c.config).ignoreSigterm) {
      await new Promise((r) => setTimeout(r, timeoutSeconds * 1000));
      if (c.state === 'RUNNING') this.finish(c, 137, 'Error');
      return;
    }
    this.finish(c, 143, 'Error');
  }

  async removeContainer(id: string): Promise<void> {
    const c = this.containers.get(id);
    if (c?.state === 'RUNNING') throw new Error(`container ${id} is running`);
    clearTimeout(c?.timer);
    this.containers.delete(id);
  }

  async containerStatus(id: string): Promise<ContainerStatus | undefined> {
    const c = this.containers.get(id);
    return c && containerView(c);
  }

  async listContainers(filter: { sandboxId?: string } = {}): Promise<ContainerStatus[]> {
    return [...this.containers.values()].filter((c) => !filter.sandboxId || c.sandboxId === filter.sandboxId).map(containerView);
  }

  async execSync(id: string, cmd: string[]): Promise<ExecResult> {
    const c = this.must(id);
    this.execs.push({ containerId: id, containerName: c.name, cmd, at: Date.now() });
    if (c.state !== 'RUNNING') throw new Error(`container ${id} is not running`);
    const exitCode = await this.execHandler(c.name, cmd);
    return { exitCode, stdout: Buffer.alloc(0), stderr: Buffer.from(exitCode === 0 ? '' : `exit ${exitCode}`) };
  }

  async exec(): Promise<number> {
    throw new Error('the fake runtime has no streaming exec');
  }

  async attach(_id: string, _streams: ExecStreams): Promise<void> {
    throw new Error('the fake runtime has no attach');
  }

  async portForward(): Promise<Duplex> {
    return new PassThrough();
  }

  async pullImage(image: string): Promise<string> {
    const err = this.pullError(image);
    if (err) throw new Error(err);
    const info = { id: `sha256:${Buffer.from(image).toString('hex').padEnd(64, '0').slice(0, 64)}`, repoTags: [image], size: 1024 };
    this.images.set(image, info);
    return info.id;
  }

  async imageStatus(image: string): Promise<ImageInfo | undefined> {
    return this.images.get(image);
  }

  async listImages(): Promise<ImageInfo[]> {
    return [...this.images.values()];
  }

  async importImage(): Promise<string[]> {
    return [];
  }

  async close(): Promise<void> {
    for (const c of this.containers.values()) clearTimeout(c.timer);
  }

  /** Test hook: the container's process exits with `exitCode` now. */
  exit(id: string, exitCode: number): void {
    const c = this.must(id);
    if (c.state === 'RUNNING') this.finish(c, exitCode, exitCode === 0 ? 'Completed' : 'Error');
  }

  /** Test hook: what the kubelet asked for when it created this container / sandbox. */
  containerConfig(id: string): ContainerConfig | undefined {
    return this.containers.get(id)?.config;
  }

  sandboxConfig(id: string): SandboxConfig | undefined {
    return this.sandboxes.get(id)?.config;
  }

  /** Test hook: the running containers named `name` (newest last). */
  running(name: string): ContainerStatus[] {
    return [...this.containers.values()].filter((c) => c.name === name && c.state === 'RUNNING').map(containerView);
  }

  private finish(c: FakeContainer, exitCode: number, reason: string): void {
    clearTimeout(c.timer);
    c.state = 'EXITED';
    c.exitCode = exitCode;
    c.reason = reason;
    c.finishedAt = Date.now();
  }

  private must(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new Error(`container ${id} not found`);
    return c;
  }

  private id(kind: string): string {
    return `${kind}-${String(this.nextId++).padStart(6, '0')}`;
  }
}

function sandboxView({ config: _config, ...status }: FakeSandbox): SandboxStatus {
  return { ...status, labels: { ...status.labels } };
}

function containerView({ config: _config, timer: _timer, ...status }: FakeContainer): ContainerStatus {
  return { ...status, labels: { ...status.labels }, annotations: { ...status.annotations } };
}
