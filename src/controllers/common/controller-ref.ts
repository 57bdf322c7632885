// Controller references (upstream's controller_ref_manager.go): which controller owns an
// object, and the claim pass every owning controller runs before counting what it owns.
// Claiming adopts matching orphans, releases owned objects whose labels no longer match,
// and leaves alone whatever another controller owns — so two controllers with overlapping
// selectors never fight over the same pods.

import type { GroupVersionKind, KubeObject, OwnerReference } from '../../api/resource.js';
import { isInvalid, isNotFound, type Indexer, type ResourceClient } from '../../client/index.js';
import type { LabelSelector } from '../../machinery/labels.js';

/** The owner reference marked `controller: true`, if any. */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** A reference making `owner` the controller of an object; blockOwnerDeletion keeps foreground deletion of the owner waiting for it. */
export function newControllerRef(owner: KubeObject, gvk: GroupVersionKind): OwnerReference {
  return {
    apiVersion: gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version,
    kind: gvk.kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

const orphanIndexValue = (namespace: string) => `orphan/${namespace}`;

/**
 * An index function filing objects under their controller's uid, and orphans under their
 * namespace (upstream's PodControllerUIDIndex): an owner's claim pass then walks its own
 * objects and the orphans it could adopt, not its whole namespace.
 */
export function controllerUIDIndex(obj: KubeObject): string[] {
  const ref = getControllerOf(obj);
  return [ref ? ref.uid : orphanIndexValue(obj.metadata?.namespace ?? '')];
}

/** Everything `owner` may claim, from an indexer with controllerUIDIndex (upstream's FilterPodsByOwner). */
export function ownedOrOrphaned<T extends KubeObject>(indexer: Indexer<T>, indexName: string, owner: KubeObject): T[] {
  const namespace = owner.metadata?.namespace ?? '';
  const owned = indexer.byIndex(indexName, owner.metadata?.uid ?? '').filter((o) => (o.metadata?.namespace ?? '') === namespace);
  return owned.concat(indexer.byIndex(indexName, orphanIndexValue(namespace)));
}

export interface ClaimOptions<T extends KubeObject> {
  /** The owner as its informer cache has it. */
  owner: KubeObject;
  selector: LabelSelector;
  objects: T[];
  /** A fresh read of the owner from the API, taken once before the first adoption (upstream's canAdopt). */
  getOwner(): Promise<KubeObject>;
  adopt(obj: T): Promise<void>;
  release(obj: T): Promise<void>;
}

/**
 * The objects `owner` controls after adopting and releasing as needed. Every object is
 * tried; if any adoption or release failed, the first failure is thrown afterwards, so the
 * caller's sync is retried rather than acting on an incomplete set.
 */
export async function claimObjects<T extends KubeObject>(o: ClaimOptions<T>): Promise<T[]> {
  const ownerMeta = o.owner.metadata ?? {};
  const ownerDeleting = Boolean(ownerMeta.deletionTimestamp);
  let adoptable: Promise<void> | undefined;
  // The cache may not yet show the owner being deleted or replaced by a namesake: adopting
  // for it then would hand pods to an owner about to vanish.
  const canAdopt = () => (adoptable ??= recheckOwner(o.owner, o.getOwner));
  const claimed: T[] = [];
  const errors: unknown[] = [];
  for (const obj of o.objects) {
    const meta = obj.metadata ?? {};
    const matches = o.selector.matches(meta.labels);
    const ref = getControllerOf(obj);
    try {
      if (ref) {
        if (ref.uid !== ownerMeta.uid) continue;
        if (matches) {
          claimed.push(obj);
        } else if (!ownerDeleting) {
          await ignoreGone(o.release(obj));
        }
        continue;
      }
      if (ownerDeleting || !matches || meta.deletionTimestamp) continue;
      if (ownerMeta.namespace && ownerMeta.namespace !== meta.namespace) continue;
      await canAdopt();
      if (await ignoreGone(o.adopt(obj))) claimed.push(obj);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length > 0) throw errors[0];
  return claimed;
}

async function recheckOwner(cached: KubeObject, getOwner: () => Promise<KubeObject>): Promise<void> {
  const fresh = await getOwner();
  const name = `${cached.metadata?.namespace ?? ''}/${cached.metadata?.name ?? ''}`;
  if (fresh.metadata?.uid !== cached.metadata?.uid) {
    throw new Error(`original ${name} is gone: got uid ${fresh.metadata?.uid ?? ''}, wanted ${cached.metadata?.uid ?? ''}`);
  }
  if (fresh.metadata?.deletionTimestamp) throw new Error(`${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
}

/** True when the write happened; false when the object is already gone (nothing to claim). */
async function ignoreGone(write: Promise<void>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** Adopts `obj` for the owner of `ref`; the uid in the patch fails it if `obj` was replaced by a namesake meanwhile. */
export async function adoptObject<T extends KubeObject>(rc: ResourceClient<T>, obj: T, ref: OwnerReference): Promise<void> {
  const meta = obj.metadata ?? {};
  await rc.patch(meta.namespace, meta.name ?? '', 'strategic', { metadata: { ownerReferences: [ref], uid: meta.uid } });
}

/** Removes the reference to `ownerUid` from `obj`. */
export async function releaseObject<T extends KubeObject>(rc: ResourceClient<T>, obj: T, ownerUid: string): Promise<void> {
  const meta = obj.metadata ?? {};
  try {
    await rc.patch(meta.namespace, meta.name ?? '', 'strategic', { metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid: meta.uid } });
  } catch (e) {
    // As upstream: Invalid means the reference or the object is already not what we would release.
    if (isInvalid(e)) return;
    throw e;
  }
}
