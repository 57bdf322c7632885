import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildOciImage, busyboxImage, tarArchive, type TarEntry } from '../../../src/kubelet/image/index.js';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function withScratch(fn: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-image-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('tarArchive is read back by GNU tar: files, modes, dirs, symlinks, long paths', () => {
  const long = `${'d'.repeat(90)}/${'e'.repeat(60)}/file.txt`;
  const entries: TarEntry[] = [
    { type: 'file', path: 'b/hello.txt', data: 'hello\n' },
    { type: 'dir', path: 'b' },
    { type: 'file', path: 'b/run.sh', data: '#!/bin/sh\n', mode: 0o755 },
    { type: 'symlink', path: 'b/link', target: 'hello.txt' },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'file', path: long, data: Buffer.alloc(1000, 7) },
  ];
  withScratch((dir) => {
    writeFileSync(path.join(dir, 'a.tar'), tarArchive(entries));
    const out = path.join(dir, 'x');
    execFileSync('mkdir', [out]);
    execFileSync('tar', ['-xpf', path.join(dir, 'a.tar'), '-C', out]);
    assert.equal(readFileSync(path.join(out, 'b/hello.txt'), 'utf8'), 'hello\n');
    assert.equal(statSync(path.join(out, 'b/run.sh')).mode & 0o7777, 0o755);
    assert.equal(readlinkSync(path.join(out, 'b/link')), 'hello.txt');
    assert.equal(statSync(path.join(out, 'tmp')).mode & 0o7777, 0o1777);
    assert.deepEqual(readFileSync(path.join(out, long)), Buffer.alloc(1000, 7));
    // Parents come before children whatever order they were given in.
    const listing = execFileSync('tar', ['-tf', path.join(dir, 'a.tar')], { encoding: 'utf8' }).trim().split('\n');
    assert.ok(listing.indexOf('b/') < listing.indexOf('b/hello.txt'));
  });
});

test('tarArchive rejects a path ustar cannot hold', () => {
  assert.throws(() => tarArchive([{ type: 'file', path: 'x'.repeat(300), data: '' }]), /too long/);
});

test('buildOciImage: a valid, deterministic OCI layout with name annotations and diff_ids', () => {
  const spec = busyboxImage('localhost/web:1', {
    entrypoint: ['httpd', '-f'],
    env: ['GREETING=hi'],
    files: [{ type: 'file', path: 'www/index.html', data: 'hello from k8ts\n' }],
  });
  const a = buildOciImage(spec);
  const b = buildOciImage(spec);
  assert.ok(a.archive.equals(b.archive), 'same spec, same bytes');
  withScratch((dir) => {
    writeFileSync(path.join(dir, 'img.tar'), a.archive);
    execFileSync('tar', ['-xf', path.join(dir, 'img.tar'), '-C', dir]);
    const blob = (d: string) => readFileSync(path.join(dir, 'blobs/sha256', d.slice(7)));
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'oci-layout'), 'utf8')), { imageLayoutVersion: '1.0.0' });
    const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8'));
    const desc = index.manifests[0];
    assert.equal(desc.annotations['io.containerd.image.name'], 'localhost/web:1');
    assert.equal(desc.annotations['org.opencontainers.image.ref.name'], '1');
    assert.equal(desc.digest, a.manifestDigest);
    assert.equal(sha(blob(desc.digest)), desc.digest);
    const manifest = JSON.parse(blob(desc.digest).toString());
    assert.equal(manifest.config.digest, a.configDigest);
    const config = JSON.parse(blob(manifest.config.digest).toString());
    assert.deepEqual(config.config.Entrypoint, ['httpd', '-f']);
    assert.ok(config.config.Env.includes('GREETING=hi'));
    assert.ok(config.config.Env.some((e: string) => e.startsWith('PATH=')));
    assert.equal(config.os, 'linux');
    assert.equal(manifest.layers.length, 2);
    manifest.layers.forEach((layer: { digest: string; size: number }, i: number) => {
      const gz = blob(layer.digest);
      assert.equal(gz.length, layer.size);
      assert.equal(sha(gz), layer.digest);
      assert.equal(sha(gunzipSync(gz)), config.rootfs.diff_ids[i], 'diff_id is the digest of the uncompressed layer');
    });
    // The busybox layer runs: its applet symlinks resolve to the real binary.
    const root = path.join(dir, 'rootfs');
    execFileSync('mkdir', [root]);
    writeFileSync(path.join(dir, 'l0.tar'), gunzipSync(blob(manifest.layers[0].digest)));
    execFileSync('tar', ['-xf', path.join(dir, 'l0.tar'), '-C', root]);
    assert.equal(readlinkSync(path.join(root, 'bin/sh')), 'busybox');
    assert.match(execFileSync(path.join(root, 'bin/sh'), ['-c', 'echo ok'], { encoding: 'utf8' }), /ok/);
    assert.match(readFileSync(path.join(root, 'etc/passwd'), 'utf8'), /^root:x:0:0:/);
    assert.equal(statSync(path.join(root, 'tmp')).mode & 0o7777, 0o1777);
  });
});
