import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerStatusFrom, criContainerConfig, criSandboxConfig, nanosToMillis, sandboxStatusFrom } from '../../../src/kubelet/runtime/containerd/convert.js';
import { containerdConfigToml } from '../../../src/kubelet/runtime/containerd/config.js';
import { exitCodeFromStatus } from '../../../src/kubelet/runtime/containerd/remote-command.js';
import { CONTAINER_NAME_LABEL, POD_NAME_LABEL, POD_UID_LABEL, type ContainerConfig, type SandboxConfig } from '../../../src/kubelet/runtime/types.js';

const sandbox: SandboxConfig = {
  name: 'web', namespace: 'prod', uid: 'u1', attempt: 2, hostname: 'web',
  logDirectory: '/var/log/pods/prod_web_u1', hostNetwork: false,
  dns: { servers: ['10.43.0.10'], searches: ['prod.svc.cluster.local'], options: ['ndots:5'] },
  portMappings: [{ protocol: 'TCP', containerPort: 80, hostPort: 8080 }],
  cgroupParent: '/k8ts/podu1', labels: { app: 'web' }, annotations: { a: 'b' },
};

test('criSandboxConfig: metadata, pod labels, namespaces, and no hostname on the host network', () => {
  const m = criSandboxConfig(sandbox);
  assert.deepEqual(m.metadata, { name: 'web', uid: 'u1', namespace: 'prod', attempt: 2 });
  assert.equal(m.hostname, 'web');
  assert.equal(m.labels[POD_NAME_LABEL], 'web');
  assert.equal(m.labels.app, 'web');
  assert.deepEqual(m.port_mappings, [{ protocol: 'TCP', container_port: 80, host_port: 8080, host_ip: '' }]);
  assert.equal(m.linux.cgroup_parent, '/k8ts/podu1');
  assert.equal(m.linux.security_context.namespace_options.network, 'POD');
  const host = criSandboxConfig({ ...sandbox, hostNetwork: true });
  assert.equal(host.hostname, '');
  assert.equal(host.linux.security_context.namespace_options.network, 'NODE');
});

test('criContainerConfig: command, env, mounts, resources as int64 strings, run-as user', () => {
  const c: ContainerConfig = {
    name: 'app', attempt: 1, image: 'localhost/app:1', command: ['sh'], args: ['-c', 'true'], env: [{ name: 'A', value: '1' }],
    mounts: [{ containerPath: '/data', hostPath: '/srv/data', readOnly: true }], logPath: 'app/1.log',
    stdin: false, stdinOnce: false, tty: false,
    resources: { cpuQuota: 50000, cpuPeriod: 100000, cpuShares: 512, memoryLimitBytes: 1 << 26 },
    runAsUser: 1000, labels: {}, annotations: {},
  };
  const m = criContainerConfig(c, sandbox);
  assert.deepEqual(m.envs, [{ key: 'A', value: '1' }]);
  assert.deepEqual(m.mounts, [{ container_path: '/data', host_path: '/srv/data', readonly: true }]);
  assert.equal(m.labels[CONTAINER_NAME_LABEL], 'app');
  assert.equal(m.labels[POD_UID_LABEL], 'u1');
  assert.deepEqual(m.linux.resources, { cpu_period: '100000', cpu_quota: '50000', cpu_shares: '512', memory_limit_in_bytes: String(1 << 26) });
  assert.deepEqual(m.linux.security_context.run_as_user, { value: '1000' });
  assert.equal(m.linux.security_context.run_as_group, null);
});

test('statuses: nanosecond strings become milliseconds; host-network sandboxes get the node IP', () => {
  assert.equal(nanosToMillis('1700000000123456789'), 1700000000123);
  assert.equal(nanosToMillis('0'), 0);
  const base = { id: 's1', metadata: { name: 'web', namespace: 'prod', uid: 'u1', attempt: 0 }, state: 'SANDBOX_READY', created_at: '2000000000', labels: {} };
  assert.equal(sandboxStatusFrom({ ...base, network: { ip: '10.42.0.5' } }, '192.0.2.1').ip, '10.42.0.5');
  assert.equal(sandboxStatusFrom({ ...base, network: { ip: '' }, linux: { namespaces: { options: { network: 'NODE' } } } }, '192.0.2.1').ip, '192.0.2.1');
  assert.equal(sandboxStatusFrom({ ...base, network: { ip: '' } }, '192.0.2.1').ip, undefined);
  const c = containerStatusFrom({
    id: 'c1', metadata: { name: 'app', attempt: 0 }, state: 'CONTAINER_EXITED', created_at: '1000000', started_at: '2000000',
    finished_at: '3000000', exit_code: 137, reason: 'OOMKilled', image: { image: 'localhost/app:1' }, image_ref: 'sha256:ab', log_path: '/l',
  }, 's1');
  assert.deepEqual([c.state, c.exitCode, c.reason, c.createdAt, c.finishedAt, c.sandboxId], ['EXITED', 137, 'OOMKilled', 1, 3, 's1']);
});

test('exitCodeFromStatus reads v4 error-channel Status objects', () => {
  assert.equal(exitCodeFromStatus('{"metadata":{},"status":"Success"}'), 0);
  assert.equal(exitCodeFromStatus(JSON.stringify({
    status: 'Failure', reason: 'NonZeroExitCode', message: 'command terminated with non-zero exit code: 3',
    details: { causes: [{ reason: 'ExitCode', message: '3' }] },
  })), 3);
  assert.throws(() => exitCodeFromStatus('{"status":"Failure","reason":"InternalError","message":"no such container"}'), /no such container/);
});

test('containerd config: own paths, CRI settings this machine requires', () => {
  const toml = containerdConfigToml({
    layout: { root: '/s/root', state: '/s/state', opt: '/s/opt', socket: '/s/c.sock', cniConfDir: '/s/net.d' },
    sandboxImage: 'localhost/pause:1', streamServerAddress: '127.0.0.1', streamServerPort: '0',
  });
  for (const line of ['root = "/s/root"', 'address = "/s/c.sock"', 'path = "/s/opt"', 'sandbox_image = "localhost/pause:1"',
    'restrict_oom_score_adj = true', 'bin_dir = "/usr/lib/cni"', 'conf_dir = "/s/net.d"', 'snapshotter = "overlayfs"', 'SystemdCgroup = false']) {
    assert.ok(toml.includes(line), line);
  }
});
