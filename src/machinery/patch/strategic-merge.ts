// Strategic merge patch, applied the way kube-apiserver applies it
// (apimachinery's strategicpatch.StrategicMergeMapPatch with MergeParallelList and
// IgnoreUnmatchedNulls). The schema says which lists merge and by which key; elsewhere
// the patch behaves as a JSON merge patch. kubectl's client-side apply and `kubectl patch`
// send these patches, so list ordering and directive handling follow upstream step by step.
//
// Directives: `$patch: replace|delete` in maps and list items, `$retainKeys`,
// `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.

import { deepCopy, isPlainObject } from '../deep.js';
import { UNKNOWN, type SchemaNode } from '../schema-node.js';
import { badRequest } from '../status.js';
import { goFormat, goTypeName, jsonKindName, patchInternal, patchUnprocessable } from './errors.js';

type Obj = Record<string, unknown>;

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';

// Upstream's mergepatch errors; the patch handler maps the first group to 400, the second to 422.
const ERR_BAD_PRIMITIVE_LIST = 'invalid patch format of primitive list';
const ERR_BAD_RETAIN_KEYS = 'invalid patch format of retainKeys';
const ERR_BAD_SET_ELEMENT_ORDER = 'invalid patch format of setElementOrder list';
const ERR_LIST_OF_LISTS = 'lists of lists are not supported';

/** Applies `patch` (the decoded request body) to a copy of `original`; `schema` describes the kind. */
export function applyStrategicMergePatch(original: Obj, patch: unknown, schema: SchemaNode): Obj {
  if (patch === null) return deepCopy(original);
  if (!isPlainObject(patch)) throw badRequest(`json: cannot unmarshal ${jsonKindName(patch)} into Go value of type map[string]interface {}`);
  return mergeMap(deepCopy(original), deepCopy(patch), schema);
}

// ---------------------------------------------------------------------------
// Schema lookups (upstream's LookupPatchMeta on Go struct tags).

interface FieldMeta {
  /** Schema of the field's value (for lists: of the list items when looked up as a slice). */
  schema: SchemaNode;
  /** The patch strategy other than retainKeys: `merge`, `replace` or ''. */
  strategy: string;
  mergeKey: string;
}

/**
 * Patch metadata for `key` of a value described by `schema`. Fields the schema does not know
 * are treated as schemaless (upstream cannot meet them: typed objects never hold such fields).
 */
function lookup(schema: SchemaNode, key: string, asSlice: boolean): FieldMeta {
  let node: SchemaNode = UNKNOWN;
  if (schema.kind === 'struct') node = schema.field(key)?.type ?? UNKNOWN;
  else if (schema.kind === 'map') node = schema.values;
  if (node.kind !== 'list') return { schema: asSlice ? UNKNOWN : node, strategy: '', mergeKey: '' };
  return { schema: asSlice ? node.items : node, strategy: otherStrategy(node.patchStrategy), mergeKey: node.patchMergeKey ?? '' };
}

/** Upstream's extractRetainKeysPatchStrategy: retainKeys plus at most one other strategy. */
function otherStrategy(patchStrategy: string | undefined): string {
  const strategies = patchStrategy ? patchStrategy.split(',') : [];
  const others = strategies.filter((s) => s !== 'retainKeys');
  if (strategies.length > 2 || (strategies.length === 2 && others.length !== 1)) {
    throw patchInternal(`unexpected patch strategy: ${goFormat(strategies)}`);
  }
  return others[0] ?? '';
}

/** Go's reflect.Type.Kind() name of the elements a schema describes, for one error message. */
function kindName(schema: SchemaNode): string {
  return schema.kind === 'struct' ? 'struct' : schema.kind === 'map' ? 'map' : 'interface';
}

// ---------------------------------------------------------------------------
// Maps.

