// The compact form in which the facts of the built-in API types are written, one file per
// group/version (generated from upstream's public field names, protobuf numbers and struct
// tags; `index.ts` turns them into SchemaNodes).
//
// A field is `jsonName: [protoNumber, type, tags?]`:
//   - protoNumber 0: the field exists only in JSON (apiVersion/kind from the inline TypeMeta).
//   - type: a scalar (`string`, `int32`, `int64`, `bool`, `double`, `bytes`), a special type
//     (`Time`, `MicroTime`, `Duration`, `Quantity`, `IntOrString`, `RawExtension`, `FieldsV1`,
//     `JSON`), a struct of the same package (`PodSpec`) or of another (`meta.v1.ObjectMeta`),
//     `T[]` for a list, `{T}` for a map with string keys.
//   - tags: `ps` patchStrategy, `mk` patchMergeKey, `lt` listType, `keys` listMapKeys,
//     `mt: 'atomic'` for an atomic map, `req` required, `ptr` for a scalar that is optional
//     by pointer (so a zero value in protobuf is meant, not a default), `inline` for an
//     embedded struct whose fields appear at this level in JSON (the key is then the protobuf
//     field name).

export interface FieldTags {
  ps?: string;
  mk?: string;
  lt?: 'atomic' | 'set' | 'map';
  keys?: string[];
  mt?: 'atomic';
  req?: true;
  ptr?: true;
  inline?: true;
}

export type FieldFact = readonly [proto: number, type: string, tags?: FieldTags];

export interface PackageFacts {
  /** OpenAPI name prefix of the package, e.g. `io.k8s.api.core.v1`. */
  pkg: string;
  /** API group served from this package; absent for meta/v1, whose kinds exist in every group/version. */
  group?: string;
  version: string;
  /** Top-level kinds (objects with apiVersion/kind) defined here. */
  kinds: string[];
  /** Structs replaced as a whole by SMP/SSA (`x-kubernetes-map-type: atomic`). */
  atomic?: string[];
  types: Record<string, Record<string, FieldFact>>;
}
