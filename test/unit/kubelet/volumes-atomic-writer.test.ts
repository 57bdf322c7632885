// The atomic writer's on-disk layout (..data → ..<timestamp>, key → ..data/key), that an
// update is one rename, that unchanged payloads write nothing, and its path checks.

import assert from 'node:assert/strict';
import { lstat, mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { validatePayloadPath, writeAtomically, type Payload } from '../../../src/kubelet/volumes/atomic-writer.js';

const payload = (entries: Record<string, string>, mode = 0o644): Payload => new Map(Object.entries(entries).map(([k, v]) => [k, { data: Buffer.from(v), mode }]));

describe('atomic writer', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  async function target(): Promise<string> {
    const d = await mkdtemp(path.join(tmpdir(), 'k8ts-atomic-'));
    dirs.push(d);
    return path.join(d, 'vol');
  }

  it('lays files out behind ..data and a timestamped directory', async () => {
    const dir = await target();
    await writeAtomically(dir, payload({ 'app.conf': 'a=1', 'nested/deep.txt': 'deep' }));
    const ts = await readlink(path.join(dir, '..data'));
    assert.match(ts, /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\..+$/);
    assert.equal(await readlink(path.join(dir, 'app.conf')), '..data/app.conf');
    assert.equal(await readlink(path.join(dir, 'nested')), '..data/nested');
    assert.equal(await readFile(path.join(dir, 'nested/deep.txt'), 'utf8'), 'deep');
    assert.equal((await stat(path.join(dir, ts, 'app.conf'))).mode & 0o777, 0o644);
    assert.deepEqual((await readdir(dir)).sort(), ['..data', ts, 'app.conf', 'nested'].sort());
  });

  it('swaps to new content, drops removed keys and the old directory', async () => {
    const dir = await target();
    await writeAtomically(dir, payload({ a: '1', b: '2' }));
    const first = await readlink(path.join(dir, '..data'));
    await writeAtomically(dir, payload({ a: '10', c: '3' }, 0o600));
    const second = await readlink(path.join(dir, '..data'));
    assert.notEqual(first, second);
    assert.equal(await readFile(path.join(dir, 'a'), 'utf8'), '10');
    assert.equal(await readFile(path.join(dir, 'c'), 'utf8'), '3');
    assert.equal((await stat(path.join(dir, 'c'))).mode & 0o777, 0o600);
    await assert.rejects(lstat(path.join(dir, 'b')), { code: 'ENOENT' });
    await assert.rejects(lstat(path.join(dir, first)), { code: 'ENOENT' });
  });

  it('leaves an unchanged payload alone, but rewrites for a mode change', async () => {
    const dir = await target();
    await writeAtomically(dir, payload({ a: '1' }));
    const first = await readlink(path.join(dir, '..data'));
    await writeAtomically(dir, payload({ a: '1' }));
    assert.equal(await readlink(path.join(dir, '..data')), first);
    await writeAtomically(dir, payload({ a: '1' }, 0o400));
    assert.notEqual(await readlink(path.join(dir, '..data')), first);
  });

  it('writes an empty payload as an empty volume', async () => {
    const dir = await target();
    await writeAtomically(dir, new Map());
    const entries = await readdir(dir);
    assert.equal(entries.length, 2);
    assert.ok(entries.includes('..data'));
  });

  it('refuses paths that could escape or collide', async () => {
    assert.match(validatePayloadPath('')!, /must not be empty/);
    assert.match(validatePayloadPath('/etc/passwd')!, /must be relative path/);
    assert.match(validatePayloadPath('a/../../b')!, /must not contain '..'/);
    assert.match(validatePayloadPath('..data/x')!, /must not start with '..'/);
    assert.match(validatePayloadPath('x'.repeat(256))!, /filenames must be less than or equal to 255/);
    assert.equal(validatePayloadPath('..'), "invalid path: must not contain '..': ..");
    assert.equal(validatePayloadPath('a/b.txt'), undefined);
    const dir = await target();
    await assert.rejects(writeAtomically(dir, payload({ '../x': 'no' })), /must not contain '..'/);
  });
});
