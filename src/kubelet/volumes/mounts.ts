// The few mounts volumes need: a tmpfs for memory-backed emptyDirs (and for secrets, which
// upstream keeps off disk), found again through /proc/self/mountinfo so that tearDown
// unmounts them even after a kubelet restart.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { mustRun } from '../network/exec-file.js';

/** mountinfo escapes space, tab, newline and backslash as octal. */
function unescapeMountPath(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

async function mountPoints(): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info
    .split('\n')
    .filter(Boolean)
    .map((line) => unescapeMountPath(line.split(' ')[4] ?? ''));
}

export async function isMountPoint(dir: string): Promise<boolean> {
  return (await mountPoints()).includes(path.resolve(dir));
}

/** Mounts a tmpfs on `dir` (which exists), limited to `sizeBytes` when given. */
export async function mountTmpfs(dir: string, sizeBytes?: number): Promise<void> {
  const options = sizeBytes ? ['-o', `size=${sizeBytes}`] : [];
  await mustRun('mount', ['-t', 'tmpfs', ...options, 'tmpfs', dir]);
}

/** Unmounts everything mounted at or below `dir`, deepest first. */
export async function unmountAllUnder(dir: string): Promise<void> {
  const root = path.resolve(dir);
  const under = (await mountPoints()).filter((m) => m === root || m.startsWith(`${root}/`));
  // A path mounted twice appears twice: each umount takes one layer off.
  for (const m of under.sort((a, b) => b.length - a.length)) await mustRun('umount', [m]);
}

/** Whether this process may mount (upstream's kubelet always runs as root). */
export function canMount(): boolean {
  return process.getuid?.() === 0;
}
