// Which fields an update added, modified or removed (upstream's TypedValue.Compare). This is
// what an Update takes ownership of, and what conflicts with other managers on Apply.
// A container that appears or disappears is itself added/removed along with its contents;
// atomic values and containers that are empty on both sides compare as one leaf.

import { deepEqual, isPlainObject } from '../../machinery/deep.js';
import type { ListNode, SchemaNode } from '../../machinery/schema-node.js';
import { FieldSet } from './fieldpath.js';
import { fieldElement, serializePathElement, type Path, type PathElement } from './pathelement.js';
import { requireItemElement, shapeOf } from './shape.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export function compare(lhs: unknown, rhs: unknown, schema: SchemaNode): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareAt(lhs, rhs, schema, [], c);
  return c;
}

/** `undefined` means absent; null is a value. */
function compareAt(l: unknown, r: unknown, schema: SchemaNode, path: Path, c: Comparison): void {
  const shape = shapeOf(schema, l, r);
  if (shape.kind === 'fields' && !(isEmptyMap(l) && isEmptyMap(r))) {
    const lo = isPlainObject(l) ? l : {};
    const ro = isPlainObject(r) ? r : {};
    for (const k of new Set([...Object.keys(lo), ...Object.keys(ro)])) compareAt(lo[k], ro[k], shape.child(k), [...path, fieldElement(k)], c);
  } else if (shape.kind === 'list' && !(isEmptyList(l) && isEmptyList(r))) {
    compareList(asList(l), asList(r), shape.list, path, c);
  } else {
    if (l === undefined) c.added.insert(path);
    else if (r === undefined) c.removed.insert(path);
    else if (!deepEqual(l, r)) c.modified.insert(path);
    return;
  }
  if (l === undefined) c.added.insert(path);
  else if (r === undefined) c.removed.insert(path);
}

function compareList(l: unknown[], r: unknown[], list: ListNode, path: Path, c: Comparison): void {
  const groups = new Map<string, { pe: PathElement; l: unknown[]; r: unknown[] }>();
  const add = (items: unknown[], side: 'l' | 'r') =>
    items.forEach((item, i) => {
      const pe = requireItemElement(list, item, path, i);
      const key = serializePathElement(pe);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { pe, l: [], r: [] }));
      g[side].push(item);
    });
  add(l, 'l');
  add(r, 'r');
  for (const { pe, l: ls, r: rs } of groups.values()) {
    const itemPath = [...path, pe];
    // Duplicated keys (tolerated in live objects) are compared as one atomic value.
    if (ls.length <= 1 && rs.length <= 1) {
      compareAt(ls[0], rs[0], list.items, itemPath, c);
    } else if (ls.length >= 2 && rs.length >= 2) {
      if (!deepEqual(ls, rs)) c.modified.insert(itemPath);
    } else if (ls.length >= 2) {
      if (rs.length === 1) compareAt(undefined, rs[0], list.items, itemPath, c);
      c.removed.insert(itemPath);
    } else {
      if (ls.length === 1) compareAt(ls[0], undefined, list.items, itemPath, c);
      c.added.insert(itemPath);
    }
  }
}

function isEmptyMap(v: unknown): boolean {
  return v === undefined || v === null || (isPlainObject(v) && Object.keys(v).length === 0);
}

function isEmptyList(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
