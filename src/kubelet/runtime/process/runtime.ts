// The built-in `process` runtime: every container is a host process. As root each pod gets
// its own network namespace on the node's bridge (CNI), each container a private mount
// namespace where its volumes appear at their mountPath, and a cgroup with its limits;
// without root pods fall back to the host network and say so. Images are only recorded.
// Processes cannot be re-adopted by a later k8ts, so close() tears everything down and a
// new instance clears what a killed one left on the same state dir.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { detectCgroups, type Cgroups } from '../../cgroups/index.js';
import { CniRunner } from '../../network/cni-runner.js';
import { cniConflist, CNI_BIN_DIR, CNI_NETWORK_NAME } from '../../network/cni-config.js';
import { netnsPath } from '../../network/netns.js';
import { logger } from '../../../machinery/log.js';
import {
  sandboxUid,
  type ContainerConfig, type ContainerStatus, type ExecResult, type ExecStreams, type ImageInfo, type Runtime, type RuntimeStatus, type RuntimeVersion, type SandboxConfig, type SandboxStatus,
} from '../types.js';
import { ProcessContainer } from './container.js';
import { imageStoreIn, type ImageStore } from './images.js';
import { containerCommand } from './launch.js';
import { lookPathError, DEFAULT_PATH } from './lookpath.js';
import { hostFs } from './host-fs.js';
import { planMounts } from './mount-plan.js';
import { ROOTLESS_MESSAGE, type ProcessRuntimeOptions } from './options.js';
import { connectInNetns } from './port-forward.js';
import { processStartTime, RecordDir } from './records.js';
import { SandboxNetworks, type NetworkState } from './sandbox-network.js';
import { execStreaming, execSync } from './exec.js';
import { onPty } from './tty.js';
import { clearLeftovers, type ContainerRecord, type SandboxRecord } from './leftovers.js';

const log = logger('process-runtime');
export const RUNTIME_VERSION = '0.1.0';
/** Grace period close() gives running containers. */
const CLOSE_GRACE_SECONDS = 2;
const NO_POD_CIDR = 'cni config uninitialized: the node has no pod CIDR yet';

interface Sandbox extends NetworkState {
  id: string;
  config: SandboxConfig;
  createdAt: number;
  state: 'READY' | 'NOTREADY';
  networkUp: boolean;
  /** Written when the pod has a DNS config; bind-mounted at /etc/resolv.conf. */
  resolvConf?: string;
}

export class ProcessRuntime implements Runtime {
  readonly name = 'process';
  private readonly privileged: boolean;
  private readonly cgroups: Cgroups | undefined;
  private readonly networks: SandboxNetworks;
  private podCIDR?: string;
  private readonly images: ImageStore;
  private readonly sandboxRecords: RecordDir<SandboxRecord>;
  private readonly containerRecords: RecordDir<ContainerRecord>;
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly containers = new Map<string, ProcessContainer>();

  /** Use createProcessRuntime(): it also clears what an earlier run left behind. */
  constructor(private readonly opts: ProcessRuntimeOptions) {
    this.privileged = !opts.rootless && process.getuid?.() === 0;
    this.cgroups = this.privileged ? detectCgroups() : undefined;
    mkdirSync(opts.stateDir, { recursive: true });
    this.networks = new SandboxNetworks(opts.nodeIP);
    if (opts.podCIDR) this.configureNetwork(opts.podCIDR);
    if (!this.privileged) log.warn(ROOTLESS_MESSAGE);
    this.images = imageStoreIn(opts.stateDir);
    this.sandboxRecords = new RecordDir(path.join(opts.stateDir, 'sandboxes'));
    this.containerRecords = new RecordDir(path.join(opts.stateDir, 'containers'));
  }

  /** Kills the processes and removes the cgroups, networks and records of an earlier run on this state dir. */
  async clearLeftovers(): Promise<void> {
    await clearLeftovers({ sandboxes: this.sandboxRecords, containers: this.containerRecords, cgroups: this.cgroups, networks: this.networks, stateDir: this.opts.stateDir });
  }

  async version(): Promise<RuntimeVersion> {
    return { runtimeName: this.name, runtimeVersion: RUNTIME_VERSION };
  }

