// hostPath type checks with upstream's messages, and the *OrCreate kinds creating the path.

import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkHostPathType } from '../../../src/kubelet/volumes/host-path.js';

describe('hostPath type checks', () => {
  let dir: string;
  let server: net.Server;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'k8ts-hostpath-'));
    await writeFile(path.join(dir, 'file'), 'x');
    server = net.createServer();
    await new Promise<void>((r) => server.listen(path.join(dir, 'sock'), r));
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts anything without a type', async () => {
    await checkHostPathType(path.join(dir, 'missing'), '');
    await checkHostPathType(path.join(dir, 'missing'), undefined);
  });

  it('checks each kind', async () => {
    await checkHostPathType(dir, 'Directory');
    await checkHostPathType(path.join(dir, 'file'), 'File');
    await checkHostPathType(path.join(dir, 'sock'), 'Socket');
    await checkHostPathType('/dev/null', 'CharDevice');
    await assert.rejects(checkHostPathType(path.join(dir, 'file'), 'Directory'), { message: `hostPath type check failed: ${dir}/file is not a directory` });
    await assert.rejects(checkHostPathType(dir, 'File'), { message: `hostPath type check failed: ${dir} is not a file` });
    await assert.rejects(checkHostPathType(dir, 'Socket'), { message: `hostPath type check failed: ${dir} is not a socket file` });
    await assert.rejects(checkHostPathType(dir, 'CharDevice'), { message: `hostPath type check failed: ${dir} is not a character device` });
    await assert.rejects(checkHostPathType('/dev/null', 'BlockDevice'), { message: 'hostPath type check failed: /dev/null is not a block device' });
    await assert.rejects(checkHostPathType(path.join(dir, 'missing'), 'Directory'), /is not a directory/);
    await assert.rejects(checkHostPathType(dir, 'Folder'), { message: 'Folder is an invalid volume type' });
  });

  it('creates DirectoryOrCreate (0755, with parents) and FileOrCreate (0644)', async () => {
    const d = path.join(dir, 'made', 'deep');
    await checkHostPathType(d, 'DirectoryOrCreate');
    assert.equal((await stat(d)).mode & 0o7777, 0o755);
    const f = path.join(dir, 'made', 'file.txt');
    await checkHostPathType(f, 'FileOrCreate');
    assert.equal((await stat(f)).isFile(), true);
    assert.equal((await stat(f)).mode & 0o777, 0o644);
    await assert.rejects(checkHostPathType(path.join(dir, 'file'), 'DirectoryOrCreate'), /is not a directory/);
    await assert.rejects(checkHostPathType(dir, 'FileOrCreate'), /is not a file/);
    await assert.rejects(checkHostPathType(path.join(dir, 'nodir', 'f'), 'FileOrCreate'), { code: 'ENOENT' });
  });
});
