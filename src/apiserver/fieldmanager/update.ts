// managedFields for a create, update or patch (upstream's FieldManager.UpdateNoErrors with
// the default manager chain): the fields the request changed become the manager's Update
// entry and leave everyone else's.

import type { KubeObject, ManagedFieldsEntry } from '../../api/resource.js';
import { deepCopy, deepEqual } from '../../machinery/deep.js';
import type { SchemaNode } from '../../machinery/schema-node.js';
import type { FieldSet } from './fieldpath.js';
import {
  capUpdateManagers,
  DecodeError,
  decodeManagedFields,
  encodeManagedFields,
  managerIdentifier,
  withoutManagedFields,
  type Managers,
} from './managers.js';
import { TypedError } from './shape.js';
import { recordUpdate } from './updater.js';
import { zeroObject } from './zero.js';

export interface UpdateManagedFieldsInput {
  /** The stored object, or null on create. */
  old: KubeObject | null;
  /** The object about to be stored; its metadata.managedFields is what the client sent. */
  updated: KubeObject;
  /** The `fieldManager` query parameter (or the user agent's default). */
  manager: string;
  operation: 'Update';
  /** `status`, `scale`…: the request's subresource, if any. */
  subresource?: string;
  /** Schema of the object's kind at `apiVersion`. */
  schema: SchemaNode;
  /** The request's group/version, e.g. `apps/v1`. */
  apiVersion: string;
  /** RFC 3339 time stamped on the entry when it changes. */
  now: string;
  /** Fields this endpoint resets and so never tracks (upstream's reset fields). */
  ignore?: FieldSet;
}

/**
 * Returns the managedFields to store with `updated` (empty: store none). Never throws:
 * an object the schema cannot index keeps its previous managedFields, as upstream.
 */
export function updateManagedFields(input: UpdateManagedFieldsInput): ManagedFieldsEntry[] {
  const { old, updated, manager, subresource, schema, apiVersion, now, ignore } = input;
  try {
    const managers = startingManagers(old, updated, subresource !== undefined && subresource !== '');
    // An existing object without managedFields stays untracked until someone applies.
    if (managers.size === 0 && old?.metadata?.uid) return [];
    const id = managerIdentifier(manager || 'unknown', 'Update', apiVersion, subresource);
    const entry = { manager: manager || 'unknown', operation: 'Update' as const, apiVersion, subresource: subresource || undefined };
    recordUpdate(old ? withoutManagedFields(old) : zeroObject(schema), withoutManagedFields(updated), managers, id, entry, now, schema, ignore);
    capUpdateManagers(managers);
    return encodeManagedFields(managers);
  } catch (e) {
    if (!(e instanceof TypedError)) throw e;
    return deepCopy(old?.metadata?.managedFields ?? []);
  }
}

/**
 * Upstream's decodeLiveOrNew: a client may replace managedFields by sending valid ones
 * (not on subresources), or reset tracking by sending `[]` (or one empty entry); anything
 * else, including invalid entries, keeps the stored ones.
 */
function startingManagers(old: KubeObject | null, updated: KubeObject, isSubresource: boolean): Managers {
  const stored = () => decodeOrEmpty(old?.metadata?.managedFields);
  if (isSubresource) return stored();
  const sent = updated.metadata?.managedFields;
  if (isReset(sent)) return new Map();
  const fromClient = decodeOrEmpty(sent);
  return fromClient.size > 0 ? fromClient : stored();
}

function isReset(entries: ManagedFieldsEntry[] | undefined): boolean {
  if (!Array.isArray(entries)) return false;
  return entries.length === 0 || (entries.length === 1 && deepEqual(entries[0], {}));
}

function decodeOrEmpty(entries: ManagedFieldsEntry[] | undefined): Managers {
  try {
    return decodeManagedFields(entries);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return new Map();
  }
}
