// Starts the real `./k8ts up` (the README's command) on a scratch data directory and a free
// port, and runs the real kubectl against it. Every cluster stops with its test.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const READY_TIMEOUT_MS = 120_000;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Cluster {
  dataDir: string;
  kubeconfig: string;
  url: string;
  proc: ChildProcess;
  /** Everything k8ts printed on stdout so far. */
  output(): string;
  /** The node's address, when the cluster runs an agent in a namespace of its own. */
  nodeIP?: string;
  /** Runs a command where the cluster runs (inside its network namespace, if it has one). */
  exec(cmd: string, args: string[], opts?: { input?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult>;
  /** Runs kubectl against this cluster; never throws on a non-zero exit. */
  kubectl(args: string[], opts?: { input?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult>;
  /** Like kubectl, but throws with the output when it fails. */
  k(args: string[], opts?: { input?: string; env?: Record<string, string> }): Promise<string>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
  /** Removes the data directory (after stop). */
  cleanup(): void;
}

export function run(cmd: string, args: string[], opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    // A command may exit without reading its input; that is not our error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

export interface ClusterOptions {
  /** Reuse a data directory (a restart); a new scratch one by default. */
  dataDir?: string;
  extraArgs?: string[];
  /**
   * Run the node agent with this runtime. The whole cluster then runs inside a network
   * namespace of its own (a host of its own: pod bridge, routes and rules stay in there), and
   * kubectl and `exec()` run in it too. (Entered with nsenter: `ip netns exec` would also
   * remount /sys and hide the cgroup hierarchies.) Without it the cluster has no agent
   * (`--disable-agent`).
   */
  agent?: { runtime: 'process' | 'containerd' };
}

/** Starts k8ts on `dataDir` (a new scratch one by default) and waits until it says it is ready. */
export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'k8ts-e2e-'));
  const kubeconfig = path.join(dataDir, 'kubeconfig');
  const cacheDir = path.join(dataDir, 'kubecache');
  const host = opts.agent ? await createHostNamespace() : undefined;
  const agentArgs = opts.agent ? ['--runtime', opts.agent.runtime, '--node-ip', host!.ip, '--kubelet-port', '0'] : ['--disable-agent'];
  const args = ['up', '--data-dir', dataDir, '--https-listen-port', '0', '--write-kubeconfig', kubeconfig, ...agentArgs, ...(opts.extraArgs ?? [])];
  const proc = host
    ? spawn('nsenter', [`--net=/run/netns/${host.name}`, path.join(REPO, 'k8ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: dataDir } })
    : spawn(path.join(REPO, 'k8ts'), args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: dataDir } });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`k8ts did not become ready in time:\n${out}\n${err}`)), READY_TIMEOUT_MS);
    const check = () => {
      const m = /API server ready at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`k8ts exited (${code}) before it was ready:\n${out}\n${err}`));
    });
  });
  let url: string;
  try {
    url = await ready;
  } catch (e) {
    // A scratch directory we made is ours to remove; a caller's is not.
    proc.kill('SIGKILL');
    await exited;
    host?.remove();
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const exec = (cmd: string, cmdArgs: string[], o: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}) =>
    host ? run('nsenter', [`--net=/run/netns/${host.name}`, cmd, ...cmdArgs], o) : run(cmd, cmdArgs, o);
  const kubectl = (args: string[], o: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}) =>
    exec('kubectl', ['--kubeconfig', kubeconfig, ...args], { ...o, env: { KUBECACHEDIR: cacheDir, HOME: dataDir, ...o.env } });
  return {
    dataDir,
    kubeconfig,
    url,
    proc,
    output: () => out,
    nodeIP: host?.ip,
    exec,
    kubectl,
    async k(args, o) {
      const r = await kubectl(args, o);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
      return r.stdout;
    },
    async stop() {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGKILL');
      await exited;
    },
    cleanup() {
      host?.remove();
      unmountUnder(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Writes a manifest into the cluster's data directory and returns its path. */
export function manifest(c: Cluster, name: string, text: string): string {
  const p = path.join(c.dataDir, name);
  writeFileSync(p, text);
  return p;
}

/** A network namespace standing in for a host: loopback, and one interface with the node's address. */
interface HostNamespace {
  name: string;
  ip: string;
  remove(): void;
}

let hostCount = 0;

async function createHostNamespace(): Promise<HostNamespace> {
  const name = `k8ts-e2e-${process.pid}-${hostCount++}`;
  const ip = '192.0.2.10';
  const steps = [
    ['netns', 'add', name],
    ['-n', name, 'link', 'set', 'lo', 'up'],
    // A veth pair with both ends inside (this kernel has no dummy interfaces).
    ['-n', name, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0-peer'],
    ['-n', name, 'link', 'set', 'eth0-peer', 'up'],
    ['-n', name, 'addr', 'add', `${ip}/24`, 'dev', 'eth0'],
    ['-n', name, 'link', 'set', 'eth0', 'up'],
    ['-n', name, 'route', 'add', 'default', 'dev', 'eth0'],
  ];
  const remove = () => void spawnSync('ip', ['netns', 'del', name]);
  for (const step of steps) {
    const r = await run('ip', step);
    if (r.code !== 0) {
      remove();
      throw new Error(`ip ${step.join(' ')} failed: ${r.stderr}`);
    }
  }
  return { name, ip, remove };
}

/**
 * Pod volumes (secrets, memory emptyDirs) stay mounted when k8ts stops, as upstream's kubelet
 * leaves them for its next start; a test's scratch directory cannot go until they are unmounted.
 */
function unmountUnder(dir: string): void {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((m): m is string => m !== undefined && m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) spawnSync('umount', ['-l', m]);
}
