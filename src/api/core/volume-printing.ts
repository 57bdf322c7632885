// Cells shared by the PersistentVolume and PersistentVolumeClaim printers.

import type { KubeObject } from '../resource.js';
import { quantityOf } from './resource-names.js';

const MODE_ABBREVIATIONS: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** ACCESS MODES: `RWO,ROX,RWX,RWOP` in that fixed order (helper.GetAccessModesAsString). */
export function accessModesString(modes: string[] | undefined): string {
  return MODE_ABBREVIATIONS.filter(([mode]) => (modes ?? []).includes(mode)).map(([, short]) => short).join(',');
}

/** The canonical form of a storage amount, `0` when absent. */
export function storageString(value: string | number | undefined): string {
  return quantityOf(value)?.toString() ?? '0';
}

/** STORAGECLASS: the beta annotation wins over the field, as upstream still reads it. */
export function storageClassOf(obj: KubeObject & { spec?: { storageClassName?: string } }): string {
  return obj.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? obj.spec?.storageClassName ?? '';
}

export function phaseOrTerminating(obj: KubeObject, phase: string | undefined): string {
  return obj.metadata?.deletionTimestamp ? 'Terminating' : (phase ?? '');
}
