// Decodes `application/vnd.kubernetes.protobuf` request bodies (what client-go's typed
// clients send) into the JSON form of the object, driven by the built-in type schemas.
// Envelope: magic `k8s\0`, then runtime.Unknown {1 TypeMeta{1 apiVersion, 2 kind}, 2 raw,
// 3 contentEncoding, 4 contentType}; `raw` is the object's own message.

import type { SchemaNode, StructNode } from '../../machinery/schema-node.js';
import { badRequest } from '../../machinery/status.js';
import { protoFields, schemaNode, typeNameForKind, type ProtoField } from '../schema/index.js';
import { ProtoReader, WIRE_BYTES, WIRE_FIXED64, WIRE_VARINT } from './reader.js';
import { decodeSpecial } from './special.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

export interface DecodedObject {
  apiVersion: string;
  kind: string;
  object: Record<string, unknown>;
}

export function decodeKubernetesProtobuf(body: Uint8Array): DecodedObject {
  if (body.length < MAGIC.length || MAGIC.some((b, i) => body[i] !== b)) {
    throw badRequest(`provided data does not appear to be a protobuf message, expected prefix [${MAGIC.join(' ')}]`);
  }
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array();
  let contentEncoding = '';
  const r = new ProtoReader(body, MAGIC.length);
  while (!r.done) {
    const { num, wire } = r.tag();
    if (num === 1 && wire === WIRE_BYTES) {
      const tm = new ProtoReader(r.bytes());
      while (!tm.done) {
        const t = tm.tag();
        if (t.num === 1 && t.wire === WIRE_BYTES) apiVersion = utf8(tm.bytes());
        else if (t.num === 2 && t.wire === WIRE_BYTES) kind = utf8(tm.bytes());
        else tm.skip(t.wire);
      }
    } else if (num === 2 && wire === WIRE_BYTES) raw = r.bytes();
    else if (num === 3 && wire === WIRE_BYTES) contentEncoding = utf8(r.bytes());
    else r.skip(wire);
  }
  if (contentEncoding) throw badRequest(`unsupported protobuf content encoding "${contentEncoding}"`);
  if (!kind) throw badRequest('Object \'Kind\' is missing in protobuf body');
  const slash = apiVersion.indexOf('/');
  const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
  const typeName = typeNameForKind(group, version, kind);
  const node = typeName ? schemaNode(typeName) : undefined;
  if (!node || node.kind !== 'struct') throw badRequest(`no kind "${kind}" is registered for version "${apiVersion}"`);
  const object: Record<string, unknown> = { apiVersion, kind };
  decodeMessage(raw, node, object);
  return { apiVersion, kind, object };
}

function decodeMessage(msg: Uint8Array, node: StructNode, out: Record<string, unknown>): void {
  const byNumber = new Map<number, ProtoField>(protoFields(node).map((f) => [f.proto, f]));
  const r = new ProtoReader(msg);
  while (!r.done) {
    const { num, wire } = r.tag();
    const field = byNumber.get(num);
    if (!field) {
      r.skip(wire);
      continue;
    }
    const type = field.type;
    if (field.inline && type.kind === 'struct') {
      // Embedded structs are nested in protobuf but flat in JSON.
      decodeMessage(expectBytes(r, wire), type, out);
    } else if (type.kind === 'list') {
      const list = Array.isArray(out[field.name]) ? (out[field.name] as unknown[]) : [];
      readRepeated(r, wire, type.items, list);
      out[field.name] = list;
    } else if (type.kind === 'map') {
      const map = (out[field.name] as Record<string, unknown> | undefined) ?? {};
      readMapEntry(expectBytes(r, wire), type.values, map);
      out[field.name] = map;
    } else if (type.kind === 'struct') {
      // A repeated occurrence of a message field merges into the earlier one, as protobuf says.
      const existing = out[field.name];
      const target = existing && typeof existing === 'object' ? (existing as Record<string, unknown>) : {};
      decodeMessage(expectBytes(r, wire), type, target);
      out[field.name] = target;
    } else {
      const value = readSingle(r, wire, type);
      // Messages (special types) on the wire are always meant; bare zero scalars may be Go's defaults.
      if (field.keepZero || type.kind !== 'scalar' || !isZero(value)) out[field.name] = value;
    }
  }
}