function mergeMap(original: Obj, patch: Obj, schema: SchemaNode): Obj {
  if (Object.hasOwn(patch, DIRECTIVE)) return mapDirective(patch[DIRECTIVE], patch);
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, schema);

  for (const [patchKey, patchValue] of Object.entries(patch)) {
    let key = patchKey;
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    if (isDeleteList) key = directiveTarget(patchKey, DELETE_FROM_PRIMITIVE_LIST, ERR_BAD_PRIMITIVE_LIST);

    if (patchValue === null) {
      delete original[key];
      continue;
    }
    const present = Object.hasOwn(original, key);
    const originalValue = original[key];
    if (!present || shape(originalValue) !== shape(patchValue)) {
      // Nothing to merge with: take the patch value, minus nulls and directive-bearing maps.
      if (!isDeleteList) setCleaned(original, key, discardNulls(patchValue));
      continue;
    }
    if (isPlainObject(originalValue)) {
      const meta = lookup(schema, key, false);
      original[key] = meta.strategy === 'replace' ? patchValue : mergeMap(originalValue, patchValue as Obj, meta.schema);
    } else if (Array.isArray(originalValue)) {
      const meta = lookup(schema, key, true);
      original[key] =
        meta.strategy === 'merge' || isDeleteList
          ? mergeSlice(originalValue, patchValue as unknown[], meta.schema, meta.mergeKey, isDeleteList)
          : patchValue;
    } else {
      setCleaned(original, key, patchValue);
    }
  }
  return original;
}

/** `$patch` in a map: `replace` keeps just the patch, `delete` leaves an empty map. */
function mapDirective(directive: unknown, patch: Obj): Obj {
  if (directive === 'replace') {
    delete patch[DIRECTIVE];
    return patch;
  }
  if (directive === 'delete') return {};
  throw patchInternal(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
}

type Shape = 'map' | 'list' | 'scalar';
const shape = (v: unknown): Shape => (Array.isArray(v) ? 'list' : isPlainObject(v) ? 'map' : 'scalar');

function setCleaned(target: Obj, key: string, value: unknown): void {
  const cleaned = removeDirectives(value);
  if (cleaned.keep) target[key] = cleaned.value;
  else delete target[key];
}

/** `$deleteFromPrimitiveList/finalizers` → `finalizers`. */
function directiveTarget(key: string, prefix: string, error: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw badRequest(error);
  return key.slice(slash + 1);
}

/** `$retainKeys`: every patched key must be listed, and unlisted keys leave the original. */
function applyRetainKeys(original: Obj, patch: Obj): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain)) throw badRequest(ERR_BAD_RETAIN_KEYS);
  const keep = new Set(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw badRequest(ERR_BAD_RETAIN_KEYS);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * `$setElementOrder/<list>`: merge the list now (removing it from the patch) and order the
 * result: listed items in the directive's order, other live items kept in their relative
 * order and interleaved where the live list had them.
 */
function applySetElementOrder(original: Obj, patch: Obj, schema: SchemaNode): void {
  for (const [directiveKey, order] of Object.entries(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER)) continue;
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw badArgType('[]interface {}', order);
    const key = directiveTarget(directiveKey, SET_ELEMENT_ORDER, ERR_BAD_SET_ELEMENT_ORDER);

    const inOriginal = Object.hasOwn(original, key);
    const inPatch = Object.hasOwn(patch, key);
    const originalList = inOriginal ? asList(original[key]) : [];
    const patchList = inPatch ? asList(patch[key]) : [];
    const meta = lookup(schema, key, true);
    validateAgainstOrder(patchList, order, meta.mergeKey);

    let merged: unknown[];
    if (inOriginal && inPatch) {
      merged = meta.strategy === 'merge' ? mergeSlice(originalList, patchList, meta.schema, meta.mergeKey, false) : patchList;
    } else if (inOriginal) {
      merged = originalList;
    } else if (inPatch) {
      merged = removeDirectives(patchList).value as unknown[];
    } else {
      continue;
    }
    const [patchItems, serverOnly] = partition(merged, order, meta.mergeKey);
    const kind = elementKind(originalList, patchList);
    original[key] = normalizeOrder(patchItems, serverOnly, order, originalList, meta.mergeKey, kind);
    delete patch[key];
  }
}

function asList(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw badArgType('[]interface {}', v);
  return v;
}

/** The patch list must follow the directive's order (deletions and directive items aside). */
function validateAgainstOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? splitDeletions(patchList).keep : patchList;
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    if (isPlainObject(items[p]) && Object.hasOwn(items[p] as Obj, DIRECTIVE)) {
      p++;
      continue;
    }
    if (sameMergeKey(items[p], order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length) {
    throw patchInternal(`The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goFormat(order)}\n`);
  }
}

