// What the generic object algorithms (strategic merge patch, server-side apply, strict
// field validation, protobuf decoding) need to know about a type, without depending on the
// API types themselves. `src/api/schema` implements it for every built-in kind; an
// `unknown` node means "no schema here": treat the value as opaque JSON.

export type ListType = 'atomic' | 'set' | 'map';

export type ScalarType = 'string' | 'integer' | 'number' | 'boolean' | 'bytes';

/** Types Kubernetes encodes specially in JSON (and in protobuf). */
export type SpecialType = 'Time' | 'MicroTime' | 'Duration' | 'Quantity' | 'IntOrString' | 'RawExtension' | 'FieldsV1' | 'JSON';

export type SchemaNode = StructNode | ListNode | MapNode | ScalarNode | SpecialNode | UnknownNode;

export interface StructNode {
  kind: 'struct';
  /** Type name, e.g. `io.k8s.api.core.v1.PodSpec`. */
  name: string;
  /** The field's schema, or undefined when the struct has no such field. */
  field(name: string): FieldInfo | undefined;
  /** All fields, in declaration order. */
  fields(): FieldInfo[];
  /** Struct-level `x-kubernetes-map-type: atomic` (replace as a whole in SMP/SSA). */
  atomic?: boolean;
}

export interface FieldInfo {
  /** JSON name. */
  name: string;
  /** Protobuf field number in upstream's generated.proto. */
  proto: number;
  type: SchemaNode;
  required?: boolean;
}

export interface ListNode {
  kind: 'list';
  items: SchemaNode;
  /** Upstream's `x-kubernetes-list-type` (SSA). */
  listType: ListType;
  /** Upstream's `x-kubernetes-list-map-keys` (SSA) when listType is map. */
  mapKeys?: string[];
  /** Upstream's `patchStrategy` tag (SMP): `merge`, `replace`, `retainKeys`, `merge,retainKeys`. */
  patchStrategy?: string;
  /** Upstream's `patchMergeKey` tag (SMP). */
  patchMergeKey?: string;
}

export interface MapNode {
  kind: 'map';
  values: SchemaNode;
  /** `x-kubernetes-map-type: atomic`. */
  atomic?: boolean;
}

export interface ScalarNode {
  kind: 'scalar';
  type: ScalarType;
  /** Protobuf wire detail for integers: int32 or int64. */
  format?: 'int32' | 'int64' | 'double' | 'byte';
}

export interface SpecialNode {
  kind: 'special';
  type: SpecialType;
}

export interface UnknownNode {
  kind: 'unknown';
}

export const UNKNOWN: UnknownNode = { kind: 'unknown' };
