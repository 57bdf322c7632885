// Small JSON files under the state dir, one per sandbox or container, so that what a
// previous k8ts (killed with -9) left behind — processes, network namespaces, cgroups — can
// be found and torn down when the next one starts on the same state dir.

import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class RecordDir<T> {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async put(id: string, value: T): Promise<void> {
    await writeFile(path.join(this.dir, `${id}.json`), JSON.stringify(value));
  }

  async delete(id: string): Promise<void> {
    await rm(path.join(this.dir, `${id}.json`), { force: true });
  }

  all(): T[] {
    const out: T[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json')) continue;
      try {
        out.push(JSON.parse(readFileSync(path.join(this.dir, name), 'utf8')) as T);
      } catch { /* half-written by a crash: nothing to learn from it */ }
    }
    return out;
  }
}

/** Field 22 of /proc/<pid>/stat: tells a live process from a later one that reused its pid. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
