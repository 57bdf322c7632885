// A containerd of k8ts's own: configured and run under one state directory, ready once its
// CRI plugin answers, with the pause image imported, and stopped without leaving sandboxes,
// shims or the daemon itself behind.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { logger } from '../../../machinery/log.js';
import { writeOciImage, type OciImageSpec } from '../../image/index.js';
import { containerdConfigToml, type ContainerdLayout } from './config.js';
import { requireContainerd } from './detect.js';
import { DEFAULT_PAUSE_IMAGE, pauseImageSpec } from './pause.js';
import { ContainerdRuntime } from './runtime.js';

const log = logger('containerd');

export interface ContainerdDaemonOptions {
  /** containerd's root, state, socket and logs go under `<stateDir>/containerd`. */
  stateDir: string;
  /** Where the caller writes the CNI conflist; default `<stateDir>/cni/net.d`. */
  cniConfDir?: string;
  /** Run containerd inside this named network namespace (from `ip netns add`), as tests do. */
  netns?: string;
  /** Address of the CRI streaming server; default 127.0.0.1. It must be reachable by the caller. */
  streamServerAddress?: string;
  sandboxImage?: string;
  /** Passed on to the runtime for host-network sandboxes. */
  nodeIP?: string;
  startTimeoutMs?: number;
}

