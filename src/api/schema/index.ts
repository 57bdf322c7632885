// SchemaNodes for the built-in API types, built lazily from the compact facts in `facts/`
// and cached by name, so recursive types and rarely used ones cost nothing until asked for.

import type { FieldInfo, SchemaNode, SpecialType, StructNode } from '../../machinery/schema-node.js';
import { UNKNOWN } from '../../machinery/schema-node.js';
import type { FieldFact, FieldTags, PackageFacts } from './facts/format.js';
import { appsV1 } from './facts/apps-v1.js';
import { authenticationV1 } from './facts/authentication-v1.js';
import { authorizationV1 } from './facts/authorization-v1.js';
import { autoscalingV1 } from './facts/autoscaling-v1.js';
import { autoscalingV2 } from './facts/autoscaling-v2.js';
import { batchV1 } from './facts/batch-v1.js';
import { coordinationV1 } from './facts/coordination-v1.js';
import { coreV1 } from './facts/core-v1.js';
import { discoveryV1 } from './facts/discovery-v1.js';
import { eventsV1 } from './facts/events-v1.js';
import { metaV1 } from './facts/meta-v1.js';
import { networkingV1 } from './facts/networking-v1.js';
import { policyV1 } from './facts/policy-v1.js';
import { rbacV1 } from './facts/rbac-v1.js';
import { storageV1 } from './facts/storage-v1.js';

const PACKAGES: PackageFacts[] = [
  metaV1, coreV1, policyV1, appsV1, batchV1, autoscalingV1, autoscalingV2, coordinationV1,
  discoveryV1, eventsV1, rbacV1, networkingV1, storageV1, authenticationV1, authorizationV1,
];

/** The fully-qualified names upstream's OpenAPI gives the special types. */
export const SPECIAL_TYPE_NAMES: Record<SpecialType, string> = {
  Time: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  MicroTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
  Duration: 'io.k8s.apimachinery.pkg.apis.meta.v1.Duration',
  FieldsV1: 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  Quantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  IntOrString: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  RawExtension: 'io.k8s.apimachinery.pkg.runtime.RawExtension',
  JSON: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON',
};

const SPECIALS = new Set<string>(Object.keys(SPECIAL_TYPE_NAMES));
const SPECIAL_BY_NAME = new Map(Object.entries(SPECIAL_TYPE_NAMES).map(([t, n]) => [n, t as SpecialType]));

/** `core.v1` → its facts; the short prefix used in cross-package references. */
const BY_ALIAS = new Map(PACKAGES.map((p) => [p.pkg.split('.').slice(-2).join('.'), p]));
const BY_PREFIX = new Map(PACKAGES.map((p) => [p.pkg, p]));

/** A field as laid out in protobuf: inline (embedded) structs stay nested there. */
export interface ProtoField {
  proto: number;
  /** JSON name; for an inline field, the embedded struct's protobuf field name. */
  name: string;
  type: SchemaNode;
  inline: boolean;
  /**
   * Whether a zero scalar is a real value. Upstream always writes non-pointer scalars to
   * protobuf, and its JSON drops them when zero (`omitempty`); required and pointer fields keep them.
   */
  keepZero: boolean;
}

class Struct implements StructNode {
  readonly kind = 'struct';
  private built?: { json: FieldInfo[]; byName: Map<string, FieldInfo>; proto: ProtoField[] };

  constructor(
    readonly name: string,
    private readonly pkg: PackageFacts,
    private readonly facts: Record<string, FieldFact>,
    readonly atomic: boolean | undefined,
  ) {}

  field(name: string): FieldInfo | undefined {
    return this.build().byName.get(name);
  }

  fields(): FieldInfo[] {
    return this.build().json;
  }

  protoFields(): ProtoField[] {
    return this.build().proto;
  }

  private build() {
    if (this.built) return this.built;
    const json: FieldInfo[] = [];
    const proto: ProtoField[] = [];
    for (const [name, [num, type, tags]] of Object.entries(this.facts)) {
      const node = parseType(type, this.pkg, tags);
      if (tags?.inline) {
        // Embedded structs (Probe's handler, Volume's source) are flat in JSON.
        json.push(...(node as StructNode).fields());
      } else {
        const info: FieldInfo = { name, proto: num, type: node };
        if (tags?.req) info.required = true;
        json.push(info);
      }
      if (num > 0) proto.push({ proto: num, name, type: node, inline: !!tags?.inline, keepZero: !!(tags?.req || tags?.ptr) });
    }
    this.built = { json, byName: new Map(json.map((f) => [f.name, f])), proto };
    return this.built;
  }
}