  /** The pod network on the node's pod CIDR; without root there is none to make. */
  private configureNetwork(podCIDR: string): void {
    if (!this.privileged || this.podCIDR === podCIDR) return;
    const { opts } = this;
    const conflist = cniConflist({ podCIDR, ipamDataDir: opts.ipamDataDir ?? path.join(opts.stateDir, 'cni', 'ipam'), bridge: opts.bridge });
    this.networks.cni = new CniRunner({ conflist, binDir: opts.cniBinDir, hostNetns: opts.hostNetns ? netnsPath(opts.hostNetns) : undefined });
    this.podCIDR = podCIDR;
    if (opts.cniConfDir) {
      mkdirSync(opts.cniConfDir, { recursive: true });
      writeFileSync(path.join(opts.cniConfDir, `10-${CNI_NETWORK_NAME}.conflist`), JSON.stringify(conflist, null, 2));
    }
  }

  async updateRuntimeConfig(podCIDR: string): Promise<void> {
    this.configureNetwork(podCIDR);
  }

  async status(): Promise<RuntimeStatus> {
    if (!this.privileged) return { runtimeReady: true, networkReady: true, message: ROOTLESS_MESSAGE };
    if (!this.networks.cni) return { runtimeReady: true, networkReady: false, message: NO_POD_CIDR };
    const binDir = this.opts.cniBinDir ?? CNI_BIN_DIR;
    if (!existsSync(path.join(binDir, 'bridge'))) {
      return { runtimeReady: true, networkReady: false, message: `CNI plugins not found in ${binDir} (install containernetworking-plugins)` };
    }
    return { runtimeReady: true, networkReady: true };
  }

  async runPodSandbox(config: SandboxConfig): Promise<string> {
    const id = newId();
    const sandbox: Sandbox = { id, config, createdAt: Date.now(), state: 'READY', networkUp: true, ip: '' };
    // Recorded before anything is made, so a crash in the middle is cleaned up by the next run.
    // As containerd's CRI refuses pods while its CNI config is missing: they wait, rather than land on the host network.
    if (this.privileged && !this.networks.cni && !config.hostNetwork) throw new Error(`network is not ready: ${NO_POD_CIDR}`);
    await this.sandboxRecords.put(id, { id, config, netns: this.networks.cni && !config.hostNetwork ? `k8ts-${id}` : undefined });
    try {
      Object.assign(sandbox, await this.networks.setUp(id, config));
    } catch (e) {
      await this.sandboxRecords.delete(id);
      throw e;
    }
    await this.sandboxRecords.put(id, { id, config, netns: sandbox.netns, cniResult: sandbox.cniResult });
    // As containerd does: a DNS config (whatever the network) becomes the pod's /etc/resolv.conf.
    if (config.dns) sandbox.resolvConf = await this.writeResolvConf(id, config);
    this.sandboxes.set(id, sandbox);
    return id;
  }

  async stopPodSandbox(id: string): Promise<void> {
    const sb = this.sandboxes.get(id);
    if (!sb) return;
    await Promise.all(this.containersOf(id).map((c) => c.stop(0)));
    sb.state = 'NOTREADY';
    if (sb.networkUp) {
      await this.networks.tearDown(id, sb, sb.config); // a failure leaves networkUp set: the kubelet's retry tries again
      sb.networkUp = false;
    }
  }

  async removePodSandbox(id: string): Promise<void> {
    const sb = this.sandboxes.get(id);
    if (!sb) return;
    await this.stopPodSandbox(id);
    for (const c of this.containersOf(id)) await this.removeContainer(c.id);
    if (this.cgroups) await this.cgroups.removeEmpty(sb.config.cgroupParent).catch((e) => log.warn('removing pod cgroup', { id, error: String(e) }));
    await rm(path.join(this.opts.stateDir, 'pods', id), { recursive: true, force: true });
    await this.sandboxRecords.delete(id);
    this.sandboxes.delete(id);
  }

  async podSandboxStatus(id: string): Promise<SandboxStatus | undefined> {
    const sb = this.sandboxes.get(id);
    return sb && sandboxStatus(sb);
  }

