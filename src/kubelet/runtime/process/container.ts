// One container as a host process: its state machine (CREATED → RUNNING → EXITED), its
// output flowing into the CRI log file and to attached clients, its exit status and reason,
// and stopping it (SIGTERM to its process group, SIGKILL after the grace period).

import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Cgroups } from '../../cgroups/index.js';
import type { ContainerConfig, ContainerState, ContainerStatus, ExecStreams, TerminalSize } from '../types.js';
import { CriLogWriter, type StreamName } from './cri-log.js';
import { READY_FD, type ExecSpec } from './launch.js';
import { exitStatus } from './stdio.js';
import { resizePty } from './tty.js';

/** How long leftover descendants may keep the output pipes open after the main process died. */
const DRAIN_MS = 1000;

export interface ExecContext {
  spec: Omit<ExecSpec, 'cmd' | 'pid'>;
  env: NodeJS.ProcessEnv;
}

export interface ContainerInit {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  /** Absolute path of the CRI log file. */
  logPath: string;
  imageRef: string;
  cgroups?: Cgroups;
  cgroupPath?: string;
}

export class ProcessContainer {
  readonly id: string;
  readonly sandboxId: string;
  readonly config: ContainerConfig;
  readonly logPath: string;
  readonly cgroupPath: string | undefined;
  state: ContainerState = 'CREATED';
  readonly createdAt = Date.now();
  startedAt = 0;
  finishedAt = 0;
  exitCode = 0;
  reason = '';
  message = '';
  pid: number | undefined;
  /** What an exec into this container needs besides the command; set when it starts. */
  execContext: ExecContext | undefined;
  private child: ChildProcess | undefined;
  private readonly imageRef: string;
  private readonly cgroups: Cgroups | undefined;
  private readonly listeners = new Set<(stream: StreamName, chunk: Buffer) => void>();
  private exitedPromise: Promise<void> = Promise.resolve();

  constructor(init: ContainerInit) {
    this.id = init.id;
    this.sandboxId = init.sandboxId;
    this.config = init.config;
    this.logPath = init.logPath;
    this.imageRef = init.imageRef;
    this.cgroups = init.cgroups;
    this.cgroupPath = init.cgroupPath;
  }

  /** A failure before the process could run, recorded as upstream does (StartError, exit 128). */
  failToStart(message: string): void {
    this.state = 'EXITED';
    this.exitCode = 128;
    this.reason = 'StartError';
    this.message = message;
    this.startedAt = this.finishedAt = Date.now();
  }

