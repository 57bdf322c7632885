// The built-in `process` runtime against the real kernel, CNI plugins and cgroups (root).
// Everything network-related happens inside a network namespace this test creates and
// hands to the runtime as `hostNetns`: the bridge, veth host ends, masquerade and hostPort
// rules are made there, never in the host's namespace. Pod namespaces are new ones.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { detectCgroups } from '../../src/kubelet/cgroups/index.js';
import { createProcessRuntime, type ProcessRuntime } from '../../src/kubelet/runtime/process/index.js';
import type { ContainerConfig, ContainerStatus, SandboxConfig } from '../../src/kubelet/runtime/types.js';

const isRoot = process.getuid?.() === 0;
const tag = randomBytes(3).toString('hex');
const hostNs = `k8tst-${tag}`;
const cgroupTop = `/k8ts-test-${tag}`;
const POD_CIDR = `10.${100 + (parseInt(tag.slice(0, 2), 16) % 100)}.${parseInt(tag.slice(2, 4), 16)}.0/24`;
const CRI_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z (stdout|stderr) [FP] /;

let dir: string;
let rt: ProcessRuntime;
const sandboxes: string[] = [];
const pids: number[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sandboxConfig(name: string, over: Partial<SandboxConfig> = {}): SandboxConfig {
  const uid = `uid-${name}-${tag}`;
  return {
    name, namespace: 'default', uid, attempt: 0, hostname: name,
    logDirectory: path.join(dir, 'logs', `default_${name}_${uid}`),
    hostNetwork: false, portMappings: [], cgroupParent: `${cgroupTop}/pod${uid}`, labels: {}, annotations: {},
    ...over,
  };
}

function containerConfig(name: string, over: Partial<ContainerConfig> = {}): ContainerConfig {
  return {
    name, attempt: 0, image: 'busybox', command: [], args: [], env: [], mounts: [], logPath: `${name}/0.log`,
    stdin: false, stdinOnce: false, tty: false,
    resources: { cpuQuota: 0, cpuPeriod: 100000, cpuShares: 0, memoryLimitBytes: 0 }, labels: {}, annotations: {},
    ...over,
  };
}

async function newSandbox(name: string, over: Partial<SandboxConfig> = {}): Promise<{ id: string; config: SandboxConfig }> {
  const config = sandboxConfig(name, over);
  const id = await rt.runPodSandbox(config);
  sandboxes.push(id);
  return { id, config };
}

async function run(sb: { id: string; config: SandboxConfig }, c: ContainerConfig): Promise<string> {
  const id = await rt.createContainer(sb.id, c, sb.config);
  await rt.startContainer(id);
  const st = await rt.containerStatus(id);
  if (st?.state === 'RUNNING') pids.push(pidOf(id));
  return id;
}

/** The recorded pid, read from the state dir as a later run would. */
function pidOf(id: string): number {
  return JSON.parse(readFileSync(path.join(dir, 'state', 'containers', `${id}.json`), 'utf8')).pid;
}

async function exited(id: string, ms = 10000): Promise<ContainerStatus> {
  const deadline = Date.now() + ms;
  for (;;) {
    const st = (await rt.containerStatus(id))!;
    if (st.state === 'EXITED') return st;
    if (Date.now() > deadline) throw new Error(`container ${id} still ${st.state}`);
    await sleep(20);
  }
}

function logLines(sb: { config: SandboxConfig }, c: string): string[] {
  return readFileSync(path.join(sb.config.logDirectory, `${c}/0.log`), 'utf8').split('\n').filter(Boolean);
}

/** HTTP GET from the stand-in host namespace (busybox wget without -T: it segfaults with it here), once the server listens. */
async function fetchFromHost(url: string): Promise<string> {
  for (let i = 0; ; i++) {
    try {
      return execFileSync('ip', ['netns', 'exec', hostNs, 'timeout', '5', 'busybox', 'wget', '-q', '-O', '-', url], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    } catch (e) {
      if (i >= 50) throw e;
      await sleep(20);
    }
  }
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

describe('process runtime', { skip: !isRoot && 'needs root' }, () => {
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'k8ts-process-rt-'));
    execFileSync('ip', ['netns', 'add', hostNs]);
    execFileSync('ip', ['-n', hostNs, 'link', 'set', 'lo', 'up']);
    rt = await createProcessRuntime({ stateDir: path.join(dir, 'state'), nodeIP: '192.0.2.10', podCIDR: POD_CIDR, hostNetns: hostNs, cniConfDir: path.join(dir, 'net.d') });
  });

  after(async () => {
    await rt?.close();
    for (const h of ['memory', 'cpu', 'cpuacct', 'pids']) {
      if (existsSync(`/sys/fs/cgroup/${h}${cgroupTop}`)) rmdirSync(`/sys/fs/cgroup/${h}${cgroupTop}`);
    }
    execFileSync('ip', ['netns', 'delete', hostNs]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports itself ready with a pod network', async () => {
    assert.deepEqual(await rt.version(), { runtimeName: 'process', runtimeVersion: '0.1.0' });
    assert.deepEqual(await rt.status(), { runtimeReady: true, networkReady: true });
    const conflist = JSON.parse(readFileSync(path.join(dir, 'net.d', '10-k8ts.conflist'), 'utf8'));
    assert.deepEqual(conflist.plugins.map((p: { type: string }) => p.type), ['bridge', 'portmap']);
    assert.deepEqual(conflist.plugins[0].ipam.ranges, [[{ subnet: POD_CIDR }]]);
  });

  it('gives a pod an IP from the pod CIDR, serves on it, with volumes, env, workingDir and CRI logs', async () => {
    const www = path.join(dir, 'www');
    mkdirSync(www);
    writeFileSync(path.join(www, 'index.html'), `hello from ${tag}\n`);
    const sb = await newSandbox('web');
    const st = (await rt.podSandboxStatus(sb.id))!;
    assert.equal(st.state, 'READY');
    const prefix = POD_CIDR.split('.').slice(0, 3).join('.');
    assert.match(st.ip ?? '', new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.\\d+$`));
    const id = await run(sb, containerConfig('web', {
      command: ['/bin/busybox', 'sh', '-c'],
      args: ['echo "env=$GREETING cwd=$(pwd) host=$(hostname)"; touch /srv/www/x 2>/dev/null && echo writable || echo read-only; exec busybox httpd -f -p 8080 -h /srv/www'],
      env: [{ name: 'GREETING', value: 'hi there' }],
      workingDir: '/tmp',
      // /srv/www does not exist on the host: it is made inside a tmpfs over /srv.
      mounts: [{ containerPath: '/srv/www', hostPath: www, readOnly: true }],
    }));
    assert.equal(await fetchFromHost(`http://${st.ip}:8080/`), `hello from ${tag}\n`);
    assert.ok(!existsSync('/srv/www'), 'the mount point was not created on the host');
    await waitForLog(sb, 'web', 'read-only');
    const lines = logLines(sb, 'web');
    for (const l of lines) assert.match(l, CRI_LINE);
    assert.deepEqual(lines.map((l) => l.replace(CRI_LINE, '')), ['env=hi there cwd=/tmp host=web', 'read-only']);
    assert.equal((await rt.containerStatus(id))!.state, 'RUNNING');
  });

  it('records exit codes and reasons, stdout and stderr', async () => {
    const sb = await newSandbox('exits');
    const ok = await run(sb, containerConfig('ok', { command: ['true'] }));
    const bad = await run(sb, containerConfig('bad', { args: ['sh', '-c', 'echo out; echo err >&2; printf tail; exit 3'] }));
    const okSt = await exited(ok);
    assert.equal(okSt.exitCode, 0);
    assert.equal(okSt.reason, 'Completed');
    assert.ok(okSt.finishedAt >= okSt.startedAt && okSt.startedAt > 0);
    const badSt = await exited(bad);
    assert.equal(badSt.exitCode, 3);
    assert.equal(badSt.reason, 'Error');
    const lines = logLines(sb, 'bad').map((l) => l.replace(/^\S+ /, ''));
    assert.deepEqual(lines.sort(), ['stderr F err', 'stdout F out', 'stdout F tail']);
    // The pod's PATH is its own business: the set-up (mkdir, mount…) does not depend on it.
    const odd = await run(sb, containerConfig('odd-path', {
      command: ['/bin/busybox', 'sh', '-c', 'echo "$PATH"; /bin/busybox ls /etc/k8ts-vol'],
      env: [{ name: 'PATH', value: '/nowhere' }],
      mounts: [{ containerPath: '/etc/k8ts-vol', hostPath: mkdtempSync(path.join(dir, 'vol-')), readOnly: true }],
    }));
    assert.equal((await exited(odd)).exitCode, 0);
    assert.deepEqual(logLines(sb, 'odd-path').map((l) => l.replace(CRI_LINE, '')), ['/nowhere']);
  });

  it('OOM-kills a container over its memory limit', async () => {
    const sb = await newSandbox('oom');
    const id = await run(sb, containerConfig('hog', {
      args: ['sh', '-c', 'a=0123456789abcdef; while :; do a="$a$a"; done'],
      resources: { cpuQuota: 50000, cpuPeriod: 100000, cpuShares: 256, memoryLimitBytes: 32 * 1024 * 1024 },
    }));
    const cg = detectCgroups()!;
    assert.equal(cg.version, 1);
    const memDir = `/sys/fs/cgroup/memory${sb.config.cgroupParent}/${id}`;
    assert.equal(readFileSync(`/sys/fs/cgroup/cpu${sb.config.cgroupParent}/${id}/cpu.cfs_quota_us`, 'utf8').trim(), '50000');
    const st = await exited(id);
    assert.equal(st.reason, 'OOMKilled');
    assert.equal(st.exitCode, 137);
    assert.ok(existsSync(memDir));
    await rt.removeContainer(id);
    assert.ok(!existsSync(memDir), 'the cgroup is removed with the container');
  });

  it('stops with SIGTERM, and SIGKILL after the timeout', async () => {
    const sb = await newSandbox('stops');
    const polite = await run(sb, containerConfig('polite', { args: ['sleep', '1000'] }));
    const stubborn = await run(sb, containerConfig('stubborn', { args: ['sh', '-c', 'trap "echo got TERM" TERM; echo ready; while :; do sleep 0.1; done'] }));
    await waitForLog(sb, 'stubborn', 'ready');
    let t = Date.now();
    await rt.stopContainer(polite, 10);
    assert.ok(Date.now() - t < 2000);
    assert.equal((await rt.containerStatus(polite))!.exitCode, 143);
    t = Date.now();
    await rt.stopContainer(stubborn, 1);
    const took = Date.now() - t;
    assert.ok(took >= 950 && took < 4000, `took ${took} ms`);
    const st = (await rt.containerStatus(stubborn))!;
    assert.equal(st.exitCode, 137);
    assert.ok(logLines(sb, 'stubborn').some((l) => l.endsWith('got TERM')));
  });

  it('execs with stdin, exit code, a tty, in the container\'s namespaces, working directory and user', async () => {
    const sb = await newSandbox('execs');
    const id = await run(sb, containerConfig('main', { args: ['sh', '-c', 'cd /; exec sleep 1000'], workingDir: '/etc', env: [{ name: 'WHO', value: 'me' }] }));
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const out: Buffer[] = [];
    stdout.on('data', (b: Buffer) => out.push(b));
    const code = rt.exec(id, ['sh', '-c', 'read line; echo "$line:$WHO:$(pwd):$(hostname)"; exit 7'], { stdin, stdout, tty: false });
    stdin.end('hello\n');
    assert.equal(await code, 7);
    assert.equal(Buffer.concat(out).toString(), 'hello:me:/etc:execs\n');
    const r = await rt.execSync(id, ['sh', '-c', 'echo $WHO; echo oops >&2; exit 2'], 5);
    assert.deepEqual([r.exitCode, r.stdout.toString(), r.stderr.toString()], [2, 'me\n', 'oops\n']);
    await assert.rejects(rt.execSync(id, ['sleep', '10'], 1), /timed out/);
    const tty = new PassThrough();
    const ttyOut: Buffer[] = [];
    tty.on('data', (b: Buffer) => ttyOut.push(b));
    assert.equal(await rt.exec(id, ['tty'], { stdout: tty, tty: true }), 0);
    assert.match(Buffer.concat(ttyOut).toString(), /\/dev\/pts\/\d+/);
    const user = await run(sb, containerConfig('user', { args: ['sh', '-c', 'echo "$(id -u):$(id -g):$(id -G)"; exec sleep 1000'], runAsUser: 1234, runAsGroup: 4321 }));
    await waitForLog(sb, 'user', '1234:4321:4321');
    assert.equal((await rt.execSync(user, ['id', '-u'], 5)).stdout.toString(), '1234\n');
  });

  it('port-forwards to a port inside the pod network namespace', async () => {
    const sb = await newSandbox('pf');
    await run(sb, containerConfig('echo', { args: ['busybox', 'nc', '-ll', '-p', '9000', '-e', 'cat'] }));
    await sleep(200);
    const conn = await rt.portForward(sb.id, 9000);
    const got: Buffer[] = [];
    conn.on('data', (b: Buffer) => got.push(b));
    conn.write('ping over port-forward\n');
    for (let i = 0; i < 100 && !Buffer.concat(got).toString().includes('\n'); i++) await sleep(20);
    assert.equal(Buffer.concat(got).toString(), 'ping over port-forward\n');
    conn.destroy();
  });

  it('refuses a container with neither command nor args, and reports a missing executable or a failed set-up', async () => {
    const sb = await newSandbox('refused');
    await assert.rejects(rt.createContainer(sb.id, containerConfig('nothing'), sb.config), /neither command nor args.*set command or args/);
    const id = await rt.createContainer(sb.id, containerConfig('typo', { command: ['no-such-program-k8ts'] }), sb.config);
    await assert.rejects(rt.startContainer(id), /executable file not found in \$PATH/);
    const st = (await rt.containerStatus(id))!;
    assert.deepEqual([st.state, st.reason, st.exitCode], ['EXITED', 'StartError', 128]);
    const badMount = await rt.createContainer(sb.id, containerConfig('badmount', {
      args: ['true'], mounts: [{ containerPath: '/etc/k8ts-nothing', hostPath: `/nonexistent-${tag}`, readOnly: false }],
    }), sb.config);
    await assert.rejects(rt.startContainer(badMount), /mount: .*nonexistent.*does not exist/);
    const mst = (await rt.containerStatus(badMount))!;
    assert.deepEqual([mst.reason, mst.exitCode], ['StartError', 128]);
    assert.match(mst.message, /nonexistent/);
  });

  it('puts host-network pods on the node IP in the host namespace', async () => {
    const sb = await newSandbox('hostnet', { hostNetwork: true });
    assert.equal((await rt.podSandboxStatus(sb.id))!.ip, '192.0.2.10');
    const id = await run(sb, containerConfig('ns', { args: ['sh', '-c', 'readlink /proc/self/ns/net'] }));
    await exited(id);
    const want = execFileSync('ip', ['netns', 'exec', hostNs, 'readlink', '/proc/self/ns/net']).toString().trim();
    assert.equal(logLines(sb, 'ns')[0]!.replace(CRI_LINE, ''), want);
  });

  it('records pulled images under a stable digest', async () => {
    const ref = await rt.pullImage('busybox:1.36');
    assert.match(ref, /^sha256:[0-9a-f]{64}$/);
    assert.equal(await rt.pullImage('docker.io/library/busybox:1.36'), ref);
    assert.deepEqual(await rt.imageStatus('busybox:1.36'), { id: ref, repoTags: ['docker.io/library/busybox:1.36'], size: 0 });
    assert.ok((await rt.listImages()).some((i) => i.id === ref));
  });

  it('attaches to a container\'s stdin and output; stdinOnce closes its input when the client leaves', async () => {
    const sb = await newSandbox('attach');
    const id = await run(sb, containerConfig('reader', { args: ['sh', '-c', 'while read x; do echo "got $x"; done; echo "eof"; sleep 0.2'], stdin: true, stdinOnce: true }));
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const out: Buffer[] = [];
    stdout.on('data', (b: Buffer) => out.push(b));
    const attached = rt.attach(id, { stdin, stdout, tty: false });
    stdin.write('one\n');
    for (let i = 0; i < 100 && !Buffer.concat(out).toString().includes('got one'); i++) await sleep(20);
    stdin.end();
    await attached;
    const st = await exited(id);
    assert.equal(st.exitCode, 0);
    assert.deepEqual(logLines(sb, 'reader').map((l) => l.replace(CRI_LINE, '')), ['got one', 'eof']);
  });

  it('runs a tty container whose terminal follows resizes', async () => {
    const sb = await newSandbox('tty');
    const id = await run(sb, containerConfig('shell', { args: ['sh'], stdin: true, tty: true }));
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const resize = new EventEmitter();
    let out = '';
    stdout.on('data', (b: Buffer) => { out += b; });
    const attached = rt.attach(id, { stdin, stdout, tty: true, resize });
    resize.emit('resize', { width: 101, height: 33 });
    await sleep(300);
    stdin.write('stty size; tty; echo $((6*7))x\n');
    for (let i = 0; i < 150 && !out.includes('42x'); i++) await sleep(20);
    assert.match(out, /33 101/);
    assert.match(out, /\/dev\/pts\/\d+/);
    stdin.write('exit 4\n');
    await attached;
    assert.equal((await exited(id)).exitCode, 4);
  });

  it('publishes a hostPort on the node through the portmap plugin', async () => {
    const sb = await newSandbox('hostport', { portMappings: [{ protocol: 'TCP', containerPort: 8080, hostPort: 18080 }] });
    await run(sb, containerConfig('web', { args: ['sh', '-c', 'echo hostport-ok > /tmp/index.html; exec busybox httpd -f -p 8080 -h /tmp'], mounts: [{ containerPath: '/tmp', hostPath: mkdtempSync(path.join(dir, 'tmp-')), readOnly: false }] }));
    const gateway = POD_CIDR.replace(/\.0\/24$/, '.1');
    assert.equal(await fetchFromHost(`http://${gateway}:18080/`), 'hostport-ok\n');
  });

  it('makes a shadowed root when a mountPath\'s top directory is missing, and splits long log lines', async () => {
    const sb = await newSandbox('chroot');
    const vol = mkdtempSync(path.join(dir, 'vol-'));
    writeFileSync(path.join(vol, 'data'), 'in the new root\n');
    const top = `/k8ts-test-${tag}-data`;
    const id = await run(sb, containerConfig('c', {
      args: ['sh', '-c', `cat ${top}/sub/data; pwd; head -c 20000 /dev/zero | tr '\\0' a; echo`],
      workingDir: `${top}/sub`,
      mounts: [{ containerPath: `${top}/sub`, hostPath: vol, readOnly: false }],
    }));
    assert.equal((await exited(id)).reason, 'Completed');
    assert.ok(!existsSync(top));
    const lines = logLines(sb, 'c');
    assert.deepEqual(lines.slice(0, 2).map((l) => l.replace(CRI_LINE, '')), ['in the new root', `${top}/sub`]);
    const long = lines.slice(2);
    assert.deepEqual(long.map((l) => l.split(' ')[2]), ['P', 'F']);
    assert.equal(long.map((l) => l.replace(CRI_LINE, '')).join(''), 'a'.repeat(20000));
  });

  it('records the names of an imported OCI tarball', async () => {
    const layout = mkdtempSync(path.join(dir, 'oci-'));
    writeFileSync(path.join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    writeFileSync(path.join(layout, 'index.json'), JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:00', size: 1, annotations: { 'io.containerd.image.name': `localhost/app-${tag}:1`, 'org.opencontainers.image.ref.name': '1' } }],
    }));
    const tar = path.join(dir, 'image.tar');
    execFileSync('tar', ['-cf', tar, '-C', layout, 'oci-layout', 'index.json']);
    assert.deepEqual(await rt.importImage(tar), [`localhost/app-${tag}:1`]);
    assert.ok(await rt.imageStatus(`localhost/app-${tag}:1`));
  });

  it('leaves no process, network namespace or cgroup after close()', async () => {
    const netns = sandboxes.map((id) => `k8ts-${id}`).filter((n) => existsSync(`/run/netns/${n}`));
    assert.ok(netns.length > 0);
    const running = pids.filter(alive);
    assert.ok(running.length > 0);
    await rt.close();
    for (const pid of pids) assert.ok(!alive(pid), `process ${pid} is gone`);
    for (const n of netns) assert.ok(!existsSync(`/run/netns/${n}`), `${n} is gone`);
    for (const h of ['memory', 'cpu', 'cpuacct', 'pids']) {
      const top = `/sys/fs/cgroup/${h}${cgroupTop}`;
      const left = existsSync(top) ? execFileSync('find', [top, '-mindepth', '1', '-type', 'd']).toString().trim() : '';
      assert.equal(left, '', `no cgroups left under ${top}`);
    }
    assert.deepEqual(await rt.listPodSandboxes(), []);
    // The addresses went back to host-local: nothing is left leased.
    const leases = path.join(dir, 'state', 'cni', 'ipam', 'k8ts');
    assert.deepEqual(execFileSync('ls', [leases]).toString().split('\n').filter((f) => /^\d/.test(f)), []);
  });

  it('falls back to the host network without root, and says so', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'k8ts-process-rootless-'));
    execFileSync('chown', ['65534:65534', stateDir]);
    try {
      const mountPath = `/k8ts-rootless-${tag}`;
      const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx',
        path.join(import.meta.dirname, 'runtime-process-rootless.ts'), stateDir, mountPath], { env: { ...process.env, HOME: stateDir }, timeout: 20000 }).toString();
      const r = JSON.parse(out);
      assert.equal(r.status.runtimeReady, true);
      assert.match(r.status.message, /^not running as root: pods use the host network/);
      assert.equal(r.ip, '192.0.2.10');
      assert.equal(r.log[0], 'from the volume');
      assert.equal(r.log[1], mountPath);
      const pid = Number(r.log[2]);
      assert.ok(!alive(pid), 'close() stopped it');
      assert.deepEqual(r.exec, { code: 0, stdout: 'file\nread-only\n', stderr: '' });
      assert.ok(!existsSync(mountPath));
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('clears what a killed k8ts left on the same state dir', async () => {
    const stateDir = path.join(dir, 'state-orphan');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'runtime-process-orphan.ts'), stateDir, POD_CIDR, hostNs, `${cgroupTop}/orphan`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b; });
    for (let i = 0; i < 500 && !out.includes('\n'); i++) await sleep(20);
    const { sandboxId, pid } = JSON.parse(out) as { sandboxId: string; pid: number };
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    assert.ok(alive(pid) && existsSync(`/run/netns/k8ts-${sandboxId}`), 'the orphan is still there');
    const next = await createProcessRuntime({ stateDir, nodeIP: '192.0.2.10', podCIDR: POD_CIDR, hostNetns: hostNs });
    for (let i = 0; i < 50 && alive(pid); i++) await sleep(20);
    assert.ok(!alive(pid), 'the orphan process is killed');
    assert.ok(!existsSync(`/run/netns/k8ts-${sandboxId}`), 'its netns is deleted');
    assert.ok(!existsSync(`/sys/fs/cgroup/memory${cgroupTop}/orphan`), 'its cgroups are removed');
    await next.close();
  });
});

async function waitForLog(sb: { config: SandboxConfig }, c: string, text: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    try { if (logLines(sb, c).some((l) => l.endsWith(text))) return; } catch { /* not yet */ }
    await sleep(20);
  }
  throw new Error(`no "${text}" in ${c}'s log`);
}
