// The volume mounts of a container, as lines of sh run inside its private mount namespace.
// Host processes see the host's filesystem, so a mountPath that does not exist there (every
// pod's /var/run/secrets/kubernetes.io/serviceaccount, say) must be created without touching
// the host: the nearest existing directory above it is "shadowed" — a tmpfs holding binds of
// each of its entries is put over it — and the missing directories are made in that tmpfs.
// When that directory is `/` itself, the shadow becomes the container's root (chroot).

import path from 'node:path';
import type { Mount } from '../types.js';
import { shq } from './shell.js';

/** What the plan needs to know about the host's filesystem (injectable for tests). */
export interface HostFs {
  /** lstat-like: undefined when absent. */
  kind(p: string): 'dir' | 'file' | 'symlink' | undefined;
  /** The fully resolved path of an existing one. */
  realpath(p: string): string;
}

export interface MountPlan {
  /** sh lines (after SHADOW_FUNCTION when any directory is shadowed). */
  lines: string[];
  /** The staging directories the lines use; they must exist (empty) on the host beforehand. */
  staging: string[];
  /** Set when the container's root is a shadow of `/`: chroot into it before exec. */
  root?: string;
}

/** A tmpfs at $2 holding, for each entry of $1, a bind of it (symlinks copied). */
export const SHADOW_FUNCTION = [
  'shadow() {',
  '  mount -t tmpfs -o mode=755 k8ts-shadow "$2"',
  // Prefixed names: a variable the pod exports must not be changed under it.
  '  for _k8ts_e in "$1"/* "$1"/.[!.]* "$1"/..?*; do',
  '    [ -e "$_k8ts_e" ] || [ -L "$_k8ts_e" ] || continue',
  '    _k8ts_n="$2/${_k8ts_e##*/}"',
  '    if [ -L "$_k8ts_e" ]; then ln -s "$(readlink "$_k8ts_e")" "$_k8ts_n"',
  '    elif [ -d "$_k8ts_e" ]; then mkdir "$_k8ts_n" && mount --rbind "$_k8ts_e" "$_k8ts_n"',
  '    else : > "$_k8ts_n" && mount --bind "$_k8ts_e" "$_k8ts_n"; fi',
  '  done',
  '}',
].join('\n');

interface Resolved {
  /** The deepest existing directory on the way (resolved). */
  existing: string;
  /** Components below it that do not exist yet. */
  missing: string[];
}

export function planMounts(mounts: Mount[], fs: HostFs, stagingDir: (n: number) => string): MountPlan {
  const plan: MountPlan = { lines: [], staging: [] };
  /** Directories that exist only in our tmpfs layers; what is below them is only what we made. */
  const created = new Set<string>();
  const shadowed = new Set<string>();
  const resolve = (p: string): Resolved => {
    const parts = path.posix.normalize(p).split('/').filter(Boolean);
    let cur = '/';
    for (let i = 0; i < parts.length; i++) {
      const next = path.posix.join(cur, parts[i]!);
      if (created.has(next)) { cur = next; continue; }
      const kind = created.has(cur) ? undefined : fs.kind(next);
      if (!kind) return { existing: cur, missing: parts.slice(i) };
      cur = kind === 'symlink' ? fs.realpath(next) : next;
    }
    return { existing: cur, missing: [] };
  };
  const shadow = (dir: string) => {
    const stage = stagingDir(plan.staging.length);
    plan.staging.push(stage);
    shadowed.add(dir);
    if (dir === '/') {
      plan.lines.push(`shadow / ${shq(stage)}`);
      plan.root = stage;
    } else {
      plan.lines.push(`shadow ${shq(inRoot(dir))} ${shq(stage)}`, `mount --move ${shq(stage)} ${shq(inRoot(dir))}`);
    }
  };
  const inRoot = (p: string) => (plan.root ? path.posix.join(plan.root, p) : p);

  // A shadow of `/` must come first: every later path is then taken inside it.
  if (mounts.some((m) => { const r = resolve(m.containerPath); return r.missing.length > 0 && r.existing === '/'; })) shadow('/');

  for (const m of mounts) {
    const r = resolve(m.containerPath);
    let target = r.existing;
    if (r.missing.length) {
      if (!created.has(r.existing) && !shadowed.has(r.existing)) shadow(r.existing);
      const isFile = fs.kind(m.hostPath) === 'file';
      r.missing.forEach((part, i) => {
        target = path.posix.join(target, part);
        created.add(target);
        const last = i === r.missing.length - 1;
        plan.lines.push(last && isFile ? `: > ${shq(inRoot(target))}` : `mkdir ${shq(inRoot(target))}`);
      });
    }
    plan.lines.push(`mount --bind ${shq(m.hostPath)} ${shq(inRoot(target))}`);
    if (m.readOnly) plan.lines.push(`mount -o remount,bind,ro ${shq(inRoot(target))}`);
  }
  if (plan.staging.length) plan.lines.unshift(SHADOW_FUNCTION);
  return plan;
}
