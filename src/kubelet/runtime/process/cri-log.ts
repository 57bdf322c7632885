// Container output → the CRI log format the kubelet reads back for `kubectl logs`:
// `<RFC3339Nano> <stdout|stderr> <F|P> <text>\n`. A line longer than the buffer is cut into
// `P` (partial) records and ended by an `F` one, as containerd does; output that ends
// without a newline is flushed as a full line at the end.

import type { Writable } from 'node:stream';

export type StreamName = 'stdout' | 'stderr';

/** containerd's default max container log line size. */
export const MAX_LOG_LINE = 16 * 1024;

const startNs = BigInt(Date.now()) * 1_000_000n;
const startHr = process.hrtime.bigint();

/** Nanoseconds since the epoch: wall clock at start plus a monotonic delta, so lines keep their order. */
export function nowNs(): bigint {
  return startNs + (process.hrtime.bigint() - startHr);
}

/** Go's time.RFC3339Nano in UTC: fraction with trailing zeros removed (and no dot for whole seconds). */
export function rfc3339Nano(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const base = new Date(ms).toISOString().slice(0, 19);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${base}${frac ? `.${frac}` : ''}Z`;
}

export function criLine(ts: string, stream: StreamName, partial: boolean, text: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${ts} ${stream} ${partial ? 'P' : 'F'} `), text, Buffer.from('\n')]);
}

export class CriLogWriter {
  private readonly pending: Record<StreamName, Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };

  constructor(
    private readonly out: Writable,
    private readonly maxLine = MAX_LOG_LINE,
    private readonly clock: () => bigint = nowNs,
  ) {}

  write(stream: StreamName, chunk: Buffer): void {
    let buf = this.pending[stream].length ? Buffer.concat([this.pending[stream], chunk]) : chunk;
    for (;;) {
      const nl = buf.indexOf(0x0a);
      if (nl >= 0 && nl <= this.maxLine) {
        this.emit(stream, false, buf.subarray(0, nl));
        buf = buf.subarray(nl + 1);
      } else if (buf.length > this.maxLine) {
        this.emit(stream, true, buf.subarray(0, this.maxLine));
        buf = buf.subarray(this.maxLine);
      } else {
        break;
      }
    }
    this.pending[stream] = Buffer.from(buf);
  }

  /** The stream ended: what is left becomes a full line. */
  end(stream: StreamName): void {
    if (this.pending[stream].length) this.emit(stream, false, this.pending[stream]);
    this.pending[stream] = Buffer.alloc(0);
  }

  private emit(stream: StreamName, partial: boolean, text: Buffer): void {
    this.out.write(criLine(rfc3339Nano(this.clock()), stream, partial, text));
  }
}
