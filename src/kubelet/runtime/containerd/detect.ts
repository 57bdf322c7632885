// Finding containerd on this machine: its binaries on PATH and a system daemon's socket.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** Where a system containerd (Debian's package, k3s-less installs) listens. */
export const DEFAULT_CONTAINERD_SOCKET = '/run/containerd/containerd.sock';

/** The absolute path of executable `name` on PATH, if any. */
export function whichBinary(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      if (statSync(p).isFile() && (statSync(p).mode & 0o111) !== 0) return p;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export interface ContainerdDetection {
  /** `containerd`, `ctr` and the runc shim, when all are on PATH (what starting our own needs). */
  binary?: string;
  ctr?: string;
  /** A running system containerd's socket, when one exists. */
  socket?: string;
}

export function detectContainerd(): ContainerdDetection {
  const binary = whichBinary('containerd');
  const ctr = whichBinary('ctr');
  const shim = whichBinary('containerd-shim-runc-v2');
  return {
    ...(binary && ctr && shim ? { binary, ctr } : {}),
    ...(existsSync(DEFAULT_CONTAINERD_SOCKET) ? { socket: DEFAULT_CONTAINERD_SOCKET } : {}),
  };
}

/** Throws a message that says what to install when containerd cannot be started here. */
export function requireContainerd(): Required<Pick<ContainerdDetection, 'binary' | 'ctr'>> {
  const d = detectContainerd();
  if (!d.binary || !d.ctr) {
    throw new Error('containerd not found on PATH (need containerd, ctr and containerd-shim-runc-v2: apt-get install containerd runc containernetworking-plugins)');
  }
  return { binary: d.binary, ctr: d.ctr };
}