function sameMergeKey(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  const l = requireMergeKey(asMap(left), mergeKey);
  const r = requireMergeKey(asMap(right), mergeKey);
  return l === r;
}

// ---------------------------------------------------------------------------
// Lists.

type ElementKind = 'map' | 'scalar';

function mergeSlice(original: unknown[], patch: unknown[], schema: SchemaNode, mergeKey: string, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  let merged: unknown[];
  if (kind === 'scalar') {
    if (isDeleteList) return original.filter((v) => !patch.includes(v));
    merged = [...new Set([...original, ...patch])];
  } else {
    if (!mergeKey) throw patchInternal(`cannot merge lists without merge key for ${kindName(schema)}`);
    ({ original, patch } = applyListDirectives(original, patch, mergeKey));
    merged = mergeByKey(original, patch, mergeKey, schema);
  }
  const [patchItems, serverOnly] = partition(merged, patch, mergeKey);
  return normalizeOrder(patchItems, serverOnly, patch, original, mergeKey, kind);
}

/**
 * Upstream's sliceElementType: all elements (of both lists) must have one type, and not be
 * lists. Returns whether they are maps.
 */
function elementKind(...lists: unknown[][]): ElementKind {
  let type: string | undefined;
  for (const v of lists.flat()) {
    const t = goTypeName(v);
    if (type === undefined) {
      if (Array.isArray(v)) throw patchUnprocessable(ERR_LIST_OF_LISTS);
      type = t;
    } else if (t !== type) {
      throw patchInternal(`list element types are not identical: ${goFormat(lists)}`);
    }
  }
  if (type === undefined) throw patchInternal('no elements in any of the given slices');
  return type === 'map[string]interface {}' ? 'map' : 'scalar';
}

