// VolumeManager against a real API server and the real host: configMap and secret files
// with items and modes, updates swapped in atomically (a reader never sees a missing or
// partial file), downwardAPI refreshed, emptyDir (and secrets) on tmpfs, hostPath and PVC →
// hostPath, the FailedMount messages, projected volumes with a service account token, and a
// tearDown that unmounts and removes everything.

import { generateKeyPairSync } from 'node:crypto';
import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, readlink, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Pod, Volume } from '../../src/api/core/types.js';
import { Client, HttpsTransport } from '../../src/client/index.js';
import { containerMounts, VolumeError, VolumeManager } from '../../src/kubelet/volumes/index.js';
import { isMountPoint, unmountAllUnder } from '../../src/kubelet/volumes/mounts.js';
import type { Store } from '../../src/storage/index.js';
import { startServer, type TestServer } from './apiserver-helpers.js';

const NS = 'default';
const isRoot = process.getuid?.() === 0;

/** The mount's filesystem type and super options, from /proc/self/mountinfo. */
async function mountOf(dir: string): Promise<{ fsType: string; options: string } | undefined> {
  const lines = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n');
  const line = lines.reverse().find((l) => l.split(' ')[4] === dir);
  if (!line) return undefined;
  const [fsType, , options] = line.slice(line.indexOf(' - ') + 3).split(' ');
  return { fsType, options };
}

