// File operations shared by both cgroup versions: joining, listing, draining and removing.

import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const DRAIN_TIMEOUT_MS = 5000;
const DRAIN_POLL_MS = 10;

/** Refuses the hierarchy's root: removing "" or "/" would mean killing every process of the host. */
export function safe(cgPath: string): string {
  if (path.posix.normalize(`/${cgPath}`) === '/') throw new Error(`refusing to remove the root cgroup (path ${JSON.stringify(cgPath)})`);
  return cgPath;
}

export async function readPids(dir: string): Promise<number[]> {
  try {
    const text = await readFile(`${dir}/cgroup.procs`, 'utf8');
    return text.split('\n').filter(Boolean).map(Number);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

export async function makeDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

export async function writeValue(file: string, value: string | number): Promise<void> {
  await writeFile(file, String(value));
}

/**
 * A cgroup directory can only be removed once no task is left in it, so kill what is
 * there (a forked daemon escapes the container's process group, not its cgroup) and wait
 * for the kernel to reap it.
 */
export async function drainAndRemove(dir: string): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const pids = await readPids(dir);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    if (Date.now() > deadline) throw new Error(`cgroup ${dir} still has processes ${pids.join(',')}`);
    await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
  }
  await removeDir(dir);
}

/** rmdir that tolerates absence; a cgroup that still has children stays (its owner removes them). */
export async function removeDir(dir: string): Promise<void> {
  try {
    await rmdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'EBUSY') {
      // The last task's exit can be visible in cgroup.procs before the kernel lets go of the cgroup.
      await new Promise((r) => setTimeout(r, 50));
      try { await rmdir(dir); } catch (e2) { if ((e2 as NodeJS.ErrnoException).code !== 'ENOENT') throw e2; }
      return;
    }
    throw e;
  }
}