/** List items carrying `$patch`: `delete` removes by merge key, `replace` makes the patch the list. */
function applyListDirectives(original: unknown[], patch: unknown[], mergeKey: string): { original: unknown[]; patch: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  for (const item of patch as Obj[]) {
    if (!Object.hasOwn(item, DIRECTIVE)) {
      plain.push(item);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === 'delete') {
      const value = requireMergeKey(item, mergeKey);
      for (let i = findByKey(original, mergeKey, value); i >= 0; i = findByKey(original, mergeKey, value)) {
        original = [...original.slice(0, i), ...original.slice(i + 1)];
      }
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw patchInternal('merging lists cannot yet be specified in the patch');
    } else {
      throw patchInternal(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(item)}`);
    }
  }
  return replace ? { original: plain, patch: [] } : { original, patch: plain };
}

/** Items with a known merge key merge into the live item; new ones are appended. */
function mergeByKey(original: unknown[], patch: unknown[], mergeKey: string, schema: SchemaNode): unknown[] {
  const merged = [...original];
  for (const item of patch as Obj[]) {
    const idx = findByKey(merged, mergeKey, requireMergeKey(item, mergeKey));
    if (idx >= 0) merged[idx] = mergeMap(merged[idx] as Obj, item, schema);
    else merged.push(item);
  }
  return merged;
}

/** Index of the first item whose merge key equals `value`, or -1 (upstream's findMapInSliceBasedOnKeyValue). */
function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isPlainObject(item)) throw patchInternal(`value for key ${i} is not a map`);
    if (Object.hasOwn(item, mergeKey) && item[mergeKey] === value) return i;
  }
  return -1;
}

/** Splits `list` into items present in `by` (by merge key, or by value) and the rest. */
function partition(list: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const inBy: unknown[] = [];
  const rest: unknown[] = [];
  for (const item of list) {
    let found: boolean;
    if (mergeKey) {
      const value = requireMergeKey(asMap(item), mergeKey);
      found = findByKey(by, mergeKey, value) >= 0;
    } else {
      found = by.includes(item);
    }
    (found ? inBy : rest).push(item);
  }
  return [inBy, rest];
}

// ---------------------------------------------------------------------------
// Ordering (upstream's normalizeElementOrder / mergeSortedSlice).

/**
 * Sorts the patched items by `patchOrder` and the server-only items by `serverOrder`, then
 * interleaves them: a server-only item goes before a patched item only when the live list
 * had it before that item.
 */
function normalizeOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  const patched = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const server = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  const serverIndex = indexer(serverOrder, mergeKey, kind);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < server.length || j < patched.length) {
    if (j >= patched.length) out.push(server[i++]);
    else if (i >= server.length) out.push(patched[j++]);
    else {
      const li = serverIndex(server[i]);
      const ri = serverIndex(patched[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(server[i++]);
      else out.push(patched[j++]);
    }
  }
  return out;
}

/**
 * Upstream's normalizeSliceOrder: a stable sort by position in `order` (map items must carry
 * the merge key; `$patch: delete` items go last). Items missing from `order` compare as
 * "less" both ways there; the insertion sort below reproduces what Go's stable sort does
 * with that for lists of up to 20 items, and every consistent case exactly.
 */
function sortByOrder(items: unknown[], order: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let toSort = items;
  let deletions: unknown[] = [];
  if (kind === 'map') {
    for (const item of [...items, ...order]) requireMergeKey(asMap(item), mergeKey);
    ({ keep: toSort, remove: deletions } = splitDeletions(items));
  }
  const index = indexer(order, mergeKey, kind);
  const sorted = [...toSort];
  const less = (a: unknown, b: unknown) => {
    const ia = index(a);
    const ib = index(b);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i; j > 0 && less(sorted[j], sorted[j - 1]); j--) {
      [sorted[j], sorted[j - 1]] = [sorted[j - 1], sorted[j]];
    }
  }
  return [...sorted, ...deletions];
}

/** Position of an item in `list` (by merge key for maps), -1 when absent; first match wins. */
function indexer(list: unknown[], mergeKey: string, kind: ElementKind): (item: unknown) => number {
  const keyOf = (item: unknown) => (kind !== 'map' ? item : isPlainObject(item) && Object.hasOwn(item, mergeKey) ? item[mergeKey] : null);
  const positions = new Map<unknown, number>();
  list.forEach((item, i) => {
    const k = keyOf(item);
    if (!positions.has(k)) positions.set(k, i);
  });
  return (item) => positions.get(keyOf(item)) ?? -1;
}

function splitDeletions(list: unknown[]): { keep: unknown[]; remove: unknown[] } {
  const keep: unknown[] = [];
  const remove: unknown[] = [];
  for (const item of list) (asMap(item)[DIRECTIVE] === 'delete' ? remove : keep).push(item);
  return { keep, remove };
}

// ---------------------------------------------------------------------------
// Cleaning patch values that land in the result unmerged.

/** Drops null members of maps, at any depth (list elements that are null stay). */
function discardNulls<T>(v: T): T {
  if (Array.isArray(v)) v.forEach(discardNulls);
  else if (isPlainObject(v)) {
    for (const [k, item] of Object.entries(v)) {
      if (item === null) delete v[k];
      else discardNulls(item);
    }
  }
  return v;
}

/** Drops maps carrying `$patch` (and list items that are such maps); `keep` is false for a dropped root. */
function removeDirectives(v: unknown): { value: unknown; keep: boolean } {
  if (Array.isArray(v)) {
    return { value: v.map(removeDirectives).filter((r) => r.keep).map((r) => r.value), keep: true };
  }
  if (isPlainObject(v)) {
    if (Object.hasOwn(v, DIRECTIVE)) return { value: undefined, keep: false };
    for (const [k, item] of Object.entries(v)) {
      const r = removeDirectives(item);
      if (r.keep) v[k] = r.value;
      else delete v[k];
    }
  }
  return { value: v, keep: true };
}

// ---------------------------------------------------------------------------
// Argument checks with upstream's messages.

function asMap(v: unknown): Obj {
  if (!isPlainObject(v)) throw badArgType('map[string]interface {}', v);
  return v;
}

function requireMergeKey(item: Obj, mergeKey: string): unknown {
  if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
  return item[mergeKey];
}

function badArgType(expected: string, actual: unknown) {
  return patchInternal(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

function noMergeKey(item: Obj, mergeKey: string) {
  return patchInternal(`map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);
}
