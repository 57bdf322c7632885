// The host programs the runtime builds containers with, by absolute path: they are spawned
// with the pod's environment, whose PATH (if any) is the pod's business.

import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The runtime's own PATH, for the set-up steps before the workload's environment applies. */
export const HOST_PATH = process.env.PATH || '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function find(name: string): string {
  for (const dir of `${HOST_PATH}:/usr/sbin:/usr/bin:/sbin:/bin`.split(':')) {
    const p = path.join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch { /* next */ }
  }
  return name; // reported by the spawn that needs it
}

export const NSENTER = find('nsenter');
export const UNSHARE = find('unshare');
export const SETPRIV = find('setpriv');
export const CHROOT = find('chroot');
export const SCRIPT = find('script');
export const SH = '/bin/sh';
