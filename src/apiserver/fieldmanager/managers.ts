// metadata.managedFields in and out (upstream's managedfields/internal: managedfields.go,
// buildmanagerinfo.go, stripmeta.go, capmanagers.go). Entries are identified as upstream
// does, by the JSON of (manager, operation, apiVersion, subresource) without the apiVersion
// for appliers, so that an applier keeps one entry across versions.

import type { KubeObject, ManagedFieldsEntry } from '../../api/resource.js';
import { FieldSet } from './fieldpath.js';
import { compareStrings, fieldElement, goJson } from './pathelement.js';

export interface Managed {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  set: FieldSet;
  time?: string;
}

/** Keyed by manager identifier. */
export type Managers = Map<string, Managed>;

export function managerIdentifier(manager: string, operation: 'Apply' | 'Update', apiVersion: string, subresource?: string): string {
  // Field order and omitempty as Go marshals metav1.ManagedFieldsEntry.
  const id: Record<string, string> = {};
  if (manager) id.manager = manager;
  id.operation = operation;
  if (operation === 'Update' && apiVersion) id.apiVersion = apiVersion;
  if (subresource) id.subresource = subresource;
  return `{${Object.entries(id).map(([k, v]) => `"${k}":${goJson(v)}`).join(',')}}`;
}

export class DecodeError extends Error {}

/** Upstream's DecodeManagedFields: throws DecodeError on any invalid entry. */
export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined): Managers {
  const out: Managers = new Map();
  (entries ?? []).forEach((e, i) => {
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new DecodeError('operation must be `Apply` or `Update`');
    if (!e.apiVersion) throw new DecodeError('apiVersion must not be empty');
    if (e.fieldsType !== 'FieldsV1') {
      throw new DecodeError(e.fieldsType ? `invalid fieldsType "${e.fieldsType}" in managed fields entry ${i}` : `missing fieldsType in managed fields entry ${i}`);
    }
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(e.fieldsV1 ?? {});
    } catch (err) {
      throw new DecodeError(`error decoding set: ${(err as Error).message}`);
    }
    const m: Managed = { manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion, set };
    if (e.subresource) m.subresource = e.subresource;
    if (e.time) m.time = e.time;
    out.set(managerIdentifier(m.manager, m.operation, m.apiVersion, m.subresource), m);
  });
  return out;
}

/** Upstream's encodeManagedFields: Apply entries first, then by time, manager, version, subresource. */
export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  const entries = [...managers.values()].sort(
    (p, q) =>
      compareStrings(p.operation, q.operation) ||
      Math.sign(seconds(p.time) - seconds(q.time)) ||
      compareStrings(p.manager, q.manager) ||
      compareStrings(p.apiVersion, q.apiVersion) ||
      compareStrings(p.subresource ?? '', q.subresource ?? ''),
  );
  return entries.map((m) => {
    // Property order as Go marshals metav1.ManagedFieldsEntry.
    const e: ManagedFieldsEntry = {};
    if (m.manager) e.manager = m.manager;
    e.operation = m.operation;
    e.apiVersion = m.apiVersion;
    if (m.time) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = m.set.toFieldsV1();
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

/** Upstream compares entry times at one-second resolution. */
function seconds(time: string | undefined): number {
  const ms = time ? Date.parse(time) : NaN;
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** Fields no manager ever owns: identity, server-set metadata and managedFields itself. */
const STRIP = FieldSet.of(
  [fieldElement('apiVersion')],
  [fieldElement('kind')],
  [fieldElement('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => [
    fieldElement('metadata'),
    fieldElement(f),
  ]),
);

/** A manager's set without the never-owned fields. */
export function stripMeta(set: FieldSet): FieldSet {
  return set.difference(STRIP);
}

const MAX_UPDATE_MANAGERS = 10;

/**
 * Keeps at most MAX_UPDATE_MANAGERS Update entries by folding the oldest into one
 * "ancient-changes" entry per apiVersion, as upstream's capManagersManager.
 */
export function capUpdateManagers(managers: Managers): void {
  const updaters = [...managers.entries()].filter(([, m]) => m.operation === 'Update');
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  updaters.sort(([ia, a], [ib, b]) => Math.sign(seconds(a.time) - seconds(b.time)) || compareStrings(ia, ib));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > MAX_UPDATE_MANAGERS; i++) {
    const [id, m] = updaters[i];
    const first = firstByVersion.get(m.apiVersion);
    if (first === undefined) {
      firstByVersion.set(m.apiVersion, id);
      continue;
    }
    const bucketId = managerIdentifier('ancient-changes', 'Update', m.apiVersion);
    let bucket = managers.get(bucketId);
    if (!bucket) {
      bucket = { ...managers.get(first)!, manager: 'ancient-changes', subresource: undefined };
      managers.delete(first);
      managers.set(bucketId, bucket);
    }
    bucket.set = m.set.union(bucket.set);
    // The bucket takes the time of the update merged last, the most recent one.
    bucket.time = m.time;
    managers.delete(id);
    length--;
  }
}

/** How conflict messages name a manager: `"mgr"`, `"mgr" with subresource "s"`, `"mgr" using apps/v1`. */
export function describeManager(id: string): string {
  let e: ManagedFieldsEntry;
  try {
    e = JSON.parse(id) as ManagedFieldsEntry;
  } catch {
    return JSON.stringify(id);
  }
  let s = JSON.stringify(e.manager ?? '');
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion ?? ''}`;
  return s;
}

/** The object as the field algorithms see it: managedFields are bookkeeping, not content. */
export function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
