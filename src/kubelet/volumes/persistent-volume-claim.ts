// persistentVolumeClaim volumes: the claim must be Bound, and its PersistentVolume must be
// one this kubelet can use in place — a hostPath or local volume, whose path is the volume.

import type { PersistentVolume } from '../../api/core/persistentvolumes.js';
import { isNotFound, type Client } from '../../client/index.js';
import { VolumeError } from './errors.js';

export interface ClaimedPath {
  path: string;
  /** The hostPath type to check, for a hostPath volume. */
  type?: string;
}

async function get<T>(fetch: () => Promise<T>, notFound: string): Promise<T> {
  try {
    return await fetch();
  } catch (e) {
    if (isNotFound(e)) throw new VolumeError(notFound);
    throw e;
  }
}

export async function claimedPath(client: Client, namespace: string, claimName: string): Promise<ClaimedPath> {
  const pvc = await get(() => client.persistentvolumeclaims.get(namespace, claimName), `persistentvolumeclaim "${claimName}" not found`);
  const volumeName = pvc.spec?.volumeName;
  if (pvc.status?.phase !== 'Bound' || !volumeName) throw new VolumeError(`persistentvolumeclaim "${claimName}" is not bound`);
  const pv = await get(() => client.persistentvolumes.get(undefined, volumeName), `persistentvolume "${volumeName}" not found`);
  const claimUid = (pv.spec?.claimRef as { uid?: string } | undefined)?.uid;
  if (claimUid && claimUid !== pvc.metadata?.uid) throw new VolumeError(`persistentvolume "${volumeName}" is bound to a different claim than persistentvolumeclaim "${claimName}"`);
  return sourcePath(pv);
}

function sourcePath(pv: PersistentVolume): ClaimedPath {
  const hostPath = pv.spec?.hostPath as { path?: string; type?: string } | undefined;
  if (hostPath?.path) return { path: hostPath.path, type: hostPath.type };
  const local = pv.spec?.local as { path?: string } | undefined;
  if (local?.path) return { path: local.path };
  throw new VolumeError(`persistentvolume "${pv.metadata?.name}" has no hostPath or local source, the only kinds this kubelet can mount`);
}
