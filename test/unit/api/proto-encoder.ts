// Test-only protobuf writer: builds messages field by field, as client-go would put them on the wire.

type Part = Uint8Array;

function varintBytes(v: bigint): number[] {
  let u = BigInt.asUintN(64, v);
  const out: number[] = [];
  while (u >= 0x80n) {
    out.push(Number(u & 0x7fn) | 0x80);
    u >>= 7n;
  }
  out.push(Number(u));
  return out;
}

function key(num: number, wire: number): number[] {
  return varintBytes(BigInt(num * 8 + wire));
}

export function msg(...parts: Part[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

export function varint(num: number, v: number | bigint | boolean): Part {
  const n = typeof v === 'boolean' ? (v ? 1n : 0n) : BigInt(v);
  return Uint8Array.from([...key(num, 0), ...varintBytes(n)]);
}

export function bytes(num: number, data: Uint8Array): Part {
  return Uint8Array.from([...key(num, 2), ...varintBytes(BigInt(data.length)), ...data]);
}

export function str(num: number, s: string): Part {
  return bytes(num, new TextEncoder().encode(s));
}

/** A map entry {1 key, 2 value}; `value` is already an encoded field 2. */
export function entry(num: number, k: string, value: Part): Part {
  return bytes(num, msg(str(1, k), value));
}

/** The `k8s\0` + runtime.Unknown envelope. */
export function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  return msg(Uint8Array.from([0x6b, 0x38, 0x73, 0x00]), bytes(1, msg(str(1, apiVersion), str(2, kind))), bytes(2, raw), str(3, ''), str(4, ''));
}
