// Removing a set of fields from an object (upstream's TypedValue.RemoveItems): a member of
// the set removes that struct field, map entry or list item with everything below it;
// paths below a field descend into it. Leaves and atomic values are never split.

import { isPlainObject } from '../../machinery/deep.js';
import type { SchemaNode } from '../../machinery/schema-node.js';
import type { FieldSet } from './fieldpath.js';
import { fieldElement, type Path } from './pathelement.js';
import { requireItemElement, shapeOf } from './shape.js';

export function removeItems(value: unknown, toRemove: FieldSet, schema: SchemaNode): unknown {
  return removeAt(value, toRemove, schema, []);
}

/**
 * Returns undefined for a container that ends up empty: upstream writes null there, which
 * its typed round trip then drops, so the field disappears either way.
 */
function removeAt(value: unknown, toRemove: FieldSet, schema: SchemaNode, path: Path): unknown {
  const shape = shapeOf(schema, value);
  if (shape.kind === 'fields' && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const pe = fieldElement(k);
      if (toRemove.hasMember(pe)) continue;
      const below = toRemove.withPrefix(pe);
      const kept = below.empty() ? v : removeAt(v, below, shape.child(k), [...path, pe]);
      if (kept !== undefined) out[k] = kept;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (shape.kind === 'list' && Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const pe = requireItemElement(shape.list, item, path, i);
      if (toRemove.hasMember(pe)) return;
      const below = toRemove.withPrefix(pe);
      const kept = below.empty() ? item : removeAt(item, below, shape.list.items, [...path, pe]);
      if (kept !== undefined) out.push(kept);
    });
    return out.length > 0 ? out : undefined;
  }
  return value;
}