function layoutUnder(stateDir: string, cniConfDir?: string): ContainerdLayout {
  const base = path.join(path.resolve(stateDir), 'containerd');
  return {
    root: path.join(base, 'root'),
    state: path.join(base, 'state'),
    opt: path.join(base, 'opt'),
    socket: path.join(base, 'containerd.sock'),
    cniConfDir: path.resolve(cniConfDir ?? path.join(stateDir, 'cni', 'net.d')),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PIDs of containerd shims serving the daemon at `socket` (they name it in their arguments). */
export function shimPidsFor(socket: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (path.basename(argv[0]).startsWith('containerd-shim') && argv.includes(socket)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

const pidFileIn = (base: string) => path.join(base, 'containerd.pid');

function readPidFile(file: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(file, 'utf8'), 10);
  } catch {
    return undefined;
  }
}

/**
 * Ends a containerd that a previous k8ts started with this config and never stopped (k8ts was
 * killed). Its containers keep running: the new containerd adopts them from the same state.
 */
async function stopStaleDaemon(pidFile: string, configFile: string): Promise<void> {
  const pid = readPidFile(pidFile);
  try {
    if (pid === undefined || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(configFile)) return;
  } catch {
    return; // that process is gone
  }
  log.warn('stopping a containerd left running by an earlier k8ts', { pid });
  process.kill(pid, 'SIGTERM');
  if (!(await waitForExit(pid, 10_000))) process.kill(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
}

export class ContainerdDaemon {
  readonly runtime: ContainerdRuntime;
  private exited: Promise<void>;

  private constructor(
    readonly layout: ContainerdLayout,
    readonly logFile: string,
    private readonly child: ChildProcess,
    opts: ContainerdDaemonOptions,
    ctr: string,
  ) {
    this.runtime = new ContainerdRuntime({
      socketPath: layout.socket,
      ctrBinary: ctr,
      ...(opts.nodeIP ? { nodeIP: opts.nodeIP } : {}),
      cni: { confDir: layout.cniConfDir, ipamDataDir: path.join(opts.stateDir, 'cni', 'ipam') },
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  get pid(): number {
    return this.child.pid!;
  }

  private get pidFile(): string {
    return pidFileIn(path.dirname(this.layout.socket));
  }

  get socketPath(): string {
    return this.layout.socket;
  }

  /** Writes the config, starts containerd and resolves once CRI is ready and the pause image present. */
  static async start(opts: ContainerdDaemonOptions): Promise<ContainerdDaemon> {
    const { binary, ctr } = requireContainerd();
    const layout = layoutUnder(opts.stateDir, opts.cniConfDir);
    const base = path.dirname(layout.socket);
    for (const dir of [layout.root, layout.state, layout.opt, layout.cniConfDir]) await mkdir(dir, { recursive: true });
    const configFile = path.join(base, 'config.toml');
    const sandboxImage = opts.sandboxImage ?? DEFAULT_PAUSE_IMAGE;
    await writeFile(configFile, containerdConfigToml({
      layout,
      sandboxImage,
      streamServerAddress: opts.streamServerAddress ?? '127.0.0.1',
      streamServerPort: '0',
    }));
    const pidFile = pidFileIn(base);
    await stopStaleDaemon(pidFile, configFile);
    // A socket left by a containerd that died would make the new one fail to listen.
    await rm(layout.socket, { force: true });

    const logFile = path.join(base, 'containerd.log');
    const fd = openSync(logFile, 'a');
    // nsenter, not `ip netns exec`: the latter remounts /sys, hiding the cgroup mounts runc needs.
    const [cmd, args] = opts.netns
      ? ['nsenter', [`--net=/run/netns/${opts.netns}`, '--', binary, '--config', configFile]]
      : [binary, ['--config', configFile]];
    // Its own process group: a Ctrl-C meant for k8ts must not end containerd before stop()
    // has taken the sandboxes down in order.
    const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    await writeFile(pidFile, `${child.pid}\n`);
    const daemon = new ContainerdDaemon(layout, logFile, child, opts, ctr);
    log.info('started containerd', { pid: child.pid, socket: layout.socket });
    try {
      await daemon.waitReady(opts.startTimeoutMs ?? 20_000);
      await daemon.ensureImage(sandboxImage, () => pauseImageSpec(sandboxImage));
    } catch (err) {
      await daemon.stop();
      throw err;
    }
    return daemon;
  }

  private logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-8).join('\n');
    } catch {
      return '';
    }
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError = 'socket not created';
    for (;;) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`containerd exited (${this.child.exitCode ?? this.child.signalCode}) while starting:\n${this.logTail()}`);
      }
      if (existsSync(this.layout.socket)) {
        try {
          const st = await this.runtime.status();
          if (st.runtimeReady) return;
          lastError = st.message ?? 'RuntimeReady=false';
        } catch (err) {
          lastError = (err as Error).message;
        }
      }
      if (Date.now() > deadline) throw new Error(`containerd not ready after ${timeoutMs} ms: ${lastError}\n${this.logTail()}`);
      await sleep(50);
    }
  }

  /** Imports the image built by `build` unless containerd already has `name`. */
  async ensureImage(name: string, build: () => OciImageSpec): Promise<void> {
    if (await this.runtime.imageStatus(name)) return;
    const tar = path.join(path.dirname(this.layout.socket), `image-${name.replace(/[^\w.-]+/g, '_')}.tar`);
    await writeOciImage(build(), tar);
    try {
      await this.runtime.importImage(tar);
    } finally {
      await rm(tar, { force: true });
    }
    if (!(await this.runtime.imageStatus(name))) throw new Error(`importing ${name} into containerd did not make it available`);
  }

  /**
   * Stops and removes every sandbox (which ends their shims), then containerd itself: SIGTERM,
   * SIGKILL after `timeoutMs`. Shims that outlive a failed removal are killed by PID.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.runtime.close();
    // A later start() on the same state dir took over: what runs there now is not ours to stop.
    if (readPidFile(this.pidFile) !== this.child.pid) return;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      // A connection of its own: the kubelet may already have closed `runtime`.
      const cleaner = new ContainerdRuntime({ socketPath: this.layout.socket });
      try {
        for (const sandbox of await cleaner.listPodSandboxes()) {
          await cleaner.stopPodSandbox(sandbox.id);
          await cleaner.removePodSandbox(sandbox.id);
        }
      } catch (err) {
        log.warn('could not remove every sandbox before stopping containerd', { error: (err as Error).message });
      } finally {
        await cleaner.close();
      }
    }
    const pid = this.child.pid;
    if (pid !== undefined && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = new AbortController();
      const timedOut = sleep(timeoutMs, true, { signal: timer.signal }).catch(() => false);
      if (await Promise.race([this.exited.then(() => false), timedOut])) {
        this.child.kill('SIGKILL');
        await this.exited;
      }
      timer.abort();
    }
    for (const shim of shimPidsFor(this.layout.socket)) {
      log.warn('killing leftover containerd shim', { pid: shim });
      try {
        process.kill(shim, 'SIGKILL');
      } catch {
        // already gone
      }
      await waitForExit(shim, 2_000);
    }
    await rm(this.pidFile, { force: true });
    log.info('stopped containerd', { pid });
  }
}
