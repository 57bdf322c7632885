// The metadata rules every kind shares (upstream's BeforeCreate/BeforeUpdate and
// FillObjectMetaSystemFields): system fields are the server's, not the client's.

import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeObject, ObjectMeta, ResourceType } from '../../api/resource.js';
import { deepEqual, jsonEqual } from '../../machinery/deep.js';
import { nowRFC3339 } from '../../machinery/time.js';

// Upstream's generateName alphabet: no vowels (no accidental words) and no look-alikes.
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const NAME_SUFFIX_LENGTH = 5;
const MAX_GENERATE_NAME_LENGTH = 63 - NAME_SUFFIX_LENGTH;

export function generateName(base: string): string {
  const prefix = base.length > MAX_GENERATE_NAME_LENGTH ? base.slice(0, MAX_GENERATE_NAME_LENGTH) : base;
  const bytes = randomBytes(NAME_SUFFIX_LENGTH);
  let suffix = '';
  for (const b of bytes) suffix += NAME_ALPHABET[b % NAME_ALPHABET.length];
  return prefix + suffix;
}

/** Sets the fields the server owns on a new object. */
export function fillCreateMeta(obj: KubeObject, rt: ResourceType): ObjectMeta {
  const meta = (obj.metadata ??= {});
  meta.uid = randomUUID();
  meta.creationTimestamp = nowRFC3339();
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  if (rt.tracksGeneration) meta.generation = 1;
  else delete meta.generation;
  return meta;
}

/** Carries the server-owned fields of `old` over to `obj` on update. */
export function carryUpdateMeta(obj: KubeObject, old: KubeObject): ObjectMeta {
  const meta = (obj.metadata ??= {});
  const prev = old.metadata ?? {};
  meta.uid = prev.uid;
  meta.creationTimestamp = prev.creationTimestamp;
  // Only when there is one: an `undefined` key would show up as a managed field.
  if (meta.generateName === undefined && prev.generateName !== undefined) meta.generateName = prev.generateName;
  if (prev.deletionTimestamp) {
    meta.deletionTimestamp = prev.deletionTimestamp;
    meta.deletionGracePeriodSeconds = prev.deletionGracePeriodSeconds;
  } else {
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
  }
  delete meta.selfLink;
  if (prev.generation !== undefined) meta.generation = prev.generation;
  else delete meta.generation;
  return meta;
}

/** Everything but metadata and status: what a spec change is. */
function specPart(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/** Bumps generation when the spec changed, as upstream strategies do. */
export function bumpGeneration(obj: KubeObject, old: KubeObject, rt: ResourceType): void {
  if (!rt.tracksGeneration) return;
  const meta = obj.metadata!;
  meta.generation = (old.metadata?.generation ?? 1) + (deepEqual(specPart(obj), specPart(old)) ? 0 : 1);
}

/**
 * The status subresource may change only status (and labels/annotations, as upstream's
 * ResetObjectMetaForStatus allows); the main resource may change everything but status.
 */
export function keepStatus(obj: KubeObject, old: KubeObject): void {
  if (old.status === undefined) delete obj.status;
  else obj.status = old.status;
}

export function keepAllButStatus(obj: KubeObject, old: KubeObject): KubeObject {
  const meta = { ...old.metadata, labels: obj.metadata?.labels, annotations: obj.metadata?.annotations, resourceVersion: obj.metadata?.resourceVersion, managedFields: obj.metadata?.managedFields };
  if (meta.labels === undefined) delete meta.labels;
  if (meta.annotations === undefined) delete meta.annotations;
  const out: KubeObject = { ...old, metadata: meta };
  if (obj.status === undefined) delete out.status;
  else out.status = obj.status;
  return out;
}

/** True when two versions differ only in resourceVersion and managedFields timestamps: the update is a no-op. */
export function sameObject(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: o.metadata?.managedFields?.map((m) => ({ ...m, time: undefined })) } });
  return jsonEqual(strip(a), strip(b));
}
