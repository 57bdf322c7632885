// Strict field validation: the fields of a decoded object that its schema does not declare.
// Messages and paths follow upstream's strict JSON decoder (`unknown field
// "spec.template.spec.containers[0].imagee"`); the API server joins them with ", " after
// `strict decoding error: ` (a 400 for fieldValidation=Strict, warnings for Warn).

import type { SchemaNode } from '../../machinery/schema-node.js';

export function findUnknownFields(obj: unknown, node: SchemaNode): string[] {
  const found: string[] = [];
  walk(obj, node, '', found);
  return found.map((path) => `unknown field "${path}"`);
}

function walk(value: unknown, node: SchemaNode, path: string, found: string[]): void {
  if (value === null || typeof value !== 'object') return;
  // Type mismatches (a string where a struct belongs) are validation's business, not ours.
  if (node.kind === 'list') {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, node.items, `${path}[${i}]`, found));
    return;
  }
  if (Array.isArray(value)) return;
  const record = value as Record<string, unknown>;
  if (node.kind === 'map') {
    for (const [key, v] of Object.entries(record)) walk(v, node.values, join(path, key), found);
    return;
  }
  if (node.kind !== 'struct') return; // scalars, specials (RawExtension, JSON…) and unknown hold anything
  for (const [key, v] of Object.entries(record)) {
    const field = node.field(key);
    if (field) walk(v, field.type, join(path, key), found);
    else found.push(join(path, key));
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
