// The ownership bookkeeping shared by apply and update (upstream's merge.Updater.update and
// Updater.Update, with the managedFieldsUpdater and stripMeta layers around them).

import type { SchemaNode } from '../../machinery/schema-node.js';
import { compare, type Comparison } from './compare.js';
import { conflictError } from './conflict.js';
import { FieldSet } from './fieldpath.js';
import { stripMeta, type Managed, type Managers } from './managers.js';

/**
 * Going from `oldObj` to `newObj` on behalf of manager `id`: every other manager that owns
 * a changed field conflicts; without `force` that throws the 409, with it they lose those
 * fields. Removed fields leave every other manager. Managers left with nothing are dropped.
 */
export function reconcileOwnership(oldObj: unknown, newObj: unknown, managers: Managers, id: string, force: boolean, schema: SchemaNode, ignore: FieldSet | undefined): Comparison {
  const cmp = filter(compare(oldObj, newObj, schema), ignore);
  const changed = cmp.modified.union(cmp.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [other, m] of managers) {
    if (other === id) continue;
    const c = m.set.intersection(changed);
    if (!c.empty()) conflicts.set(other, c);
  }
  if (!force && conflicts.size > 0) throw conflictError(conflicts);
  for (const [other, m] of managers) {
    if (other === id) continue;
    const lost = conflicts.get(other);
    if (lost) m.set = m.set.difference(lost);
    m.set = m.set.difference(cmp.removed);
    if (m.set.empty()) managers.delete(other);
  }
  return cmp;
}

/** Ownership for a create, update or patch: the fields it changed go to `entry`'s manager. */
export function recordUpdate(oldObj: unknown, newObj: unknown, managers: Managers, id: string, entry: Omit<Managed, 'set' | 'time'>, now: string, schema: SchemaNode, ignore: FieldSet | undefined): void {
  // Upstream runs the update as a fresh "current-operation" manager, so that the updater's
  // own earlier entry gives up changed fields like any other, then folds it back in.
  const cmp = reconcileOwnership(oldObj, newObj, managers, CURRENT_OPERATION, true, schema, ignore);
  const taken = stripMeta(filterSet(cmp.modified.union(cmp.added), ignore));
  if (taken.empty()) return;
  const previous = managers.get(id);
  managers.set(id, { ...entry, set: previous ? taken.union(previous.set) : taken, time: now });
}

const CURRENT_OPERATION = 'current-operation';

function filter(c: Comparison, ignore: FieldSet | undefined): Comparison {
  return { added: filterSet(c.added, ignore), modified: filterSet(c.modified, ignore), removed: filterSet(c.removed, ignore) };
}

/** Drops the fields an endpoint resets and never tracks (upstream's reset fields, e.g. `status`). */
export function filterSet(set: FieldSet, ignore: FieldSet | undefined): FieldSet {
  return ignore ? set.recursiveDifference(ignore) : set;
}
