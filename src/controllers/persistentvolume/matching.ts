// Which PersistentVolume a claim gets (upstream's findMatchingVolume and
// checkVolumeSatisfyClaim, static provisioning): a volume pre-bound to the claim wins;
// otherwise the smallest Available volume of the same class and volume mode, with every
// access mode the claim asks for, at least the requested size, and labels matching the
// claim's selector.

import type { PersistentVolumeClaim } from '../../api/core/persistentvolumeclaims.js';
import type { PersistentVolume } from '../../api/core/persistentvolumes.js';
import { labelSelectorFromMeta } from '../../machinery/labels.js';
import { parseQuantity, type Quantity } from '../../machinery/quantity.js';

/** The beta annotation still overrides spec.storageClassName, as upstream reads it. */
const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

export interface ClaimRef {
  kind?: string;
  apiVersion?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export function claimRefOf(pv: PersistentVolume): ClaimRef | undefined {
  return pv.spec?.claimRef as ClaimRef | undefined;
}

export function claimClass(pvc: PersistentVolumeClaim): string {
  return pvc.metadata?.annotations?.[BETA_CLASS_ANNOTATION] ?? pvc.spec?.storageClassName ?? '';
}

export function volumeClass(pv: PersistentVolume): string {
  return pv.metadata?.annotations?.[BETA_CLASS_ANNOTATION] ?? pv.spec?.storageClassName ?? '';
}

/** The volume's claimRef names this claim (and its uid, once set). */
export function isBoundToClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  const ref = claimRefOf(pv);
  if (!ref || ref.name !== pvc.metadata?.name || ref.namespace !== pvc.metadata?.namespace) return false;
  return !ref.uid || ref.uid === pvc.metadata?.uid;
}

function storage(v: string | number | undefined): Quantity {
  return parseQuantity(String(v ?? '0'));
}

const modeOf = (spec: { volumeMode?: string } | undefined) => spec?.volumeMode || 'Filesystem';

function hasAccessModes(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  const have = new Set(pv.spec?.accessModes ?? []);
  return (pvc.spec?.accessModes ?? []).every((m) => have.has(m));
}

/** Why `pv` cannot serve `pvc` (upstream's checkVolumeSatisfyClaim), or undefined when it can. */
export function volumeMismatch(pv: PersistentVolume, pvc: PersistentVolumeClaim): string | undefined {
  if (pv.metadata?.deletionTimestamp) return `the volume is marked for deletion "${pv.metadata.name}"`;
  if (storage(pv.spec?.capacity?.storage).cmp(storage(pvc.spec?.resources?.requests?.storage)) < 0) return 'requested PV is too small';
  if (volumeClass(pv) !== claimClass(pvc)) return 'storageClassName does not match';
  if (modeOf(pv.spec) !== modeOf(pvc.spec)) return 'incompatible volumeMode';
  if (!hasAccessModes(pv, pvc)) return 'incompatible accessMode';
  return undefined;
}

/**
 * The volume to bind `pvc` to. With `delayBinding` (a WaitForFirstConsumer class before a
 * node is chosen) only a volume pre-bound to the claim qualifies.
 */
export function findBestMatch(pvc: PersistentVolumeClaim, volumes: readonly PersistentVolume[], delayBinding = false): PersistentVolume | undefined {
  const selector = pvc.spec?.selector ? labelSelectorFromMeta(pvc.spec.selector) : undefined;
  let best: PersistentVolume | undefined;
  for (const pv of volumes) {
    if (pv.metadata?.deletionTimestamp) continue;
    if (isBoundToClaim(pv, pvc)) return modeOf(pv.spec) === modeOf(pvc.spec) ? pv : undefined;
    if (claimRefOf(pv) || delayBinding) continue;
    // Other phases are about to change; binding them now would mostly meet conflicts.
    if (pv.status?.phase !== 'Available') continue;
    if (volumeMismatch(pv, pvc)) continue;
    if (selector && !selector.matches(pv.metadata?.labels ?? {})) continue;
    if (!best || storage(pv.spec?.capacity?.storage).cmp(storage(best.spec?.capacity?.storage)) < 0) best = pv;
  }
  return best;
}