/** One occurrence of a repeated field: a single item, or a packed run of numbers. */
function readRepeated(r: ProtoReader, wire: number, items: SchemaNode, list: unknown[]): void {
  const packable = items.kind === 'scalar' && items.type !== 'string' && items.type !== 'bytes';
  if (packable && wire === WIRE_BYTES) {
    const packed = new ProtoReader(r.bytes());
    const itemWire = items.format === 'double' ? WIRE_FIXED64 : WIRE_VARINT;
    while (!packed.done) list.push(readSingle(packed, itemWire, items));
    return;
  }
  list.push(readSingle(r, wire, items));
}

/** A map entry message {1 key, 2 value}; a missing value is the value type's zero. */
function readMapEntry(entry: Uint8Array, values: SchemaNode, map: Record<string, unknown>): void {
  let key = '';
  let value: unknown;
  const r = new ProtoReader(entry);
  while (!r.done) {
    const { num, wire } = r.tag();
    if (num === 1) key = utf8(expectBytes(r, wire));
    else if (num === 2) value = readSingle(r, wire, values);
    else r.skip(wire);
  }
  map[key] = value ?? zeroOf(values);
}

function readSingle(r: ProtoReader, wire: number, node: SchemaNode): unknown {
  switch (node.kind) {
    case 'scalar':
      switch (node.type) {
        case 'string': return utf8(expectBytes(r, wire));
        case 'bytes': return Buffer.from(expectBytes(r, wire)).toString('base64');
        case 'boolean': return expectVarint(r, wire) !== 0n;
        case 'number': {
          if (wire !== WIRE_FIXED64) throw wrongWire();
          return r.double();
        }
        case 'integer': {
          const v = expectVarint(r, wire);
          return Number(node.format === 'int32' ? BigInt.asIntN(32, v) : BigInt.asIntN(64, v));
        }
      }
      break;
    case 'special':
      return decodeSpecial(node.type, expectBytes(r, wire), (raw) => decodeKubernetesProtobuf(raw).object);
    case 'struct': {
      const out: Record<string, unknown> = {};
      decodeMessage(expectBytes(r, wire), node, out);
      return out;
    }
    case 'list': {
      // A list nested in a map or list travels as a message wrapping `repeated items = 1`.
      const list: unknown[] = [];
      const inner = new ProtoReader(expectBytes(r, wire));
      while (!inner.done) {
        const t = inner.tag();
        if (t.num === 1) readRepeated(inner, t.wire, node.items, list);
        else inner.skip(t.wire);
      }
      return list;
    }
  }
  // Maps never nest in upstream's messages, and unknown types carry nothing we can read.
  r.skip(wire);
  return undefined;
}

function zeroOf(node: SchemaNode): unknown {
  if (node.kind === 'scalar') return node.type === 'boolean' ? false : node.type === 'integer' || node.type === 'number' ? 0 : '';
  if (node.kind === 'list') return [];
  if (node.kind === 'special') return decodeSpecial(node.type, new Uint8Array(), () => null);
  return {};
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

function expectBytes(r: ProtoReader, wire: number): Uint8Array {
  if (wire !== WIRE_BYTES) throw wrongWire();
  return r.bytes();
}

function expectVarint(r: ProtoReader, wire: number): bigint {
  if (wire !== WIRE_VARINT) throw wrongWire();
  return r.varint();
}

function wrongWire() {
  return badRequest('invalid protobuf: unexpected wire type for field');
}

const decoder = new TextDecoder();

function utf8(b: Uint8Array): string {
  return decoder.decode(b);
}