  async listPodSandboxes(filter?: { uid?: string }): Promise<SandboxStatus[]> {
    return [...this.sandboxes.values()].map(sandboxStatus).filter((s) => !filter?.uid || sandboxUid(s) === filter.uid);
  }

  async createContainer(sandboxId: string, config: ContainerConfig, sandbox: SandboxConfig): Promise<string> {
    if (!this.sandboxes.has(sandboxId)) throw new Error(`pod sandbox ${sandboxId} not found`);
    if (config.command.length === 0 && config.args.length === 0) {
      throw new Error(
        `container "${config.name}" has neither command nor args: the process runtime runs host programs and does not ` +
          `read image "${config.image}" (its entrypoint is unknown); set command or args`,
      );
    }
    const id = newId();
    const container = new ProcessContainer({
      id,
      sandboxId,
      config,
      logPath: path.join(sandbox.logDirectory, config.logPath),
      imageRef: await this.images.record(config.image),
      cgroups: this.cgroups,
      cgroupPath: this.cgroups ? path.posix.join(sandbox.cgroupParent, id) : undefined,
    });
    if (this.cgroups && container.cgroupPath) await this.cgroups.create(container.cgroupPath, config.resources);
    await this.containerRecords.put(id, { id, sandboxId, cgroupPath: container.cgroupPath });
    this.containers.set(id, container);
    return id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.mustContainer(id);
    if (c.state !== 'CREATED') throw new Error(`container ${id} is ${c.state}, not CREATED`);
    const sb = this.sandboxes.get(c.sandboxId)!;
    if (sb.state !== 'READY') throw new Error(`pod sandbox ${sb.id} is not ready`);
    const cfg = c.config;
    const mounts = sb.resolvConf ? [{ containerPath: '/etc/resolv.conf', hostPath: sb.resolvConf, readOnly: true }, ...cfg.mounts] : cfg.mounts;
    const env = containerEnv(cfg, sb.config.hostname);
    const argv = [...cfg.command, ...cfg.args];
    const notFound = lookPathError(argv[0]!, env.PATH, mounts);
    if (notFound) {
      c.failToStart(notFound);
      throw new Error(notFound);
    }
    const stagingRoot = path.join(this.opts.stateDir, 'containers', id);
    const plan = planMounts(mounts, hostFs, (n) => path.join(stagingRoot, String(n)));
    for (const dir of plan.staging) await mkdir(dir, { recursive: true });
    // What the main process and every later exec share.
    const common = {
      privileged: this.privileged,
      workingDir: cfg.workingDir || '/',
      cgroupProcs: this.cgroups && c.cgroupPath ? this.cgroups.procsFiles(c.cgroupPath) : [],
      runAsUser: this.privileged ? cfg.runAsUser : undefined,
      runAsGroup: this.privileged ? cfg.runAsGroup : undefined,
    };
    const hostname = this.privileged && sb.netns ? sb.config.hostname : undefined;
    const [file, args] = containerCommand({
      ...common,
      argv: cfg.tty ? onPty(argv) : argv,
      netns: this.containerNetns(sb),
      hostname,
      mountLines: plan.lines,
      root: plan.root,
    });
    c.execContext = { env, spec: { ...common, hostname: !!hostname } };
    const started = c.start(file, args, env);
    started.catch(() => undefined); // awaited below, after the record that lets a later run clean up
    await this.containerRecords.put(id, { id, sandboxId: c.sandboxId, cgroupPath: c.cgroupPath, pid: c.pid, pidStart: c.pid ? processStartTime(c.pid) : undefined, stagingRoot });
    await started;
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    await this.mustContainer(id).stop(timeoutSeconds);
  }

  async removeContainer(id: string): Promise<void> {
    const c = this.containers.get(id);
    if (!c) return;
    await c.stop(0);
    if (this.cgroups && c.cgroupPath) await this.cgroups.remove(c.cgroupPath);
    await rm(path.join(this.opts.stateDir, 'containers', id), { recursive: true, force: true });
    await this.containerRecords.delete(id);
    this.containers.delete(id);
  }

  async containerStatus(id: string): Promise<ContainerStatus | undefined> {
    return this.containers.get(id)?.status();
  }

