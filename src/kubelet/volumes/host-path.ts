// hostPath volumes (upstream's pkg/volume/hostpath): the host's own path, checked against
// the volume's `type` first — and created for DirectoryOrCreate (0755) and FileOrCreate (0644).

import { mkdir, open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';

const CHECKS: Record<string, { is: (s: Stats) => boolean; what: string }> = {
  Directory: { is: (s) => s.isDirectory(), what: 'a directory' },
  File: { is: (s) => s.isFile(), what: 'a file' },
  Socket: { is: (s) => s.isSocket(), what: 'a socket file' },
  CharDevice: { is: (s) => s.isCharacterDevice(), what: 'a character device' },
  BlockDevice: { is: (s) => s.isBlockDevice(), what: 'a block device' },
};

async function statOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await stat(p);
  } catch {
    return undefined;
  }
}

/** Throws upstream's message when `hostPath` is not of `type` ('' checks nothing). */
export async function checkHostPathType(hostPath: string, type: string | undefined): Promise<void> {
  if (!type) return;
  let st = await statOrUndefined(hostPath);
  let kind = type;
  if (type === 'DirectoryOrCreate') {
    kind = 'Directory';
    if (!st) {
      await mkdir(hostPath, { recursive: true, mode: 0o755 });
      return;
    }
  } else if (type === 'FileOrCreate') {
    kind = 'File';
    if (!st) {
      // Like upstream, the parent directory must already exist.
      await (await open(hostPath, 'a', 0o644)).close();
      st = await stat(hostPath);
    }
  }
  const check = CHECKS[kind];
  if (!check) throw new Error(`${type} is an invalid volume type`);
  if (!st || !check.is(st)) throw new Error(`hostPath type check failed: ${hostPath} is not ${check.what}`);
}