describe('kubelet volume manager', () => {
  let srv: TestServer<Store>;
  let client: Client;
  let root: string;
  let manager: VolumeManager;

  before(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    srv = await startServer(undefined, { privateKey, publicKey });
    client = new Client(new HttpsTransport({ server: srv.base, insecureSkipTLSVerify: false }));
    root = await realpath(await mkdtemp(path.join(tmpdir(), 'k8ts-volumes-')));
    manager = new VolumeManager({ client, rootDir: root, nodeName: 'node-1' });
    await client.nodes.create(undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } });
    await client.nodes.patch(undefined, 'node-1', 'merge', { status: { allocatable: { cpu: '2', memory: '1Gi' } } }, { subresource: 'status' });
  });
  after(async () => {
    // Whatever a failed test left mounted goes before the directory does.
    if (root) await unmountAllUnder(root).catch(() => undefined);
    if (root) await rm(root, { recursive: true, force: true });
    client?.close();
    await srv?.stop();
  });

  async function createPod(name: string, volumes: Volume[], extra: Partial<Pod['spec']> = {}): Promise<Pod> {
    const container = { name: 'c', image: 'busybox', resources: { limits: { memory: '64Mi', cpu: '500m' } } };
    return client.pods.create(NS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } }, spec: { containers: [container], volumes, ...extra } });
  }
  const volDir = (pod: Pod, plugin: string, name: string) => path.join(root, 'pods', pod.metadata!.uid!, 'volumes', plugin, name);

  it('writes configMap and secret volumes and swaps updates in atomically', async () => {
    await client.configmaps.create(NS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'app.conf': 'v=0\n'.repeat(2000), other: 'x' }, binaryData: { 'bin.dat': Buffer.from([0, 1, 2]).toString('base64') } });
    await client.secrets.create(NS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, stringData: { password: 'hunter2', token: 't' } });
    const pod = await createPod('cm', [
      { name: 'cfg', configMap: { name: 'cfg' } },
      { name: 'picked', configMap: { name: 'cfg', items: [{ key: 'other', path: 'sub/renamed', mode: 0o600 }], defaultMode: 0o440 } },
      { name: 'creds', secret: { secretName: 'creds', defaultMode: 0o400 } },
    ]);
    const volumes = await manager.setUp(pod);
    const cfg = volDir(pod, 'kubernetes.io~configmap', 'cfg');
    assert.deepEqual(volumes.get('cfg'), { hostPath: cfg, readOnly: true });
    assert.equal(await readFile(path.join(cfg, 'app.conf'), 'utf8'), 'v=0\n'.repeat(2000));
    assert.deepEqual([...(await readFile(path.join(cfg, 'bin.dat')))], [0, 1, 2]);
    assert.equal((await stat(path.join(cfg, 'app.conf'))).mode & 0o777, 0o644);
    const picked = volDir(pod, 'kubernetes.io~configmap', 'picked');
    assert.equal(await readFile(path.join(picked, 'sub/renamed'), 'utf8'), 'x');
    assert.equal((await stat(path.join(picked, 'sub/renamed'))).mode & 0o777, 0o600);
    await assert.rejects(lstat(path.join(picked, 'app.conf')), { code: 'ENOENT' });
    const creds = volDir(pod, 'kubernetes.io~secret', 'creds');
    assert.equal(await readFile(path.join(creds, 'password'), 'utf8'), 'hunter2');
    assert.equal((await stat(path.join(creds, 'password'))).mode & 0o777, 0o400);
    if (isRoot) assert.equal((await mountOf(creds))?.fsType, 'tmpfs', 'secrets stay off disk');

    // A reader hammering the file across updates always sees one whole version.
    const seen = new Set<string>();
    let reading = true;
    const reader = (async () => {
      while (reading) seen.add(await readFile(path.join(cfg, 'app.conf'), 'utf8'));
    })();
    for (let v = 1; v <= 5; v++) {
      await client.configmaps.patch(NS, 'cfg', 'merge', { data: { 'app.conf': `v=${v}\n`.repeat(2000) } });
      await manager.setUp(pod);
    }
    reading = false;
    await reader;
    assert.ok(seen.size >= 2, 'the reader saw updates');
    for (const content of seen) {
      assert.equal(content.length, 'v=0\n'.length * 2000, 'never a partial file');
      assert.equal(new Set(content.split('\n').filter(Boolean)).size, 1, 'one version per read');
    }
    assert.equal(await readFile(path.join(cfg, 'app.conf'), 'utf8'), 'v=5\n'.repeat(2000));
    assert.match(await readlink(path.join(cfg, '..data')), /^\.\.\d{4}_/);

    await client.secrets.patch(NS, 'creds', 'merge', { data: { password: Buffer.from('changed').toString('base64') } });
    await manager.setUp(pod);
    assert.equal(await readFile(path.join(creds, 'password'), 'utf8'), 'changed');

    // A subPath of a configMap key mounts the file itself.
    const [m] = containerMounts(pod, { name: 'c', volumeMounts: [{ name: 'cfg', mountPath: '/etc/app.conf', subPath: 'app.conf' }] }, volumes);
    assert.equal(await readFile(m.hostPath, 'utf8'), 'v=5\n'.repeat(2000));
    assert.equal(m.readOnly, true);
    await manager.tearDown(pod.metadata!.uid!);
    if (isRoot) assert.equal(await isMountPoint(creds), false, 'the secret tmpfs is unmounted');
    await assert.rejects(stat(path.join(root, 'pods', pod.metadata!.uid!)), { code: 'ENOENT' });
  });

  it('reports what is missing as FailedMount messages, and tolerates optional sources', async () => {
    const missing = await createPod('missing', [{ name: 'cfg', configMap: { name: 'absent' } }]);
    await assert.rejects(manager.setUp(missing), (e: Error) => e instanceof VolumeError && e.message === 'MountVolume.SetUp failed for volume "cfg" : configmap "absent" not found');
    const missingKey = await createPod('missing-key', [{ name: 's', secret: { secretName: 'creds', items: [{ key: 'nope', path: 'x' }] } }]);
    await assert.rejects(manager.setUp(missingKey), { message: 'MountVolume.SetUp failed for volume "s" : references non-existent secret key: nope' });
    const optional = await createPod('optional', [{ name: 'cfg', configMap: { name: 'absent', optional: true } as { name: string } }]);
    const volumes = await manager.setUp(optional);
    assert.ok(volumes.has('cfg'));
    assert.equal(await readlink(path.join(volumes.get('cfg')!.hostPath, '..data')).then(() => true), true);
    for (const p of [missing, missingKey, optional]) await manager.tearDown(p.metadata!.uid!);
  });

  it('keeps downwardAPI files current', async () => {
    const pod = await createPod('downward', [
      {
        name: 'info',
        downwardAPI: {
          items: [
            { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
            { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
            { path: 'mem', resourceFieldRef: { containerName: 'c', resource: 'limits.memory', divisor: '1Mi' } },
            { path: 'cpu', resourceFieldRef: { containerName: 'c', resource: 'limits.cpu', divisor: '1m' } },
          ],
        },
      },
    ]);
    const dir = (await manager.setUp(pod)).get('info')!.hostPath;
    assert.equal(await readFile(path.join(dir, 'labels'), 'utf8'), 'app="downward"');
    assert.equal(await readFile(path.join(dir, 'name'), 'utf8'), 'downward');
    assert.equal(await readFile(path.join(dir, 'mem'), 'utf8'), '64');
    assert.equal(await readFile(path.join(dir, 'cpu'), 'utf8'), '500');
    const relabeled = await client.pods.patch(NS, 'downward', 'merge', { metadata: { labels: { app: 'downward', tier: 'gold' } } });
    await manager.setUp(relabeled);
    assert.equal(await readFile(path.join(dir, 'labels'), 'utf8'), 'app="downward"\ntier="gold"');
    await manager.tearDown(pod.metadata!.uid!);
  });

  it('makes emptyDirs, memory-backed ones on a sized tmpfs, and tears them down', { skip: !isRoot && 'mounting a tmpfs needs root' }, async () => {
    const pod = await createPod('scratch', [
      { name: 'disk', emptyDir: {} },
      { name: 'ram', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
      { name: 'ram-pod-limit', emptyDir: { medium: 'Memory' } },
    ]);
    const volumes = await manager.setUp(pod);
    const disk = volumes.get('disk')!.hostPath;
    assert.equal(disk, volDir(pod, 'kubernetes.io~empty-dir', 'disk'));
    assert.equal((await stat(disk)).mode & 0o777, 0o777);
    assert.equal(await isMountPoint(disk), false);
    const ram = volumes.get('ram')!.hostPath;
    const mount = await mountOf(ram);
    assert.equal(mount?.fsType, 'tmpfs');
    assert.match(mount!.options, /size=16384k/);
    // Without sizeLimit: the pod's memory limit (64Mi) is smaller than the node's 1Gi.
    assert.match((await mountOf(volumes.get('ram-pod-limit')!.hostPath))!.options, /size=65536k/);
    // Set up again: still one tmpfs, not a second one stacked on it.
    await manager.setUp(pod);
    const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
    assert.equal(mountinfo.split('\n').filter((l) => l.split(' ')[4] === ram).length, 1);

    await manager.tearDown(pod.metadata!.uid!);
    assert.equal(await isMountPoint(ram), false);
    await assert.rejects(stat(path.join(root, 'pods', pod.metadata!.uid!)), { code: 'ENOENT' });
  });

  it('uses hostPath and a bound claim’s hostPath volume in place; refuses an unbound claim', async () => {
    const data = await mkdtemp(path.join(root, 'pv-'));
    await client.persistentvolumes.create(undefined, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-host' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: data, type: 'Directory' } } });
    const pvc = await client.persistentvolumeclaims.create(NS, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const pod = await createPod('pvc', [
      { name: 'data', persistentVolumeClaim: { claimName: 'claim', readOnly: true } },
      { name: 'host', hostPath: { path: path.join(root, 'made-by-hostpath'), type: 'DirectoryOrCreate' } },
    ]);
    await assert.rejects(manager.setUp(pod), (e: Error) => e instanceof VolumeError && e.message === 'persistentvolumeclaim "claim" is not bound');

    // Bound as the PV controller would.
    await client.persistentvolumes.patch(undefined, 'pv-host', 'merge', { spec: { claimRef: { namespace: NS, name: 'claim', uid: pvc.metadata?.uid } } });
    await client.persistentvolumeclaims.patch(NS, 'claim', 'merge', { spec: { volumeName: 'pv-host' } });
    await client.persistentvolumeclaims.patch(NS, 'claim', 'merge', { status: { phase: 'Bound' } }, { subresource: 'status' });
    const volumes = await manager.setUp(pod);
    assert.deepEqual(volumes.get('data'), { hostPath: data, readOnly: true });
    assert.deepEqual(volumes.get('host'), { hostPath: path.join(root, 'made-by-hostpath'), readOnly: false });
    assert.equal((await stat(path.join(root, 'made-by-hostpath'))).isDirectory(), true);
    await manager.tearDown(pod.metadata!.uid!);
    assert.equal((await stat(data)).isDirectory(), true, 'tearDown leaves the volume data alone');

    // A local volume is used by its path too.
    const localData = await mkdtemp(path.join(root, 'local-'));
    await client.persistentvolumes.create(undefined, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-local' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], local: { path: localData }, claimRef: { namespace: NS, name: 'local-claim' } } });
    await client.persistentvolumeclaims.create(NS, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'local-claim' }, spec: { accessModes: ['ReadWriteOnce'], volumeName: 'pv-local', resources: { requests: { storage: '1Gi' } } } });
    await client.persistentvolumeclaims.patch(NS, 'local-claim', 'merge', { status: { phase: 'Bound' } }, { subresource: 'status' });
    const localPod = await createPod('local', [{ name: 'data', persistentVolumeClaim: { claimName: 'local-claim' } }]);
    assert.deepEqual((await manager.setUp(localPod)).get('data'), { hostPath: localData, readOnly: false });
    await manager.tearDown(localPod.metadata!.uid!);
  });

  it('projects configMap, downwardAPI and a service account token', async () => {
    await client.serviceaccounts.create(NS, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } }).catch(() => undefined);
    await client.configmaps.create(NS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt' }, data: { 'ca.crt': 'CERT' } });
    const pod = await createPod('projected', [
      {
        name: 'kube-api-access',
        projected: {
          defaultMode: 0o644,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ], { serviceAccountName: 'robot' });
    const volumes = await manager.setUp(pod);
    const dir = volumes.get('kube-api-access')!.hostPath;
    assert.equal(await readFile(path.join(dir, 'ca.crt'), 'utf8'), 'CERT');
    assert.equal(await readFile(path.join(dir, 'namespace'), 'utf8'), NS);
    const token = await readFile(path.join(dir, 'token'), 'utf8');
    assert.equal(token.split('.').length, 3, 'a JWT');
    // Refreshed within its lifetime: the same token.
    await manager.setUp(pod);
    assert.equal(await readFile(path.join(dir, 'token'), 'utf8'), token);
    await manager.tearDown(pod.metadata!.uid!);
  });
});
