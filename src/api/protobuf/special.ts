// The special types' protobuf messages, turned into the JSON values Kubernetes' own JSON
// encoding gives them (Time as RFC 3339 seconds, Duration as Go's duration string, …).

import type { SpecialType } from '../../machinery/schema-node.js';
import { badRequest } from '../../machinery/status.js';
import { ProtoReader, WIRE_BYTES, WIRE_VARINT } from './reader.js';

/** `decodeEmbedded` decodes a nested `k8s\0`-prefixed object found in a RawExtension. */
export function decodeSpecial(type: SpecialType, msg: Uint8Array, decodeEmbedded: (raw: Uint8Array) => unknown): unknown {
  const f = fieldsOf(msg);
  switch (type) {
    case 'Time':
    case 'MicroTime': {
      // An empty message is Go's zero time, which its JSON writes as null.
      if (msg.length === 0) return null;
      const seconds = Number(BigInt.asIntN(64, f.varints.get(1) ?? 0n));
      const nanos = Number(BigInt.asIntN(32, f.varints.get(2) ?? 0n));
      const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
      if (type === 'Time') return `${iso}Z`;
      return `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
    }
    case 'Duration':
      return goDuration(BigInt.asIntN(64, f.varints.get(1) ?? 0n));
    case 'Quantity':
      return text(f.bytes.get(1)) || '0';
    case 'IntOrString': {
      if ((f.varints.get(1) ?? 0n) === 1n) return text(f.bytes.get(3));
      return Number(BigInt.asIntN(32, f.varints.get(2) ?? 0n));
    }
    case 'RawExtension':
    case 'FieldsV1':
    case 'JSON': {
      const raw = f.bytes.get(1);
      if (!raw || raw.length === 0) return null;
      if (raw[0] === 0x6b && raw[1] === 0x38 && raw[2] === 0x73 && raw[3] === 0) return decodeEmbedded(raw);
      try {
        return JSON.parse(text(raw));
      } catch {
        throw badRequest(`invalid protobuf: ${type} does not hold JSON`);
      }
    }
  }
}

/** The special messages are flat: collect their varint and bytes fields by number (last wins). */
function fieldsOf(msg: Uint8Array): { varints: Map<number, bigint>; bytes: Map<number, Uint8Array> } {
  const varints = new Map<number, bigint>();
  const bytes = new Map<number, Uint8Array>();
  const r = new ProtoReader(msg);
  while (!r.done) {
    const { num, wire } = r.tag();
    if (wire === WIRE_VARINT) varints.set(num, r.varint());
    else if (wire === WIRE_BYTES) bytes.set(num, r.bytes());
    else r.skip(wire);
  }
  return { varints, bytes };
}

const decoder = new TextDecoder();

function text(b: Uint8Array | undefined): string {
  return b ? decoder.decode(b) : '';
}

/** Go's time.Duration.String(): `1h2m3.5s`, `1.5ms`, `0s`. */
export function goDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const sign = ns < 0n ? '-' : '';
  let u = ns < 0n ? -ns : ns;
  if (u < 1000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${fraction(u, 1000n)}µs`;
  if (u < 1_000_000_000n) return `${sign}${fraction(u, 1_000_000n)}ms`;
  const hours = u / 3_600_000_000_000n;
  u %= 3_600_000_000_000n;
  const minutes = u / 60_000_000_000n;
  u %= 60_000_000_000n;
  let out = sign;
  if (hours) out += `${hours}h`;
  if (hours || minutes) out += `${minutes}m`;
  return `${out}${fraction(u, 1_000_000_000n)}s`;
}

function fraction(v: bigint, unit: bigint): string {
  const whole = v / unit;
  const rest = v % unit;
  if (rest === 0n) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}
