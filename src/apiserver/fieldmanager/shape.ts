// How the field-set algorithms see a value at a given schema node, the part of
// structured-merge-diff's schema resolution we need: a leaf (scalars, special types, and
// everything atomic, replaced as a whole), a struct (named fields), a granular map (every
// key is its own field), or an associative list (items identified by key or by value).
// Where there is no schema (`unknown`, RawExtension, JSON) upstream "deduces" the type:
// objects are granular maps and lists are atomic.

import { isPlainObject } from '../../machinery/deep.js';
import { UNKNOWN, type ListNode, type SchemaNode } from '../../machinery/schema-node.js';
import { keyElement, pathToString, valueElement, type Path, type PathElement } from './pathelement.js';

export type Shape =
  | { kind: 'leaf' }
  | { kind: 'fields'; child(name: string): SchemaNode; isNamedField(name: string): boolean }
  | { kind: 'list'; list: ListNode };

const LEAF: Shape = { kind: 'leaf' };

/**
 * The shape of the values at `schema`. Values of the wrong JSON type (a string where the
 * schema says struct) fall back to leaf so that they are compared and replaced whole;
 * null and absent values fit any container.
 */
export function shapeOf(schema: SchemaNode, ...values: unknown[]): Shape {
  const present = values.filter((v) => v !== undefined && v !== null);
  const allObjects = present.every(isPlainObject);
  switch (schema.kind) {
    case 'struct':
      if (schema.atomic || !allObjects) return LEAF;
      return { kind: 'fields', child: (n) => schema.field(n)?.type ?? UNKNOWN, isNamedField: (n) => schema.field(n) !== undefined };
    case 'map':
      if (schema.atomic || !allObjects) return LEAF;
      return { kind: 'fields', child: () => schema.values, isNamedField: () => false };
    case 'list':
      if (!isAssociative(schema) || !present.every(Array.isArray)) return LEAF;
      return { kind: 'list', list: schema };
    case 'special':
      return schema.type === 'RawExtension' || schema.type === 'JSON' ? shapeOf(UNKNOWN, ...values) : LEAF;
    case 'unknown':
      return present.length > 0 && allObjects ? DEDUCED_MAP : LEAF;
    case 'scalar':
      return LEAF;
  }
}

const DEDUCED_MAP: Shape = { kind: 'fields', child: () => UNKNOWN, isNamedField: () => false };

/** A map list without keys cannot identify its items, so it is handled as atomic. */
function isAssociative(list: ListNode): boolean {
  return list.listType === 'set' || (list.listType === 'map' && (list.mapKeys?.length ?? 0) > 0);
}

/**
 * The schema below `pe` when only the schema is known (no value), as upstream's
 * EnsureNamedFieldsAreMembers resolves it.
 */
export function childSchema(schema: SchemaNode, pe: PathElement): SchemaNode {
  if (pe.kind === 'field') {
    if (schema.kind === 'struct') return schema.field(pe.name)?.type ?? UNKNOWN;
    if (schema.kind === 'map') return schema.values;
    return UNKNOWN;
  }
  return schema.kind === 'list' ? schema.items : UNKNOWN;
}

/** Whether `pe` names a declared field of the struct at `schema`. */
export function isStructField(schema: SchemaNode, pe: PathElement): boolean {
  return pe.kind === 'field' && schema.kind === 'struct' && schema.field(pe.name) !== undefined;
}

/**
 * Key fields that upstream fills from the OpenAPI default when an item omits them. The
 * schema interface carries no defaults; `protocol` (ContainerPort, ServicePort,
 * EndpointPort, all keyed with it) is the one built-in key field that has one.
 */
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

/** A value the schema cannot index (a map-list item without keys): the object is invalid. */
export class TypedError extends Error {}

/** The path element of a list item; throws TypedError (with upstream's message) when it has none. */
export function requireItemElement(list: ListNode, item: unknown, listPath: Path, index: number): PathElement {
  const pe = listItemElement(list, item);
  if (typeof pe === 'string') throw new TypedError(`${pathToString(listPath)}: element ${index}: ${pe}`);
  return pe;
}

/** The path element of a list item, or the upstream error message when it has none. */
export function listItemElement(list: ListNode, item: unknown): PathElement | string {
  if (list.listType === 'set') {
    if (item === null || item === undefined) return "associative list without keys has an element that's an explicit null";
    if (Array.isArray(item)) return 'not supported: associative list with lists as elements';
    if (typeof item === 'object') return "associative list without keys has an element that's a map type";
    return valueElement(item);
  }
  if (item === null || item === undefined) return 'associative list with keys may not have a null element';
  if (!isPlainObject(item)) return 'associative list with keys may not have non-map elements';
  const keys = list.mapKeys ?? [];
  const fields: Array<[string, unknown]> = [];
  for (const k of keys) {
    if (k in item) fields.push([k, item[k]]);
    else if (k in KEY_DEFAULTS) fields.push([k, KEY_DEFAULTS[k]]);
  }
  if (fields.length === 0) {
    return `associative list with keys has an element that omits all key fields ${goQuoteList(keys)} (and doesn't have default values for any key fields)`;
  }
  return keyElement(fields);
}

/** Go's `%q` of a []string. */
function goQuoteList(items: string[]): string {
  return `[${items.map((s) => JSON.stringify(s)).join(' ')}]`;
}
