// A minimal protobuf wire-format reader: just what schema-driven decoding needs. Malformed
// input is the client's fault, so every failure is a 400.

import { badRequest } from '../../machinery/status.js';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export class ProtoReader {
  private pos: number;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** The next field's number and wire type. */
  tag(): { num: number; wire: number } {
    const t = this.uint();
    return { num: Math.floor(t / 8), wire: t % 8 };
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw badRequest('invalid protobuf: varint too long');
  }

  /** A varint used as a length or tag. */
  uint(): number {
    const v = this.varint();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw badRequest('invalid protobuf: length out of range');
    return Number(v);
  }

  /** A length-delimited field's contents, without copying. */
  bytes(): Uint8Array {
    const len = this.uint();
    if (this.pos + len > this.end) throw truncated();
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  double(): number {
    if (this.pos + 8 > this.end) throw truncated();
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT: this.varint(); return;
      case WIRE_FIXED64: this.advance(8); return;
      case WIRE_BYTES: this.bytes(); return;
      case WIRE_FIXED32: this.advance(4); return;
      default: throw badRequest(`invalid protobuf: unsupported wire type ${wire}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw truncated();
    this.pos += n;
  }

  private byte(): number {
    if (this.pos >= this.end) throw truncated();
    return this.buf[this.pos++];
  }
}

function truncated() {
  return badRequest('invalid protobuf: unexpected end of data');
}
