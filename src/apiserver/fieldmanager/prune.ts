// What an applier stops applying is removed from the object (upstream's Updater.prune):
// a field goes iff the applier applied it last time, does not apply it now, and no other
// manager (applier or updater) owns it.

import type { SchemaNode } from '../../machinery/schema-node.js';
import { FieldSet } from './fieldpath.js';
import { removeItems } from './remove.js';
import { childSchema, isStructField } from './shape.js';
import { toFieldSet } from './tofieldset.js';

/**
 * Field sets list struct fields only as parents of their leaves; removal needs them as
 * members so that a struct the applier dropped goes as a whole, not leaf by leaf.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, schema: SchemaNode): FieldSet {
  const out = new FieldSet();
  for (const pe of set.members()) out.addMember(pe);
  for (const [pe, child] of set.children()) {
    if (isStructField(schema, pe)) out.addMember(pe);
    out.setChild(pe, ensureNamedFieldsAreMembers(child, childSchema(schema, pe)));
  }
  return out;
}

/**
 * @param merged   live object with the applied configuration merged in
 * @param owned    the union of every manager's fields, including the applier's new set
 * @param lastSet  what the applier owned before this apply
 */
export function prune(merged: unknown, owned: FieldSet, lastSet: FieldSet | undefined, schema: SchemaNode): unknown {
  if (!lastSet || lastSet.empty()) return merged;
  const named = (s: FieldSet) => ensureNamedFieldsAreMembers(s, schema);
  const last = named(lastSet);
  const mergedSet = named(toFieldSet(merged, schema));

  let pruned = removeItems(merged, last, schema);
  // Put back whatever someone still owns.
  pruned = removeItems(merged, mergedSet.difference(named(toFieldSet(pruned, schema)).union(named(owned))), schema);
  // Remove only what the applier itself had: fields no one ever owned (set by defaulting,
  // or by updaters before tracking began) stay.
  return removeItems(merged, mergedSet.difference(named(toFieldSet(pruned, schema))).intersection(last), schema);
}
