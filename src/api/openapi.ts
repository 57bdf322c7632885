// OpenAPI v3 documents (`/openapi/v3` and one document per group/version) built from the
// schemas of the served resources. kubectl reads them to decide whether the server does
// field validation (the PATCH operation's `fieldValidation` parameter) and for `explain`
// (component schemas carrying `x-kubernetes-group-version-kind`).
//
// The PATCH request bodies deliberately omit `application/strategic-merge-patch+json`:
// when it is absent kubectl computes apply/diff patches from its compiled-in types, which
// upstream tests every release, instead of from our schema.

import { createHash } from 'node:crypto';
import type { SchemaNode, SpecialType } from '../machinery/schema-node.js';
import type { ResourceType } from './resource.js';
import { schemaNode, SPECIAL_TYPE_NAMES, typeNameForKind } from './schema/index.js';

type Schema = Record<string, unknown>;

export interface OpenAPIV3 {
  index: { paths: Record<string, { serverRelativeURL: string }> };
  documents: Map<string, object>;
}

const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';

export function buildOpenAPIV3(resources: ResourceType[]): OpenAPIV3 {
  const byGroupVersion = new Map<string, ResourceType[]>();
  for (const r of resources) {
    const key = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
    byGroupVersion.set(key, [...(byGroupVersion.get(key) ?? []), r]);
  }
  const index: OpenAPIV3['index'] = { paths: {} };
  const documents = new Map<string, object>();
  for (const [key, list] of [...byGroupVersion].sort(([a], [b]) => a.localeCompare(b))) {
    const doc = buildDocument(key, list);
    documents.set(key, doc);
    const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
    index.paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { index, documents };
}

function buildDocument(key: string, resources: ResourceType[]): object {
  const schemas: Record<string, Schema> = {};
  const paths: Record<string, unknown> = {};
  addSchema(DELETE_OPTIONS, schemas);
  addSchema(STATUS, schemas);
  for (const r of [...resources].sort((a, b) => a.plural.localeCompare(b.plural))) {
    const gvk = { group: r.group, kind: r.kind, version: r.version };
    addSchema(r.schemaType, schemas);
    tagKind(schemas[r.schemaType], gvk);
    const listType = typeNameForKind(r.group, r.version, r.listKind);
    if (listType) {
      addSchema(listType, schemas);
      tagKind(schemas[listType], { ...gvk, kind: r.listKind });
    }
    const scope = r.namespaced ? 'namespaces/{namespace}/' : '';
    paths[`/${key}/${scope}${r.plural}/{name}`] = itemPath(r, gvk);
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths,
    components: { schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))) },
  };
}

function itemPath(r: ResourceType, gvk: { group: string; kind: string; version: string }): object {
  const ref = { $ref: `#/components/schemas/${r.schemaType}` };
  const ok = (schema: object) => ({ '200': { description: 'OK', content: { 'application/json': { schema } } } });
  const query = (...names: string[]) => names.map((name) => ({ name, in: 'query', schema: name === 'force' ? { type: 'boolean' } : { type: 'string' } }));
  const op = (action: string, extra: object) => ({ 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, ...extra });
  const path: Record<string, unknown> = {
    parameters: [
      { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
      ...(r.namespaced ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string' } }] : []),
    ],
  };
  if (r.verbs.includes('get')) path.get = op('get', { responses: ok(ref) });
  if (r.verbs.includes('update')) {
    path.put = op('put', {
      parameters: query('dryRun', 'fieldManager', 'fieldValidation'),
      requestBody: { required: true, content: { 'application/json': { schema: ref } } },
      responses: ok(ref),
    });
  }
  // kubectl looks only at PATCH operations to learn that the server validates fields, also
  // before `create`, so every kind gets one even when it cannot be patched.
  const patchBody = { schema: { type: 'object' } };
  path.patch = op('patch', {
    parameters: query('dryRun', 'fieldManager', 'fieldValidation', 'force'),
    requestBody: {
      required: true,
      content: {
        'application/apply-patch+yaml': patchBody,
        'application/json-patch+json': patchBody,
        'application/merge-patch+json': patchBody,
      },
    },
    responses: ok(ref),
  });
  if (r.verbs.includes('delete')) {
    path.delete = op('delete', {
      parameters: query('dryRun', 'gracePeriodSeconds', 'propagationPolicy'),
      requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${DELETE_OPTIONS}` } } } },
      responses: ok({ $ref: `#/components/schemas/${STATUS}` }),
    });
  }
  return path;
}

function tagKind(schema: Schema | undefined, gvk: { group: string; kind: string; version: string }): void {
  if (!schema) return;
  const existing = (schema['x-kubernetes-group-version-kind'] as object[] | undefined) ?? [];
  if (!existing.some((g) => JSON.stringify(g) === JSON.stringify(gvk))) schema['x-kubernetes-group-version-kind'] = [...existing, gvk];
}

/** Adds a named type and everything it references to `schemas`. */
function addSchema(name: string, schemas: Record<string, Schema>): void {
  if (schemas[name]) return;
  const node = schemaNode(name);
  if (node.kind === 'special') {
    schemas[name] = { ...SPECIAL_SCHEMAS[node.type] };
    return;
  }
  if (node.kind !== 'struct') return;
  const schema: Schema = { type: 'object', properties: {} };
  schemas[name] = schema; // before recursing, so recursive types terminate
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const f of node.fields()) {
    properties[f.name] = propertySchema(f.type, schemas);
    if (f.required) required.push(f.name);
  }
  schema.properties = properties;
  if (required.length) schema.required = required;
  if (node.atomic) schema['x-kubernetes-map-type'] = 'atomic';
}

function propertySchema(node: SchemaNode, schemas: Record<string, Schema>): Schema {
  switch (node.kind) {
    case 'struct':
      return refTo(node.name, schemas);
    case 'special':
      return refTo(SPECIAL_TYPE_NAMES[node.type], schemas);
    case 'list': {
      const s: Schema = { type: 'array', items: propertySchema(node.items, schemas), 'x-kubernetes-list-type': node.listType };
      if (node.mapKeys) s['x-kubernetes-list-map-keys'] = node.mapKeys;
      if (node.patchStrategy) s['x-kubernetes-patch-strategy'] = node.patchStrategy;
      if (node.patchMergeKey) s['x-kubernetes-patch-merge-key'] = node.patchMergeKey;
      return s;
    }
    case 'map': {
      const s: Schema = { type: 'object', additionalProperties: propertySchema(node.values, schemas) };
      if (node.atomic) s['x-kubernetes-map-type'] = 'atomic';
      return s;
    }
    case 'scalar':
      if (node.type === 'bytes') return { type: 'string', format: 'byte' };
      return node.format ? { type: node.type, format: node.format } : { type: node.type };
    case 'unknown':
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  }
}

function refTo(name: string, schemas: Record<string, Schema>): Schema {
  addSchema(name, schemas);
  return { $ref: `#/components/schemas/${name}` };
}

/** How upstream's OpenAPI presents the special types. */
const SPECIAL_SCHEMAS: Record<SpecialType, Schema> = {
  Time: { type: 'string', format: 'date-time' },
  MicroTime: { type: 'string', format: 'date-time' },
  Duration: { type: 'string' },
  Quantity: { type: 'string' },
  IntOrString: { type: 'string', format: 'int-or-string' },
  RawExtension: { type: 'object' },
  FieldsV1: { type: 'object' },
  JSON: { 'x-kubernetes-preserve-unknown-fields': true },
};
