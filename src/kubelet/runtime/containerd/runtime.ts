// The kubelet's Runtime over containerd's CRI v1 gRPC API (the same calls the upstream kubelet
// makes), plus image import through `ctr`, which CRI has no call for.

import { execFile } from 'node:child_process';
import { mkdir, readdir, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { promisify } from 'node:util';
import {
  POD_UID_LABEL,
  type ContainerConfig, type ContainerStatus, type ContainerSummary, type ExecResult, type ExecStreams, type ImageInfo, type Runtime,
  type RuntimeStatus, type RuntimeVersion, type SandboxConfig, type SandboxStatus, type SandboxSummary,
} from '../types.js';
import { cniConflist, CNI_NETWORK_NAME } from '../../network/cni-config.js';
import { CriClient, isNotFound } from './cri-client.js';
import { containerStatusFrom, containerSummaryFrom, criContainerConfig, criSandboxConfig, imageInfoFrom, sandboxStatusFrom, sandboxSummaryFrom } from './convert.js';
import { whichBinary } from './detect.js';
import { openPortForward } from './port-forward.js';
import { runRemoteCommand } from './remote-command.js';

const execFileAsync = promisify(execFile);

/** The namespace the CRI plugin keeps its images and containers in. */
export const CRI_NAMESPACE = 'k8s.io';

export interface ContainerdRuntimeOptions {
  socketPath: string;
  /** `ctr`, for importImage; found on PATH when not given. */
  ctrBinary?: string;
  /** Reported as the IP of host-network sandboxes (containerd reports none for them). */
  nodeIP?: string;
  /**
   * Where this containerd reads its CNI config, for a containerd k8ts runs itself: the pod CIDR
   * becomes a conflist there (containerd notices it). A system containerd keeps its own.
   */
  cni?: { confDir: string; ipamDataDir: string };
}

type Message = Record<string, any>;

/** Swallows NOT_FOUND: removing or stopping what is already gone succeeds, as CRI requires. */
async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

export class ContainerdRuntime implements Runtime {
  readonly name = 'containerd';
  private readonly cri: CriClient;

  constructor(private readonly opts: ContainerdRuntimeOptions) {
    this.cri = new CriClient(opts.socketPath);
  }

  async version(): Promise<RuntimeVersion> {
    const v = await this.cri.runtimeCall('Version', { version: 'v1' }, 10_000);
    return { runtimeName: v.runtime_name, runtimeVersion: v.runtime_version };
  }

  async status(): Promise<RuntimeStatus> {
    const res = await this.cri.runtimeCall('Status', { verbose: false }, 10_000);
    const conditions: Message[] = res.status?.conditions ?? [];
    const cond = (type: string) => conditions.find((c) => c.type === type);
    const notReady = conditions.filter((c) => !c.status).map((c) => `${c.type}=false reason:${c.reason} message:${c.message}`);
    return {
      runtimeReady: cond('RuntimeReady')?.status === true,
      networkReady: cond('NetworkReady')?.status === true,
      ...(notReady.length ? { message: notReady.join('; ') } : {}),
    };
  }

  async updateRuntimeConfig(podCIDR: string): Promise<void> {
    const cni = this.opts.cni;
    if (!cni) return;
    const conflist = cniConflist({ podCIDR, ipamDataDir: cni.ipamDataDir });
    await writeFile(path.join(cni.confDir, `10-${CNI_NETWORK_NAME}.conflist`), JSON.stringify(conflist, null, 2));
  }

  async runPodSandbox(config: SandboxConfig): Promise<string> {
    await mkdir(config.logDirectory, { recursive: true });
    const res = await this.cri.runtimeCall('RunPodSandbox', { config: criSandboxConfig(config), runtime_handler: '' });
    return res.pod_sandbox_id;
  }

  async stopPodSandbox(id: string): Promise<void> {
    await ignoreNotFound(this.cri.runtimeCall('StopPodSandbox', { pod_sandbox_id: id }));
  }

  async removePodSandbox(id: string): Promise<void> {
    const cgroupParent = await this.sandboxCgroupParent(id);
    await ignoreNotFound(this.cri.runtimeCall('RemovePodSandbox', { pod_sandbox_id: id }));
    if (cgroupParent) await removeCgroup(cgroupParent);
  }

  async podSandboxStatus(id: string): Promise<SandboxStatus | undefined> {
    try {
      const res = await this.cri.runtimeCall('PodSandboxStatus', { pod_sandbox_id: id, verbose: false });
      return sandboxStatusFrom(res.status, this.opts.nodeIP);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async listPodSandboxes(filter?: { uid?: string }): Promise<SandboxSummary[]> {
    const res = await this.cri.runtimeCall('ListPodSandbox', { filter: filter?.uid ? { label_selector: { [POD_UID_LABEL]: filter.uid } } : null });
    return (res.items as Message[]).map(sandboxSummaryFrom);
  }

  async createContainer(sandboxId: string, config: ContainerConfig, sandbox: SandboxConfig): Promise<string> {
    // The kubelet, not the runtime, creates each container's log directory.
    await mkdir(path.dirname(path.join(sandbox.logDirectory, config.logPath)), { recursive: true });
    const res = await this.cri.runtimeCall('CreateContainer', {
      pod_sandbox_id: sandboxId,
      config: criContainerConfig(config, sandbox),
      sandbox_config: criSandboxConfig(sandbox),
    });
    return res.container_id;
  }

  async startContainer(id: string): Promise<void> {
    await this.cri.runtimeCall('StartContainer', { container_id: id });
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    const timeout = Math.max(0, Math.ceil(timeoutSeconds));
    await ignoreNotFound(this.cri.runtimeCall('StopContainer', { container_id: id, timeout: String(timeout) }, (timeout + 60) * 1000));
  }

  async removeContainer(id: string): Promise<void> {
    await ignoreNotFound(this.cri.runtimeCall('RemoveContainer', { container_id: id }));
  }

  async containerStatus(id: string): Promise<ContainerStatus | undefined> {
    try {
      // ContainerStatus does not name the sandbox; the list entry does.
      const [res, list] = await Promise.all([
        this.cri.runtimeCall('ContainerStatus', { container_id: id, verbose: false }),
        this.cri.runtimeCall('ListContainers', { filter: { id } }),
      ]);
      return containerStatusFrom(res.status, (list.containers as Message[])[0]?.pod_sandbox_id ?? '');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async listContainers(filter?: { sandboxId?: string }): Promise<ContainerSummary[]> {
    const res = await this.cri.runtimeCall('ListContainers', { filter: filter?.sandboxId ? { pod_sandbox_id: filter.sandboxId } : null });
    return (res.containers as Message[]).map(containerSummaryFrom);
  }

  async execSync(id: string, cmd: string[], timeoutSeconds: number): Promise<ExecResult> {
    const timeout = Math.max(0, Math.ceil(timeoutSeconds));
    const deadlineMs = timeout > 0 ? (timeout + 10) * 1000 : 24 * 3600 * 1000;
    const res = await this.cri.runtimeCall('ExecSync', { container_id: id, cmd, timeout: String(timeout) }, deadlineMs);
    return { exitCode: res.exit_code, stdout: Buffer.from(res.stdout ?? []), stderr: Buffer.from(res.stderr ?? []) };
  }

  async exec(id: string, cmd: string[], streams: ExecStreams): Promise<number> {
    const url = this.cri.runtimeCall('Exec', {
      container_id: id,
      cmd,
      tty: streams.tty,
      stdin: !!streams.stdin,
      stdout: !!streams.stdout,
      stderr: !!streams.stderr && !streams.tty,
    }).then((res) => res.url as string);
    return runRemoteCommand(url, streams);
  }

  async attach(id: string, streams: ExecStreams): Promise<void> {
    const url = this.cri.runtimeCall('Attach', {
      container_id: id,
      tty: streams.tty,
      stdin: !!streams.stdin,
      stdout: !!streams.stdout,
      stderr: !!streams.stderr && !streams.tty,
    }).then((res) => res.url as string);
    await runRemoteCommand(url, streams);
  }

  async portForward(sandboxId: string, port: number): Promise<Duplex> {
    const res = await this.cri.runtimeCall('PortForward', { pod_sandbox_id: sandboxId, port: [port] });
    return openPortForward(res.url);
  }

  async pullImage(image: string): Promise<string> {
    const res = await this.cri.imageCall('PullImage', { image: { image } }, 10 * 60_000);
    return res.image_ref;
  }

  async imageStatus(image: string): Promise<ImageInfo | undefined> {
    const res = await this.cri.imageCall('ImageStatus', { image: { image }, verbose: false });
    return res.image ? imageInfoFrom(res.image) : undefined;
  }

  async listImages(): Promise<ImageInfo[]> {
    const res = await this.cri.imageCall('ListImages', {});
    return (res.images as Message[]).map(imageInfoFrom);
  }

  async importImage(tarPath: string): Promise<string[]> {
    const ctr = this.opts.ctrBinary ?? whichBinary('ctr');
    if (!ctr) throw new Error('ctr not found on PATH (it ships with containerd)');
    const { stdout } = await execFileAsync(ctr, ['--address', this.opts.socketPath, '-n', CRI_NAMESPACE, 'images', 'import', tarPath], {
      maxBuffer: 16 << 20,
    });
    // ctr prints `unpacking <name> (sha256:…)...done` for each image it loaded.
    return [...stdout.matchAll(/^unpacking (\S+) \(/gm)].map((m) => m[1]);
  }

  async close(): Promise<void> {
    this.cri.close();
  }

  private async sandboxCgroupParent(id: string): Promise<string | undefined> {
    try {
      const res = await this.cri.runtimeCall('PodSandboxStatus', { pod_sandbox_id: id, verbose: true });
      const info = JSON.parse(res.info?.info ?? '{}');
      return info.config?.linux?.cgroup_parent || undefined;
    } catch {
      return undefined;
    }
  }
}

const CGROUP_V1_ROOT = '/sys/fs/cgroup';

/**
 * Removes a pod's (now empty) cgroup from every v1 hierarchy: runc deletes the containers'
 * cgroups but not the parent the kubelet asked for. Leaves alone anything still in use.
 */
async function removeCgroup(cgroupPath: string): Promise<void> {
  let hierarchies: string[];
  try {
    hierarchies = await readdir(CGROUP_V1_ROOT);
  } catch {
    return;
  }
  await Promise.all(hierarchies.map((h) => rmdir(path.join(CGROUP_V1_ROOT, h, cgroupPath)).catch(() => undefined)));
}
