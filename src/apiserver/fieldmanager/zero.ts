// What a create is compared against. Upstream compares with the kind's Go zero value, in
// which non-pointer struct fields (metadata, spec, status, a pod template…) are present
// as empty objects and lists without `omitempty` as null. That is why a created
// Deployment's entry lists `f:spec` and `f:containers` without `".": {}` while an optional
// struct such as `f:rollingUpdate` gets one. The schema does not carry Go's pointer and
// omitempty details, so the well-known fields are named here.

import type { SchemaNode } from '../../machinery/schema-node.js';

const VALUE_STRUCT_FIELDS = new Set([
  'metadata',
  'spec',
  'status',
  'template',
  'jobTemplate',
  'strategy',
  'updateStrategy',
  'resources',
  'scaleTargetRef',
  'roleRef',
  'involvedObject',
  'source',
]);

/** Lists Go always serializes, as null when empty (PodSpec.containers, Role.rules). */
const NULL_LIST_FIELDS = new Set(['containers', 'rules']);

export function zeroObject(schema: SchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (schema.kind !== 'struct' || schema.atomic) return out;
  for (const f of schema.fields()) {
    if (VALUE_STRUCT_FIELDS.has(f.name) && f.type.kind === 'struct' && !f.type.atomic) out[f.name] = zeroObject(f.type);
    else if (NULL_LIST_FIELDS.has(f.name) && f.type.kind === 'list') out[f.name] = null;
  }
  return out;
}
