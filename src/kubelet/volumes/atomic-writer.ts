// Writes the files of a configMap, secret, downwardAPI or projected volume so that a
// container sees every update at once (upstream's pkg/volume/util/atomic_writer.go): the
// files go into a fresh `..<timestamp>` directory, the `..data` symlink is swapped to it by
// a rename (atomic), and each visible top-level name is a symlink through `..data`. A reader
// therefore sees either the old set or the new one, never a mix.

import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, stat, symlink, unlink, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';

/** A file of the volume: its bytes and permission bits. */
export interface FileProjection {
  data: Buffer;
  mode: number;
}

export type Payload = Map<string, FileProjection>;

const DATA_DIR = '..data';
const DATA_DIR_TMP = '..data_tmp';
const MAX_FILE_NAME = 255;
const MAX_PATH = 4096;

/** Rejects what could escape the volume or collide with the writer's own entries. */
export function validatePayloadPath(target: string): string | undefined {
  if (target === '') return `invalid path: must not be empty: "${target}"`;
  if (path.isAbsolute(target)) return `invalid path: must be relative path: ${target}`;
  if (target.length > MAX_PATH) return `invalid path: must be less than or equal to ${MAX_PATH} characters`;
  const items = target.split('/');
  for (const item of items) {
    if (item === '..') return `invalid path: must not contain '..': ${target}`;
    if (item.length > MAX_FILE_NAME) return `invalid path: filenames must be less than or equal to ${MAX_FILE_NAME} characters`;
  }
  if (items[0].startsWith('..') && items[0].length > 2) return `invalid path: must not start with '..': ${target}`;
  return undefined;
}

/** `..2026_11_23_22_21_41.` — the prefix of a timestamped data directory (UTC). */
function timestampPrefix(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `..${now.getUTCFullYear()}_${p(now.getUTCMonth() + 1)}_${p(now.getUTCDate())}_${p(now.getUTCHours())}_${p(now.getUTCMinutes())}_${p(now.getUTCSeconds())}.`;
}

async function readLinkOrUndefined(p: string): Promise<string | undefined> {
  try {
    return await readlink(p);
  } catch {
    return undefined;
  }
}

/** Every regular file under `dir`, by relative path. */
async function walkFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await walkFiles(dir, p)));
    else out.push(p);
  }
  return out;
}

/** True when `dir` already holds exactly the payload (same paths, bytes and modes). */
async function holdsPayload(dir: string, payload: Payload): Promise<boolean> {
  let files: string[];
  try {
    files = await walkFiles(dir);
  } catch {
    return false;
  }
  if (files.length !== payload.size) return false;
  for (const [p, want] of payload) {
    try {
      const full = path.join(dir, p);
      if (((await stat(full)).mode & 0o7777) !== want.mode) return false;
      if (!(await readFile(full)).equals(want.data)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** The top-level names the user sees for these payload paths. */
function topLevel(paths: Iterable<string>): Set<string> {
  return new Set([...paths].map((p) => path.normalize(p).split('/')[0]));
}

/** Makes `targetDir` show exactly `payload`; a no-op when it already does. */
export async function writeAtomically(targetDir: string, payload: Payload): Promise<void> {
  for (const p of payload.keys()) {
    const problem = validatePayloadPath(p);
    if (problem) throw new Error(problem);
  }
  await mkdir(targetDir, { recursive: true });
  const oldTsName = await readLinkOrUndefined(path.join(targetDir, DATA_DIR));
  const oldTsDir = oldTsName ? path.join(targetDir, oldTsName) : undefined;
  const oldVisible = oldTsDir ? topLevel(await walkFiles(oldTsDir).catch(() => [])) : new Set<string>();
  if (oldTsDir && (await holdsPayload(oldTsDir, payload))) return;

  const tsDir = await mkdtemp(path.join(targetDir, timestampPrefix(new Date())));
  await chmod(tsDir, 0o755);
  for (const [p, file] of payload) {
    const full = path.join(tsDir, path.normalize(p));
    await mkdir(path.dirname(full), { recursive: true, mode: 0o755 });
    await writeFile(full, file.data);
    // chmod after writing: the mode given to writeFile is filtered by the umask.
    await chmod(full, file.mode);
  }

  const tmpLink = path.join(targetDir, DATA_DIR_TMP);
  await rm(tmpLink, { force: true });
  await symlink(path.basename(tsDir), tmpLink);
  await rename(tmpLink, path.join(targetDir, DATA_DIR));

  const visible = topLevel(payload.keys());
  for (const name of visible) {
    const link = path.join(targetDir, name);
    const existing = await lstat(link).catch(() => undefined);
    if (existing?.isSymbolicLink()) continue;
    if (existing) await rm(link, { recursive: true, force: true });
    await symlink(path.join(DATA_DIR, name), link);
  }
  for (const name of oldVisible) if (!visible.has(name)) await unlink(path.join(targetDir, name)).catch(() => undefined);
  if (oldTsDir) await rm(oldTsDir, { recursive: true, force: true });
}
