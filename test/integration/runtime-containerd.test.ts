// The containerd runtime against a real containerd 1.6 started by daemon.ts inside a network
// namespace this test creates (so the CNI bridge and pod IPs never touch the host's network),
// with real runc, real CNI plugins and busybox images built by src/kubelet/image.
// A veth pair gives the test a route to containerd's streaming server (exec/port-forward URLs).

import assert from 'node:assert/strict';
import { eventually, sleep } from './apiserver-helpers.js';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { busyboxImage, writeOciImage } from '../../src/kubelet/image/index.js';
import { cniConflist } from '../../src/kubelet/network/cni-config.js';
import { ContainerdDaemon, requireContainerd } from '../../src/kubelet/runtime/containerd/index.js';
import { shimPidsFor } from '../../src/kubelet/runtime/containerd/daemon.js';
import { CriClient } from '../../src/kubelet/runtime/containerd/cri-client.js';
import type { ContainerdRuntime } from '../../src/kubelet/runtime/containerd/index.js';
import {
  CONTAINER_NAME_LABEL, POD_NAME_LABEL, POD_UID_LABEL,
  type ContainerConfig, type ContainerStatus, type SandboxConfig,
} from '../../src/kubelet/runtime/types.js';

const execFileAsync = promisify(execFile);
const tag = randomBytes(3).toString('hex');
const NETNS = `k8ts-h2-${tag}`;
const VETH_HOST = `kh2${tag}h`;
const VETH_NS = `kh2${tag}n`;
// A /30 of link-local space for the veth, picked at random so parallel runs do not clash.
const octet = 1 + (randomBytes(1)[0] % 160);
const quad = (randomBytes(1)[0] % 63) * 4;
const HOST_IP = `169.254.${octet}.${quad + 1}`;
const NS_IP = `169.254.${octet}.${quad + 2}`;
const CGROUP_ROOT = `/k8ts-h2-${tag}`;
const WEB_IMAGE = `localhost/h2-web-${tag}:1`;
const PAGE = `hello from k8ts ${tag}\n`;

let dir: string;
let daemon: ContainerdDaemon | undefined;
let rt: ContainerdRuntime;
const sandboxNetns = new Set<string>();

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
/** The test's waits, in its own argument order. */
const waitFor = <T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 10_000) => eventually(fn, timeoutMs, what) as Promise<T>;

function sandboxConfig(name: string, extra: Partial<SandboxConfig> = {}): SandboxConfig {
  const uid = `${tag}-${name}`;
  return {
    name, namespace: 'default', uid, attempt: 0, hostname: name,
    logDirectory: path.join(dir, 'pods', `default_${name}_${uid}`),
    hostNetwork: false,
    dns: { servers: ['10.43.0.10'], searches: ['default.svc.cluster.local'], options: ['ndots:5'] },
    portMappings: [],
    cgroupParent: `${CGROUP_ROOT}/pod${uid}`,
    labels: { app: name },
    annotations: { note: 'h2' },
    ...extra,
  };
}

function containerConfig(name: string, extra: Partial<ContainerConfig> = {}): ContainerConfig {
  return {
    name, attempt: 0, image: WEB_IMAGE, command: [], args: [], env: [], mounts: [],
    logPath: `${name}/0.log`, stdin: false, stdinOnce: false, tty: false,
    resources: { cpuQuota: 0, cpuPeriod: 0, cpuShares: 0, memoryLimitBytes: 0 },
    labels: {}, annotations: {},
    ...extra,
  };
}

async function runPod(name: string, extra: Partial<SandboxConfig> = {}): Promise<{ id: string; config: SandboxConfig }> {
  const config = sandboxConfig(name, extra);
  const id = await rt.runPodSandbox(config);
  // Remember the pod's netns (named in containerd's verbose info) to check it is gone at the end.
  const cri = new CriClient(daemon!.socketPath);
  try {
    const res = await cri.runtimeCall('PodSandboxStatus', { pod_sandbox_id: id, verbose: true });
    const netns = JSON.parse(res.info.info).runtimeSpec?.linux?.namespaces?.find((n: { type: string }) => n.type === 'network')?.path;
    if (netns) sandboxNetns.add(netns);
  } finally {
    cri.close();
  }
  return { id, config };
}

async function startContainer(sandbox: { id: string; config: SandboxConfig }, c: ContainerConfig): Promise<string> {
  const id = await rt.createContainer(sandbox.id, c, sandbox.config);
  await rt.startContainer(id);
  return id;
}

