// Finds the container's program before starting it, as an OCI runtime does, so a typo gives
// the familiar `executable file not found in $PATH` StartError instead of a crash loop of
// exit 127. Paths are looked up through the container's volume mounts.

import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { Mount } from '../types.js';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Undefined when found; otherwise the error message to report. */
export function lookPathError(program: string, envPath: string | undefined, mounts: Mount[]): string | undefined {
  if (program.includes('/')) {
    return isExecutable(onHost(path.posix.resolve('/', program), mounts)) ? undefined : `exec: "${program}": stat ${program}: no such file or directory`;
  }
  for (const dir of (envPath ?? DEFAULT_PATH).split(':')) {
    if (dir && isExecutable(onHost(path.posix.join(dir, program), mounts))) return undefined;
  }
  return `exec: "${program}": executable file not found in $PATH`;
}

/** Where a path the container sees lives on the host (the longest mount prefix wins). */
function onHost(p: string, mounts: Mount[]): string {
  let best: Mount | undefined;
  for (const m of mounts) {
    const c = m.containerPath.replace(/\/+$/, '');
    if ((p === c || p.startsWith(`${c}/`)) && c.length > (best?.containerPath.length ?? -1)) best = m;
  }
  return best ? best.hostPath + p.slice(best.containerPath.replace(/\/+$/, '').length) : p;
}

function isExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
