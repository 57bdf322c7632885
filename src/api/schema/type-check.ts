// Decoding as upstream's typed JSON decoder does it: a value of the wrong JSON type for its
// field (a number where a string belongs, an array where a struct does) is a 400 before
// anything else looks at the object. Without this, validation code would meet types it was
// never meant to see. Message: `json: cannot unmarshal number into Go struct field
// ConfigMap.data of type string`. Unknown fields are not this check's business.

import type { SchemaNode } from '../../machinery/schema-node.js';

/** The first type mismatch in `obj`, in upstream's words, or undefined. `root` names the kind (`ConfigMap`). */
export function findTypeError(obj: unknown, node: SchemaNode, root: string): string | undefined {
  return check(obj, node, root);
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/** How Go would name the field's type. */
function goType(node: SchemaNode): string {
  switch (node.kind) {
    case 'struct':
      return node.name.split('.').slice(-2).join('.');
    case 'list':
      return `[]${goType(node.items)}`;
    case 'map':
      return `map[string]${goType(node.values)}`;
    case 'scalar':
      return node.type === 'integer' ? (node.format ?? 'int64') : node.type === 'number' ? 'float64' : node.type === 'boolean' ? 'bool' : node.type === 'bytes' ? '[]uint8' : 'string';
    case 'special':
      return node.type === 'IntOrString' ? 'intstr.IntOrString' : node.type === 'Quantity' ? 'resource.Quantity' : `v1.${node.type}`;
    default:
      return 'interface {}';
  }
}

function mismatch(v: unknown, node: SchemaNode, path: string): string {
  return `json: cannot unmarshal ${jsonType(v)} into Go struct field ${path} of type ${goType(node)}`;
}

function check(v: unknown, node: SchemaNode, path: string): string | undefined {
  // null decodes to the zero value of any type.
  if (v === null || v === undefined) return undefined;
  switch (node.kind) {
    case 'struct': {
      if (typeof v !== 'object' || Array.isArray(v)) return mismatch(v, node, path);
      for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
        const field = node.field(key);
        const err = field && check(value, field.type, `${path}.${key}`);
        if (err) return err;
      }
      return undefined;
    }
    case 'list':
      if (!Array.isArray(v)) return mismatch(v, node, path);
      for (const item of v) {
        const err = check(item, node.items, path);
        if (err) return err;
      }
      return undefined;
    case 'map':
      if (typeof v !== 'object' || Array.isArray(v)) return mismatch(v, node, path);
      for (const value of Object.values(v as Record<string, unknown>)) {
        const err = check(value, node.values, path);
        if (err) return err;
      }
      return undefined;
    case 'scalar':
      return scalarFits(v, node.type) ? undefined : mismatch(v, node, path);
    case 'special':
      return specialFits(v, node.type) ? undefined : mismatch(v, node, path);
    default:
      return undefined;
  }
}

function scalarFits(v: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return typeof v === 'string';
  }
}

function specialFits(v: unknown, type: string): boolean {
  switch (type) {
    case 'Quantity':
      return typeof v === 'string' || typeof v === 'number';
    case 'IntOrString':
      return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
    case 'Time':
    case 'MicroTime':
    case 'Duration':
      return typeof v === 'string';
    default:
      // RawExtension, JSON, FieldsV1 hold any JSON.
      return true;
  }
}
