// A container's mounts from its volumeMounts (upstream's makeMounts): the prepared volume's
// host path, or a subPath (or expanded subPathExpr) inside it — created when missing, and
// refused when it would leave the volume through `..` or a symlink — read-only when the
// mount or the volume says so.

import { chmodSync, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Container, Pod } from '../../api/core/types.js';
import { ContainerConfigError, expand, podFieldValue, podIPsOf } from '../env/index.js';
import type { Mount } from '../runtime/types.js';
import type { PreparedVolume } from './manager.js';

function within(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith('/') ? root : `${root}/`);
}

/**
 * The host path of `subPath` inside the volume at `root`. Each existing component is
 * resolved (a symlink may not point out of the volume); missing ones are created with the
 * volume's permissions. Resolving also means a configMap key is mounted as its current file.
 */
export function resolveSubPath(root: string, subPath: string): string {
  if (path.isAbsolute(subPath) || subPath.split('/').includes('..')) throw new Error(`subPath "${subPath}" must be a relative path not containing '..'`);
  const realRoot = realpathSync(root);
  const mode = statSync(realRoot).mode & 0o7777;
  let current = realRoot;
  for (const part of subPath.split('/').filter((p) => p !== '' && p !== '.')) {
    const next = path.join(current, part);
    if (existsSync(next)) {
      current = realpathSync(next);
      if (!within(realRoot, current)) throw new Error(`subPath "${subPath}" resolves outside the volume`);
    } else {
      mkdirSync(next);
      // The umask would narrow the mode given to mkdir.
      chmodSync(next, mode);
      current = next;
    }
  }
  return current;
}

/** The container's mounts from its volumeMounts (subPath, readOnly), given setUp's result. */
export function containerMounts(pod: Pod, container: Container, volumes: Map<string, PreparedVolume>): Mount[] {
  const mounts: Mount[] = [];
  for (const vm of container.volumeMounts ?? []) {
    const volume = volumes.get(vm.name ?? '');
    if (!volume) throw new ContainerConfigError(`cannot find volume "${vm.name}" to mount into container "${container.name}"`);
    let hostPath = volume.hostPath;
    const subPath = vm.subPathExpr ? expandSubPathExpr(pod, container, vm.subPathExpr) : vm.subPath;
    if (subPath) {
      try {
        hostPath = resolveSubPath(volume.hostPath, subPath);
      } catch (e) {
        throw new ContainerConfigError(`failed to prepare subPath for volumeMount "${vm.name}" of container "${container.name}": ${(e as Error).message}`);
      }
    }
    mounts.push({ containerPath: vm.mountPath ?? '', hostPath, readOnly: vm.readOnly === true || volume.readOnly });
  }
  return mounts;
}

/**
 * subPathExpr with `$(VAR)` taken from the container's env. The kubelet's resolved env is not
 * at hand here, so literal values and pod fieldRefs count (the documented use:
 * `$(POD_NAME)` from metadata.name); anything else is reported missing, as upstream reports an
 * empty or unknown variable.
 */
function expandSubPathExpr(pod: Pod, container: Container, expr: string): string {
  const ips = { podIPs: podIPsOf(pod, undefined), hostIPs: pod.status?.hostIP ? [String(pod.status.hostIP)] : [] };
  const env = new Map<string, string>();
  for (const v of container.env ?? []) {
    if (!v.name) continue;
    if (v.value) env.set(v.name, expand(v.value, (n) => env.get(n) ?? `$(${n})`));
    else if (v.valueFrom?.fieldRef) {
      try {
        env.set(v.name, podFieldValue(pod, v.valueFrom.fieldRef, ips));
      } catch {
        // An unsupported fieldPath was refused when the env was built; here it is just missing.
      }
    }
  }
  const missing = new Set<string>();
  const out = expand(expr, (name) => {
    const value = env.get(name);
    if (!value) missing.add(name);
    return value ?? '';
  });
  if (missing.size > 0) throw new ContainerConfigError(`missing value for ${[...missing].sort().join(', ')}`);
  return out;
}