  async listContainers(filter?: { sandboxId?: string }): Promise<ContainerStatus[]> {
    return [...this.containers.values()].filter((c) => !filter?.sandboxId || c.sandboxId === filter.sandboxId).map((c) => c.status());
  }

  execSync(id: string, cmd: string[], timeoutSeconds: number): Promise<ExecResult> {
    return execSync(this.running(id), cmd, timeoutSeconds);
  }

  exec(id: string, cmd: string[], streams: ExecStreams): Promise<number> {
    return execStreaming(this.running(id), cmd, streams);
  }

  attach(id: string, streams: ExecStreams): Promise<void> {
    return this.mustContainer(id).attach(streams);
  }

  async portForward(sandboxId: string, port: number): Promise<Duplex> {
    const sb = this.sandboxes.get(sandboxId);
    if (!sb) throw new Error(`pod sandbox ${sandboxId} not found`);
    if (sb.state !== 'READY') throw new Error(`pod sandbox ${sandboxId} is not ready`);
    return connectInNetns(this.containerNetns(sb), port);
  }

  pullImage(image: string): Promise<string> {
    return this.images.record(image);
  }

  async imageStatus(image: string): Promise<ImageInfo | undefined> {
    return this.images.status(image);
  }

  async listImages(): Promise<ImageInfo[]> {
    return this.images.list();
  }

  importImage(tarPath: string): Promise<string[]> {
    return this.images.import(tarPath);
  }

  async close(): Promise<void> {
    await Promise.all([...this.containers.values()].map((c) => c.stop(CLOSE_GRACE_SECONDS)));
    for (const id of [...this.sandboxes.keys()]) {
      await this.removePodSandbox(id).catch((e) => log.warn('tearing down sandbox', { id, error: String(e) }));
    }
    for (const id of [...this.containers.keys()]) await this.removeContainer(id);
  }

  private containerNetns(sb: Sandbox): string | undefined {
    if (sb.netns) return netnsPath(sb.netns);
    return this.opts.hostNetns ? netnsPath(this.opts.hostNetns) : undefined;
  }

  private containersOf(sandboxId: string): ProcessContainer[] {
    return [...this.containers.values()].filter((c) => c.sandboxId === sandboxId);
  }

  private mustContainer(id: string): ProcessContainer {
    const c = this.containers.get(id);
    if (!c) throw new Error(`container ${id} not found`);
    return c;
  }

  private running(id: string): ProcessContainer {
    const c = this.mustContainer(id);
    if (c.state !== 'RUNNING' || !c.pid) throw new Error(`container ${id} is not running`);
    return c;
  }

  private async writeResolvConf(id: string, config: SandboxConfig): Promise<string> {
    const dns = config.dns!;
    const lines = [
      ...(dns.searches.length ? [`search ${dns.searches.join(' ')}`] : []),
      ...dns.servers.map((s) => `nameserver ${s}`),
      ...(dns.options.length ? [`options ${dns.options.join(' ')}`] : []),
    ];
    const dir = path.join(this.opts.stateDir, 'pods', id);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'resolv.conf');
    await writeFile(file, `${lines.join('\n')}\n`);
    return file;
  }
}

export async function createProcessRuntime(opts: ProcessRuntimeOptions): Promise<ProcessRuntime> {
  const rt = new ProcessRuntime(opts);
  await rt.clearLeftovers();
  return rt;
}

function newId(): string {
  return randomBytes(32).toString('hex');
}

function sandboxStatus(sb: Sandbox): SandboxStatus {
  const c = sb.config;
  return {
    id: sb.id, name: c.name, namespace: c.namespace, uid: c.uid, attempt: c.attempt, state: sb.state,
    createdAt: sb.createdAt, ip: sb.ip || undefined, labels: c.labels,
  };
}

/** The pod's variables over what an image would supply (a PATH) and what runtimes add (HOSTNAME). */
function containerEnv(cfg: ContainerConfig, hostname: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: DEFAULT_PATH, HOSTNAME: hostname };
  if (cfg.tty) env.TERM = 'xterm';
  for (const { name, value } of cfg.env) env[name] = value;
  return env;
}
