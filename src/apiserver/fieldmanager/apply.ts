// Server-side apply (upstream's FieldManager.Apply with the default manager chain): merge
// the applied configuration into the live object, make its field set the manager's Apply
// entry, remove what the manager stopped applying, and refuse (409) to change fields other
// managers own unless forced.

import type { KubeObject, ManagedFieldsEntry } from '../../api/resource.js';
import { deepCopy, deepEqual } from '../../machinery/deep.js';
import type { SchemaNode } from '../../machinery/schema-node.js';
import { badRequest, StatusError } from '../../machinery/status.js';
import { FieldSet } from './fieldpath.js';
import {
  DecodeError,
  decodeManagedFields,
  encodeManagedFields,
  managerIdentifier,
  stripMeta,
  withoutManagedFields,
  type Managers,
} from './managers.js';
import { merge } from './merge.js';
import { prune } from './prune.js';
import { TypedError } from './shape.js';
import { toFieldSet } from './tofieldset.js';
import { filterSet, reconcileOwnership, recordUpdate } from './updater.js';
import { zeroObject } from './zero.js';

export interface ServerSideApplyInput {
  /** The stored object, or null when the apply creates it. */
  live: KubeObject | null;
  /** The request body (apply-patch, already decoded from YAML or JSON). */
  applied: KubeObject;
  /** The `fieldManager` query parameter (required for apply). */
  manager: string;
  /** The `force` query parameter: take over conflicting fields instead of failing. */
  force: boolean;
  /** Schema of the object's kind at `apiVersion`. */
  schema: SchemaNode;
  /** The endpoint's group/version, e.g. `apps/v1`; the body must use the same. */
  apiVersion: string;
  /** RFC 3339 time stamped on the entry when the object changes. */
  now: string;
  /** Fields this endpoint resets and so never tracks (upstream's reset fields). */
  ignore?: FieldSet;
}

export interface ServerSideApplyResult {
  /** The object to store, with metadata.managedFields set (absent when there are none). */
  object: KubeObject;
  managedFields: ManagedFieldsEntry[];
}

/** Managers that owned fields before the first apply are recorded under this name. */
const BEFORE_FIRST_APPLY = 'before-first-apply';

/** Throws StatusError: 400 for a bad body, 409 on conflicts, 500 when an object cannot be indexed. */
export function serverSideApply(input: ServerSideApplyInput): ServerSideApplyResult {
  const { live, applied, manager, force, schema, apiVersion, now, ignore } = input;
  if (applied.metadata?.managedFields != null) throw badRequest('metadata.managedFields must be nil');
  if (applied.apiVersion !== apiVersion) {
    throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${applied.apiVersion ?? ''}, expected: ${apiVersion}`);
  }
  const config = withoutManagedFields(applied);
  const errors: string[] = [];
  const appliedSet = toFieldSet(config, schema, { errors });
  if (errors.length > 0) throw typedError('failed to create typed patch object', applied, errors);

  const liveObj: KubeObject = live ? withoutManagedFields(live) : {};
  const managers = decodeLive(live);
  try {
    // Fields set before anyone applied need an owner, or the first apply could not
    // conflict with them and its pruning could not tell them apart from its own.
    if (live && managers.size === 0) {
      const id = managerIdentifier(BEFORE_FIRST_APPLY, 'Update', apiVersion);
      recordUpdate(zeroObject(schema), liveObj, managers, id, { manager: BEFORE_FIRST_APPLY, operation: 'Update', apiVersion }, now, schema, ignore);
    }
    const id = managerIdentifier(manager, 'Apply', apiVersion);
    const previous = managers.get(id);
    managers.set(id, { manager, operation: 'Apply', apiVersion, set: filterSet(appliedSet, ignore), time: previous?.time });
    const merged = (prune(merge(liveObj, config, schema), unionOf(managers), previous?.set, schema) ?? {}) as KubeObject;
    reconcileOwnership(liveObj, merged, managers, id, force, schema, ignore);

    const changed = !deepEqual(liveObj, merged);
    const mine = managers.get(id)!;
    if (changed) mine.time = now;
    mine.set = stripMeta(mine.set);
    if (mine.set.empty()) managers.delete(id);

    const object = changed ? merged : deepCopy(liveObj);
    const managedFields = encodeManagedFields(managers);
    return { object: withManagedFields(object, managedFields), managedFields };
  } catch (e) {
    if (e instanceof TypedError) throw typedError('failed to create typed live object', live ?? applied, [e.message]);
    throw e;
  }
}

function decodeLive(live: KubeObject | null): Managers {
  try {
    return decodeManagedFields(live?.metadata?.managedFields);
  } catch (e) {
    if (e instanceof DecodeError) throw new StatusError(500, '', `failed to decode managed fields: ${e.message}`);
    throw e;
  }
}

function unionOf(managers: Managers): FieldSet {
  let all = new FieldSet();
  for (const m of managers.values()) all = all.union(m.set);
  return all;
}

function withManagedFields(obj: KubeObject, managedFields: ManagedFieldsEntry[]): KubeObject {
  const { managedFields: _, ...metadata } = obj.metadata ?? {};
  return { ...obj, metadata: managedFields.length > 0 ? { ...metadata, managedFields } : metadata };
}

/**
 * Upstream reports these as plain errors, which reach the client as a 500 without a
 * reason: `failed to create typed patch object (ns/name; apps/v1, Kind=Deployment): …`.
 */
function typedError(what: string, obj: KubeObject, errors: string[]): StatusError {
  const apiVersion = obj.apiVersion ?? '';
  const gvk = `${apiVersion.includes('/') ? apiVersion : `/${apiVersion}`}, Kind=${obj.kind ?? ''}`;
  const detail = errors.length === 1 ? errors[0] : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n');
  return new StatusError(500, '', `${what} (${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}; ${gvk}): ${detail}`);
}