const cache = new Map<string, SchemaNode>();

/** The schema of a fully-qualified type (`io.k8s.api.core.v1.PodSpec`); UNKNOWN when not built in. */
export function schemaNode(typeName: string): SchemaNode {
  const cached = cache.get(typeName);
  if (cached) return cached;
  const node = buildNamed(typeName);
  cache.set(typeName, node);
  return node;
}

function buildNamed(typeName: string): SchemaNode {
  const special = SPECIAL_BY_NAME.get(typeName);
  if (special) return { kind: 'special', type: special };
  const dot = typeName.lastIndexOf('.');
  const pkg = BY_PREFIX.get(typeName.slice(0, dot));
  const short = typeName.slice(dot + 1);
  const facts = pkg?.types[short];
  if (!pkg || !facts) return UNKNOWN;
  return new Struct(typeName, pkg, facts, pkg.atomic?.includes(short) || undefined);
}

/** The fields of a struct in protobuf layout (for the protobuf decoder). */
export function protoFields(node: StructNode): ProtoField[] {
  if (node instanceof Struct) return node.protoFields();
  return node.fields().map((f) => ({ proto: f.proto, name: f.name, type: f.type, inline: false, keepZero: !!f.required }));
}

function parseType(type: string, pkg: PackageFacts, tags: FieldTags | undefined): SchemaNode {
  if (type.endsWith('[]')) {
    const node: SchemaNode = { kind: 'list', items: parseType(type.slice(0, -2), pkg, undefined), listType: tags?.lt ?? 'atomic' };
    if (tags?.keys) node.mapKeys = tags.keys;
    if (tags?.ps) node.patchStrategy = tags.ps;
    if (tags?.mk) node.patchMergeKey = tags.mk;
    return node;
  }
  if (type.startsWith('{')) {
    const node: SchemaNode = { kind: 'map', values: parseType(type.slice(1, -1), pkg, undefined) };
    if (tags?.mt === 'atomic') node.atomic = true;
    return node;
  }
  switch (type) {
    case 'string': return { kind: 'scalar', type: 'string' };
    case 'bool': return { kind: 'scalar', type: 'boolean' };
    case 'int32': return { kind: 'scalar', type: 'integer', format: 'int32' };
    case 'int64': return { kind: 'scalar', type: 'integer', format: 'int64' };
    case 'double': return { kind: 'scalar', type: 'number', format: 'double' };
    case 'bytes': return { kind: 'scalar', type: 'bytes', format: 'byte' };
  }
  if (SPECIALS.has(type)) return { kind: 'special', type: type as SpecialType };
  const dot = type.lastIndexOf('.');
  const owner = dot < 0 ? pkg : BY_ALIAS.get(type.slice(0, dot));
  if (!owner) throw new Error(`schema facts: unknown package in ${type}`);
  return schemaNode(`${owner.pkg}.${type.slice(dot + 1)}`);
}

/**
 * The schema type of a kind served at group/version, e.g. ('apps', 'v1', 'Deployment') →
 * `io.k8s.api.apps.v1.Deployment`. meta/v1 kinds (DeleteOptions, Status) exist in every
 * group/version, as upstream registers them everywhere.
 */
export function typeNameForKind(group: string, version: string, kind: string): string | undefined {
  const pkg = PACKAGES.find((p) => p.group === group && p.version === version && p.kinds.includes(kind));
  if (pkg) return `${pkg.pkg}.${kind}`;
  if (metaV1.kinds.includes(kind)) return `${metaV1.pkg}.${kind}`;
  return undefined;
}

/** Every built-in group/version with its kinds (for discovery-style listings and tests). */
export function builtinKinds(): { group: string; version: string; kinds: string[] }[] {
  return PACKAGES.filter((p) => p.group !== undefined).map((p) => ({ group: p.group!, version: p.version, kinds: p.kinds }));
}
