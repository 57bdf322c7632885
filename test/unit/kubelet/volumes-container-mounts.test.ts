// containerMounts: volumeMounts to runtime mounts, with subPath (created, resolved through
// the atomic writer's symlinks, never out of the volume), subPathExpr and readOnly.

import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Container, Pod } from '../../../src/api/core/types.js';
import { ContainerConfigError } from '../../../src/kubelet/env/index.js';
import { writeAtomically } from '../../../src/kubelet/volumes/atomic-writer.js';
import { containerMounts, type PreparedVolume } from '../../../src/kubelet/volumes/index.js';

describe('container mounts', () => {
  let root: string;
  let volumes: Map<string, PreparedVolume>;
  const pod: Pod = { metadata: { name: 'web-0', namespace: 'ns', uid: 'u' }, spec: { containers: [] } };

  before(async () => {
    root = await realpath(await mkdtemp(path.join(tmpdir(), 'k8ts-mounts-')));
    await mkdir(path.join(root, 'data'));
    await chmod(path.join(root, 'data'), 0o777);
    await writeAtomically(path.join(root, 'cfg'), new Map([['app.conf', { data: Buffer.from('x'), mode: 0o644 }]]));
    await symlink('/etc', path.join(root, 'data', 'escape'));
    await writeFile(path.join(root, 'data', 'file'), 'f');
    volumes = new Map([
      ['data', { hostPath: path.join(root, 'data'), readOnly: false }],
      ['cfg', { hostPath: path.join(root, 'cfg'), readOnly: true }],
    ]);
  });
  after(() => rm(root, { recursive: true, force: true }));

  const mountsOf = (volumeMounts: Container['volumeMounts'], env?: Container['env']) => containerMounts(pod, { name: 'c', volumeMounts, env }, volumes);

  it('maps whole volumes and ORs readOnly with the volume', () => {
    assert.deepEqual(mountsOf([{ name: 'data', mountPath: '/data' }, { name: 'data', mountPath: '/ro', readOnly: true }, { name: 'cfg', mountPath: '/etc/app' }]), [
      { containerPath: '/data', hostPath: path.join(root, 'data'), readOnly: false },
      { containerPath: '/ro', hostPath: path.join(root, 'data'), readOnly: true },
      { containerPath: '/etc/app', hostPath: path.join(root, 'cfg'), readOnly: true },
    ]);
  });

  it('creates a missing subPath with the volume permissions', async () => {
    const [m] = mountsOf([{ name: 'data', mountPath: '/logs', subPath: 'a/b' }]);
    assert.equal(m.hostPath, path.join(root, 'data', 'a', 'b'));
    assert.equal((await stat(m.hostPath)).isDirectory(), true);
    assert.equal((await stat(m.hostPath)).mode & 0o777, 0o777);
  });

  it('resolves a configMap key to its current file', () => {
    const [m] = mountsOf([{ name: 'cfg', mountPath: '/etc/app.conf', subPath: 'app.conf' }]);
    assert.match(m.hostPath, new RegExp(`^${root}/cfg/\\.\\.\\d{4}_.*/app\\.conf$`));
  });

  it('expands subPathExpr from literal and fieldRef env', () => {
    const env = [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'DIR', value: 'logs-$(POD)' }];
    const [m] = mountsOf([{ name: 'data', mountPath: '/logs', subPathExpr: '$(DIR)' }], env);
    assert.equal(m.hostPath, path.join(root, 'data', 'logs-web-0'));
    assert.throws(() => mountsOf([{ name: 'data', mountPath: '/x', subPathExpr: '$(NOPE)' }], env), /missing value for NOPE/);
  });

  it('refuses escapes through .., absolute paths and symlinks', () => {
    for (const subPath of ['../x', 'a/../../x', '/etc', 'escape', 'escape/passwd']) {
      assert.throws(() => mountsOf([{ name: 'data', mountPath: '/x', subPath }]), (e: Error) => e instanceof ContainerConfigError && /failed to prepare subPath for volumeMount "data" of container "c"/.test(e.message), subPath);
    }
  });

  it('mounts a file subPath as that file', () => {
    const [m] = mountsOf([{ name: 'data', mountPath: '/f', subPath: 'file' }]);
    assert.equal(m.hostPath, path.join(root, 'data', 'file'));
  });

  it('names a mount of an unknown volume', () => {
    assert.throws(() => mountsOf([{ name: 'nope', mountPath: '/x' }]), /cannot find volume "nope" to mount into container "c"/);
  });
});