const exited = (id: string, timeoutMs = 10_000) =>
  waitFor<ContainerStatus>(`container ${id} to exit`, async () => {
    const st = await rt.containerStatus(id);
    return st?.state === 'EXITED' ? st : undefined;
  }, timeoutMs);

async function wgetInNetns(url: string): Promise<string> {
  // busybox wget -T segfaults (reference/node-runtime.md pitfall 5): bound it with timeout(1).
  const { stdout } = await execFileAsync('ip', ['netns', 'exec', NETNS, 'timeout', '3', 'busybox', 'wget', '-qO-', url]);
  return stdout;
}

describe('containerd runtime (real containerd in a private netns)', () => {
  before(async () => {
    requireContainerd(); // fails with what to install when containerd is missing
    ip('netns', 'add', NETNS);
    ip('-n', NETNS, 'link', 'set', 'lo', 'up');
    ip('link', 'add', VETH_HOST, 'type', 'veth', 'peer', 'name', VETH_NS);
    ip('link', 'set', VETH_NS, 'netns', NETNS);
    ip('addr', 'add', `${HOST_IP}/30`, 'dev', VETH_HOST);
    ip('link', 'set', VETH_HOST, 'up');
    ip('-n', NETNS, 'addr', 'add', `${NS_IP}/30`, 'dev', VETH_NS);
    ip('-n', NETNS, 'link', 'set', VETH_NS, 'up');

    dir = mkdtempSync(path.join(tmpdir(), 'k8ts-h2-containerd-'));
    const netd = path.join(dir, 'cni', 'net.d');
    execFileSync('mkdir', ['-p', netd]);
    writeFileSync(path.join(netd, '10-k8ts.conflist'), JSON.stringify(cniConflist({ podCIDR: '10.88.0.0/24', ipamDataDir: path.join(dir, 'cni', 'ipam') })));
    daemon = await ContainerdDaemon.start({ stateDir: dir, cniConfDir: netd, netns: NETNS, streamServerAddress: NS_IP, nodeIP: NS_IP });
    rt = daemon.runtime;
  });

  after(async () => {
    await daemon?.stop();
    try { ip('netns', 'del', NETNS); } catch { /* already gone */ }
    for (const h of readdirSync('/sys/fs/cgroup')) {
      try { rmdirSync(path.join('/sys/fs/cgroup', h, CGROUP_ROOT)); } catch { /* absent */ }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports its version and a ready runtime and network', async () => {
    const v = await rt.version();
    assert.equal(v.runtimeName, 'containerd');
    assert.match(v.runtimeVersion, /^1\.\d+/);
    const st = await rt.status();
    assert.equal(st.runtimeReady, true);
    assert.equal(st.networkReady, true, st.message);
    assert.equal(rt.name, 'containerd');
  });

  it('imports a built image, lists it, and fails cleanly to pull without a registry', async () => {
    const tar = path.join(dir, 'web.tar');
    await writeOciImage(busyboxImage(WEB_IMAGE, {
      entrypoint: ['httpd', '-f', '-p', '80', '-h', '/www'],
      files: [{ type: 'file', path: 'www/index.html', data: PAGE }],
    }), tar);
    assert.deepEqual(await rt.importImage(tar), [WEB_IMAGE]);
    const info = await rt.imageStatus(WEB_IMAGE);
    assert.ok(info, 'imported image has a status');
    assert.match(info.id, /^sha256:[0-9a-f]{64}$/);
    assert.ok(info.size > 0);
    assert.ok((await rt.listImages()).some((i) => i.repoTags.includes(WEB_IMAGE)));
    assert.ok((await rt.listImages()).some((i) => i.repoTags.includes('localhost/pause:1')), 'daemon imported the pause image');
    assert.equal(await rt.imageStatus(`localhost/absent-${tag}:1`), undefined);
    await assert.rejects(rt.pullImage(`localhost/absent-${tag}:1`), /PullImage/);
  });

  let web: { id: string; config: SandboxConfig };
  let webContainer: string;

  it('runs a sandbox with a pod IP and a container serving HTTP on it and on its hostPort, with limits applied', async () => {
    web = await runPod('web', { portMappings: [{ protocol: 'TCP', containerPort: 80, hostPort: 18080 }] });
    const st = await rt.podSandboxStatus(web.id);
    assert.equal(st?.state, 'READY');
    assert.match(st?.ip ?? '', /^10\.88\.0\.\d+$/);
    assert.equal(st?.labels[POD_NAME_LABEL], 'web');
    assert.equal(st?.labels.app, 'web');
    assert.deepEqual((await rt.listPodSandboxes({ uid: web.config.uid })).map((s) => [s.id, s.state]), [[web.id, 'READY']]);

    webContainer = await startContainer(web, containerConfig('web', {
      resources: { cpuQuota: 50_000, cpuPeriod: 100_000, cpuShares: 512, memoryLimitBytes: 64 << 20 },
      env: [{ name: 'GREETING', value: 'hi' }],
    }));
    assert.doesNotMatch(webContainer, /:\/\//, 'bare container id');
    assert.equal(await waitFor('the page on the pod IP', async () => (await wgetInNetns(`http://${st!.ip}/`)) === PAGE && true), true);

    // hostPort via the portmap plugin, on the address of containerd's (the node's) network.
    assert.equal(await wgetInNetns(`http://${NS_IP}:18080/`), PAGE);

    const cst = await rt.containerStatus(webContainer);
    assert.equal(cst?.image, WEB_IMAGE);
    assert.equal(cst?.state, 'RUNNING');
    assert.equal(cst?.sandboxId, web.id);
    assert.equal(cst?.labels[CONTAINER_NAME_LABEL], 'web');
    assert.equal(cst?.labels[POD_UID_LABEL], web.config.uid);
    assert.match(cst?.imageRef ?? '', /sha256:[0-9a-f]{64}/);
    assert.ok(cst!.startedAt > 0 && cst!.createdAt > 0 && cst!.finishedAt === 0);
    assert.deepEqual((await rt.listContainers({ sandboxId: web.id })).map((c) => c.id), [webContainer]);

    const cg = (ctrl: string, file: string) => readFileSync(`/sys/fs/cgroup/${ctrl}${web.config.cgroupParent}/${webContainer}/${file}`, 'utf8').trim();
    assert.equal(cg('memory', 'memory.limit_in_bytes'), String(64 << 20));
    assert.equal(cg('cpu', 'cpu.cfs_quota_us'), '50000');
    assert.equal(cg('cpu', 'cpu.shares'), '512');
    const env = await rt.execSync(webContainer, ['sh', '-c', 'echo $GREETING; cat /etc/resolv.conf; hostname'], 5);
    assert.match(env.stdout.toString(), /^hi\n/);
    assert.match(env.stdout.toString(), /nameserver 10\.43\.0\.10/);
    assert.match(env.stdout.toString(), /\nweb\n$/);
  });

  it('writes CRI-format logs at <logDirectory>/<logPath> and runs as the requested user', async () => {
    const id = await startContainer(web, containerConfig('echo', {
      command: ['sh', '-c'], args: ['echo hello; id -u; echo oops >&2; printf partial'], runAsUser: 65534, runAsGroup: 65534,
    }));
    const st = await exited(id);
    assert.equal(st.exitCode, 0);
    assert.equal(st.reason, 'Completed');
    const file = path.join(web.config.logDirectory, 'echo', '0.log');
    assert.equal(st.logPath, file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const ts = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:\d\d) /;
    assert.ok(lines.every((l) => ts.test(l)), lines.join('\n'));
    const body = lines.map((l) => l.replace(ts, ''));
    assert.ok(body.includes('stdout F hello'));
    assert.ok(body.includes('stdout F 65534'));
    assert.ok(body.includes('stderr F oops'));
    assert.ok(body.includes('stdout P partial'), body.join('\n'));
    await rt.removeContainer(id);
    assert.equal(await rt.containerStatus(id), undefined);
  });

  it('execSync returns output and the exit code', async () => {
    const r = await rt.execSync(webContainer, ['sh', '-c', 'echo out; echo err >&2; exit 7'], 5);
    assert.equal(r.exitCode, 7);
    assert.equal(r.stdout.toString(), 'out\n');
    assert.equal(r.stderr.toString(), 'err\n');
  });

  it('exec streams stdin to EOF, stdout and stderr, and returns exit codes over the streaming server', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    stdout.on('data', (d) => out.push(d));
    stderr.on('data', (d) => err.push(d));
    const done = rt.exec(webContainer, ['sh', '-c', 'read first; echo "first=$first"; wc -c; echo e >&2; exit 3'], { stdin, stdout, stderr, tty: false });
    stdin.write('hello\n');
    stdin.end(Buffer.alloc(300_000, 'x')); // the command only finishes once it sees EOF
    assert.equal(await done, 3);
    assert.equal(Buffer.concat(out).toString().replace(/ +/g, ''), 'first=hello\n300000\n');
    assert.equal(Buffer.concat(err).toString(), 'e\n');

    const big = new PassThrough();
    const chunks: Buffer[] = [];
    big.on('data', (d) => chunks.push(d));
    assert.equal(await rt.exec(webContainer, ['sh', '-c', 'head -c 2000000 /dev/zero'], { stdout: big, tty: false }), 0);
    assert.equal(Buffer.concat(chunks).length, 2_000_000);
  });

  it('exec with a tty applies resize events', async () => {
    const stdout = new PassThrough();
    const out: Buffer[] = [];
    stdout.on('data', (d) => out.push(d));
    const resize = new EventEmitter();
    // stty reads the size from stdin, so stdin is the terminal as with `kubectl exec -it`.
    const stdin = new PassThrough();
    const done = rt.exec(webContainer, ['sh', '-c', 'sleep 0.6; stty size; sleep 0.2'], { stdin, stdout, tty: true, resize });
    resize.emit('resize', { width: 100, height: 30 });
    assert.equal(await done, 0);
    assert.equal(Buffer.concat(out).toString(), '30 100\r\n');
  });

  it('attaches to the stdin and stdout of a container until it exits', async () => {
    const id = await startContainer(web, containerConfig('repl', {
      command: ['sh', '-c', 'while read l; do [ "$l" = quit ] && exit 0; echo "echo $l"; done'], stdin: true,
    }));
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const out: Buffer[] = [];
    stdout.on('data', (d) => out.push(d));
    const attached = rt.attach(id, { stdin, stdout, tty: false });
    stdin.write('ping\n');
    await waitFor('the echo', async () => Buffer.concat(out).toString() === 'echo ping\n');
    stdin.write('quit\n');
    await attached;
    assert.equal((await exited(id)).exitCode, 0);
    await rt.removeContainer(id);
  });

  it('port-forwards to a port inside the sandbox', async () => {
    const conn = await rt.portForward(web.id, 80);
    const chunks: Buffer[] = [];
    conn.on('data', (d: Buffer) => chunks.push(d));
    conn.write('GET / HTTP/1.0\r\nHost: web\r\n\r\n');
    await new Promise<void>((resolve, reject) => { conn.on('end', resolve); conn.on('error', reject); });
    const reply = Buffer.concat(chunks).toString();
    assert.match(reply, /^HTTP\/1\.[01] 200/);
    assert.ok(reply.endsWith(PAGE), reply);
    conn.destroy();

    const refused = await rt.portForward(web.id, 81);
    refused.write('x');
    await assert.rejects(new Promise((resolve, reject) => { refused.on('end', resolve); refused.on('error', reject); refused.resume(); }), /port-forward: .*connection refused/);
  });

  it('reports OOMKilled when a container exceeds its memory limit', async () => {
    const id = await startContainer(web, containerConfig('hog', {
      command: ['sh', '-c', 'exec dd if=/dev/zero of=/dev/shm/fill bs=1M count=100'],
      resources: { cpuQuota: 0, cpuPeriod: 0, cpuShares: 0, memoryLimitBytes: 16 << 20 },
    }));
    assert.equal((await exited(id)).exitCode, 137);
    // containerd handles the OOM event apart from the exit: for a moment the reason may still
    // read Error before it turns OOMKilled (the kubelet re-reads statuses, so it sees the change).
    await waitFor('the OOMKilled reason', async () => (await rt.containerStatus(id))?.reason === 'OOMKilled');
    await rt.removeContainer(id);
  });

  it('stopContainer sends SIGTERM, and SIGKILL once the timeout has passed', async () => {
    const polite = await startContainer(web, containerConfig('polite', {
      command: ['sh', '-c', "trap 'echo got TERM; exit 0' TERM; while :; do sleep 1 & wait $!; done"],
    }));
    const stubborn = await startContainer(web, containerConfig('stubborn', {
      command: ['sh', '-c', "trap '' TERM; echo ready; while :; do sleep 1; done"],
    }));
    await waitFor('both containers running', async () =>
      (await rt.containerStatus(polite))?.state === 'RUNNING' && (await rt.containerStatus(stubborn))?.state === 'RUNNING');
    await waitFor('the trap to be set', async () => readFileSync(path.join(web.config.logDirectory, 'stubborn/0.log'), 'utf8').includes('ready'));
    await sleep(200); // the polite shell installs its trap before its first sleep

    let t0 = Date.now();
    await rt.stopContainer(polite, 10);
    assert.ok(Date.now() - t0 < 5_000, 'a container that exits on SIGTERM is not made to wait out the timeout');
    const p = await rt.containerStatus(polite);
    assert.equal(p?.state, 'EXITED');
    assert.equal(p?.exitCode, 0);
    assert.match(readFileSync(path.join(web.config.logDirectory, 'polite/0.log'), 'utf8'), /stdout F got TERM/);

    t0 = Date.now();
    await rt.stopContainer(stubborn, 2);
    const took = Date.now() - t0;
    assert.ok(took >= 1_800 && took < 8_000, `SIGKILL after the 2 s timeout (took ${took} ms)`);
    const s = await rt.containerStatus(stubborn);
    assert.equal(s?.state, 'EXITED');
    assert.equal(s?.exitCode, 137);
    await rt.stopContainer(stubborn, 2); // idempotent
  });

  it('gives a host-network sandbox the node IP and no private hostname', async () => {
    const host = await runPod('hostnet', { hostNetwork: true });
    const st = await rt.podSandboxStatus(host.id);
    assert.equal(st?.state, 'READY');
    assert.equal(st?.ip, NS_IP);
    const id = await startContainer(host, containerConfig('ifaces', { command: ['sh', '-c', 'ip -o -4 addr'] }));
    await exited(id);
    assert.match(readFileSync(path.join(host.config.logDirectory, 'ifaces/0.log'), 'utf8'), new RegExp(NS_IP.replace(/\./g, '\\.')));
    await rt.stopPodSandbox(host.id);
    await rt.removePodSandbox(host.id);
  });

  it('stops and removes sandboxes, their containers and their pod cgroup', async () => {
    await rt.stopPodSandbox(web.id);
    assert.equal((await rt.podSandboxStatus(web.id))?.state, 'NOTREADY');
    assert.equal((await rt.containerStatus(webContainer))?.state, 'EXITED');
    await rt.stopPodSandbox(web.id); // idempotent
    await rt.removePodSandbox(web.id);
    assert.equal(await rt.podSandboxStatus(web.id), undefined);
    assert.equal(await rt.containerStatus(webContainer), undefined);
    assert.equal(existsSync(`/sys/fs/cgroup/memory${web.config.cgroupParent}`), false, 'pod cgroup removed');
    await rt.removePodSandbox(web.id); // idempotent
  });

  it('daemon stop leaves no sandbox, shim, containerd or pod netns behind', async () => {
    const leftover = await runPod('leftover');
    await startContainer(leftover, containerConfig('web'));
    const d = daemon!;
    const socket = d.socketPath;
    assert.ok(shimPidsFor(socket).length > 0, 'a shim runs while a sandbox does');
    const pid = d.pid;
    await d.stop();
    daemon = undefined;
    assert.throws(() => process.kill(pid, 0), 'containerd has exited');
    assert.deepEqual(shimPidsFor(socket), []);
    assert.ok(sandboxNetns.size >= 2, 'pod-network sandboxes had a netns of their own');
    for (const ns of sandboxNetns) assert.equal(existsSync(ns), false, `${ns} removed`);
    assert.equal(existsSync(`/sys/fs/cgroup/memory${leftover.config.cgroupParent}`), false);
  });
});

describe('containerd daemon lifecycle', () => {
  it('takes over a containerd an earlier k8ts left running on the same state dir', async () => {
    const state = mkdtempSync(path.join(tmpdir(), 'k8ts-h2-stale-'));
    let first: ContainerdDaemon | undefined;
    let second: ContainerdDaemon | undefined;
    try {
      first = await ContainerdDaemon.start({ stateDir: state });
      const stalePid = first.pid;
      // As if k8ts had been killed: nobody calls first.stop().
      second = await ContainerdDaemon.start({ stateDir: state });
      assert.notEqual(second.pid, stalePid);
      assert.throws(() => process.kill(stalePid, 0), 'the stale containerd was stopped');
      assert.equal((await second.runtime.status()).runtimeReady, true);
      assert.ok(await second.runtime.imageStatus('localhost/pause:1'), 'the image store carried over');
      await first.stop();
      assert.equal((await second.runtime.status()).runtimeReady, true, 'stopping the superseded daemon leaves the new one alone');
    } finally {
      await first?.stop();
      await second?.stop();
      rmSync(state, { recursive: true, force: true });
    }
  });
});
