// Merging an applied configuration into the live object (upstream's TypedValue.Merge with
// "keep RHS" at the leaves): struct fields and map entries merge key by key, map-lists by
// key and sets by value (keeping the live order and inserting new items where the applied
// order puts them), and leaves and atomic values are replaced by the applied ones.

import { isPlainObject } from '../../machinery/deep.js';
import type { ListNode, SchemaNode } from '../../machinery/schema-node.js';
import { fieldElement, pathToString, serializePathElement, type Path, type PathElement } from './pathelement.js';
import { requireItemElement, shapeOf, TypedError } from './shape.js';

export function merge(lhs: unknown, rhs: unknown, schema: SchemaNode): unknown {
  return mergeAt(lhs, rhs, schema, []);
}

/** Returns undefined when the result has nothing in it (upstream then leaves the field out). */
function mergeAt(l: unknown, r: unknown, schema: SchemaNode, path: Path): unknown {
  const shape = shapeOf(schema, l, r);
  if (shape.kind === 'fields' && (isNonEmptyObject(l) || isNonEmptyObject(r))) {
    const lo = isPlainObject(l) ? l : {};
    const ro = isPlainObject(r) ? r : {};
    const out: Record<string, unknown> = {};
    // Live keys keep their place; applied-only keys follow.
    for (const k of new Set([...Object.keys(lo), ...Object.keys(ro)])) {
      const v = mergeAt(lo[k], ro[k], shape.child(k), [...path, fieldElement(k)]);
      if (v !== undefined) out[k] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (shape.kind === 'list' && (isNonEmptyList(l) || isNonEmptyList(r))) {
    const out = mergeList(Array.isArray(l) ? l : [], Array.isArray(r) ? r : [], shape.list, path);
    return out.length > 0 ? out : undefined;
  }
  return r !== undefined ? r : l;
}

interface Indexed {
  key: string;
  pe: PathElement;
  item: unknown;
}

/**
 * Upstream's order: walk both lists together; an item in both is emitted where the applied
 * list reaches it, unless the live list reaches it in step; live-only items stay where they
 * were; applied-only items come where the applied list has them.
 */
function mergeList(l: unknown[], r: unknown[], list: ListNode, path: Path): unknown[] {
  const index = (items: unknown[]): Indexed[] =>
    items.map((item, i) => {
      const pe = requireItemElement(list, item, path, i);
      return { key: serializePathElement(pe), pe, item };
    });
  const lhs = index(l);
  const rhs = index(r);
  const rItems = new Map<string, unknown>();
  for (const { key, pe, item } of rhs) {
    if (rItems.has(key)) throw new TypedError(`${pathToString(path)}: duplicate entries for key ${pathToString([pe])}`);
    rItems.set(key, item);
  }
  // A key the live object has twice merges from null, as upstream's duplicate marker does.
  const lItems = new Map<string, unknown>();
  for (const { key, item } of lhs) lItems.set(key, lItems.has(key) ? null : item);

  const shared = rhs.filter((e) => lItems.has(e.key)).map((e) => e.key);
  let si = 0;
  const merged = new Set<string>();
  const out: unknown[] = [];
  const emit = (e: Indexed, lItem: unknown, rItem: unknown) => {
    const v = mergeAt(lItem, rItem, list.items, [...path, e.pe]);
    if (v !== undefined) out.push(v);
  };

  let li = 0;
  let ri = 0;
  while (li < lhs.length || ri < rhs.length) {
    if (li < lhs.length && ri < rhs.length) {
      const lk = lhs[li].key;
      if (lk === rhs[ri].key) {
        merged.add(lk);
        emit(lhs[li], lItems.get(lk), rItems.get(lk));
        li++;
        ri++;
        si++;
        continue;
      }
      // A shared item that is not the next one the applied list wants waits for it.
      if (rItems.has(lk) && si < shared.length && shared[si] !== lk) {
        li++;
        continue;
      }
    }
    if (li < lhs.length) {
      const lk = lhs[li].key;
      if (!rItems.has(lk)) {
        emit(lhs[li], lhs[li].item, undefined);
        li++;
        continue;
      }
      if (merged.has(lk)) li++;
    }
    if (ri < rhs.length) {
      const rk = rhs[ri].key;
      merged.add(rk);
      emit(rhs[ri], lItems.get(rk), rItems.get(rk));
      ri++;
      if (si < shared.length && shared[si] === rk) si++;
    }
  }
  return out;
}

function isNonEmptyObject(v: unknown): boolean {
  return isPlainObject(v) && Object.keys(v).length > 0;
}

function isNonEmptyList(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0;
}