  /**
   * Spawns the process; resolves once its set-up (namespaces, mounts, cgroup) is done and
   * the workload is being exec'd, or rejects with what the set-up printed when it failed.
   */
  start(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
    mkdirSync(path.dirname(this.logPath), { recursive: true });
    const logFile = createWriteStream(this.logPath, { flags: 'a' });
    logFile.on('error', (e) => { this.message ||= `writing ${this.logPath}: ${e.message}`; });
    const log = new CriLogWriter(logFile);
    const child = spawn(file, args, {
      env,
      cwd: '/',
      detached: true, // its own process group, so a stop reaches what it forks too
      // A tty's relay (script) treats EOF on its input as the user's ^D: keep it open.
      stdio: [this.config.stdin || this.config.tty ? 'pipe' : 'ignore', 'pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    this.pid = child.pid;
    this.state = 'RUNNING';
    this.startedAt = Date.now();
    child.stdin?.on('error', () => { /* the process exited while a client was still typing */ });
    let ready = false;
    const setupErrors: Buffer[] = [];
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = child[name]!;
      stream.on('data', (b: Buffer) => {
        if (!ready && name === 'stderr') setupErrors.push(b);
        // A descendant that escaped the clean-up may still write after the log is closed.
        if (!logFile.writableEnded) log.write(name, b);
        for (const l of this.listeners) l(name, b);
      });
      stream.on('end', () => { if (!logFile.writableEnded) log.end(name); });
    }
    this.exitedPromise = new Promise<void>((resolve) => {
      child.on('error', (e) => {
        // Not even spawned (no nsenter/unshare on this host): there will be no 'exit'.
        if (child.pid === undefined) void this.finish(child, 128, logFile, e).then(resolve);
      });
      child.on('exit', (code, signal) => {
        void this.finish(child, exitStatus(code, signal), logFile).then(resolve);
      });
    });
    // The ready line precedes the end of its pipe, which comes at the latest when the process dies.
    const readyPipe = child.stdio[READY_FD] as Readable | null;
    return new Promise<void>((resolve, reject) => {
      const failed = async () => {
        await this.exitedPromise;
        const why = this.message || Buffer.concat(setupErrors).toString().trim() || `exited with ${this.exitCode} while being set up`;
        this.failToStart(why);
        reject(new Error(why));
      };
      if (!readyPipe) return void failed();
      readyPipe.on('data', () => { if (!ready) { ready = true; resolve(); } });
      readyPipe.on('error', () => { /* closed with the process */ });
      readyPipe.on('close', () => { if (!ready) void failed(); });
    });
  }

  private async finish(child: ChildProcess, status: number, logFile: Writable, spawnError?: Error): Promise<void> {
    const oom = this.cgroups && this.cgroupPath ? await this.cgroups.oomKilled(this.cgroupPath) : false;
    // Without a PID namespace nothing reaps the workload's children with it: do it here.
    await this.killLeftovers();
    await new Promise<void>((r) => {
      if (child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false) return r();
      const t = setTimeout(r, DRAIN_MS);
      child.once('close', () => { clearTimeout(t); r(); });
    });
    await new Promise<void>((r) => logFile.end(r));
    this.exitCode = status;
    this.reason = oom ? 'OOMKilled' : status === 0 ? 'Completed' : 'Error';
    if (spawnError) this.message = spawnError.message;
    this.finishedAt = Date.now();
    this.state = 'EXITED';
    this.child = undefined;
  }

  private async killLeftovers(): Promise<void> {
    if (this.pid) signalGroup(this.pid, 'SIGKILL');
    if (this.cgroups && this.cgroupPath) {
      for (const pid of await this.cgroups.pids(this.cgroupPath)) {
        try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
      }
    }
  }

  /** Resolves once the process has exited and its status is recorded. */
  exited(): Promise<void> {
    return this.exitedPromise;
  }

  async stop(timeoutSeconds: number): Promise<void> {
    if (this.state !== 'RUNNING' || !this.pid) return;
    signalGroup(this.pid, 'SIGTERM');
    const timer = setTimeout(() => { if (this.pid && this.state === 'RUNNING') signalGroup(this.pid, 'SIGKILL'); }, Math.max(0, timeoutSeconds) * 1000);
    await this.exitedPromise;
    clearTimeout(timer);
  }

  /** Joins the main process's stdio until the client or the process is done. */
  async attach(streams: ExecStreams): Promise<void> {
    const child = this.child;
    if (this.state !== 'RUNNING' || !child) return;
    const onOutput = (stream: StreamName, chunk: Buffer) => {
      const to = stream === 'stdout' || this.config.tty ? streams.stdout : streams.stderr;
      to?.write(chunk);
    };
    this.listeners.add(onOutput);
    const onResize = (size: TerminalSize) => { if (this.pid) void resizePty(this.pid, size); };
    if (this.config.tty) streams.resize?.on('resize', onResize);
    const toProcess = (b: Buffer) => child.stdin?.write(b);
    const feedsStdin = !!(streams.stdin && child.stdin && this.config.stdin);
    if (feedsStdin) streams.stdin!.on('data', toProcess);
    // The end of the client's input is not the end of the session: the process may still
    // answer it (with stdinOnce it sees EOF now), and its output flows until it exits or the
    // client goes away.
    await new Promise<void>((resolve) => {
      void this.exitedPromise.then(resolve);
      streams.stdin?.once('end', () => {
        if (feedsStdin && this.config.stdinOnce) child.stdin!.end();
        if (!streams.stdout && !streams.stderr) resolve();
      });
      streams.stdout?.once('close', resolve);
      streams.stderr?.once('close', resolve);
    });
    this.listeners.delete(onOutput);
    streams.resize?.off('resize', onResize);
    if (feedsStdin) {
      streams.stdin!.off('data', toProcess);
      // stdinOnce: the process sees EOF when its first client detaches.
      if (this.config.stdinOnce) child.stdin!.end();
    }
  }

  status(): ContainerStatus {
    return {
      id: this.id,
      sandboxId: this.sandboxId,
      name: this.config.name,
      attempt: this.config.attempt,
      state: this.state,
      createdAt: this.createdAt,
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
      exitCode: this.exitCode,
      reason: this.reason,
      message: this.message,
      image: this.config.image,
      imageRef: this.imageRef,
      logPath: this.logPath,
      labels: this.config.labels,
      annotations: this.config.annotations,
    };
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try { process.kill(pid, signal); } catch { /* gone */ }
  }
}
