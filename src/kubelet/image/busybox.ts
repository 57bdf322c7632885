// Small real images without a registry: a root filesystem made of Debian's static busybox
// (package busybox-static) with a symlink per applet, enough of /etc for user lookups, and a
// world-writable /tmp. The pause image and the tests' images (httpd, sleepers) are built on it.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { ImageRuntimeConfig, OciImageSpec } from './oci.js';
import type { TarEntry } from './tar.js';

const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function findBusybox(): string {
  const found = BUSYBOX_CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error('busybox not found (install the Debian package busybox-static)');
  return found;
}

let rootfsCache: TarEntry[] | undefined;

/** The busybox root filesystem as tar entries (computed once per process). */
export function busyboxRootfs(): TarEntry[] {
  if (rootfsCache) return rootfsCache;
  const bin = findBusybox();
  const applets = execFileSync(bin, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a && a !== 'busybox');
  rootfsCache = [
    { type: 'dir', path: 'bin' },
    { type: 'file', path: 'bin/busybox', data: readFileSync(bin), mode: 0o755 },
    ...applets.map((a): TarEntry => ({ type: 'symlink', path: `bin/${a}`, target: 'busybox' })),
    // One directory of applets serves every conventional PATH entry.
    { type: 'symlink', path: 'sbin', target: 'bin' },
    { type: 'dir', path: 'usr' },
    { type: 'symlink', path: 'usr/bin', target: '../bin' },
    { type: 'symlink', path: 'usr/sbin', target: '../bin' },
    { type: 'dir', path: 'etc' },
    { type: 'file', path: 'etc/passwd', data: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' },
    { type: 'file', path: 'etc/group', data: 'root:x:0:\nnogroup:x:65534:\n' },
    { type: 'dir', path: 'root', mode: 0o700 },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'dir', path: 'proc' },
    { type: 'dir', path: 'sys' },
    { type: 'dir', path: 'dev' },
    { type: 'dir', path: 'var' },
    { type: 'dir', path: 'www' },
  ];
  return rootfsCache;
}

export interface BusyboxImageOptions extends ImageRuntimeConfig {
  /** Extra files, e.g. a page for httpd; they go in a second layer over the busybox one. */
  files?: TarEntry[];
}

/** An image spec named `name` on the busybox rootfs; the default command is `sh`. */
export function busyboxImage(name: string, opts: BusyboxImageOptions = {}): OciImageSpec {
  const { files, ...config } = opts;
  return {
    name,
    layers: files?.length ? [busyboxRootfs(), files] : [busyboxRootfs()],
    config: { ...config, env: [DEFAULT_PATH, ...(config.env ?? [])], cmd: config.cmd ?? (config.entrypoint ? undefined : ['sh']) },
  };
}
